#include "cloud/ipp/job_support.h"

#include "cloud/ipp/attribute_json.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/ipp_uri.h"
#include "cloud/jobs/job_events.h"
#include "cloud/store/document_spool.h"
#include "cloud/store/job_store.h"
#include "common/log.h"

#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

void add_keywords(ipp_t* ipp, const char* name, const std::vector<std::string>& values) {
    std::vector<const char*> raw;
    for (const auto& v : values) raw.push_back(v.c_str());
    if (raw.empty()) raw.push_back("none");
    ippAddStrings(ipp, IPP_TAG_JOB, IPP_TAG_KEYWORD, name, static_cast<int>(raw.size()), nullptr,
                  raw.data());
}

void add_time(ipp_t* ipp, const CloudSettings& settings, const char* suffix, std::int64_t at) {
    const std::string time_name = std::string("time-at-") + suffix;
    const std::string date_name = std::string("date-time-at-") + suffix;
    if (at == 0) {
        ippAddOutOfBand(ipp, IPP_TAG_JOB, IPP_TAG_NOVALUE, time_name.c_str());
        ippAddOutOfBand(ipp, IPP_TAG_JOB, IPP_TAG_NOVALUE, date_name.c_str());
        return;
    }
    ippAddInteger(ipp, IPP_TAG_JOB, IPP_TAG_INTEGER, time_name.c_str(), settings.up_time(at));
    ippAddDate(ipp, IPP_TAG_JOB, date_name.c_str(), ippTimeToDate(static_cast<time_t>(at)));
}

// The whole Job Description as this cloud keeps it, in one scratch message to filter from.
ipp::IppPtr description(const CloudSettings& settings, const Job& job, std::int64_t now) {
    ipp::IppPtr d(ippNew());
    ipp_t* a = d.get();
    const ipp_tag_t g = IPP_TAG_JOB;
    ippAddInteger(a, g, IPP_TAG_INTEGER, "job-id", static_cast<int>(job.id));
    ippAddString(a, g, IPP_TAG_URI, "job-uri", nullptr, job_uri(settings, job).c_str());
    ippAddString(a, g, IPP_TAG_URI, "job-uuid", nullptr, job.uuid.c_str());
    // The same URI as printer-uri-supported.
    ippAddString(a, g, IPP_TAG_URI, "job-printer-uri", nullptr,
                 ipp_scheme_uri(settings.printer_uri(job.printer_id)).c_str());
    ippAddString(a, g, IPP_TAG_NAME, "job-name", nullptr, job.name.c_str());
    ippAddString(a, g, IPP_TAG_NAME, "job-originating-user-name", nullptr, job.owner.c_str());
    ippAddInteger(a, g, IPP_TAG_ENUM, "job-state", static_cast<int>(job.state));
    add_keywords(a, "job-state-reasons", job.reasons);
    if (!job.state_message.empty()) {
        ippAddString(a, g, IPP_TAG_TEXT, "job-state-message", nullptr, job.state_message.c_str());
    }
    add_time(a, settings, "creation", job.created_at);
    add_time(a, settings, "processing", job.processing_at);
    add_time(a, settings, "completed", job.completed_at);
    ippAddInteger(a, g, IPP_TAG_INTEGER, "job-printer-up-time", settings.up_time(now));
    ippAddInteger(a, g, IPP_TAG_INTEGER, "number-of-documents", job.document.count);
    ippAddInteger(a, g, IPP_TAG_INTEGER, "job-k-octets",
                  static_cast<int>((job.document.octets + 1023) / 1024));
    if (!job.document.format.empty()) {
        ippAddString(a, g, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     job.document.format.c_str());
    }
    ippAddInteger(a, g, IPP_TAG_INTEGER, "job-impressions-completed",
                  static_cast<int>(job.impressions_completed));
    ippAddInteger(a, g, IPP_TAG_INTEGER, "job-pages-completed",
                  static_cast<int>(job.pages_completed));
    ippAddInteger(a, g, IPP_TAG_INTEGER, "job-media-sheets-completed",
                  static_cast<int>(job.media_sheets_completed));
    if (!job.device_uuid.empty()) {
        ippAddString(a, g, IPP_TAG_URI, "output-device-uuid-assigned", nullptr,
                     job.device_uuid.c_str());
    }
    if (job.device_state != 0) {
        ippAddInteger(a, g, IPP_TAG_ENUM, "output-device-job-state", job.device_state);
        add_keywords(a, "output-device-job-state-reasons", job.device_reasons);
        if (!job.device_message.empty()) {
            ippAddString(a, g, IPP_TAG_TEXT, "output-device-job-state-message", nullptr,
                         job.device_message.c_str());
        }
    }
    // The client's ticket last, as sent; a description attribute of the same name wins.
    for (const auto& entry : job.ticket) {
        if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) continue;
        const std::string name = entry["name"].get<std::string>();
        if (ippFindAttribute(a, name.c_str(), IPP_TAG_ZERO)) continue;
        add_attribute_from_json(a, g, name, entry["value"]);
    }
    return d;
}

}  // namespace

std::optional<std::set<std::string>> requested_job_attributes(ipp_t* request, bool all_by_default) {
    auto names = ipp::get_strings(request, "requested-attributes", IPP_TAG_OPERATION);
    if (!names) {
        if (all_by_default) return std::nullopt;
        return std::set<std::string>{"job-id", "job-uri"};  // RFC 8011 §4.2.6.1
    }
    std::set<std::string> wanted;
    for (const auto& n : *names) {
        if (n == "all" || n == "job-template" || n == "job-description") return std::nullopt;
        wanted.insert(n);
    }
    return wanted;
}

void add_job_attributes(ipp_t* response, const CloudSettings& settings, const Job& job,
                        const std::optional<std::set<std::string>>& wanted, std::int64_t now) {
    ipp::IppPtr all = description(settings, job, now);
    for (ipp_attribute_t* a = ippFirstAttribute(all.get()); a; a = ippNextAttribute(all.get())) {
        const char* name = ippGetName(a);
        if (name && (!wanted || wanted->count(name))) ippCopyAttribute(response, a, 0);
    }
}

std::string job_uri(const CloudSettings& settings, const Job& job) {
    return ipp_scheme_uri(settings.printer_uri(job.printer_id)) + "/" + std::to_string(job.id);
}

std::optional<Job> load_target_job(JobContext& c) {
    std::optional<int> id = ipp::get_integer(c.op.request, "job-id", IPP_TAG_OPERATION);
    if (!id) {
        if (auto uri = ipp::get_string(c.op.request, "job-uri", IPP_TAG_OPERATION)) {
            // job-uri as this cloud writes it (ipp://), or with the server's own http://.
            const std::string http = c.op.cloud.settings().printer_uri(c.op.printer.id) + "/";
            const std::string ipp = ipp_scheme_uri(http);
            const std::string* prefix = uri->rfind(ipp, 0) == 0    ? &ipp
                                        : uri->rfind(http, 0) == 0 ? &http
                                                                   : nullptr;
            if (prefix) {
                const std::string digits = uri->substr(prefix->size());
                if (!digits.empty() && digits.size() < 10 &&
                    digits.find_first_not_of("0123456789") == std::string::npos) {
                    id = std::stoi(digits);
                }
            }
            if (!id) {
                set_status(c.op.response, IPP_STATUS_ERROR_NOT_FOUND, "no such job: " + *uri);
                return std::nullopt;
            }
        }
    }
    if (!id || *id <= 0) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "job-id (integer(1:MAX)) is required");
        return std::nullopt;
    }
    auto job = JobStore(c.op.cloud.db()).find(c.op.printer.id, *id);
    if (!job) {
        answer_internal(c, "loading job " + std::to_string(*id), job.error());
        return std::nullopt;
    }
    if (!*job) {
        set_status(c.op.response, IPP_STATUS_ERROR_NOT_FOUND,
                   "job " + std::to_string(*id) + " does not exist");
        return std::nullopt;
    }
    return std::move(**job);
}

std::optional<FetchStatus> read_fetch_status(JobContext& c) {
    FetchStatus status;
    status.code = ipp::get_enum(c.op.request, "fetch-status-code", IPP_TAG_OPERATION);
    if (!status.code)
        status.code = ipp::get_integer(c.op.request, "fetch-status-code", IPP_TAG_OPERATION);
    if (status.code && *status.code == IPP_STATUS_OK) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "fetch-status-code must not be successful-ok (PWG 5100.18 §7.1.5)");
        return std::nullopt;
    }
    status.message =
        ipp::get_string(c.op.request, "fetch-status-message", IPP_TAG_OPERATION).value_or("");
    return status;
}

std::optional<std::string> requesting_device(JobContext& c) {
    auto uuid = ipp::get_string(c.op.request, "output-device-uuid", IPP_TAG_OPERATION);
    if (!uuid || uuid->rfind("urn:uuid:", 0) != 0 || uuid->size() > 45) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-uuid (uri(45), urn:uuid:) is required");
        return std::nullopt;
    }
    return uuid;
}

bool save_job_change(JobContext& c, const std::optional<Job>& before, const Job& after) {
    const std::string what = "saving job " + std::to_string(after.id);
    // The change and its events commit together, so a crash never leaves a fetchable job
    // that no Proxy hears of.
    Transaction tx(c.op.cloud.db());
    if (!tx.begun()) {
        answer_internal(c, what, tx.begun().error());
        return false;
    }
    if (auto s = JobStore(c.op.cloud.db()).save(after); !s) {
        answer_internal(c, what, s.error());
        return false;
    }
    // A failed notification is logged, not a reason to undo the change.
    if (auto s = publish_job_change(c.op.cloud, before, after, c.op.now); !s) {
        log::warning(kLog, "job " + std::to_string(after.id) +
                               ": events not recorded: " + s.error().message);
    }
    if (auto s = tx.commit(); !s) {
        answer_internal(c, what, s.error());
        return false;
    }
    // An ended job is never fetched again: its document leaves the spool.
    if (is_terminal(after.state) && (!before || !is_terminal(before->state))) {
        auto spool = DocumentSpool::for_database(c.op.cloud.db());
        Status removed = spool ? spool->remove(after.id) : Status(spool.error());
        if (!removed) log::warning(kLog, removed.error().message);
    }
    if (!before || before->state != after.state) {
        log::info(kLog, "printer " + std::to_string(after.printer_id) + " job " +
                            std::to_string(after.id) + ": " + job_state_keyword(after.state));
    }
    return true;
}

void answer_refusal(JobContext& c, JobRefusal refusal, const std::string& what) {
    switch (refusal) {
        case JobRefusal::None:
            return;
        case JobRefusal::NotFetchable:
            set_status(c.op.response, IPP_STATUS_ERROR_NOT_FETCHABLE, what + " is not fetchable");
            break;
        case JobRefusal::NotPossible:
            set_status(c.op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                       what + " is assigned to another output device or has ended");
            break;
    }
    log::warning(kLog,
                 "printer " + std::to_string(c.op.printer.id) + ": " + c.who.describe() +
                     " refused: " + what +
                     (refusal == JobRefusal::NotFetchable ? " not fetchable" : " not possible"));
}

void answer_internal(JobContext& c, const std::string& what, const Error& error) {
    log::error(kLog, what + ": " + error.message);
    set_status(c.op.response, IPP_STATUS_ERROR_INTERNAL, "the job store failed");
}

bool has_unsupported_attributes(ipp_t* response) {
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        if (ippGetGroupTag(a) == IPP_TAG_UNSUPPORTED_GROUP) return true;
    }
    return false;
}

bool may_manage(const Requester& who, const Job& job) {
    if (who.is_device()) return who.device_printer_id == job.printer_id;
    return who.is_staff() || who.user_name == job.owner;
}

}  // namespace printlink::cloud
