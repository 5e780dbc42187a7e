#include "cloud/auth/role.h"

namespace printlink::cloud {

std::optional<Role> parse_role(std::string_view text) {
    if (text == "admin") return Role::Admin;
    if (text == "operator") return Role::Operator;
    if (text == "user") return Role::User;
    return std::nullopt;
}

const char* role_name(Role role) {
    switch (role) {
        case Role::Admin:
            return "admin";
        case Role::Operator:
            return "operator";
        case Role::User:
            return "user";
    }
    return "user";
}

bool holds_update_right(Role role) {
    return role == Role::Admin;
}

}  // namespace printlink::cloud
