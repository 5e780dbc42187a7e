#include "daemon/jobs/job_forwarder.h"

#include "common/ipp/ipp_ptr.h"
#include "common/log.h"

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
                           JobMap& map, ProxyIdentity identity)
    : cloud_(cloud),
      documents_(documents),
      local_(local),
      map_(map),
      identity_(std::move(identity)) {}

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
    // Ended jobs whose end reached the cloud leave the map: nothing more to say of them.
    for (const auto& rec : map_.records()) {
        if (rec.step == JobStep::ReportedFinal) map_.remove(rec.cloud_job_id);
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
        if (map_.find(id)) continue;  // already ours, resumed above
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
        if (rec->local_job_id > 0) {
            if (Status s = local_.cancel_job(rec->local_job_id); !s)
                log::warning(kLog, "cannot cancel local job " + std::to_string(rec->local_job_id) +
                                       ": " + s.error().message);
        }
    }
}

Status JobForwarder::forward_new_job(int cloud_job_id) {
    JobRecord rec;
    rec.cloud_job_id = cloud_job_id;
    auto job = fetch_job(cloud_, identity_, cloud_job_id);
    if (!job) {
        // Taken by another device, or canceled, between Get-Jobs and Fetch-Job.
        if (job.error().code == ErrorCode::Network || job.error().code == ErrorCode::Timeout)
            return job.error();
        log::info(kLog, job_text(cloud_job_id) + " not fetched: " + job.error().message);
        return Ok{};
    }
    rec.job_uuid = ipp::get_string(job->get(), "job-uuid", IPP_TAG_JOB).value_or("");
    if (rec.job_uuid.empty()) rec.job_uuid = "cloud-job-" + std::to_string(cloud_job_id);
    rec.name = map_ticket(job->get(), cloud_job_id).job_name;
    rec.step = JobStep::Fetched;
    if (Status s = record(rec); !s) return s;
    log::info(kLog, "fetched " + job_text(cloud_job_id) + " '" + rec.name + "'");
    return advance(rec);
}

Status JobForwarder::advance(JobRecord rec) {
    if (rec.cloud_canceled && rec.local_job_id == 0) return report_canceled_before_printing(rec);
    if (rec.step == JobStep::Fetched) {
        if (Status s = acknowledge_job(cloud_, identity_, rec.cloud_job_id); !s) return s;
        rec.step = JobStep::Acknowledged;
        if (Status s = record(rec); !s) return s;
    }
    if (rec.step == JobStep::Acknowledged) {
        if (Status s = create_local_job(rec); !s) return s;
        if (rec.cloud_canceled) return report_canceled_before_printing(rec);
    }
    if (rec.step == JobStep::LocalJobCreated) {
        if (Status s = send_document(rec); !s) return s;
    }
    if (rec.step == JobStep::DocumentSent) {
        if (Status s = acknowledge_document(cloud_, identity_, rec.cloud_job_id); !s) {
            if (s.error().code == ErrorCode::Network || s.error().code == ErrorCode::Timeout)
                return s;
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
    if (!job) return job.error();
    if (canceled_by_client(job->get())) {
        rec.cloud_canceled = true;
        return Ok{};
    }
    // A crash between creating the local job and recording it leaves a marked local job.
    auto existing = local_.find_job(rec.job_uuid);
    if (!existing) return existing.error();
    if (*existing) {
        log::notice(kLog, job_text(rec.cloud_job_id) + " already has local job " +
                              std::to_string(**existing) + ": not created again");
        rec.local_job_id = **existing;
    } else {
        LocalTicket ticket = map_ticket(job->get(), rec.cloud_job_id);
        for (const auto& why : ticket.skipped)
            log::warning(kLog, job_text(rec.cloud_job_id) + ": " + why);
        auto id = local_.create_job(ticket, rec.job_uuid);
        if (!id) return id.error();
        rec.local_job_id = *id;
        log::info(kLog, job_text(rec.cloud_job_id) + " is local job " + std::to_string(*id));
    }
    rec.step = JobStep::LocalJobCreated;
    return record(rec);
}

Status JobForwarder::send_document(JobRecord& rec) {
    // A document completed before a crash is in the local job already.
    auto status = local_.job_status(rec.local_job_id);
    if (!status) return status.error();
    if (status->documents < 1 && !ended(status->state)) {
        if (Status s = local_.start_document(rec.local_job_id); !s) return s;
        Status fetched = fetch_document(documents_, identity_, rec.cloud_job_id, formats_,
                                        [this](const char* data, std::size_t size) {
                                            return local_.write_document(data, size);
                                        });
        if (!fetched) {
            local_.abort_document();
            return fetched;
        }
        if (Status s = local_.finish_document(); !s) return s;
        log::info(kLog, job_text(rec.cloud_job_id) + ": document sent to local job " +
                            std::to_string(rec.local_job_id));
    }
    rec.step = JobStep::DocumentSent;
    return record(rec);
}

Status JobForwarder::report_canceled_before_printing(JobRecord& rec) {
    DeviceJobStatus s{kCanceled, {"job-canceled-by-user"}, 0};
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
