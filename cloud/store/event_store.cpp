#include "cloud/store/event_store.h"

#include <nlohmann/json.hpp>

namespace printlink::cloud {

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
        "text, printer_state, state_reasons, accepting_jobs) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert) return insert.error();
    insert->bind(1, event.subscription_id)
        .bind(2, sequence)
        .bind(3, event.subscribed_event)
        .bind(4, event.created_at)
        .bind(5, event.up_time)
        .bind(6, event.text)
        .bind(7, std::int64_t{event.printer_state})
        .bind(8, nlohmann::json(event.state_reasons).dump())
        .bind(9, std::int64_t{event.accepting_jobs ? 1 : 0});
    if (auto s = insert->run(); !s) return s.error();
    if (auto s = tx.commit(); !s) return s.error();
    return sequence;
}

Result<std::vector<EventRecord>> EventStore::since(std::int64_t subscription_id,
                                                   std::int64_t first_sequence,
                                                   std::int64_t oldest) {
    auto stmt = db_.prepare(
        "SELECT sequence, subscribed_event, created_at, up_time, text, printer_state, "
        "state_reasons, accepting_jobs FROM events "
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
        auto reasons = nlohmann::json::parse(stmt->column_text(6), nullptr, false);
        if (reasons.is_array()) {
            for (const auto& r : reasons) {
                if (r.is_string()) e.state_reasons.push_back(r.get<std::string>());
            }
        }
        e.accepting_jobs = stmt->column_int64(7) != 0;
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
