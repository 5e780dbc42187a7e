// One closed error vocabulary for the whole project. The D-Bus adaptor maps each code 1:1
// to org.printlink.Error.<Name>; the rest of the code never sees D-Bus.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace printlink {

enum class ErrorCode {
    InvalidArgument,  // a caller passed something malformed
    InvalidState,     // the operation does not apply in the current state
    NotAuthorized,    // the caller (or the requesting operator) lacks the right
    NotFound,         // no such thing (component, staged image, file)
    Network,          // a remote did not answer or the connection failed
    Protocol,         // a remote answered with something malformed or unexpected
    Refused,          // a remote refused (IPP status, HTTP status)
    Integrity,        // size, hash or signature mismatch; downgrade refused
    Io,               // local file system failure
    Timeout,          // something took longer than allowed
    Cancelled,        // withdrawn by the user or an administrator
    Internal,         // a bug; logged with detail
};

// The D-Bus error name suffix, e.g. "InvalidState" -> org.printlink.Error.InvalidState.
const char* error_code_name(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;  // for people: says what failed and why, never contains secrets
};

// A value or an Error. Deliberately small: no exceptions cross module boundaries.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace printlink
