// printlinkd's and printlinkctl's configuration: a GKeyFile INI file,
// /etc/printlink/printlink.conf by default (docs/configuration.md lists every key).
#pragma once

#include "error.h"
#include "maintenance_window.h"

#include <optional>

#include <string>
#include <vector>

namespace printlink {

inline constexpr const char* kDefaultConfigPath = SYSCONFDIR "/printlink/printlink.conf";

struct ComponentConfig {
    std::string name;          // [component:NAME] -> printer-firmware-name value
    std::string version_file;  // holds the installed version as text, e.g. "82.70\n"
    std::string patches;       // printer-firmware-patches value ("" = none)
};

struct CloudConfig {
    // The Infrastructure Printer URI (ipp://, ipps://, http(s)://) of a plain INFRA setup;
    // empty = the device registers (printlinkctl register) and keeps what the cloud gave.
    std::string printer_uri;
    std::string token_file;  // Bearer token for printer_uri, read at start; empty = none
    // The cloud Register uses when it is given no URL (http:// or https://); may be empty.
    std::string registration_url;
    std::string basic_user;  // HTTP Basic instead of Bearer (plain INFRA servers)
    std::string basic_password_file;
    std::string ca_file;  // extra trust anchors for ipps/https; verification is always on
    std::string user_name = "printlink";  // requesting-user-name the Proxy sends
    std::string user_uri;                 // requesting-user-uri (the device's owner account)
    unsigned notify_wait_seconds = 55;    // how long one Get-Notifications may be held
    unsigned retry_min_seconds = 1;       // reconnect backoff bounds (with jitter)
    unsigned retry_max_seconds = 60;
};

struct DeviceConfig {
    std::string model;        // printer-make-and-model and the catalog's model match
    std::string cups_server;  // "" = libcups default (CUPS_SERVER, client.conf)
    std::string queue;        // the local CUPS queue this device prints with
    std::string state_dir = "/var/lib/printlink";
    std::string runtime_dir = "/run/printlink";
    // How many times a cloud job's failing step (its document not fetched, or refused by the
    // local queue) is tried before the job is aborted in the cloud.
    unsigned job_attempts = 5;
};

struct FirmwareConfig {
    std::string catalog_url;       // URL of catalog.json in the firmware repository
    std::string catalog_key_file;  // PEM Ed25519 public key the catalog must be signed with
    std::string ca_file;           // extra trust anchors for an https repository
    unsigned check_interval_seconds = 6 * 3600;
    unsigned check_jitter_seconds = 600;
    // update-operating-user-uri values the device accepts; "*" accepts whoever the cloud
    // authorised (the cloud already checked the update right).
    std::vector<std::string> allowed_operators = {"*"};
    // When an update may start, in local time; nullopt = any time.
    std::optional<MaintenanceWindow> maintenance_window;
    // No target below this version is installed, whatever the catalog allows; "" = no floor.
    std::string minimum_version;
    // Stop a verified update at awaiting-confirmation until someone at the printer confirms
    // (D-Bus Confirm(), printlinkctl install).
    bool require_panel_confirmation = false;
    std::vector<ComponentConfig> components;
};

// Which installer printlinkctl install-staged hands the image to.
enum class InstallerType {
    Command,   // [installer] command through /bin/sh
    Swupdate,  // swupdate -i IMAGE (a .swu)
    Rauc,      // RAUC's D-Bus service (a .raucb bundle)
};

struct InstallerConfig {
    InstallerType type = InstallerType::Command;
    // type=command: run by printlinkctl install-staged (as root), never by printlinkd.
    // Environment: PRINTLINK_IMAGE (path), PRINTLINK_COMPONENT, PRINTLINK_VERSION,
    // PRINTLINK_SHA256. Lines "PROGRESS <0-100> [message]" on its stdout are forwarded.
    std::string command;
    // type=swupdate: arguments added before "-i IMAGE" (e.g. -k key, -H board:rev, -e set,mode),
    // split at whitespace.
    std::vector<std::string> swupdate_args;
    // Run as root by printlinkctl confirm-boot after the restart; exit 0 = the new firmware
    // works. Empty = no health check.
    std::string health_check_command;
    // How long printlinkd in state restarting waits for confirm-boot (when a health check or
    // RAUC is configured) before it calls the update failed.
    unsigned confirm_timeout_seconds = 600;
    std::string restart_command = "systemctl reboot";
    // printlinkd creates this file to ask for an install; printlink-install.path watches it.
    std::string trigger_file = "/run/printlink/install-requested";
    unsigned timeout_seconds = 1800;
    unsigned drain_timeout_seconds = 300;  // how long the job being printed may take to finish
};

struct Config {
    CloudConfig cloud;
    DeviceConfig device;
    FirmwareConfig firmware;
    InstallerConfig installer;
};

// Loads and validates (URIs parse, numbers in range, at least one component). Errors name
// the file, group and key.
[[nodiscard]] Result<Config> load_config(const std::string& path);

// "command", "swupdate", "rauc".
const char* to_string(InstallerType type);

// Whether printlinkd must wait for printlinkctl confirm-boot after the restart: a health check
// to pass, or a RAUC slot to be checked and marked good.
bool needs_boot_confirmation(const InstallerConfig& installer);

}  // namespace printlink
