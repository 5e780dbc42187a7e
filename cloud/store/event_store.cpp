#include "cloud/store/event_store.h"

#include <nlohmann/json.hpp>

namespace printlink::cloud {
namespace {

// A JSON array of keywords as stored; anything else reads as none.
std::vector<std::string> keywords(const std::string& json) {
    std::vector<std::string> values;
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_array()) return values;
    for (const auto& v : parsed) {
        if (v.is_string()) values.push_back(v.get<std::string>());
    }
    return values;
}

}  // namespace

Result<std::int64_t> EventStore::append(const EventRecord& event) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto next = db_.prepare(
        "UPDATE subscriptions SET last_sequence = last_sequence + 1 WHERE id = ?1 "
        "RETURNING last_sequence");
    if (!next) return next.error();
    next->bind(1, event.subscription_id);
    auto row = next->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::NotFound, "no such subscription");
    const std::int64_t sequence = next->column_int64(0);
    if (auto done = next->step(); !done) return done.error();

    auto insert = db_.prepare(
        "INSERT INTO events (subscription_id, sequence, subscribed_event, created_at, up_time, "
        "text, printer_state, state_reasons, accepting_jobs, occurred_event, job_id, job_uuid, "
        "job_state, job_state_reasons, job_impressions_completed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    if (!insert) return insert.error();
    insert->bind(1, event.subscription_id)
        .bind(2, sequence)
        .bind(3, event.subscribed_event)
        .bind(4, event.created_at)
        .bind(5, event.up_time)
        .bind(6, event.text)
        .bind(7, std::int64_t{event.printer_state})
        .bind(8, nlohmann::json(event.state_reasons).dump())
        .bind(9, std::int64_t{event.accepting_jobs ? 1 : 0})
        .bind(10, event.occurred_event)
        .bind(11, event.job.job_id)
        .bind(12, event.job.job_uuid)
        .bind(13, std::int64_t{event.job.job_state})
        .bind(14, nlohmann::json(event.job.job_state_reasons).dump())
        .bind(15, event.job.impressions_completed);
    if (auto s = insert->run(); !s) return s.error();
    if (auto s = tx.commit(); !s) return s.error();
    return sequence;
}

Result<std::vector<EventRecord>> EventStore::since(std::int64_t subscription_id,
                                                   std::int64_t first_sequence,
                                                   std::int64_t oldest) {
    auto stmt = db_.prepare(
        "SELECT sequence, subscribed_event, created_at, up_time, text, printer_state, "
        "state_reasons, accepting_jobs, occurred_event, job_id, job_uuid, job_state, "
        "job_state_reasons, job_impressions_completed FROM events "
        "WHERE subscription_id = ?1 AND sequence >= ?2 AND created_at >= ?3 ORDER BY sequence");
    if (!stmt) return stmt.error();
    stmt->bind(1, subscription_id).bind(2, first_sequence).bind(3, oldest);
    std::vector<EventRecord> events;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        EventRecord e;
        e.subscription_id = subscription_id;
        e.sequence = stmt->column_int64(0);
        e.subscribed_event = stmt->column_text(1);
        e.created_at = stmt->column_int64(2);
        e.up_time = stmt->column_int64(3);
        e.text = stmt->column_text(4);
        e.printer_state = static_cast<int>(stmt->column_int64(5));
        e.state_reasons = keywords(stmt->column_text(6));
        e.accepting_jobs = stmt->column_int64(7) != 0;
        e.occurred_event = stmt->column_text(8);
        e.job.job_id = stmt->column_int64(9);
        e.job.job_uuid = stmt->column_text(10);
        e.job.job_state = static_cast<int>(stmt->column_int64(11));
        e.job.job_state_reasons = keywords(stmt->column_text(12));
        e.job.impressions_completed = stmt->column_int64(13);
        events.push_back(std::move(e));
    }
    return events;
}

Status EventStore::remove_older_than(std::int64_t oldest) {
    auto stmt = db_.prepare("DELETE FROM events WHERE created_at < ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, oldest);
    return stmt->run();
}

}  // namespace printlink::cloud
