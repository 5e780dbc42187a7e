#include "cloud/ipp/requester.h"

#include "cloud/auth/password.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/user_store.h"
#include "common/ipp/extension.h"

#include <glib.h>

#include <cstring>

namespace printlink::cloud {
namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    std::size_t start = text.find_first_not_of(" \t");
    return start == std::string::npos ? std::string() : text.substr(start);
}

// "user:password" from the base64 of RFC 7617; nullopt when malformed.
std::optional<std::pair<std::string, std::string>> basic_credentials(const std::string& b64) {
    if (b64.empty() || b64.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789+/=") != std::string::npos) {
        return std::nullopt;
    }
    gsize length = 0;
    guchar* raw = g_base64_decode(b64.c_str(), &length);
    std::string decoded(reinterpret_cast<const char*>(raw), length);
    g_free(raw);
    std::size_t colon = decoded.find(':');
    if (colon == std::string::npos || decoded.find('\0') != std::string::npos) return std::nullopt;
    return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
}

bool is_scheme(const std::string& header, const char* scheme) {
    const std::size_t n = std::strlen(scheme);
    return header.size() > n && g_ascii_strncasecmp(header.c_str(), scheme, n) == 0 &&
           header[n] == ' ';
}

}  // namespace

std::string Requester::describe() const {
    if (is_anonymous()) return "an anonymous client";
    if (is_device()) return "the device of printer " + std::to_string(device_printer_id);
    return "user " + user_name + " (" + role_name(role) + ")";
}

Result<Authentication> authenticate(Database& db, VerifiedCredentials& verified,
                                    const char* authorization, std::int64_t now) {
    Authentication result;
    if (!authorization || !*authorization) {
        result.problem = "no credentials";
        return result;
    }
    result.credentials_sent = true;
    const std::string header = authorization;
    if (is_scheme(header, "Bearer")) {
        auto printer = PrinterStore(db).find_by_token(trimmed(header.substr(7)));
        if (!printer) return printer.error();
        if (!*printer) {
            result.problem = "unknown device token";
            return result;
        }
        Requester device;
        device.kind = Requester::Kind::Device;
        device.device_printer_id = **printer;
        result.requester = device;
        return result;
    }
    if (is_scheme(header, "Basic")) {
        auto credentials = basic_credentials(trimmed(header.substr(6)));
        if (!credentials) {
            result.problem = "malformed Basic credentials";
            return result;
        }
        auto user = UserStore(db).find_by_name(credentials->first);
        if (!user) return user.error();
        if (!*user) {
            burn_password_time(credentials->second);
            result.problem = "unknown user";
            return result;
        }
        const std::string& stored = (*user)->password_hash;
        if (!verified.contains(stored, credentials->second, now)) {
            if (!verify_password(credentials->second, stored)) {
                result.problem = "wrong password for user " + (*user)->name;
                return result;
            }
            verified.remember(stored, credentials->second, now);
        }
        Requester account;
        account.user_name = (*user)->name;
        account.role = (*user)->role;
        result.requester = account;
        return result;
    }
    result.problem = "unsupported authentication scheme";
    return result;
}

OperationAccess operation_access(ipp_op_t op) {
    switch (op) {
        case IPP_OP_PRINT_JOB:
        case IPP_OP_VALIDATE_JOB:
        case IPP_OP_CREATE_JOB:
        case IPP_OP_SEND_DOCUMENT:
        case IPP_OP_CANCEL_JOB:
        // Anyone with an account may make the printer show itself (not the device, which
        // is the one asked to do it).
        case IPP_OP_IDENTIFY_PRINTER:
            return OperationAccess::Account;
        case IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES:
            return OperationAccess::Staff;
        case IPP_OP_GET_PRINTER_ATTRIBUTES:
        case IPP_OP_GET_JOBS:
        case IPP_OP_GET_JOB_ATTRIBUTES:
        // Subscriptions (RFC 3995): anyone may subscribe; who may act on which subscription
        // is checked per subscription (subscription_access.h).
        case IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS:
        case IPP_OP_CREATE_JOB_SUBSCRIPTIONS:
        case IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES:
        case IPP_OP_GET_SUBSCRIPTIONS:
        case IPP_OP_RENEW_SUBSCRIPTION:
        case IPP_OP_CANCEL_SUBSCRIPTION:
        case IPP_OP_GET_NOTIFICATIONS:
            return OperationAccess::Anyone;
        case IPP_OP_ACKNOWLEDGE_DOCUMENT:
        case IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER:
        case IPP_OP_ACKNOWLEDGE_JOB:
        case IPP_OP_FETCH_DOCUMENT:
        case IPP_OP_FETCH_JOB:
        case IPP_OP_UPDATE_ACTIVE_JOBS:
        case IPP_OP_DEREGISTER_OUTPUT_DEVICE:
        case IPP_OP_UPDATE_DOCUMENT_STATUS:
        case IPP_OP_UPDATE_JOB_STATUS:
        case IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES:
            return OperationAccess::Device;
        default:
            if (op == ipp::kOpAcknowledgeUpdateFirmware) return OperationAccess::Device;
            // Unknown operations reach the dispatcher, which answers
            // operation-not-supported to anyone authenticated.
            return OperationAccess::Anyone;
    }
}

bool is_anonymous_operation(ipp_op_t op) {
    return op == IPP_OP_GET_PRINTER_ATTRIBUTES;
}

bool is_hidden_from_anonymous(const char* name) {
    return std::strncmp(name, "printer-firmware-", 17) == 0 ||
           std::strcmp(name, "output-device-uuid-supported") == 0 ||
           std::strcmp(name, "printer-state-message") == 0;
}

std::optional<std::string> access_refusal(ipp_op_t op, const Requester& who) {
    if (who.is_anonymous()) {
        if (is_anonymous_operation(op)) return std::nullopt;
        return "this operation needs credentials";
    }
    switch (operation_access(op)) {
        case OperationAccess::Anyone:
            return std::nullopt;
        case OperationAccess::Device:
            if (who.is_device()) return std::nullopt;
            return "only the printer's output device (Proxy role) may use this operation";
        case OperationAccess::Account:
            if (!who.is_device()) return std::nullopt;
            return "this operation needs a user account (HTTP Basic), not a device token";
        case OperationAccess::Staff:
            if (who.is_staff()) return std::nullopt;
            return "this operation needs an operator or administrator account";
    }
    return "access refused";
}

}  // namespace printlink::cloud
