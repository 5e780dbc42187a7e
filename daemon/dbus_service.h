// printlinkd on the system bus: org.printlink.Agent1 at /org/printlink/Agent1 with the Link and
// Firmware interfaces (dbus/org.printlink.Agent1.xml), and the listener for cupsd's D-Bus
// notifier (org.cups.cupsd.Notifier) that tells the queue watcher when the local queue changed.
// The only code that touches sdbus types; it translates 1:1 between D-Bus and the core, and
// holds no logic of its own.
#pragma once

#include "common/error.h"
#include "daemon/cloud/link_status.h"
#include "daemon/firmware/firmware_service.h"
#include "daemon/jobs/job_forwarder.h"
#include "daemon/registration/registration_service.h"

#include <glib.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sdbus {
class IConnection;
}

namespace printlink::daemon {

class DBusGlibSource;

inline constexpr const char* kBusName = "org.printlink.Agent1";
inline constexpr const char* kObjectPath = "/org/printlink/Agent1";

class DBusService final : public FirmwareObserver, public RegistrationObserver {
  public:
    // Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS when set), publishes both
    // interfaces, runs the connection on 'context', and only then takes the bus name, so a
    // client that sees the name finds the objects. 'bus_lost' is called if the connection
    // fails later.
    [[nodiscard]] static Result<std::unique_ptr<DBusService>> open(
        FirmwareService& firmware, RegistrationService& registration, GMainContext* context,
        std::function<void(const std::string&)> bus_lost);
    ~DBusService() override;
    DBusService(const DBusService&) = delete;
    DBusService& operator=(const DBusService&) = delete;

    // Calls 'changed' on the main context for every org.cups.cupsd.Notifier printer signal
    // about 'queue' (PrinterStateChanged, PrinterModified, PrinterStopped, ...), which cupsd's
    // dbus:// notifier emits for the watcher's subscription. Any peer may send such a signal;
    // the worst it can do is cause one more read of the queue. A queue name a match rule cannot
    // carry is an Error.
    [[nodiscard]] Status watch_local_queue(const std::string& queue, std::function<void()> changed);

    // Emit PropertiesChanged for exactly the properties that changed.
    void link_changed(const LinkStatus& status) override;
    // PropertiesChanged for ActiveJobs.
    void jobs_changed(const std::vector<jobs::ActiveJobView>& jobs);
    // Emits RegistrationCompleted.
    void registration_completed(const std::string& result, const std::string& message) override;
    // Emits IdentifyRequested.
    void identify_requested(const std::vector<std::string>& actions, const std::string& message);
    void firmware_changed(const FirmwareSnapshot& now) override;
    // Emits Completed.
    void update_completed(bool success, const std::string& message) override;

  private:
    class LinkObject;
    class FirmwareObject;
    struct QueueMatch;
    DBusService();

    // Destroyed bottom-up: the source stops dispatching before the objects go, and the
    // objects go before their connection.
    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<LinkObject> link_;
    std::unique_ptr<FirmwareObject> firmware_;
    std::unique_ptr<QueueMatch> queue_match_;  // removes the match rule when it goes
    std::unique_ptr<DBusGlibSource> source_;
};

}  // namespace printlink::daemon
