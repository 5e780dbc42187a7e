// printlinkctl's side of the D-Bus contract (dbus/org.printlink.Agent1.xml), over the
// generated proxy. D-Bus errors become Errors here; nothing else in printlinkctl sees sdbus.
#pragma once

#include "common/error.h"
#include "common/unique_fd.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sdbus {
class IConnection;
}

namespace printlink::ctl {

struct LinkView {
    std::string state, reason, printer_uri, printer_id, cloud_uri, output_device_uuid;
    // The grant waiting for approval, while registering.
    std::string verification_uri, verification_uri_complete, user_code;
    std::uint64_t expires_at_us = 0;
    // The cloud jobs being printed (ActiveJobs).
    struct Job {
        int cloud_job_id = 0, local_job_id = 0;
        std::string state, name;
    };
    std::vector<Job> jobs;
};

struct FirmwareView {
    struct Component {
        std::string name, installed, latest;
    };
    std::string state;
    std::vector<Component> components;
    std::string target_component, target_version;
    std::uint64_t scheduled_at_us = 0;
    std::string requested_by;
    unsigned progress = 0;  // the whole update
    std::string phase;
    unsigned phase_progress = 0;
    std::string last_error;
};

struct ClaimedImage {
    UniqueFd fd;
    std::string component, version, sha256;
    std::uint64_t size = 0;
};

// One property change as 'watch' prints it: interface ("Link" or "Firmware"), name, and the
// value as text. 'progress' is set when the property is Firmware.Progress.
struct PropertyChange {
    std::string interface, name, value;
    int progress = -1;
};

class AgentClient {
  public:
    // Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS when set).
    [[nodiscard]] static Result<std::unique_ptr<AgentClient>> connect();
    ~AgentClient();
    AgentClient(const AgentClient&) = delete;
    AgentClient& operator=(const AgentClient&) = delete;

    [[nodiscard]] Result<LinkView> link();
    [[nodiscard]] Result<FirmwareView> firmware();
    [[nodiscard]] Status check_now();
    [[nodiscard]] Status cancel();
    [[nodiscard]] Status confirm();
    [[nodiscard]] Result<ClaimedImage> claim();
    [[nodiscard]] Status report_progress(unsigned percent, const std::string& message);
    [[nodiscard]] Status finish(bool success, const std::string& message);
    [[nodiscard]] Status confirm_boot(bool ok, const std::string& message);
    [[nodiscard]] Status register_device(const std::string& cloud_url);
    [[nodiscard]] Status unregister();

    // Handlers for the signals that process_events() dispatches.
    void on_changed(std::function<void(const PropertyChange&)> changed);
    void on_registration_completed(
        std::function<void(const std::string& result, const std::string& message)> completed);
    // Dispatches what the bus has delivered, waiting up to 'timeout_ms' for something to
    // arrive. For commands that wait on their own terms (a countdown) rather than watch().
    [[nodiscard]] Status process_events(int timeout_ms);

    // Calls the handlers for every PropertiesChanged, Completed and IdentifyRequested until the
    // process ends.
    [[nodiscard]] Status watch(
        std::function<void(const PropertyChange&)> changed,
        std::function<void(bool, const std::string&)> completed,
        std::function<void(const std::vector<std::string>&, const std::string&)> identify);

  private:
    class Proxy;
    AgentClient();
    // The proxy only references the connection: it goes first.
    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<Proxy> proxy_;
};

}  // namespace printlink::ctl
