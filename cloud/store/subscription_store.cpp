#include "cloud/store/subscription_store.h"

#include <nlohmann/json.hpp>

namespace printlink::cloud {
namespace {

constexpr const char* kSelectSubscription =
    "SELECT id, printer_id, events, owner, charset, natural_language, user_data, lease_seconds, "
    "expires_at, last_sequence, created_at, owner_kind, job_id, job_ended_at FROM subscriptions ";
constexpr const char* kLive = "(expires_at = 0 OR expires_at > ?2)";

const char* kind_name(SubscriberKind kind) {
    return kind == SubscriberKind::Device ? "device" : "account";
}

Subscription read_subscription(const Statement& stmt) {
    Subscription s;
    s.id = stmt.column_int64(0);
    s.printer_id = stmt.column_int64(1);
    auto events = nlohmann::json::parse(stmt.column_text(2), nullptr, false);
    if (events.is_array()) {
        for (const auto& e : events) {
            if (e.is_string()) s.events.push_back(e.get<std::string>());
        }
    }
    s.owner = stmt.column_text(3);
    s.charset = stmt.column_text(4);
    s.natural_language = stmt.column_text(5);
    if (!stmt.column_is_null(6)) s.user_data = stmt.column_blob(6);
    s.lease_seconds = stmt.column_int64(7);
    s.expires_at = stmt.column_int64(8);
    s.last_sequence = stmt.column_int64(9);
    s.created_at = stmt.column_int64(10);
    s.subscriber =
        stmt.column_text(11) == "account" ? SubscriberKind::Account : SubscriberKind::Device;
    s.job_id = stmt.column_int64(12);
    s.job_ended_at = stmt.column_int64(13);
    return s;
}

std::int64_t expiry(std::int64_t lease_seconds, std::int64_t now) {
    return lease_seconds == 0 ? 0 : now + lease_seconds;
}

Result<std::vector<Subscription>> read_all(Statement& stmt) {
    std::vector<Subscription> list;
    while (true) {
        auto row = stmt.step();
        if (!row) return row.error();
        if (!*row) break;
        list.push_back(read_subscription(stmt));
    }
    return list;
}

}  // namespace

Result<std::int64_t> SubscriptionStore::add(const Subscription& s) {
    auto stmt = db_.prepare(
        "INSERT INTO subscriptions (printer_id, events, owner, charset, natural_language, "
        "user_data, lease_seconds, expires_at, created_at, owner_kind, job_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!stmt) return stmt.error();
    stmt->bind(1, s.printer_id)
        .bind(2, nlohmann::json(s.events).dump())
        .bind(3, s.owner)
        .bind(4, s.charset)
        .bind(5, s.natural_language);
    if (s.user_data) {
        stmt->bind_blob(6, *s.user_data);
    } else {
        stmt->bind_null(6);
    }
    stmt->bind(7, s.lease_seconds)
        .bind(8, expiry(s.lease_seconds, s.created_at))
        .bind(9, s.created_at)
        .bind(10, kind_name(s.subscriber))
        .bind(11, s.job_id);
    if (auto r = stmt->run(); !r) return r.error();
    return db_.last_insert_rowid();
}

Result<std::optional<Subscription>> SubscriptionStore::find(std::int64_t id, std::int64_t now) {
    auto stmt = db_.prepare(std::string(kSelectSubscription) + "WHERE id = ?1 AND " + kLive);
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, now);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Subscription>();
    return std::optional<Subscription>(read_subscription(*stmt));
}

Result<std::vector<Subscription>> SubscriptionStore::for_printer(std::int64_t printer_id,
                                                                 std::int64_t now) {
    auto stmt = db_.prepare(std::string(kSelectSubscription) + "WHERE printer_id = ?1 AND " +
                            kLive + " ORDER BY id");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id).bind(2, now);
    return read_all(*stmt);
}

Result<std::vector<Subscription>> SubscriptionStore::for_job(std::int64_t printer_id,
                                                             std::int64_t job_id,
                                                             std::int64_t now) {
    auto stmt = db_.prepare(std::string(kSelectSubscription) + "WHERE printer_id = ?1 AND " +
                            kLive + " AND job_id = ?3 ORDER BY id");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id).bind(2, now).bind(3, job_id);
    return read_all(*stmt);
}

Result<std::int64_t> SubscriptionStore::count_for_printer(std::int64_t printer_id,
                                                          std::int64_t now) {
    auto stmt = db_.prepare(std::string("SELECT count(*) FROM subscriptions WHERE printer_id = ?1 "
                                        "AND ") +
                            kLive);
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id).bind(2, now);
    auto row = stmt->step();
    if (!row) return row.error();
    return *row ? stmt->column_int64(0) : 0;
}

Status SubscriptionStore::renew(std::int64_t id, std::int64_t lease_seconds, std::int64_t now) {
    auto stmt =
        db_.prepare("UPDATE subscriptions SET lease_seconds = ?2, expires_at = ?3 WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, lease_seconds).bind(3, expiry(lease_seconds, now));
    return stmt->run();
}

Status SubscriptionStore::end_with_job(std::int64_t id, std::int64_t now, std::int64_t gone_at) {
    auto stmt = db_.prepare(
        "UPDATE subscriptions SET job_ended_at = ?2, expires_at = ?3 WHERE id = ?1 AND "
        "job_id != 0");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, now).bind(3, gone_at);
    return stmt->run();
}

Status SubscriptionStore::remove(std::int64_t id) {
    auto stmt = db_.prepare("DELETE FROM subscriptions WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    return stmt->run();
}

Status SubscriptionStore::remove_expired(std::int64_t now) {
    auto stmt = db_.prepare("DELETE FROM subscriptions WHERE expires_at != 0 AND expires_at <= ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, now);
    return stmt->run();
}

}  // namespace printlink::cloud
