#include "daemon/dbus_service.h"

#include "common/log.h"
#include "daemon/dbus_glib_source.h"
#include "dbus/agent1-adaptor.h"

#include <sdbus-c++/sdbus-c++.h>

#include <tuple>
#include <vector>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "dbus";

// What cupsd's dbus:// notifier (ServerBin/notifier/dbus) emits. A printer signal's arguments are
// (text, printer-uri, printer-name, printer-state, printer-state-reasons,
// printer-is-accepting-jobs); the printer-uri carries cupsd's host name, the name is exact.
constexpr const char* kCupsNotifierInterface = "org.cups.cupsd.Notifier";
constexpr const char* kCupsNotifierPath = "/org/cups/cupsd/Notifier";
constexpr const char* kPrinterSignalPrefix = "Printer";

// The one place the error vocabulary becomes D-Bus errors: org.printlink.Error.<Code>.
[[noreturn]] void throw_dbus_error(const Error& error) {
    throw sdbus::Error(std::string("org.printlink.Error.") + error_code_name(error.code),
                       error.message);
}

void throw_if_failed(const Status& status) {
    if (!status) throw_dbus_error(status.error());
}

// Who called, for the log: the uid the bus vouches for.
std::string caller(const sdbus::IObject& object) {
    try {
        const sdbus::Message* message = object.getCurrentlyProcessedMessage();
        if (message) return "uid " + std::to_string(message->getCredsUid());
    } catch (const sdbus::Error&) {
    }
    return "unknown caller";
}

// Whether the bus vouches that root called; for the one method the policy alone must not
// guard (a policy edit granting a group everything would otherwise let it confirm a boot).
bool called_by_root(const sdbus::IObject& object) {
    try {
        const sdbus::Message* message = object.getCurrentlyProcessedMessage();
        return message && message->getCredsUid() == 0;
    } catch (const sdbus::Error&) {
        return false;
    }
}

}  // namespace

// ---- org.printlink.Agent1.Link ----

class DBusService::LinkObject final
    : public sdbus::AdaptorInterfaces<org::printlink::Agent1::Link_adaptor> {
  public:
    LinkObject(sdbus::IConnection& connection, RegistrationService& registration)
        : AdaptorInterfaces(connection, kObjectPath),
          registration_(registration),
          status_(registration.status()) {
        registerAdaptor();
    }
    ~LinkObject() { unregisterAdaptor(); }

    void update(const LinkStatus& now) {
        std::vector<std::string> changed;
        auto note = [&changed](bool differs, const char* name) {
            if (differs) changed.push_back(name);
        };
        note(now.state != status_.state, "State");
        note(now.reason != status_.reason, "StateReason");
        note(now.printer_uri != status_.printer_uri, "PrinterUri");
        note(now.printer_id != status_.printer_id, "PrinterId");
        note(now.cloud_uri != status_.cloud_uri, "CloudUri");
        note(now.output_device_uuid != status_.output_device_uuid, "OutputDeviceUuid");
        note(now.verification_uri != status_.verification_uri, "VerificationUri");
        note(now.user_code != status_.user_code, "UserCode");
        note(now.verification_uri_complete != status_.verification_uri_complete,
             "VerificationUriComplete");
        note(now.expires_at_us != status_.expires_at_us, "ExpiresAt");
        status_ = now;
        if (!changed.empty()) getObject().emitPropertiesChangedSignal(INTERFACE_NAME, changed);
    }

    void update_jobs(const std::vector<jobs::ActiveJobView>& now) {
        jobs_.clear();
        for (const auto& j : now)
            jobs_.emplace_back(j.cloud_job_id, j.local_job_id, j.state, j.name);
        getObject().emitPropertiesChangedSignal(INTERFACE_NAME, {"ActiveJobs"});
    }

    void completed(const std::string& result, const std::string& message) {
        emitRegistrationCompleted(result, message);
    }

    void identify(const std::vector<std::string>& actions, const std::string& message) {
        emitIdentifyRequested(actions, message);
    }

  private:
    // Methods
    void Register(const std::string& cloud_url) override {
        log::info(kLog, "Register(" + cloud_url + ") from " + caller(getObject()));
        throw_if_failed(registration_.register_device(cloud_url));
    }
    void Unregister() override {
        log::info(kLog, "Unregister from " + caller(getObject()));
        throw_if_failed(registration_.unregister());
    }

    // Properties: what the last PropertiesChanged announced.
    std::string State() override { return status_.state; }
    std::string StateReason() override { return status_.reason; }
    std::string PrinterUri() override { return status_.printer_uri; }
    std::string PrinterId() override { return status_.printer_id; }
    std::string CloudUri() override { return status_.cloud_uri; }
    std::string OutputDeviceUuid() override { return status_.output_device_uuid; }
    std::string VerificationUri() override { return status_.verification_uri; }
    std::string UserCode() override { return status_.user_code; }
    std::string VerificationUriComplete() override { return status_.verification_uri_complete; }
    uint64_t ExpiresAt() override { return status_.expires_at_us; }
    std::vector<sdbus::Struct<int32_t, int32_t, std::string, std::string>> ActiveJobs() override {
        return jobs_;
    }

    RegistrationService& registration_;
    LinkStatus status_;
    std::vector<sdbus::Struct<int32_t, int32_t, std::string, std::string>> jobs_;
};

// ---- org.printlink.Agent1.Firmware ----

class DBusService::FirmwareObject final
    : public sdbus::AdaptorInterfaces<org::printlink::Agent1::Firmware_adaptor> {
  public:
    FirmwareObject(sdbus::IConnection& connection, FirmwareService& firmware)
        : AdaptorInterfaces(connection, kObjectPath),
          firmware_(firmware),
          shown_(firmware.snapshot()) {
        registerAdaptor();
    }
    ~FirmwareObject() { unregisterAdaptor(); }

    void update(const FirmwareSnapshot& now) {
        std::vector<std::string> changed;
        if (now.state != shown_.state) changed.push_back("State");
        if (!same_components(now, shown_)) changed.push_back("Components");
        if (now.target_component != shown_.target_component ||
            now.target_version != shown_.target_version) {
            changed.push_back("Target");
        }
        if (now.scheduled_at_us != shown_.scheduled_at_us) changed.push_back("ScheduledAt");
        if (now.requested_by != shown_.requested_by) changed.push_back("RequestedBy");
        if (now.progress != shown_.progress) changed.push_back("Progress");
        if (now.phase != shown_.phase) changed.push_back("Phase");
        if (now.phase_progress != shown_.phase_progress) changed.push_back("PhaseProgress");
        if (now.last_error != shown_.last_error) changed.push_back("LastError");
        shown_ = now;
        if (!changed.empty()) getObject().emitPropertiesChangedSignal(INTERFACE_NAME, changed);
    }

    void completed(bool success, const std::string& message) { emitCompleted(success, message); }

  private:
    static bool same_components(const FirmwareSnapshot& a, const FirmwareSnapshot& b) {
        if (a.components.size() != b.components.size()) return false;
        for (std::size_t i = 0; i < a.components.size(); ++i) {
            const auto &x = a.components[i], &y = b.components[i];
            if (x.name != y.name || x.installed != y.installed || x.latest != y.latest)
                return false;
        }
        return true;
    }

    // Methods
    void CheckNow() override {
        log::info(kLog, "CheckNow from " + caller(getObject()));
        throw_if_failed(firmware_.check_now());
    }
    void Cancel() override {
        log::info(kLog, "Cancel from " + caller(getObject()));
        throw_if_failed(firmware_.cancel());
    }
    void Confirm() override {
        log::info(kLog, "Confirm from " + caller(getObject()));
        throw_if_failed(firmware_.confirm());
    }
    std::tuple<sdbus::UnixFd, std::string, std::string, std::string, uint64_t> Claim() override {
        log::info(kLog, "Claim from " + caller(getObject()));
        auto image = firmware_.claim();
        if (!image) throw_dbus_error(image.error());
        // The fd is ours now; sdbus passes it over the bus and closes it.
        return {sdbus::UnixFd(image->fd, sdbus::adopt_fd), image->component, image->version,
                image->sha256, image->size};
    }
    void ReportProgress(const uint32_t& percent, const std::string& message) override {
        throw_if_failed(firmware_.report_progress(percent, message));
    }
    void Finish(const bool& success, const std::string& message) override {
        log::info(kLog, std::string("Finish(") + (success ? "true" : "false") + ") from " +
                            caller(getObject()));
        throw_if_failed(firmware_.finish(success, message));
    }
    void ConfirmBoot(const bool& ok, const std::string& message) override {
        log::info(kLog, std::string("ConfirmBoot(") + (ok ? "true" : "false") + ") from " +
                            caller(getObject()));
        if (!called_by_root(getObject()))
            throw_dbus_error(make_error(ErrorCode::NotAuthorized, "only root confirms a boot"));
        throw_if_failed(firmware_.confirm_boot(ok, message));
    }

    // Properties: always the core's current snapshot.
    std::string State() override { return firmware_.snapshot().state; }
    std::vector<sdbus::Struct<std::string, std::string, std::string>> Components() override {
        std::vector<sdbus::Struct<std::string, std::string, std::string>> out;
        for (const auto& c : firmware_.snapshot().components)
            out.emplace_back(c.name, c.installed, c.latest);
        return out;
    }
    sdbus::Struct<std::string, std::string> Target() override {
        const auto& s = firmware_.snapshot();
        return {s.target_component, s.target_version};
    }
    uint64_t ScheduledAt() override { return firmware_.snapshot().scheduled_at_us; }
    std::string RequestedBy() override { return firmware_.snapshot().requested_by; }
    uint32_t Progress() override { return firmware_.snapshot().progress; }
    std::string Phase() override { return firmware_.snapshot().phase; }
    uint32_t PhaseProgress() override { return firmware_.snapshot().phase_progress; }
    std::string LastError() override { return firmware_.snapshot().last_error; }

    FirmwareService& firmware_;
    FirmwareSnapshot shown_;  // what the last PropertiesChanged announced
};

// ---- cupsd's notifier ----

struct DBusService::QueueMatch {
    sdbus::Slot slot;
};

Status DBusService::watch_local_queue(const std::string& queue, std::function<void()> changed) {
    // A match rule quotes its values with '; CUPS queue names never hold one or a backslash.
    if (queue.empty() || queue.find_first_of("'\\") != std::string::npos) {
        return make_error(ErrorCode::InvalidArgument,
                          "queue name '" + queue + "' cannot be matched on D-Bus");
    }
    const std::string rule = std::string("type='signal',interface='") + kCupsNotifierInterface +
                             "',path='" + kCupsNotifierPath + "',arg2='" + queue + "'";
    try {
        auto slot = connection_->addMatch(
            rule, [changed = std::move(changed), queue](sdbus::Message& message) {
                // Job signals carry the printer name in the same place; only printer events
                // are subscribed, but other subscribers' job events reach us too.
                if (message.getMemberName().rfind(kPrinterSignalPrefix, 0) != 0) return;
                log::debug(
                    kLog, std::string("cupsd: ") + message.getMemberName() + " for queue " + queue);
                changed();
            });
        queue_match_ = std::make_unique<QueueMatch>(QueueMatch{std::move(slot)});
    } catch (const sdbus::Error& e) {
        return make_error(ErrorCode::Io, "cannot listen for cupsd's D-Bus notifier: " +
                                             e.getName() + ": " + e.getMessage());
    }
    return Ok{};
}

// ---- the service ----

DBusService::DBusService() = default;

DBusService::~DBusService() = default;

Result<std::unique_ptr<DBusService>> DBusService::open(
    FirmwareService& firmware, RegistrationService& registration, GMainContext* context,
    std::function<void(const std::string&)> bus_lost) {
    std::unique_ptr<DBusService> service(new DBusService());
    try {
        service->connection_ = sdbus::createSystemBusConnection();
        service->link_ = std::make_unique<LinkObject>(*service->connection_, registration);
        service->firmware_ = std::make_unique<FirmwareObject>(*service->connection_, firmware);
        service->source_ =
            std::make_unique<DBusGlibSource>(*service->connection_, context, std::move(bus_lost));
        service->connection_->requestName(kBusName);
    } catch (const sdbus::Error& e) {
        return make_error(ErrorCode::Io, std::string("cannot publish ") + kBusName +
                                             " on the system bus: " + e.getName() + ": " +
                                             e.getMessage());
    }
    return service;
}

void DBusService::link_changed(const LinkStatus& status) {
    try {
        link_->update(status);
    } catch (const sdbus::Error& e) {
        log::warning(kLog, "cannot announce the link state: " + e.getMessage());
    }
}

void DBusService::jobs_changed(const std::vector<jobs::ActiveJobView>& jobs) {
    try {
        link_->update_jobs(jobs);
    } catch (const sdbus::Error& e) {
        log::warning(kLog, "cannot announce the active jobs: " + e.getMessage());
    }
}

void DBusService::registration_completed(const std::string& result, const std::string& message) {
    try {
        link_->completed(result, message);
    } catch (const sdbus::Error& e) {
        log::warning(kLog, "cannot emit RegistrationCompleted: " + e.getMessage());
    }
}

void DBusService::identify_requested(const std::vector<std::string>& actions,
                                     const std::string& message) {
    try {
        link_->identify(actions, message);
    } catch (const sdbus::Error& e) {
        log::warning(kLog, "cannot emit IdentifyRequested: " + e.getMessage());
    }
}

void DBusService::firmware_changed(const FirmwareSnapshot& now) {
    try {
        firmware_->update(now);
    } catch (const sdbus::Error& e) {
        log::warning(kLog, "cannot announce the firmware state: " + e.getMessage());
    }
}

void DBusService::update_completed(bool success, const std::string& message) {
    try {
        firmware_->completed(success, message);
    } catch (const sdbus::Error& e) {
        log::warning(kLog, "cannot emit Completed: " + e.getMessage());
    }
}

}  // namespace printlink::daemon
