#include "daemon/cups/queue_drain.h"

#include "common/log.h"
#include "daemon/cups/backend_holds.h"
#include "daemon/cups/held_jobs.h"
#include "daemon/cups/queue_requests.h"
#include "daemon/firmware/install_lock.h"

#include <ctime>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "cups";

Status send(CupsConnection& cups, ipp::IppPtr request, const char* resource,
            const char* operation) {
    auto response = cups.request(std::move(request), resource);
    if (!response) return response.error();
    return check_queue_response(response->get(), operation);
}

Result<QueueState> read_state(CupsConnection& cups, const std::string& uri) {
    auto response = cups.request(queue_state_request(uri, CupsConnection::user_name()), "/");
    if (!response) return response.error();
    return decode_queue_state(response->get());
}

Result<std::vector<QueueJob>> active_jobs(CupsConnection& cups, const std::string& uri) {
    auto response = cups.request(active_jobs_request(uri, CupsConnection::user_name()), "/");
    if (!response) return response.error();
    return decode_active_jobs(response->get());
}

// Returns how many of the jobs the pause held still wait for their document (release_step).
Result<std::size_t> release_paused_jobs(CupsConnection& cups, const std::string& uri,
                                        const HeldJobs& held) {
    const std::string user = CupsConnection::user_name();
    if (Status s =
            send(cups, hold_new_jobs_request(uri, user, ""), "/admin/", "CUPS-Add-Modify-Printer");
        !s) {
        return s.error();
    }
    auto jobs = active_jobs(cups, uri);
    if (!jobs) return jobs.error();
    std::size_t awaiting_document = 0;
    for (const QueueJob& job : *jobs) {
        const ReleaseStep step = release_step(held, job);
        if (step == ReleaseStep::AwaitDocument) ++awaiting_document;
        if (step != ReleaseStep::Release) continue;
        if (Status s = send(cups, release_job_request(uri, user, job.id), "/jobs/", "Release-Job");
            !s) {
            log::warning(kLog,
                         "cannot release job " + std::to_string(job.id) + ": " + s.error().message);
        }
    }
    return awaiting_document;
}

// The jobs the printlink backend held while the installer ran, on any queue. Only once the
// installer let go of its lock: a failed install reports before its process ends, and a job
// released before that would only be held again, by then with nobody left to release it.
Status release_backend_holds(CupsConnection& cups, const DrainTarget& target) {
    if (!target.install_lock_path.empty() && install_lock_held(target.install_lock_path)) {
        return make_error(ErrorCode::InvalidState,
                          "the installer still holds " + target.install_lock_path +
                              "; the jobs the printlink backend held wait for it to end");
    }
    return release_backend_held_jobs(cups);
}

}  // namespace

Status hold_queue(CupsConnection& cups, const DrainTarget& target, const std::string& reason) {
    const std::string uri = cups.printer_uri(target.queue);
    const std::string user = CupsConnection::user_name();

    // The record first: whatever happens next, a resume knows to undo it.
    HeldJobs held = load_held_jobs(target.record_path).value_or(HeldJobs{std::time(nullptr), {}});
    if (Status saved = save_held_jobs(target.record_path, held); !saved) return saved;

    // Jobs that arrive from now on wait...
    if (Status s = send(cups, hold_new_jobs_request(uri, user, "indefinite"), "/admin/",
                        "CUPS-Add-Modify-Printer");
        !s) {
        return s;
    }
    // ...and so do the ones already waiting. The printing one goes on.
    auto jobs = active_jobs(cups, uri);
    if (!jobs) return jobs.error();
    for (const QueueJob& job : *jobs) {
        if (job.state != IPP_JSTATE_PENDING) continue;
        if (Status s = send(cups, hold_job_request(uri, user, job.id), "/jobs/", "Hold-Job"); !s) {
            log::warning(kLog,
                         "cannot hold job " + std::to_string(job.id) + ": " + s.error().message);
            continue;
        }
        held.ids.push_back(job.id);
    }
    if (Status saved = save_held_jobs(target.record_path, held); !saved) return saved;

    auto idle = pause_when_idle(cups, target, reason);
    if (!idle) return idle.error();
    return Ok{};
}

Result<bool> pause_when_idle(CupsConnection& cups, const DrainTarget& target,
                             const std::string& reason) {
    const std::string uri = cups.printer_uri(target.queue);
    auto state = read_state(cups, uri);
    if (!state) return state.error();
    if (state->printer_state == IPP_PSTATE_PROCESSING) return false;
    if (state->printer_state != IPP_PSTATE_STOPPED) {
        if (Status s = send(cups, pause_printer_request(uri, CupsConnection::user_name(), reason),
                            "/admin/", "Pause-Printer");
            !s) {
            return s.error();
        }
    }
    return true;
}

Result<std::size_t> release_queue(CupsConnection& cups, const DrainTarget& target) {
    const std::string uri = cups.printer_uri(target.queue);
    const std::string user = CupsConnection::user_name();
    if (Status s = send(cups, resume_printer_request(uri, user), "/admin/", "Resume-Printer"); !s) {
        return s.error();
    }
    // No record: the pause held nothing (or this queue was never paused by us).
    std::size_t awaiting_document = 0;
    if (auto held = load_held_jobs(target.record_path)) {
        auto awaiting = release_paused_jobs(cups, uri, *held);
        if (!awaiting) return awaiting.error();
        awaiting_document = *awaiting;
        if (awaiting_document == 0) forget_held_jobs(target.record_path);
    }
    if (Status s = release_backend_holds(cups, target); !s) return s.error();
    return awaiting_document;
}

}  // namespace printlink::daemon
