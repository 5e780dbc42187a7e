// load_config(): reads printlink.conf group by group into Config and validates it; unknown
// groups and keys (almost always typos) are logged as warnings. docs/configuration.md has all.
#include "common/config.h"

#include "common/component_name.h"
#include "common/config_reader.h"
#include "common/log.h"
#include "common/version.h"

#include <cups/http.h>

#include <map>
#include <set>

namespace printlink {
namespace {

constexpr const char* kLogCategory = "config";
constexpr const char* kComponentPrefix = "component:";
constexpr unsigned kDay = 24 * 3600;

// A URI libcups can split, with one of the allowed schemes and a host.
bool is_uri_with_scheme(const std::string& uri, std::initializer_list<std::string_view> schemes) {
    char scheme[32], userpass[256], host[256], resource[1024];
    int port = 0;
    http_uri_status_t status =
        httpSeparateURI(HTTP_URI_CODING_ALL, uri.c_str(), scheme, sizeof scheme, userpass,
                        sizeof userpass, host, sizeof host, &port, resource, sizeof resource);
    if (status < HTTP_URI_STATUS_OK) return false;
    for (std::string_view allowed : schemes) {
        if (allowed == scheme) return allowed == "file" || host[0] != '\0';
    }
    return false;
}

Status read_cloud(ConfigReader& r, CloudConfig& c) {
    const std::string g = "cloud";
    if (auto st = r.read_string(g, "printer_uri", c.printer_uri); !st) return st;
    if (!c.printer_uri.empty() &&
        !is_uri_with_scheme(c.printer_uri, {"ipp", "ipps", "http", "https"}))
        return r.invalid(
            g, "printer_uri",
            "'" + c.printer_uri + "' is not an ipp://, ipps://, http:// or https:// URI");
    if (auto st = r.read_string(g, "registration_url", c.registration_url); !st) return st;
    if (!c.registration_url.empty() && !is_uri_with_scheme(c.registration_url, {"http", "https"}))
        return r.invalid(g, "registration_url",
                         "'" + c.registration_url + "' is not an http:// or https:// URL");
    if (auto st = r.read_absolute_path(g, "token_file", c.token_file); !st) return st;
    if (auto st = r.read_string(g, "basic_user", c.basic_user); !st) return st;
    if (auto st = r.read_absolute_path(g, "basic_password_file", c.basic_password_file); !st)
        return st;
    if (auto st = r.read_absolute_path(g, "ca_file", c.ca_file); !st) return st;
    if (auto st = r.read_string(g, "user_name", c.user_name); !st) return st;
    if (c.user_name.empty()) return r.invalid(g, "user_name", "must not be empty");
    if (auto st = r.read_string(g, "user_uri", c.user_uri); !st) return st;
    if (!c.user_uri.empty() && c.user_uri.find(':') == std::string::npos)
        return r.invalid(g, "user_uri", "'" + c.user_uri + "' is not a URI");
    if (auto st = r.read_unsigned(g, "notify_wait_seconds", 0, 3600, c.notify_wait_seconds); !st)
        return st;
    if (auto st = r.read_unsigned(g, "retry_min_seconds", 1, kDay, c.retry_min_seconds); !st)
        return st;
    if (auto st = r.read_unsigned(g, "retry_max_seconds", 1, kDay, c.retry_max_seconds); !st)
        return st;

    if (c.retry_max_seconds < c.retry_min_seconds)
        return r.invalid(g, "retry_max_seconds",
                         "must not be less than retry_min_seconds (" +
                             std::to_string(c.retry_min_seconds) + ")");
    if (!c.token_file.empty() && !c.basic_user.empty())
        return r.invalid(g, "basic_user",
                         "set either token_file (Bearer) or basic_user (Basic), not both");
    if (!c.basic_user.empty() && c.basic_password_file.empty())
        return r.missing(g, "basic_password_file");
    if (c.basic_user.empty() && !c.basic_password_file.empty()) return r.missing(g, "basic_user");
    // Credentials belong to a configured printer; a registered device uses its own token.
    if (c.printer_uri.empty() && !c.token_file.empty())
        return r.invalid(g, "token_file", "needs printer_uri");
    if (c.printer_uri.empty() && !c.basic_user.empty())
        return r.invalid(g, "basic_user", "needs printer_uri");
    return Ok{};
}

Status read_device(ConfigReader& r, DeviceConfig& d) {
    const std::string g = "device";
    if (auto st = r.read_string(g, "model", d.model); !st) return st;
    if (d.model.empty()) return r.missing(g, "model");
    if (auto st = r.read_string(g, "cups_server", d.cups_server); !st) return st;
    if (auto st = r.read_string(g, "queue", d.queue); !st) return st;
    if (d.queue.empty()) return r.missing(g, "queue");
    if (d.queue.find_first_of("/# \t") != std::string::npos)
        return r.invalid(g, "queue", "'" + d.queue + "' is not a CUPS queue name");
    if (auto st = r.read_absolute_path(g, "state_dir", d.state_dir); !st) return st;
    if (d.state_dir.empty()) return r.invalid(g, "state_dir", "must not be empty");
    if (auto st = r.read_absolute_path(g, "runtime_dir", d.runtime_dir); !st) return st;
    if (d.runtime_dir.empty()) return r.invalid(g, "runtime_dir", "must not be empty");
    if (auto st = r.read_unsigned(g, "job_attempts", 1, 100, d.job_attempts); !st) return st;
    return Ok{};
}

Status read_component(ConfigReader& r, const std::string& group, ComponentConfig& c) {
    c.name = group.substr(std::string_view(kComponentPrefix).size());
    if (!is_valid_component_name(c.name))
        return make_error(ErrorCode::InvalidArgument,
                          r.path() + ": [" + group + "]: '" + c.name +
                              "' is not a component name (1-64 of letters, digits, '.', '_', '-')");
    if (auto st = r.read_absolute_path(group, "version_file", c.version_file); !st) return st;
    if (c.version_file.empty()) return r.missing(group, "version_file");
    if (auto st = r.read_string(group, "patches", c.patches); !st) return st;
    return Ok{};
}

Status read_firmware(ConfigReader& r, FirmwareConfig& f) {
    const std::string g = "firmware";
    if (auto st = r.read_string(g, "catalog_url", f.catalog_url); !st) return st;
    if (f.catalog_url.empty()) return r.missing(g, "catalog_url");
    if (!is_uri_with_scheme(f.catalog_url, {"http", "https", "file"}))
        return r.invalid(g, "catalog_url",
                         "'" + f.catalog_url + "' is not an http://, https:// or file:// URL");
    if (auto st = r.read_absolute_path(g, "catalog_key_file", f.catalog_key_file); !st) return st;
    if (f.catalog_key_file.empty()) return r.missing(g, "catalog_key_file");
    if (auto st = r.read_absolute_path(g, "ca_file", f.ca_file); !st) return st;
    if (auto st =
            r.read_unsigned(g, "check_interval_seconds", 1, 30 * kDay, f.check_interval_seconds);
        !st)
        return st;
    if (auto st = r.read_unsigned(g, "check_jitter_seconds", 0, kDay, f.check_jitter_seconds); !st)
        return st;
    if (auto st = r.read_list(g, "allowed_operators", f.allowed_operators); !st) return st;
    std::string window;
    if (auto st = r.read_string(g, "maintenance_window", window); !st) return st;
    if (!window.empty()) {
        auto parsed = MaintenanceWindow::parse(window);
        if (!parsed) return r.invalid(g, "maintenance_window", parsed.error().message);
        f.maintenance_window = *parsed;
    }
    if (auto st = r.read_string(g, "minimum_version", f.minimum_version); !st) return st;
    if (!f.minimum_version.empty() && !Version::parse(f.minimum_version))
        return r.invalid(g, "minimum_version",
                         "'" + f.minimum_version + "' is not a dotted numeric version");
    if (auto st = r.read_bool(g, "require_panel_confirmation", f.require_panel_confirmation); !st)
        return st;

    for (const std::string& group : r.groups()) {
        if (group.rfind(kComponentPrefix, 0) != 0) continue;
        ComponentConfig component;
        if (auto st = read_component(r, group, component); !st) return st;
        f.components.push_back(std::move(component));
    }
    if (f.components.empty())
        return make_error(
            ErrorCode::InvalidArgument,
            r.path() + ": no [component:NAME] group: at least one firmware component is required");
    return Ok{};
}

Status read_installer_type(ConfigReader& r, const std::string& g, InstallerType& type) {
    std::string name = to_string(type);
    if (auto st = r.read_string(g, "type", name); !st) return st;
    for (InstallerType t : {InstallerType::Command, InstallerType::Swupdate, InstallerType::Rauc}) {
        if (name == to_string(t)) {
            type = t;
            return Ok{};
        }
    }
    return r.invalid(g, "type", "'" + name + "' is not one of command, swupdate, rauc");
}

// Whitespace-separated words; no quoting (paths with spaces are not supported here).
std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ' || c == '\t') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

Status read_installer(ConfigReader& r, InstallerConfig& i) {
    const std::string g = "installer";
    if (auto st = read_installer_type(r, g, i.type); !st) return st;
    if (auto st = r.read_string(g, "command", i.command); !st) return st;
    std::string swupdate_args;
    if (auto st = r.read_string(g, "swupdate_args", swupdate_args); !st) return st;
    i.swupdate_args = split_words(swupdate_args);
    for (const std::string& arg : i.swupdate_args) {
        // install-staged passes the image itself; a second one would be ambiguous.
        if (arg == "-i" || arg == "--image")
            return r.invalid(g, "swupdate_args", "must not name the image (-i)");
    }
    if (auto st = r.read_string(g, "health_check_command", i.health_check_command); !st) return st;
    if (auto st = r.read_unsigned(g, "confirm_timeout_seconds", 1, kDay, i.confirm_timeout_seconds);
        !st)
        return st;
    if (auto st = r.read_string(g, "restart_command", i.restart_command); !st) return st;
    if (auto st = r.read_absolute_path(g, "trigger_file", i.trigger_file); !st) return st;
    if (i.trigger_file.empty()) return r.invalid(g, "trigger_file", "must not be empty");
    if (auto st = r.read_unsigned(g, "timeout_seconds", 1, kDay, i.timeout_seconds); !st) return st;
    if (auto st = r.read_unsigned(g, "drain_timeout_seconds", 0, kDay, i.drain_timeout_seconds);
        !st)
        return st;
    return Ok{};
}

// Every key load_config() reads, per group; docs/configuration.md documents each one.
const std::map<std::string, std::set<std::string>>& known_keys() {
    static const std::map<std::string, std::set<std::string>> keys = {
        {"cloud",
         {"printer_uri", "registration_url", "token_file", "basic_user", "basic_password_file",
          "ca_file", "user_name", "user_uri", "notify_wait_seconds", "retry_min_seconds",
          "retry_max_seconds"}},
        {"device", {"model", "cups_server", "queue", "state_dir", "runtime_dir", "job_attempts"}},
        {"firmware",
         {"catalog_url", "catalog_key_file", "ca_file", "check_interval_seconds",
          "check_jitter_seconds", "allowed_operators", "maintenance_window", "minimum_version",
          "require_panel_confirmation"}},
        {"installer",
         {"type", "command", "swupdate_args", "health_check_command", "confirm_timeout_seconds",
          "restart_command", "trigger_file", "timeout_seconds", "drain_timeout_seconds"}},
        {kComponentPrefix, {"version_file", "patches"}},
    };
    return keys;
}

// Unknown names are almost always typos; they are reported but do not stop the daemon, so
// a config written for a newer version still loads.
void warn_about_unknown(const ConfigReader& r) {
    for (const std::string& group : r.groups()) {
        bool is_component = group.rfind(kComponentPrefix, 0) == 0;
        auto known = known_keys().find(is_component ? kComponentPrefix : group);
        if (known == known_keys().end()) {
            log::warning(kLogCategory, r.path() + ": unknown group [" + group + "] ignored");
            continue;
        }
        for (const std::string& key : r.keys(group)) {
            if (!known->second.count(key))
                log::warning(kLogCategory,
                             r.path() + ": unknown key '" + key + "' in [" + group + "] ignored");
        }
    }
}

}  // namespace

Result<Config> load_config(const std::string& path) {
    auto reader = ConfigReader::open(path);
    if (!reader) return reader.error();
    ConfigReader& r = **reader;
    warn_about_unknown(r);  // first, so a misspelt required key is explained before it is missed
    Config config;
    if (auto st = read_cloud(r, config.cloud); !st) return st.error();
    if (auto st = read_device(r, config.device); !st) return st.error();
    if (auto st = read_firmware(r, config.firmware); !st) return st.error();
    if (auto st = read_installer(r, config.installer); !st) return st.error();
    return config;
}

const char* to_string(InstallerType type) {
    switch (type) {
        case InstallerType::Command:
            return "command";
        case InstallerType::Swupdate:
            return "swupdate";
        case InstallerType::Rauc:
            return "rauc";
    }
    return "command";
}

bool needs_boot_confirmation(const InstallerConfig& installer) {
    return installer.type == InstallerType::Rauc || !installer.health_check_command.empty();
}

}  // namespace printlink
