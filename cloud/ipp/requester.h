// Who sent an IPP request to /ipp/print/<id>, from its Authorization header, and what each
// operation lets them do: "Bearer <device token>" is the Proxy role for that printer (PWG
// 5100.18 §4.3); "Basic" is a cloud account with its role (admin, operator, user).
#pragma once

#include "cloud/auth/role.h"
#include "cloud/auth/verified_credentials.h"
#include "cloud/store/database.h"

#include <cups/ipp.h>

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct Requester {
    // Anonymous: no credentials at all, allowed only for Get-Printer-Attributes, because
    // cupsd builds the queue of `lpadmin -m everywhere` with an unauthenticated request.
    enum class Kind { Device, Account, Anonymous };
    Kind kind = Kind::Account;
    std::int64_t device_printer_id = 0;  // Device: the printer the token belongs to
    std::string user_name;               // Account: the user; also job-originating-user-name
    Role role = Role::User;

    bool is_device() const { return kind == Kind::Device; }
    bool is_anonymous() const { return kind == Kind::Anonymous; }
    // Operators and administrators act on every job (RFC 8011 §5.2.8, operator/admin).
    bool is_staff() const { return kind == Kind::Account && role != Role::User; }
    // For logs: never carries a secret.
    std::string describe() const;
};

struct Authentication {
    // nullopt: no credentials, or credentials that do not check out.
    std::optional<Requester> requester;
    bool credentials_sent = false;
    std::string problem;  // why not, for the log (no secrets)
};

// Checks 'authorization' (the header value, may be null). Passwords are verified with the
// stored PBKDF2 hash, or found among those 'verified' verified recently; an unknown user costs
// the same time as a wrong password.
[[nodiscard]] Result<Authentication> authenticate(Database& db, VerifiedCredentials& verified,
                                                  const char* authorization, std::int64_t now);

// Who may call an operation.
enum class OperationAccess {
    Device,   // the Proxy operations (PWG 5100.18 §5)
    Account,  // the client job operations: a person's job has a person's name on it
    Staff,    // operator or admin accounts (Get-Output-Device-Attributes, §6.1)
    Anyone,   // any authenticated requester (Get-Printer-Attributes, Get-Jobs, the
              // subscription operations and Get-Notifications, ...)
};
OperationAccess operation_access(ipp_op_t op);

// The one operation a request without any credentials may call (see Requester::Anonymous).
bool is_anonymous_operation(ipp_op_t op);
// Attributes an anonymous Get-Printer-Attributes does not see: the device's firmware and
// identity, which only the printer's users and its device need.
bool is_hidden_from_anonymous(const char* attribute_name);

// nullopt when 'who' may call 'op'; otherwise why not (for status-message and the log).
std::optional<std::string> access_refusal(ipp_op_t op, const Requester& who);

}  // namespace printlink::cloud
