#include "common/config.h"

#include "capture_stderr.h"
#include "common/atomic_file.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace printlink {
namespace {

const char* kMinimal = R"([cloud]
printer_uri = ipps://cloud.example/ipp/print/42

[device]
model = PL-100
queue = office

[firmware]
catalog_url = https://repo.example/fw/catalog.json
catalog_key_file = /etc/printlink/catalog-key.pub.pem

[component:MainController]
version_file = /var/lib/printlink/MainController.version
)";

class ConfigLoad : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(tmp_.ok()); }

    Result<Config> load(const std::string& text) {
        path_ = tmp_ / "printlink.conf";
        EXPECT_TRUE(write_file_atomically(path_, text));
        return load_config(path_);
    }

    // 'text' must fail to load with a message naming the file, the group and the key.
    void expect_refused(const std::string& text, const std::string& group, const std::string& key) {
        auto config = load(text);
        ASSERT_FALSE(config) << "accepted:\n" << text;
        const std::string& message = config.error().message;
        EXPECT_EQ(config.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(message.find(path_), std::string::npos) << message;
        EXPECT_NE(message.find("[" + group + "]"), std::string::npos) << message;
        EXPECT_NE(message.find(key), std::string::npos) << message;
    }

    static std::string replace(std::string text, const std::string& from, const std::string& to) {
        auto pos = text.find(from);
        EXPECT_NE(pos, std::string::npos) << from;
        if (pos != std::string::npos) text.replace(pos, from.size(), to);
        return text;
    }

    printlink::testing::TempDir tmp_;
    std::string path_;
};

TEST_F(ConfigLoad, MinimalFileGetsDefaults) {
    auto config = load(kMinimal);
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->cloud.printer_uri, "ipps://cloud.example/ipp/print/42");
    EXPECT_EQ(config->cloud.token_file, "");
    EXPECT_EQ(config->cloud.user_name, "printlink");
    EXPECT_EQ(config->cloud.notify_wait_seconds, 55u);
    EXPECT_EQ(config->cloud.retry_min_seconds, 1u);
    EXPECT_EQ(config->cloud.retry_max_seconds, 60u);
    EXPECT_EQ(config->device.model, "PL-100");
    EXPECT_EQ(config->device.queue, "office");
    EXPECT_EQ(config->device.cups_server, "");
    EXPECT_EQ(config->device.state_dir, "/var/lib/printlink");
    EXPECT_EQ(config->device.runtime_dir, "/run/printlink");
    EXPECT_EQ(config->device.job_attempts, 5u);
    EXPECT_EQ(config->firmware.check_interval_seconds, 6u * 3600u);
    EXPECT_EQ(config->firmware.check_jitter_seconds, 600u);
    EXPECT_EQ(config->firmware.allowed_operators, std::vector<std::string>{"*"});
    ASSERT_EQ(config->firmware.components.size(), 1u);
    EXPECT_EQ(config->firmware.components[0].name, "MainController");
    EXPECT_EQ(config->firmware.components[0].patches, "");
    EXPECT_EQ(config->installer.command, "");
    EXPECT_EQ(config->installer.restart_command, "systemctl reboot");
    EXPECT_EQ(config->installer.trigger_file, "/run/printlink/install-requested");
    EXPECT_EQ(config->installer.timeout_seconds, 1800u);
    EXPECT_EQ(config->installer.drain_timeout_seconds, 300u);
    EXPECT_EQ(config->installer.type, InstallerType::Command);
    EXPECT_TRUE(config->installer.swupdate_args.empty());
    EXPECT_EQ(config->installer.health_check_command, "");
    EXPECT_EQ(config->installer.confirm_timeout_seconds, 600u);
    EXPECT_FALSE(needs_boot_confirmation(config->installer));
}

TEST_F(ConfigLoad, FullFileSetsEveryKey) {
    auto config = load(R"(# every key
[cloud]
printer_uri = http://127.0.0.1:8631/ipp/print/7
basic_user = device7
basic_password_file = /etc/printlink/password
ca_file = /etc/printlink/ca.pem
user_name = pl-device
user_uri = http://127.0.0.1:8631/users/owner
notify_wait_seconds = 5
retry_min_seconds = 2
retry_max_seconds = 30

[device]
model = PL-200
cups_server = 127.0.0.1:6310
queue = fileq
state_dir = /tmp/pl/state
runtime_dir = /tmp/pl/run
job_attempts = 2

[firmware]
catalog_url = http://127.0.0.1:8080/catalog.json
catalog_key_file = /tmp/pl/key.pub.pem
ca_file = /tmp/pl/repo-ca.pem
check_interval_seconds = 10
check_jitter_seconds = 0
allowed_operators = http://x/users/admin; http://x/users/root , http://x/users/ops

[installer]
command = /usr/libexec/printlink/install-image --fast
restart_command = /bin/true
trigger_file = /tmp/pl/run/install-requested
timeout_seconds = 60
drain_timeout_seconds = 0

[component:MainController]
version_file = /tmp/pl/main.version
patches = P1

[component:Fax]
version_file = /tmp/pl/fax.version
)");
    ASSERT_TRUE(config) << config.error().message;
    const Config& c = *config;
    EXPECT_EQ(c.cloud.printer_uri, "http://127.0.0.1:8631/ipp/print/7");
    EXPECT_EQ(c.cloud.basic_user, "device7");
    EXPECT_EQ(c.cloud.basic_password_file, "/etc/printlink/password");
    EXPECT_EQ(c.cloud.ca_file, "/etc/printlink/ca.pem");
    EXPECT_EQ(c.cloud.user_name, "pl-device");
    EXPECT_EQ(c.cloud.user_uri, "http://127.0.0.1:8631/users/owner");
    EXPECT_EQ(c.cloud.notify_wait_seconds, 5u);
    EXPECT_EQ(c.cloud.retry_min_seconds, 2u);
    EXPECT_EQ(c.cloud.retry_max_seconds, 30u);
    EXPECT_EQ(c.device.model, "PL-200");
    EXPECT_EQ(c.device.cups_server, "127.0.0.1:6310");
    EXPECT_EQ(c.device.queue, "fileq");
    EXPECT_EQ(c.device.state_dir, "/tmp/pl/state");
    EXPECT_EQ(c.device.runtime_dir, "/tmp/pl/run");
    EXPECT_EQ(c.device.job_attempts, 2u);
    EXPECT_EQ(c.firmware.catalog_url, "http://127.0.0.1:8080/catalog.json");
    EXPECT_EQ(c.firmware.catalog_key_file, "/tmp/pl/key.pub.pem");
    EXPECT_EQ(c.firmware.ca_file, "/tmp/pl/repo-ca.pem");
    EXPECT_EQ(c.firmware.check_interval_seconds, 10u);
    EXPECT_EQ(c.firmware.check_jitter_seconds, 0u);
    EXPECT_EQ(c.firmware.allowed_operators,
              (std::vector<std::string>{"http://x/users/admin", "http://x/users/root",
                                        "http://x/users/ops"}));
    EXPECT_EQ(c.installer.command, "/usr/libexec/printlink/install-image --fast");
    EXPECT_EQ(c.installer.restart_command, "/bin/true");
    EXPECT_EQ(c.installer.trigger_file, "/tmp/pl/run/install-requested");
    EXPECT_EQ(c.installer.timeout_seconds, 60u);
    EXPECT_EQ(c.installer.drain_timeout_seconds, 0u);
    ASSERT_EQ(c.firmware.components.size(), 2u);
    EXPECT_EQ(c.firmware.components[0].name, "MainController");  // file order
    EXPECT_EQ(c.firmware.components[0].version_file, "/tmp/pl/main.version");
    EXPECT_EQ(c.firmware.components[0].patches, "P1");
    EXPECT_EQ(c.firmware.components[1].name, "Fax");
}

TEST_F(ConfigLoad, InstallerTypesAndTheirKeys) {
    auto swupdate = load(replace(kMinimal, "[component:", R"([installer]
type = swupdate
swupdate_args = -k /etc/swupdate/ca.pem   -H printer:1.0
health_check_command = /usr/libexec/printlink/health-check
confirm_timeout_seconds = 120

[component:)"));
    ASSERT_TRUE(swupdate) << swupdate.error().message;
    EXPECT_EQ(swupdate->installer.type, InstallerType::Swupdate);
    EXPECT_EQ(swupdate->installer.swupdate_args,
              (std::vector<std::string>{"-k", "/etc/swupdate/ca.pem", "-H", "printer:1.0"}));
    EXPECT_EQ(swupdate->installer.health_check_command, "/usr/libexec/printlink/health-check");
    EXPECT_EQ(swupdate->installer.confirm_timeout_seconds, 120u);
    EXPECT_TRUE(needs_boot_confirmation(swupdate->installer));  // the health check

    auto rauc = load(replace(kMinimal, "[component:", "[installer]\ntype = rauc\n\n[component:"));
    ASSERT_TRUE(rauc) << rauc.error().message;
    EXPECT_EQ(rauc->installer.type, InstallerType::Rauc);
    EXPECT_TRUE(needs_boot_confirmation(rauc->installer));  // the slot must be marked good

    expect_refused(replace(kMinimal, "[component:", "[installer]\ntype = opkg\n\n[component:"),
                   "installer", "type");
    expect_refused(replace(kMinimal, "[component:",
                           "[installer]\nswupdate_args = -i /tmp/other.swu\n\n[component:"),
                   "installer", "swupdate_args");
    expect_refused(
        replace(kMinimal, "[component:", "[installer]\nconfirm_timeout_seconds = 0\n\n[component:"),
        "installer", "confirm_timeout_seconds");
}

TEST_F(ConfigLoad, TokenFileIsRead) {
    auto config =
        load(replace(kMinimal, "[device]", "token_file = /etc/printlink/token\n\n[device]"));
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->cloud.token_file, "/etc/printlink/token");
}

TEST_F(ConfigLoad, UnknownKeysAndGroupsOnlyWarn) {
    std::string text =
        replace(kMinimal, "[device]", "printer_url = typo\n\n[device]") + "[extras]\nx = 1\n";
    bool loaded = false;
    std::string log = printlink::testing::capture_stderr([&] { loaded = load(text).ok(); });
    EXPECT_TRUE(loaded);
    EXPECT_NE(log.find("<4>config: " + path_ + ": unknown key 'printer_url' in [cloud]"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("unknown group [extras]"), std::string::npos) << log;
}

TEST_F(ConfigLoad, MisspeltRequiredKeyIsExplainedBeforeItIsMissed) {
    std::string log = printlink::testing::capture_stderr(
        [&] { EXPECT_FALSE(load(replace(kMinimal, "queue = office", "queeu = office"))); });
    EXPECT_NE(log.find("unknown key 'queeu' in [device]"), std::string::npos) << log;
}

TEST_F(ConfigLoad, MissingRequiredKeysAreNamed) {
    expect_refused(replace(kMinimal, "model = PL-100\n", ""), "device", "model");
    expect_refused(replace(kMinimal, "queue = office\n", ""), "device", "queue");
    expect_refused(replace(kMinimal, "catalog_url = https://repo.example/fw/catalog.json\n", ""),
                   "firmware", "catalog_url");
    expect_refused(replace(kMinimal, "catalog_key_file = /etc/printlink/catalog-key.pub.pem\n", ""),
                   "firmware", "catalog_key_file");
    expect_refused(
        replace(kMinimal, "version_file = /var/lib/printlink/MainController.version\n", ""),
        "component:MainController", "version_file");
}

TEST_F(ConfigLoad, NoComponentIsRefused) {
    auto config = load(replace(
        kMinimal,
        "[component:MainController]\nversion_file = /var/lib/printlink/MainController.version\n",
        ""));
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("component"), std::string::npos);
}

TEST_F(ConfigLoad, BadNumbersAreNamed) {
    std::string with_cloud_number =
        replace(kMinimal, "[device]", "notify_wait_seconds = NUMBER\n\n[device]");
    for (const char* bad : {"abc", "-1", "12x", "1.5", "", "99999999999999999999", "3601"}) {
        expect_refused(replace(with_cloud_number, "NUMBER", bad), "cloud", "notify_wait_seconds");
    }
    expect_refused(
        replace(kMinimal, "[component:", "[installer]\ntimeout_seconds = 0\n\n[component:"),
        "installer", "timeout_seconds");
    expect_refused(
        replace(kMinimal, "catalog_key_file", "check_interval_seconds = 0\ncatalog_key_file"),
        "firmware", "check_interval_seconds");
    expect_refused(
        replace(kMinimal, "[device]", "retry_min_seconds = 10\nretry_max_seconds = 5\n\n[device]"),
        "cloud", "retry_max_seconds");
}

TEST_F(ConfigLoad, BadUrisAndPathsAreNamed) {
    expect_refused(replace(kMinimal, "ipps://cloud.example/ipp/print/42", "ftp://cloud.example/x"),
                   "cloud", "printer_uri");
    expect_refused(replace(kMinimal, "ipps://cloud.example/ipp/print/42", "not a uri"), "cloud",
                   "printer_uri");
    expect_refused(
        replace(kMinimal, "https://repo.example/fw/catalog.json", "repo.example/catalog.json"),
        "firmware", "catalog_url");
    expect_refused(replace(kMinimal, "/etc/printlink/catalog-key.pub.pem", "relative/key.pem"),
                   "firmware", "catalog_key_file");
    expect_refused(replace(kMinimal, "queue = office", "queue = office\nstate_dir = var/lib"),
                   "device", "state_dir");
}

TEST_F(ConfigLoad, UpdatePolicyKeys) {
    auto defaults = load(kMinimal);
    ASSERT_TRUE(defaults) << defaults.error().message;
    EXPECT_FALSE(defaults->firmware.maintenance_window);
    EXPECT_EQ(defaults->firmware.minimum_version, "");
    EXPECT_FALSE(defaults->firmware.require_panel_confirmation);

    auto set = load(replace(kMinimal, "catalog_key_file",
                            "maintenance_window = 22:30-04:00\nminimum_version = 82.50\n"
                            "require_panel_confirmation = true\ncatalog_key_file"));
    ASSERT_TRUE(set) << set.error().message;
    ASSERT_TRUE(set->firmware.maintenance_window);
    EXPECT_EQ(set->firmware.maintenance_window->text(), "22:30-04:00");
    EXPECT_EQ(set->firmware.minimum_version, "82.50");
    EXPECT_TRUE(set->firmware.require_panel_confirmation);

    auto empty_window =
        load(replace(kMinimal, "catalog_key_file", "maintenance_window =\ncatalog_key_file"));
    ASSERT_TRUE(empty_window) << empty_window.error().message;
    EXPECT_FALSE(empty_window->firmware.maintenance_window);
}

TEST_F(ConfigLoad, BadUpdatePolicyValuesAreNamed) {
    for (const char* bad : {"2-4", "02:00", "24:00-01:00", "02:00-02:00", "02:60-03:00"}) {
        expect_refused(replace(kMinimal, "catalog_key_file",
                               std::string("maintenance_window = ") + bad + "\ncatalog_key_file"),
                       "firmware", "maintenance_window");
    }
    expect_refused(replace(kMinimal, "catalog_key_file", "minimum_version = v83\ncatalog_key_file"),
                   "firmware", "minimum_version");
    expect_refused(replace(kMinimal, "catalog_key_file",
                           "require_panel_confirmation = maybe\ncatalog_key_file"),
                   "firmware", "require_panel_confirmation");
}

TEST_F(ConfigLoad, WithoutAPrinterUriTheDeviceRegisters) {
    auto config = load(replace(kMinimal, "printer_uri = ipps://cloud.example/ipp/print/42",
                               "registration_url = https://cloud.example/"));
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->cloud.printer_uri, "");
    EXPECT_EQ(config->cloud.registration_url, "https://cloud.example/");

    auto bare = load(replace(kMinimal, "printer_uri = ipps://cloud.example/ipp/print/42\n", ""));
    ASSERT_TRUE(bare) << bare.error().message;
    EXPECT_EQ(bare->cloud.registration_url, "");
}

TEST_F(ConfigLoad, RegistrationUrlMustBeHttp) {
    expect_refused(
        replace(kMinimal, "[device]", "registration_url = ipp://cloud.example\n[device]"), "cloud",
        "registration_url");
    expect_refused(replace(kMinimal, "[device]", "registration_url = cloud.example\n[device]"),
                   "cloud", "registration_url");
}

TEST_F(ConfigLoad, CredentialsNeedAPrinterUri) {
    const std::string unregistered =
        replace(kMinimal, "printer_uri = ipps://cloud.example/ipp/print/42\n", "");
    expect_refused(replace(unregistered, "[device]", "token_file = /t\n[device]"), "cloud",
                   "token_file");
    expect_refused(
        replace(unregistered, "[device]", "basic_user = u\nbasic_password_file = /p\n[device]"),
        "cloud", "basic_user");
}

TEST_F(ConfigLoad, ConflictingAuthIsRefused) {
    expect_refused(replace(kMinimal, "[device]",
                           "token_file = /t\nbasic_user = u\nbasic_password_file = /p\n[device]"),
                   "cloud", "basic_user");
    expect_refused(replace(kMinimal, "[device]", "basic_user = u\n[device]"), "cloud",
                   "basic_password_file");
}

TEST_F(ConfigLoad, BadComponentNameIsRefused) {
    auto config = load(replace(kMinimal, "[component:MainController]", "[component:../x]"));
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find("component:../x"), std::string::npos)
        << config.error().message;
}

// The shipped example must stay loadable and warning-free as keys are added.
TEST_F(ConfigLoad, ShippedExampleLoads) {
    const char* root = std::getenv("PRINTLINK_SOURCE_ROOT");
    if (!root) GTEST_SKIP() << "PRINTLINK_SOURCE_ROOT not set (run through meson test)";
    std::string path = std::string(root) + "/daemon/printlink.conf.example";
    bool loaded = false;
    std::string log = printlink::testing::capture_stderr([&] {
        auto config = load_config(path);
        loaded = config.ok();
        if (!loaded) std::fprintf(stderr, "%s\n", config.error().message.c_str());
    });
    EXPECT_TRUE(loaded) << log;
    EXPECT_EQ(log, "");
}

TEST_F(ConfigLoad, MissingFileIsNotFound) {
    auto config = load_config(tmp_ / "absent.conf");
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().code, ErrorCode::NotFound);
}

TEST_F(ConfigLoad, SyntaxErrorNamesTheFile) {
    auto config = load("this is not a key file\n");
    ASSERT_FALSE(config);
    EXPECT_NE(config.error().message.find(path_), std::string::npos);
}

}  // namespace
}  // namespace printlink
