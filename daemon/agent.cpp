#include "daemon/agent.h"

#include "common/log.h"

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "printlinkd";

}  // namespace

Agent::Agent(const Config& config, GMainContext* context,
             std::function<void(const std::string&)> fatal)
    : config_(config),
      context_(context),
      fatal_(std::move(fatal)),
      timers_(context),
      repository_(config.firmware, context),
      trigger_(config),
      queue_(config.device, context, timers_),
      cloud_(config, context, timers_),
      queue_watcher_(config.device, context,
                     [this](const QueueSnapshot& snapshot) {
                         cloud_.set_local_queue(snapshot.state, snapshot.capabilities);
                     }),
      firmware_(config, FirmwarePorts{cloud_, repository_, queue_, trigger_, timers_}),
      oauth_(config.cloud.ca_file, context),
      registration_calls_(config.cloud, context),
      registration_(config, RegistrationPorts{oauth_, registration_calls_, cloud_, timers_}) {}

Agent::~Agent() {
    stop();
}

Status Agent::start() {
    auto dbus =
        DBusService::open(firmware_, registration_, context_, [this](const std::string& why) {
            if (fatal_) fatal_("lost the system bus: " + why);
        });
    if (!dbus) return dbus.error();
    dbus_ = std::move(*dbus);

    firmware_.set_observer(dbus_.get());
    if (!config_.device.queue.empty()) {
        // Before the watcher subscribes: no signal of its subscription is missed.
        if (auto listening = dbus_->watch_local_queue(config_.device.queue,
                                                      [this] { queue_watcher_.queue_changed(); });
            !listening) {
            log::warning(kLog, "local queue changes will not reach the cloud until a restart: " +
                                   listening.error().message);
        }
    }
    registration_.set_observer(dbus_.get());
    cloud_.set_events(CloudLink::Events{
        [this](const LinkStatus& status) { registration_.on_link_status(status); },
        [this] { firmware_.on_cloud_online(); },
        [this](const std::vector<std::string>& reasons) { firmware_.on_cloud_reasons(reasons); },
        [this](const std::vector<jobs::ActiveJobView>& jobs) { dbus_->jobs_changed(jobs); },
        [this](const std::vector<std::string>& actions, const std::string& message) {
            if (dbus_) dbus_->identify_requested(actions, message);
        },
    });
    queue_.set_state_listener([this](const QueueState& state) { cloud_.set_queue_state(state); });
    queue_.read_state([this](const Result<QueueState>& state) {
        if (!state) {
            log::warning(kLog,
                         "local queue " + config_.device.queue + ": " + state.error().message);
        }
    });

    // The firmware core first: its first report is then part of the link's first
    // Update-Output-Device-Attributes.
    firmware_.start();
    queue_watcher_.start();
    registration_.start();
    return Ok{};
}

void Agent::stop() {
    queue_watcher_.stop();
    cloud_.stop();
    firmware_.set_observer(nullptr);
    registration_.set_observer(nullptr);
}

}  // namespace printlink::daemon
