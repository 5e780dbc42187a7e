#include "cloud/store/job_store.h"

#include "cloud/jobs/job_life_cycle.h"
#include "cloud/store/random_uuid.h"

namespace printlink::cloud {
namespace {

constexpr const char* kSelectJob =
    "SELECT id, printer_id, uuid, name, owner, state, state_reasons, state_message, ticket, "
    "document_count, document_format, document_name, document_octets, document_fetchable, "
    "document_acknowledged, cancel_requested, device_uuid, device_state, device_reasons, "
    "device_message, impressions_completed, pages_completed, media_sheets_completed, "
    "created_at, processing_at, completed_at FROM jobs ";

std::vector<std::string> strings_from_json(const std::string& text) {
    std::vector<std::string> out;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& v : parsed) {
        if (v.is_string()) out.push_back(v.get<std::string>());
    }
    return out;
}

Job read_job(const Statement& s) {
    Job j;
    j.id = s.column_int64(0);
    j.printer_id = s.column_int64(1);
    j.uuid = s.column_text(2);
    j.name = s.column_text(3);
    j.owner = s.column_text(4);
    j.state = job_state_or_pending(static_cast<int>(s.column_int64(5)));
    j.reasons = strings_from_json(s.column_text(6));
    j.state_message = s.column_text(7);
    auto ticket = nlohmann::json::parse(s.column_text(8), nullptr, false);
    if (ticket.is_array()) j.ticket = std::move(ticket);
    j.document.count = static_cast<int>(s.column_int64(9));
    j.document.format = s.column_text(10);
    j.document.name = s.column_text(11);
    j.document.octets = s.column_int64(12);
    j.document.fetchable = s.column_int64(13) != 0;
    j.document.acknowledged = s.column_int64(14) != 0;
    j.cancel_requested = s.column_int64(15) != 0;
    j.device_uuid = s.column_text(16);
    j.device_state = static_cast<int>(s.column_int64(17));
    j.device_reasons = strings_from_json(s.column_text(18));
    j.device_message = s.column_text(19);
    j.impressions_completed = s.column_int64(20);
    j.pages_completed = s.column_int64(21);
    j.media_sheets_completed = s.column_int64(22);
    j.created_at = s.column_int64(23);
    j.processing_at = s.column_int64(24);
    j.completed_at = s.column_int64(25);
    return j;
}

}  // namespace

Result<Job> JobStore::add(Job job) {
    auto uuid = random_uuid_urn();
    if (!uuid) return uuid.error();
    job.uuid = *uuid;
    auto stmt = db_.prepare(
        "INSERT INTO jobs (printer_id, uuid, name, owner, state, state_reasons, ticket, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt) return stmt.error();
    stmt->bind(1, job.printer_id)
        .bind(2, job.uuid)
        .bind(3, job.name)
        .bind(4, job.owner)
        .bind(5, std::int64_t{static_cast<int>(job.state)})
        .bind(6, nlohmann::json(job.reasons).dump())
        .bind(7, job.ticket.dump())
        .bind(8, job.created_at);
    if (auto s = stmt->run(); !s) return s.error();
    job.id = db_.last_insert_rowid();
    if (auto s = save(job); !s) return s.error();
    return job;
}

Result<std::optional<Job>> JobStore::find(std::int64_t printer_id, std::int64_t job_id) {
    auto stmt = db_.prepare(std::string(kSelectJob) + "WHERE printer_id = ?1 AND id = ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id).bind(2, job_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Job>();
    return std::optional<Job>(read_job(*stmt));
}

Result<std::vector<Job>> JobStore::for_printer(std::int64_t printer_id) {
    auto stmt = db_.prepare(std::string(kSelectJob) + "WHERE printer_id = ?1 ORDER BY id");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    std::vector<Job> jobs;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        jobs.push_back(read_job(*stmt));
    }
    return jobs;
}

Result<std::set<std::int64_t>> JobStore::ids_holding_documents() {
    auto stmt =
        db_.prepare("SELECT id FROM jobs WHERE document_count > 0 AND state NOT IN (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, std::int64_t{static_cast<int>(JobState::Canceled)})
        .bind(2, std::int64_t{static_cast<int>(JobState::Aborted)})
        .bind(3, std::int64_t{static_cast<int>(JobState::Completed)});
    std::set<std::int64_t> ids;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        ids.insert(stmt->column_int64(0));
    }
    return ids;
}

Status JobStore::save(const Job& job) {
    auto stmt = db_.prepare(
        "UPDATE jobs SET state = ?2, state_reasons = ?3, state_message = ?4, "
        "document_count = ?5, document_format = ?6, document_name = ?7, document_octets = ?8, "
        "document_fetchable = ?9, document_acknowledged = ?10, cancel_requested = ?11, "
        "device_uuid = ?12, device_state = ?13, device_reasons = ?14, device_message = ?15, "
        "impressions_completed = ?16, pages_completed = ?17, media_sheets_completed = ?18, "
        "processing_at = ?19, completed_at = ?20 WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, job.id)
        .bind(2, std::int64_t{static_cast<int>(job.state)})
        .bind(3, nlohmann::json(job.reasons).dump())
        .bind(4, job.state_message)
        .bind(5, std::int64_t{job.document.count})
        .bind(6, job.document.format)
        .bind(7, job.document.name)
        .bind(8, job.document.octets)
        .bind(9, std::int64_t{job.document.fetchable ? 1 : 0})
        .bind(10, std::int64_t{job.document.acknowledged ? 1 : 0})
        .bind(11, std::int64_t{job.cancel_requested ? 1 : 0})
        .bind(12, job.device_uuid)
        .bind(13, std::int64_t{job.device_state})
        .bind(14, nlohmann::json(job.device_reasons).dump())
        .bind(15, job.device_message)
        .bind(16, job.impressions_completed)
        .bind(17, job.pages_completed)
        .bind(18, job.media_sheets_completed)
        .bind(19, job.processing_at)
        .bind(20, job.completed_at);
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() == 0) return make_error(ErrorCode::NotFound, "no such job");
    return Ok{};
}

}  // namespace printlink::cloud
