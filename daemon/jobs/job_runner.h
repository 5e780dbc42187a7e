// The job forwarder's thread, one per cloud session (CloudLink starts it with the poller):
// its own connection to the cloud and to the local cupsd, the job map loaded from the state
// directory. It syncs at start (so Update-Active-Jobs goes out on every reconnect) and on
// every wake() (a job event), and follows the local jobs every second while there are any.
// What D-Bus shows is posted to the main context whenever it changes.
#pragma once

#include "common/config.h"
#include "daemon/cloud/credentials.h"
#include "daemon/cloud/endpoint.h"
#include "daemon/cloud/ipp_connection.h"
#include "daemon/cloud/proxy_identity.h"
#include "daemon/jobs/job_forwarder.h"

#include <glib.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace printlink::daemon::jobs {

class JobRunner {
  public:
    struct Options {
        cloud::Endpoint endpoint;
        std::string ca_file;
        cloud::Credentials credentials;
        cloud::ProxyIdentity identity;
        const DeviceConfig* device = nullptr;
    };
    using ViewListener = std::function<void(const std::vector<ActiveJobView>&)>;

    JobRunner(Options options, GMainContext* main_context, ViewListener listener);
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    void start();
    // Any thread: sync again soon.
    void wake();
    // Any thread: job events arrived; a sync follows unless they only echo this device's own
    // reports (JobForwarder::wants_sync).
    void job_events(std::vector<CloudJobEvent> events);
    // Breaks a request in progress and joins the thread. No listener call after it returns.
    void stop();

    // The map file in the state directory.
    static std::string map_path(const DeviceConfig& device);

  private:
    void run();
    void publish(const std::vector<ActiveJobView>& view);

    Options options_;
    GMainContext* main_context_;
    ViewListener listener_;
    cloud::IppConnection connection_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool sync_wanted_ = true;            // the first round syncs
    std::vector<CloudJobEvent> events_;  // arrived since the last round
    std::thread thread_;
};

}  // namespace printlink::daemon::jobs
