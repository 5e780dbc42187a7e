// Print-Job, Validate-Job, Create-Job and Send-Document (RFC 8011 §4.2.1-§4.2.4, §4.3.1): a
// client's job and its one document. The ticket is kept as sent (late binding, PWG 5100.18
// §4.1.1: the Output Device applies it); the document, spooled while it arrived, becomes the
// job's in the transaction that stores the job (store/document_commit.h), and the job becomes
// processing-stopped + job-fetchable for the printer's device. Subscription
// Template groups in Print-Job and Create-Job make per-job subscriptions (RFC 3995 §11.1.3).
#include "cloud/ipp/attribute_json.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/ipp/subscription_templates.h"
#include "cloud/jobs/document_formats.h"
#include "cloud/jobs/job_events.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/document_commit.h"
#include "cloud/store/document_spool.h"
#include "cloud/store/job_store.h"
#include "common/log.h"

#include <functional>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

struct Submission {
    std::string name;
    std::string format;  // "" when a Create-Job names none
    std::string document_name;
    nlohmann::json ticket = nlohmann::json::array();
};

// Checks what the cloud itself can check and collects the ticket; answers the error and
// returns nullopt on a refusal. 'needs_format' is false for Create-Job (the format comes
// with Send-Document).
std::optional<Submission> read_submission(JobContext& c, bool needs_format) {
    ipp_t* request = c.op.request;
    Submission s;
    if (auto compression = ipp::get_string(request, "compression", IPP_TAG_OPERATION);
        compression && *compression != "none") {
        set_status(c.op.response, IPP_STATUS_ERROR_COMPRESSION_NOT_SUPPORTED,
                   "compression " + *compression + " is not supported");
        if (ipp_attribute_t* a = ippFindAttribute(request, "compression", IPP_TAG_ZERO)) {
            add_unsupported(c.op.response, a);
        }
        return std::nullopt;
    }
    auto format = ipp::get_string(request, "document-format", IPP_TAG_OPERATION);
    if (format || needs_format) {
        s.format = format.value_or("application/octet-stream");
        auto snapshot = load_printer_snapshot(c.op.cloud.db(), c.op.cloud.settings(),
                                              c.op.printer.id, c.op.now);
        if (!snapshot || !*snapshot) {
            set_status(c.op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
            return std::nullopt;
        }
        if (!is_format_supported(document_formats_supported((*snapshot)->device.ipp()), s.format)) {
            set_status(c.op.response, IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED,
                       "document-format " + s.format + " is not supported");
            if (ipp_attribute_t* a = ippFindAttribute(request, "document-format", IPP_TAG_ZERO)) {
                add_unsupported(c.op.response, a);
            }
            return std::nullopt;
        }
    }
    s.document_name = ipp::get_string(request, "document-name", IPP_TAG_OPERATION).value_or("");
    s.name = ipp::get_string(request, "job-name", IPP_TAG_OPERATION)
                 .value_or(s.document_name.empty() ? "Untitled" : s.document_name);
    for (ipp_attribute_t* a = ippFirstAttribute(request); a; a = ippNextAttribute(request)) {
        if (ippGetGroupTag(a) != IPP_TAG_JOB || !ippGetName(a)) continue;
        auto value = attribute_to_json(a);
        if (!value) {
            add_unsupported(c.op.response, a);
            continue;
        }
        s.ticket.push_back({{"name", ippGetName(a)}, {"value", *value}});
    }
    return s;
}

// The attributes every job creation answers with (RFC 8011 §4.2.1.2), then one Subscription
// Attributes group per template of the request (RFC 3995 §11.1.3.2).
void answer_job(JobContext& c, const Job& job, const std::vector<TemplateOutcome>& subscribed) {
    if (ippGetStatusCode(c.op.response) == IPP_STATUS_OK &&
        has_unsupported_attributes(c.op.response)) {
        ippSetStatusCode(c.op.response, IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    }
    add_job_attributes(c.op.response, c.op.cloud.settings(), job,
                       std::set<std::string>{"job-id", "job-uri", "job-state", "job-state-reasons",
                                             "job-state-message"},
                       c.op.now);
    if (subscribed.empty()) return;
    ippSetStatusCode(c.op.response,
                     status_with_templates(ippGetStatusCode(c.op.response), subscribed));
    add_subscription_groups(c.op.response, subscribed);
}

// The per-job subscriptions the request's templates ask for, made before the job's first
// events are published so they receive job-created.
std::vector<TemplateOutcome> subscribe_to_new_job(JobContext& c, const Job& job) {
    auto subscribed = create_from_templates(c.op, c.who, job.id);
    add_unsupported_template_attributes(c.op.response, subscribed);
    return subscribed;
}

// The job now holds the request's document (already in its spool part file): fetchable.
void record_document(JobContext& c, Job& job, const Submission& s) {
    job.document.format = s.format;
    job.document.name = s.document_name;
    job.document.octets = c.document->size();
    job_document_received(job, c.op.now);
}

// Writes the rows 'write_rows' writes and makes the request's document the job's, in one
// transaction (store/document_commit.h: a crash keeps both or neither). Answers
// server-error-internal-error and returns false when anything failed.
bool commit_with_document(JobContext& c, const std::function<Result<std::int64_t>()>& write_rows) {
    auto spool = DocumentSpool::for_database(c.op.cloud.db());
    auto committed = spool ? commit_job_document(c.op.cloud.db(), *spool, *c.document, write_rows)
                           : Result<std::int64_t>(spool.error());
    if (!committed) {
        log::error(kLog, "printer " + std::to_string(c.op.printer.id) + ": the document of " +
                             c.who.describe() + " was not stored: " + committed.error().message);
        set_status(c.op.response, IPP_STATUS_ERROR_INTERNAL, "the document could not be stored");
        return false;
    }
    return true;
}

// The events of a change, recorded in the caller's transaction; a failed notification is
// logged, not a reason to undo the change (as save_job_change).
void publish_in_transaction(JobContext& c, const std::optional<Job>& before, const Job& after) {
    if (auto published = publish_job_change(c.op.cloud, before, after, c.op.now); !published) {
        log::warning(kLog, "job " + std::to_string(after.id) +
                               ": events not recorded: " + published.error().message);
    }
}

Job new_job(JobContext& c, const Submission& s) {
    Job job;
    job.printer_id = c.op.printer.id;
    job.name = s.name;
    job.owner = c.who.user_name;
    job.ticket = s.ticket;
    job_created_without_document(job, c.op.now);
    return job;
}

void log_created(JobContext& c, const Job& job) {
    log::info(kLog, "printer " + std::to_string(c.op.printer.id) + " job " +
                        std::to_string(job.id) + " created by " + c.who.describe() + ": " +
                        job_state_keyword(job.state));
}

}  // namespace

namespace job_operations {

void validate_job(JobContext& c) {
    set_status(c.op.response, IPP_STATUS_OK);
    if (!read_submission(c, true)) return;
    if (has_unsupported_attributes(c.op.response)) {
        ippSetStatusCode(c.op.response, IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    }
}

void print_job(JobContext& c) {
    set_status(c.op.response, IPP_STATUS_OK);
    auto s = read_submission(c, true);
    if (!s) return;
    if (!c.document || c.document->size() == 0) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST, "Print-Job carries no document");
        return;
    }
    // The job row, its subscriptions and events and its document commit together: a crash
    // leaves no job, never a pending one whose document is lost.
    Job job;
    std::vector<TemplateOutcome> subscribed;
    if (!commit_with_document(c, [&]() -> Result<std::int64_t> {
            auto added = JobStore(c.op.cloud.db()).add(new_job(c, *s));
            if (!added) return added.error();
            job = std::move(*added);
            subscribed = subscribe_to_new_job(c, job);
            record_document(c, job, *s);
            if (auto saved = JobStore(c.op.cloud.db()).save(job); !saved) return saved.error();
            publish_in_transaction(c, std::nullopt, job);
            return job.id;
        })) {
        return;
    }
    log_created(c, job);
    answer_job(c, job, subscribed);
}

void create_job(JobContext& c) {
    set_status(c.op.response, IPP_STATUS_OK);
    auto s = read_submission(c, false);
    if (!s) return;
    // The job and its job-created event commit together (save_job_change says why).
    Transaction tx(c.op.cloud.db());
    if (!tx.begun()) {
        answer_internal(c, "creating a job", tx.begun().error());
        return;
    }
    auto job = JobStore(c.op.cloud.db()).add(new_job(c, *s));
    if (!job) {
        answer_internal(c, "creating a job", job.error());
        return;
    }
    const auto subscribed = subscribe_to_new_job(c, *job);
    publish_in_transaction(c, std::nullopt, *job);
    if (auto committed = tx.commit(); !committed) {
        answer_internal(c, "creating job " + std::to_string(job->id), committed.error());
        return;
    }
    log_created(c, *job);
    answer_job(c, *job, subscribed);
}

void send_document(JobContext& c) {
    auto job = load_target_job(c);
    if (!job) return;
    if (!may_manage(c.who, *job)) {
        set_status(c.op.response, IPP_STATUS_ERROR_FORBIDDEN, "the job belongs to another user");
        log::warning(kLog, c.who.describe() + " refused: Send-Document to job " +
                               std::to_string(job->id) + " of another user");
        return;
    }
    auto last = ipp::get_boolean(c.op.request, "last-document", IPP_TAG_OPERATION);
    if (!last) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "last-document (boolean) is required");
        return;
    }
    if (job->state != JobState::Pending || job->document.count != 0) {
        set_status(c.op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                   "job " + std::to_string(job->id) + " does not wait for a document");
        return;
    }
    if (!*last || !c.document || c.document->size() == 0) {
        set_status(c.op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                   "this printer takes exactly one document per job: send it with "
                   "last-document=true");
        return;
    }
    set_status(c.op.response, IPP_STATUS_OK);
    auto s = read_submission(c, true);
    if (!s) return;
    const Job before = *job;
    if (!commit_with_document(c, [&]() -> Result<std::int64_t> {
            record_document(c, *job, *s);
            if (auto saved = JobStore(c.op.cloud.db()).save(*job); !saved) return saved.error();
            publish_in_transaction(c, before, *job);
            return job->id;
        })) {
        // The client will not send this document again: the job ends here.
        Job aborted = before;
        aborted.state = JobState::Aborted;
        aborted.reasons = {"aborted-by-system"};
        aborted.state_message = "the cloud could not store the document";
        aborted.completed_at = c.op.now;
        (void)save_job_change(c, before, aborted);  // the answer stays the internal error
        return;
    }
    log::info(kLog, "printer " + std::to_string(c.op.printer.id) + " job " +
                        std::to_string(job->id) + ": " + job_state_keyword(job->state));
    answer_job(c, *job, {});
}

}  // namespace job_operations
}  // namespace printlink::cloud
