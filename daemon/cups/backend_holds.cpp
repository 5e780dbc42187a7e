#include "daemon/cups/backend_holds.h"

#include "common/backend_hold_reason.h"
#include "common/log.h"
#include "daemon/cups/queue_requests.h"

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "cups";

}  // namespace

ipp::IppPtr all_active_jobs_request(const std::string& user) {
    // cupsd reads only the path: "/" means every queue.
    ipp::IppPtr request = ipp::new_request(IPP_OP_GET_JOBS, "ipp://localhost/", user);
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr,
                 "not-completed");
    static const char* const kWanted[] = {"job-id", "job-state", "job-printer-uri",
                                          "job-printer-state-reasons"};
    ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(std::size(kWanted)), nullptr, kWanted);
    return request;
}

Result<std::vector<BackendHeldJob>> decode_backend_held_jobs(ipp_t* response) {
    if (Status s = check_queue_response(response, "Get-Jobs"); !s) {
        // cupsd answers not-found when there are no jobs at all.
        if (ippGetStatusCode(response) == IPP_STATUS_ERROR_NOT_FOUND)
            return std::vector<BackendHeldJob>{};
        return s.error();
    }
    std::vector<BackendHeldJob> held;
    BackendHeldJob job;
    bool pending_held = false;
    bool marked = false;
    auto finish = [&] {
        if (job.id > 0 && !job.printer_uri.empty() && pending_held && marked) held.push_back(job);
        job = BackendHeldJob{};
        pending_held = marked = false;
    };
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        if (ippGetGroupTag(a) != IPP_TAG_JOB || !ippGetName(a)) {
            finish();
            continue;
        }
        const std::string name = ippGetName(a);
        if (name == "job-id" && ippGetValueTag(a) == IPP_TAG_INTEGER) {
            job.id = ippGetInteger(a, 0);
        } else if (name == "job-state" && ippGetValueTag(a) == IPP_TAG_ENUM) {
            pending_held = ippGetInteger(a, 0) == IPP_JSTATE_HELD;
        } else if (name == "job-printer-uri" && ippGetValueTag(a) == IPP_TAG_URI) {
            job.printer_uri = ippGetString(a, 0, nullptr);
        } else if (name == "job-printer-state-reasons" && ippGetValueTag(a) == IPP_TAG_KEYWORD) {
            for (int i = 0; i < ippGetCount(a); ++i) {
                const char* reason = ippGetString(a, i, nullptr);
                if (reason && std::string_view(reason) == kBackendHoldReason) marked = true;
            }
        }
    }
    finish();
    return held;
}

Status release_backend_held_jobs(CupsConnection& cups) {
    const std::string user = CupsConnection::user_name();
    auto response = cups.request(all_active_jobs_request(user), "/");
    if (!response) return response.error();
    auto held = decode_backend_held_jobs(response->get());
    if (!held) return held.error();
    for (const BackendHeldJob& job : *held) {
        auto released = cups.request(release_job_request(job.printer_uri, user, job.id), "/jobs/");
        Status status = released ? check_queue_response(released->get(), "Release-Job")
                                 : Status(released.error());
        if (!status) {
            log::warning(kLog, "cannot release job " + std::to_string(job.id) +
                                   " held by the printlink backend: " + status.error().message);
            continue;
        }
        log::info(kLog, "released job " + std::to_string(job.id) +
                            " that the printlink backend held during the update");
    }
    return Ok{};
}

}  // namespace printlink::daemon
