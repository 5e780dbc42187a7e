#include "daemon/cups/local_queue.h"

#include "common/log.h"
#include "daemon/cups/held_jobs.h"
#include "daemon/cups/queue_drain.h"
#include "daemon/cups/queue_requests.h"

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "cups";
constexpr double kIdlePollSeconds = 0.5;

}  // namespace

LocalQueue::LocalQueue(const DeviceConfig& config, GMainContext* main_context, TimerPort& timers)
    : config_(config),
      timers_(timers),
      connection_(std::make_unique<CupsConnection>(config.cups_server)),
      worker_(main_context) {}

LocalQueue::~LocalQueue() {
    worker_.stop();
    alive_.reset();
}

void LocalQueue::read_state(std::function<void(Result<QueueState>)> done) {
    worker_.run(
        [connection = connection_.get(), queue = config_.queue]() -> Result<QueueState> {
            auto response = connection->request(
                queue_state_request(connection->printer_uri(queue), CupsConnection::user_name()),
                "/");
            if (!response) return response.error();
            return decode_queue_state(response->get());
        },
        [this, done](const Result<QueueState>& state) {
            if (state && state_listener_) state_listener_(*state);
            if (done) done(state);
        });
}

void LocalQueue::refresh_state() {
    read_state([](const Result<QueueState>& state) {
        if (!state) log::warning(kLog, "cannot read the queue's state: " + state.error().message);
    });
}

void LocalQueue::pause(const std::string& reason, std::function<void(Status)> done) {
    ++resume_run_;  // a resume still waiting for a job's document must not release now
    if (!reason.empty()) pause_reason_ = reason;
    worker_.run(
        [connection = connection_.get(), target = drain_target(),
         reason = pause_reason_]() -> Status { return hold_queue(*connection, target, reason); },
        [this, done](const Status& status) {
            if (status) {
                log::info(kLog, "holding the jobs of queue " + config_.queue);
                refresh_state();
            }
            done(status);
        });
}

void LocalQueue::resume(std::function<void(Status)> done) {
    release_held_jobs(++resume_run_, std::move(done));
}

// A resume that a later pause or resume took over stops without calling done: whoever
// started the later one is told instead.
void LocalQueue::release_held_jobs(std::uint64_t run, std::function<void(Status)> done) {
    worker_.run(
        [connection = connection_.get(), target = drain_target()]() -> Result<std::size_t> {
            return release_queue(*connection, target);
        },
        [this, run, done](const Result<std::size_t>& awaiting_document) {
            if (run != resume_run_) return;
            if (!awaiting_document) return done(awaiting_document.error());
            if (*awaiting_document == 0) {
                log::info(kLog, "resumed queue " + config_.queue);
                refresh_state();
                return done(Ok{});
            }
            log::info(kLog, "queue " + config_.queue + " resumed; " +
                                std::to_string(*awaiting_document) +
                                " held job(s) still receiving their document, released once "
                                "it has arrived");
            std::weak_ptr<int> alive = alive_;
            timers_.after_seconds(kIdlePollSeconds, [this, alive, run, done] {
                if (!alive.expired() && run == resume_run_) release_held_jobs(run, done);
            });
        });
}

void LocalQueue::wait_until_idle(unsigned timeout_s, std::function<void(Status)> done) {
    const std::int64_t deadline = g_get_monotonic_time() + std::int64_t{timeout_s} * G_USEC_PER_SEC;
    poll_until_idle(deadline, timeout_s, std::move(done));
}

void LocalQueue::poll_until_idle(std::int64_t deadline_us, unsigned timeout_s,
                                 std::function<void(Status)> done) {
    worker_.run([connection = connection_.get(), target = drain_target(),
                 reason = pause_reason_] { return pause_when_idle(*connection, target, reason); },
                [this, deadline_us, timeout_s, done](const Result<bool>& idle) {
                    if (idle && *idle) {
                        log::info(kLog, "queue " + config_.queue + " drained and paused");
                        refresh_state();
                        return done(Ok{});
                    }
                    if (g_get_monotonic_time() >= deadline_us) {
                        std::string why = "the job being printed did not finish within " +
                                          std::to_string(timeout_s) + " s";
                        if (!idle) why += " (" + idle.error().message + ")";
                        return done(make_error(ErrorCode::Timeout, why));
                    }
                    std::weak_ptr<int> alive = alive_;
                    timers_.after_seconds(kIdlePollSeconds,
                                          [this, alive, deadline_us, timeout_s, done] {
                                              if (!alive.expired())
                                                  poll_until_idle(deadline_us, timeout_s, done);
                                          });
                });
}

DrainTarget LocalQueue::drain_target() const {
    return DrainTarget{config_.queue, held_jobs_path(config_.state_dir),
                       config_.runtime_dir + "/install.lock"};
}

}  // namespace printlink::daemon
