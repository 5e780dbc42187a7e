#include "daemon/jobs/job_forwarder.h"

#include "common/ipp/ipp_ptr.h"
#include "common/log.h"
#include "daemon/cloud/response_status.h"

#include <algorithm>

namespace printlink::daemon::jobs {
namespace {

constexpr const char* kLog = "jobs";
constexpr int kCanceled = IPP_JSTATE_CANCELED;

bool ended(int state) {
    return state >= IPP_JSTATE_CANCELED;
}

std::string job_text(int cloud_job_id) {
    return "cloud job " + std::to_string(cloud_job_id);
}

bool has_reason(const std::vector<std::string>& reasons, const std::string& r) {
    return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

// A failure of a connection itself (cloud or cupsd), not of the job: the round ends and is
// tried again whole, at no cost to the job.
bool connection_failure(const Error& e) {
    return e.code == ErrorCode::Network || e.code == ErrorCode::Timeout ||
           e.code == ErrorCode::Cancelled || e.code == ErrorCode::NotAuthorized;
}

// The job-state-reasons keywords a given-up job is reported with (RFC 8011 §5.3.8, PWG
// 5100.7): the document could not be fetched, the local queue could not take it, or its
// format is not one the queue prints.
constexpr const char* kDocumentAccessError = "document-access-error";
constexpr const char* kDocumentUnprintable = "document-unprintable-error";
constexpr const char* kDocumentFormatError = "document-format-error";
constexpr const char* kAbortedBySystem = "aborted-by-system";

bool accepted(const std::vector<std::string>& formats, const std::string& format) {
    // An empty list: the queue takes any bytes.
    return formats.empty() || std::find(formats.begin(), formats.end(), format) != formats.end();
}

// The state the cloud shows for a job after this device's reports (docs/protocol.md §7.2):
// queued or printing here is processing there.
int cloud_state_after(const JobRecord& rec) {
    if (rec.reported_state == 0)
        return rec.step >= JobStep::Acknowledged ? IPP_JSTATE_PROCESSING : 0;
    if (rec.reported_state <= IPP_JSTATE_PROCESSING) return IPP_JSTATE_PROCESSING;
    return rec.reported_state;
}

// A client's Cancel-Job after Acknowledge-Job: Fetch-Job shows it (docs/protocol.md §7.2).
bool canceled_by_client(ipp_t* job) {
    auto reasons = ipp::get_strings(job, "job-state-reasons", IPP_TAG_JOB);
    auto state = ipp::get_enum(job, "job-state", IPP_TAG_JOB);
    return (reasons && has_reason(*reasons, "job-canceled-by-user")) || (state && ended(*state));
}

// The local job's reasons as the device's: "none" left out, the end said plainly.
DeviceJobStatus device_status(const LocalJobStatus& local, bool cloud_canceled) {
    DeviceJobStatus s;
    s.state = local.state;
    s.impressions = local.impressions;
    for (const auto& r : local.reasons) {
        if (r != "none") s.reasons.push_back(r);
    }
    if (local.state == IPP_JSTATE_CANCELED && !cloud_canceled &&
        !has_reason(s.reasons, "job-canceled-at-device")) {
        s.reasons.push_back("job-canceled-at-device");
    }
    if (local.state == IPP_JSTATE_COMPLETED && !has_reason(s.reasons, "job-completed-successfully"))
        s.reasons.push_back("job-completed-successfully");
    return s;
}

}  // namespace

JobForwarder::JobForwarder(IppTransport& cloud, IppStreamTransport& documents, LocalPrinter& local,
                           JobMap& map, ProxyIdentity identity, RetryPolicy retry)
    : cloud_(cloud),
      documents_(documents),
      local_(local),
      map_(map),
      identity_(std::move(identity)),
      retry_(retry) {
    if (retry_.attempts < 1) retry_.attempts = 1;
}

Status JobForwarder::record(const JobRecord& rec) {
    map_.put(rec);
    if (Status s = map_.save(); !s) {
        log::error(kLog, "cannot record " + job_text(rec.cloud_job_id) + ": " + s.error().message);
        return s;
    }
    log::debug(kLog, job_text(rec.cloud_job_id) + ": " + step_name(rec.step));
    return Ok{};
}

Status JobForwarder::sync() {
    // Every job whose delay is over is tried in this round; a new failure sets a new delay.
    for (auto it = retry_at_.begin(); it != retry_at_.end();) {
        it = Clock::now() >= it->second ? retry_at_.erase(it) : std::next(it);
    }
    // Ended jobs whose end reached the cloud leave the map: nothing more to say of them.
    for (const auto& rec : map_.records()) {
        if (rec.step == JobStep::ReportedFinal) {
            map_.remove(rec.cloud_job_id);
            retry_at_.erase(rec.cloud_job_id);
        }
    }
    std::vector<ActiveJob> mine;
    for (const auto& rec : map_.active()) {
        // Before any report the device holds the job as pending (INFRA §4.2.2).
        mine.push_back({rec.cloud_job_id, rec.reported_state
                                              ? rec.reported_state
                                              : static_cast<int>(IPP_JSTATE_PENDING)});
    }
    auto differ = update_active_jobs(cloud_, identity_, mine);
    if (!differ) return differ.error();
    take_cloud_answers(*differ);
    if (Status s = map_.save(); !s) return s;

    auto formats = local_.formats_accepted();
    if (!formats) return formats.error();
    formats_ = std::move(*formats);
    // A queue that takes application/octet-stream takes any bytes as they are: no format
    // needs to be asked for.
    if (std::find(formats_.begin(), formats_.end(), "application/octet-stream") != formats_.end())
        formats_.clear();

    for (const auto& rec : map_.active()) {
        if (Status s = advance(rec); !s) return s;
    }
    auto fetchable = get_fetchable_jobs(cloud_, identity_);
    if (!fetchable) return fetchable.error();
    for (int id : *fetchable) {
        if (map_.find(id) || waiting_to_retry(id)) continue;  // ours already, or waiting
        if (Status s = forward_new_job(id); !s) return s;
    }
    return follow_progress();
}

void JobForwarder::take_cloud_answers(const std::vector<ActiveJob>& differ) {
    for (const auto& d : differ) {
        JobRecord* rec = map_.find(d.job_id);
        if (!rec || d.state != kCanceled || rec->cloud_canceled) continue;
        log::notice(kLog, job_text(d.job_id) + " was canceled in the cloud");
        rec->cloud_canceled = true;
        retry_at_.erase(d.job_id);  // nothing left to retry: the job only has to stop
        if (rec->local_job_id > 0) {
            if (Status s = local_.cancel_job(rec->local_job_id); !s)
                log::warning(kLog, "cannot cancel local job " + std::to_string(rec->local_job_id) +
                                       ": " + s.error().message);
        }
    }
}

bool JobForwarder::wants_sync(const std::vector<CloudJobEvent>& events) const {
    for (const auto& e : events) {
        if (e.job_id <= 0) return true;
        const JobRecord* rec = map_.find(e.job_id);
        if (!rec) return true;  // a job new to this device (job-fetchable), or one it dropped
        if (rec->step == JobStep::ReportedFinal) continue;  // its end is told: no news
        // A client's cancel may leave the state as it was (processing-stopped): its reason
        // tells.
        if (has_reason(e.reasons, "job-canceled-by-user") && !rec->cloud_canceled) return true;
        if (e.state != cloud_state_after(*rec)) return true;
    }
    return false;
}

bool JobForwarder::waiting_to_retry(int cloud_job_id) const {
    auto it = retry_at_.find(cloud_job_id);
    return it != retry_at_.end() && Clock::now() < it->second;
}

void JobForwarder::schedule_retry(int cloud_job_id, int attempts) {
    auto delay = retry_.first_delay;
    for (int i = 1; i < attempts && delay < retry_.max_delay; ++i) delay *= 2;
    retry_at_[cloud_job_id] = Clock::now() + std::min(delay, retry_.max_delay);
}

std::optional<JobForwarder::Clock::time_point> JobForwarder::next_retry() const {
    std::optional<Clock::time_point> first;
    for (const auto& [id, at] : retry_at_) {
        if (!first || at < *first) first = at;
    }
    return first;
}

Status JobForwarder::job_failed(JobRecord& rec, const std::string& reason,
                                const std::string& message, bool at_once) {
    ++rec.attempts;
    if (!at_once && rec.attempts < retry_.attempts) {
        log::warning(kLog, job_text(rec.cloud_job_id) + ", attempt " +
                               std::to_string(rec.attempts) + " of " +
                               std::to_string(retry_.attempts) + ": " + message);
        schedule_retry(rec.cloud_job_id, rec.attempts);
        return record(rec);
    }
    log::error(kLog, job_text(rec.cloud_job_id) + " given up: " + message);
    rec.abort_reason = reason;
    rec.abort_message = message;
    if (Status s = record(rec); !s) return s;
    return give_up(rec);
}

Status JobForwarder::give_up(JobRecord& rec) {
    retry_at_.erase(rec.cloud_job_id);
    if (rec.local_job_id > 0) {
        // The local job never got its whole document: it must not print a part of it.
        if (Status s = local_.cancel_job(rec.local_job_id); !s) {
            if (connection_failure(s.error())) return s;
            log::warning(kLog, job_text(rec.cloud_job_id) + ": " + s.error().message);
        }
    }
    Status told = Ok{};
    if (rec.step < JobStep::Acknowledged) {
        told = refuse_job(cloud_, identity_, rec.cloud_job_id, IPP_STATUS_ERROR_INTERNAL,
                          rec.abort_message);
    } else {
        std::vector<std::string> reasons = {rec.abort_reason};
        if (rec.abort_reason != kAbortedBySystem) reasons.push_back(kAbortedBySystem);
        told = update_job_status(
            cloud_, identity_, rec.cloud_job_id,
            {IPP_JSTATE_ABORTED, reasons,
             rec.reported_impressions > 0 ? rec.reported_impressions : 0, rec.abort_message});
    }
    if (!told) {
        if (connection_failure(told.error())) return told;  // told again next round
        // The cloud refuses to hear of the job (gone, or not this device's): nothing more to
        // say of it.
        log::warning(kLog, job_text(rec.cloud_job_id) + ": " + told.error().message);
    }
    rec.reported_state = IPP_JSTATE_ABORTED;
    rec.step = JobStep::ReportedFinal;
    log::notice(kLog, job_text(rec.cloud_job_id) + " aborted: " + rec.abort_message);
    return record(rec);
}

Status JobForwarder::unfetched_job_failed(int cloud_job_id, const std::string& message) {
    const int attempts = ++unfetched_attempts_[cloud_job_id];
    if (attempts < retry_.attempts) {
        log::warning(kLog, job_text(cloud_job_id) + ", attempt " + std::to_string(attempts) +
                               " of " + std::to_string(retry_.attempts) + ": " + message);
        schedule_retry(cloud_job_id, attempts);
        return Ok{};
    }
    unfetched_attempts_.erase(cloud_job_id);
    retry_at_.erase(cloud_job_id);
    log::error(kLog, job_text(cloud_job_id) + " refused: " + message);
    Status told = refuse_job(cloud_, identity_, cloud_job_id, IPP_STATUS_ERROR_INTERNAL, message);
    if (!told && connection_failure(told.error())) return told;
    if (!told) log::warning(kLog, job_text(cloud_job_id) + ": " + told.error().message);
    return Ok{};
}

Status JobForwarder::forward_new_job(int cloud_job_id) {
    JobRecord rec;
    rec.cloud_job_id = cloud_job_id;
    auto job = fetch_job(cloud_, identity_, cloud_job_id);
    if (!job) {
        if (connection_failure(job.error())) return job.error();
        // A malformed answer: the cloud's fault, tried again and then refused.
        if (job.error().code == ErrorCode::Protocol)
            return unfetched_job_failed(cloud_job_id, job.error().message);
        // Taken by another device, or canceled, between Get-Jobs and Fetch-Job.
        log::info(kLog, job_text(cloud_job_id) + " not fetched: " + job.error().message);
        return Ok{};
    }
    unfetched_attempts_.erase(cloud_job_id);
    retry_at_.erase(cloud_job_id);
    rec.job_uuid = ipp::get_string(job->get(), "job-uuid", IPP_TAG_JOB).value_or("");
    if (rec.job_uuid.empty()) rec.job_uuid = "cloud-job-" + std::to_string(cloud_job_id);
    rec.name = map_ticket(job->get(), cloud_job_id).job_name;
    rec.step = JobStep::Fetched;
    if (Status s = record(rec); !s) return s;
    log::info(kLog, "fetched " + job_text(cloud_job_id) + " '" + rec.name + "'");
    return advance(rec);
}

Status JobForwarder::advance(JobRecord rec) {
    if (!rec.abort_reason.empty()) return give_up(rec);  // given up; the cloud not told yet
    if (rec.cloud_canceled && rec.local_job_id == 0) return report_canceled_before_printing(rec);
    if (waiting_to_retry(rec.cloud_job_id)) return Ok{};
    if (rec.step == JobStep::Fetched) {
        if (Status s = acknowledge_job(cloud_, identity_, rec.cloud_job_id); !s) {
            if (connection_failure(s.error())) return s;
            return job_failed(rec, kAbortedBySystem, s.error().message);
        }
        rec.step = JobStep::Acknowledged;
        rec.attempts = 0;
        if (Status s = record(rec); !s) return s;
    }
    if (rec.step == JobStep::Acknowledged) {
        if (Status s = create_local_job(rec); !s) return s;
        if (rec.cloud_canceled && rec.local_job_id == 0)
            return report_canceled_before_printing(rec);
        if (rec.step == JobStep::ReportedFinal || rec.step == JobStep::Acknowledged) return Ok{};
    }
    if (rec.step == JobStep::LocalJobCreated) {
        if (Status s = send_document(rec); !s) return s;
    }
    if (rec.step == JobStep::DocumentSent) {
        if (Status s = acknowledge_document(cloud_, identity_, rec.cloud_job_id); !s) {
            if (connection_failure(s.error())) return s;
            // Acknowledged before a crash already (the cloud refuses a second one).
            log::info(kLog, job_text(rec.cloud_job_id) + ": " + s.error().message);
        }
        rec.step = JobStep::Printing;
        if (Status s = record(rec); !s) return s;
    }
    return Ok{};
}

Status JobForwarder::create_local_job(JobRecord& rec) {
    auto job = fetch_job(cloud_, identity_, rec.cloud_job_id);
    if (!job) {
        if (connection_failure(job.error())) return job.error();
        return job_failed(rec, kAbortedBySystem, job.error().message);
    }
    if (canceled_by_client(job->get())) {
        rec.cloud_canceled = true;
        return Ok{};
    }
    // The cloud does not convert (docs/protocol.md §7.3): a document it holds in a format the
    // queue does not print is given up before any local job exists.
    if (auto format = ipp::get_string(job->get(), "document-format", IPP_TAG_JOB);
        format && !accepted(formats_, *format)) {
        return job_failed(rec, kDocumentFormatError, "the local queue does not print " + *format,
                          true);
    }
    // A crash between creating the local job and recording it leaves a marked local job.
    auto existing = local_.find_job(rec.job_uuid);
    if (!existing) {
        if (connection_failure(existing.error())) return existing.error();
        return job_failed(rec, kDocumentUnprintable, existing.error().message);
    }
    if (*existing) {
        log::notice(kLog, job_text(rec.cloud_job_id) + " already has local job " +
                              std::to_string(**existing) + ": not created again");
        rec.local_job_id = **existing;
    } else {
        LocalTicket ticket = map_ticket(job->get(), rec.cloud_job_id);
        for (const auto& why : ticket.skipped)
            log::warning(kLog, job_text(rec.cloud_job_id) + ": " + why);
        auto id = local_.create_job(ticket, rec.job_uuid);
        if (!id) {
            if (connection_failure(id.error())) return id.error();
            return job_failed(rec, kDocumentUnprintable, id.error().message);
        }
        rec.local_job_id = *id;
        log::info(kLog, job_text(rec.cloud_job_id) + " is local job " + std::to_string(*id));
    }
    rec.step = JobStep::LocalJobCreated;
    rec.attempts = 0;
    return record(rec);
}

Status JobForwarder::send_document(JobRecord& rec) {
    // A document completed before a crash is in the local job already.
    auto status = local_.job_status(rec.local_job_id);
    if (!status) {
        if (connection_failure(status.error())) return status.error();
        return job_failed(rec, kDocumentUnprintable, status.error().message);
    }
    if (status->documents < 1 && !ended(status->state)) {
        bool complete = false;
        if (Status s = stream_document(rec, complete); !s || !complete) return s;
        log::info(kLog, job_text(rec.cloud_job_id) + ": document sent to local job " +
                            std::to_string(rec.local_job_id));
    }
    rec.step = JobStep::DocumentSent;
    rec.attempts = 0;
    return record(rec);
}

// Fetch-Document streamed into the local job. Every failure here is the job's: a transfer
// cut off, a refusal, a format the queue does not print. The partial local document is
// dropped each time (cupsd keeps the job, which takes the document on the next attempt).
Status JobForwarder::stream_document(JobRecord& rec, bool& complete) {
    const int id = rec.cloud_job_id;
    if (Status s = local_.start_document(rec.local_job_id); !s) {
        local_.abort_document();
        if (s.error().code == ErrorCode::Cancelled) return s;
        return job_failed(rec, kDocumentUnprintable, s.error().message);
    }
    std::optional<Error> local_failure;
    auto fetched = fetch_document(documents_, identity_, id, formats_,
                                  [this, &local_failure](const char* data, std::size_t size) {
                                      Status s = local_.write_document(data, size);
                                      if (!s) local_failure = s.error();
                                      return s;
                                  });
    if (!fetched) {
        local_.abort_document();
        if (fetched.error().code == ErrorCode::Cancelled) return fetched.error();
        if (local_failure) return job_failed(rec, kDocumentUnprintable, local_failure->message);
        return job_failed(rec, kDocumentAccessError,
                          "the document could not be fetched: " + fetched.error().message);
    }
    ipp_t* answer = fetched->get();
    const ipp_status_t code = ippGetStatusCode(answer);
    if (code >= IPP_STATUS_REDIRECTION_OTHER_SITE) {
        local_.abort_document();
        const std::string why =
            cloud::check_response_status(answer, "Fetch-Document").error().message;
        if (code == IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED)
            return job_failed(rec, kDocumentFormatError, why, true);
        if (code == IPP_STATUS_ERROR_NOT_FETCHABLE) {
            // A client's cancel makes the document unfetchable: the job is to stop, not to fail.
            auto job = fetch_job(cloud_, identity_, id);
            if (job && canceled_by_client(job->get())) {
                rec.cloud_canceled = true;
                if (Status s = local_.cancel_job(rec.local_job_id); !s)
                    log::warning(kLog, job_text(id) + ": " + s.error().message);
                return record(rec);
            }
        }
        return job_failed(rec, kDocumentAccessError, why);
    }
    auto format = ipp::get_string(answer, "document-format");
    if (!formats_.empty() && !format) {
        local_.abort_document();
        return job_failed(rec, kDocumentAccessError, "Fetch-Document answered no document-format");
    }
    if (format && !accepted(formats_, *format)) {
        local_.abort_document();
        return job_failed(
            rec, kDocumentFormatError,
            "the cloud sent the document as " + *format + ", which the local queue does not print",
            true);
    }
    if (Status s = local_.finish_document(); !s) {
        if (s.error().code == ErrorCode::InvalidArgument)
            return job_failed(rec, kDocumentFormatError, s.error().message, true);
        return job_failed(rec, kDocumentUnprintable, s.error().message);
    }
    complete = true;
    return Ok{};
}

Status JobForwarder::report_canceled_before_printing(JobRecord& rec) {
    DeviceJobStatus s{kCanceled, {"job-canceled-by-user"}, 0, ""};
    if (Status sent = update_job_status(cloud_, identity_, rec.cloud_job_id, s); !sent) return sent;
    rec.reported_state = kCanceled;
    rec.step = JobStep::ReportedFinal;
    log::info(kLog, job_text(rec.cloud_job_id) + " canceled before it printed");
    return record(rec);
}

Status JobForwarder::follow_progress() {
    for (auto rec : map_.active()) {
        if (rec.step != JobStep::Printing) continue;
        auto local = local_.job_status(rec.local_job_id);
        if (!local) {
            if (local.error().code != ErrorCode::NotFound) return local.error();
            // The local job is gone (cupsd lost it): the job did not print here.
            local = LocalJobStatus{IPP_JSTATE_ABORTED, {"aborted-by-system"}, 0, 0};
        }
        if (Status s = report(rec, *local); !s) return s;
    }
    return Ok{};
}

Status JobForwarder::report(JobRecord& rec, const LocalJobStatus& local) {
    if (local.state == rec.reported_state && local.impressions == rec.reported_impressions)
        return Ok{};
    DeviceJobStatus s = device_status(local, rec.cloud_canceled);
    if (Status sent = update_job_status(cloud_, identity_, rec.cloud_job_id, s); !sent) return sent;
    if (local.impressions != rec.reported_impressions && local.impressions > 0) {
        // Document progress is informative only (the cloud does not keep it, §7.3).
        (void)update_document_status(cloud_, identity_, rec.cloud_job_id, local.impressions);
    }
    rec.reported_state = local.state;
    rec.reported_impressions = local.impressions;
    if (ended(local.state)) {
        rec.step = JobStep::ReportedFinal;
        log::info(kLog, job_text(rec.cloud_job_id) +
                            " ended: " + ippEnumString("job-state", local.state));
    }
    return record(rec);
}

std::vector<ActiveJobView> JobForwarder::view() const {
    std::vector<ActiveJobView> out;
    for (const auto& rec : map_.active()) {
        std::string state = step_name(rec.step);
        if (rec.step == JobStep::Printing && rec.reported_state)
            state = ippEnumString("job-state", rec.reported_state);
        out.push_back({rec.cloud_job_id, rec.local_job_id, state, rec.name});
    }
    return out;
}

}  // namespace printlink::daemon::jobs
