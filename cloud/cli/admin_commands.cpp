// printlink-cloud add-user, set-role and add-printer: provisioning straight into the
// database, safe to run beside a serving printlink-cloud (SQLite WAL, busy timeout).
#include "cloud/auth/password.h"
#include "cloud/cli/commands.h"
#include "cloud/cli/options.h"
#include "cloud/cloud_settings.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/settings_store.h"
#include "cloud/store/user_store.h"

#include <ctime>
#include <iostream>
#include <memory>
#include <string>

namespace printlink::cloud {
namespace {

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

int fail(const std::string& command, const Error& error) {
    std::cerr << "printlink-cloud " << command << ": " << error.message << "\n";
    return error.code == ErrorCode::InvalidArgument ? kExitUsage : kExitFailure;
}

// The options every command here shares, with the database opened.
struct Opened {
    Options options;
    std::unique_ptr<Database> db;
};

Result<Opened> open_with(const std::vector<std::string>& args, const std::set<std::string>& known) {
    auto options = Options::parse(args, known);
    if (!options) return options.error();
    auto path = options->required("db");
    if (!path) return path.error();
    auto db = Database::open(*path);
    if (!db) return db.error();
    return Opened{std::move(*options), std::move(*db)};
}

Result<Role> role_option(const Options& options) {
    auto text = options.required("role");
    if (!text) return text.error();
    auto role = parse_role(*text);
    if (!role)
        return make_error(ErrorCode::InvalidArgument, "--role takes admin, operator or user");
    return *role;
}

}  // namespace

int run_add_user(const std::vector<std::string>& args) {
    const std::string command = "add-user";
    auto opened = open_with(args, {"db", "name", "role"});
    if (!opened) return fail(command, opened.error());
    auto name = opened->options.required("name");
    if (!name) return fail(command, name.error());
    auto role = role_option(opened->options);
    if (!role) return fail(command, role.error());

    // The password comes on stdin so it never shows in the process list or shell history.
    std::string password;
    if (!std::getline(std::cin, password)) password.clear();
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
        return fail(command,
                    make_error(ErrorCode::InvalidArgument, "give the password on standard input"));
    }
    auto hash = hash_password(password);
    if (!hash) return fail(command, hash.error());
    auto id = UserStore(*opened->db).add(*name, *role, *hash, now());
    if (!id) return fail(command, id.error());
    std::cout << "user=" << *name << "\nrole=" << role_name(*role) << "\n";
    return kExitOk;
}

int run_set_role(const std::vector<std::string>& args) {
    const std::string command = "set-role";
    auto opened = open_with(args, {"db", "name", "role"});
    if (!opened) return fail(command, opened.error());
    auto name = opened->options.required("name");
    if (!name) return fail(command, name.error());
    auto role = role_option(opened->options);
    if (!role) return fail(command, role.error());
    if (auto s = UserStore(*opened->db).set_role(*name, *role); !s) return fail(command, s.error());
    std::cout << "user=" << *name << "\nrole=" << role_name(*role) << "\n";
    return kExitOk;
}

int run_add_printer(const std::vector<std::string>& args) {
    const std::string command = "add-printer";
    auto opened = open_with(args, {"db", "name", "model", "public-url"});
    if (!opened) return fail(command, opened.error());
    auto name = opened->options.required("name");
    if (!name) return fail(command, name.error());
    auto model = opened->options.required("model");
    if (!model) return fail(command, model.error());

    // The printer URI uses --public-url, else the URL the server last ran with.
    CloudSettings settings;
    if (auto url = opened->options.get("public-url")) {
        auto normalized = normalize_public_url(*url);
        if (!normalized) {
            return fail(command, make_error(ErrorCode::InvalidArgument,
                                            "--public-url must be an http:// or https:// URL"));
        }
        settings.public_url = *normalized;
    } else {
        auto stored = SettingsStore(*opened->db).get(kSettingPublicUrl);
        if (!stored) return fail(command, stored.error());
        if (*stored) settings.public_url = **stored;
    }

    auto printer = PrinterStore(*opened->db).add(*name, *model, now());
    if (!printer) return fail(command, printer.error());
    std::cout << "printer-id=" << printer->printer.id << "\n"
              << "token=" << printer->token << "\n"
              << "printer-uri=" << settings.printer_uri(printer->printer.id) << "\n";
    return kExitOk;
}

}  // namespace printlink::cloud
