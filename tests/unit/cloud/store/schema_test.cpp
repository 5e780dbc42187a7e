// The schema migrations: a database written by an older printlink-cloud opens with this one,
// and what it stored reads as it meant then.
#include "cloud/store/schema.h"

#include "cloud/store/event_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

// Writes a database at schema version 'version' with 'rows' (SQL) in it, as the
// printlink-cloud of that version left it.
void write_old_database(const std::string& path, int version, const std::string& rows) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    auto exec = [&](const std::string& sql) {
        char* message = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
            << (message ? message : "");
        sqlite3_free(message);
    };
    for (int v = 0; v < version; ++v) exec(schema_migrations()[static_cast<std::size_t>(v)]);
    exec("PRAGMA user_version = " + std::to_string(version));
    exec(rows);
    sqlite3_close(db);
}

// Version 3: before accounts could subscribe and before events carried their job.
TEST(SchemaMigration, Version3SubscriptionsAndEventsStayReadable) {
    ScratchDir dir;
    const std::string path = dir / "cloud.db";
    write_old_database(
        path, 3,
        "INSERT INTO printers (id, name, model, uuid, token_sha256, registered_at) VALUES "
        "(1, 'Office', 'PL-100', 'urn:uuid:1', 'digest', 0);"
        "INSERT INTO subscriptions (id, printer_id, events, owner, charset, natural_language, "
        "lease_seconds, expires_at, last_sequence, created_at) VALUES "
        "(5, 1, '[\"printer-state-changed\",\"job-state-changed\"]', 'printlink', 'utf-8', "
        "'en', 0, 0, 2, 100);"
        "INSERT INTO events (subscription_id, sequence, subscribed_event, created_at, up_time, "
        "text, printer_state, state_reasons, accepting_jobs) VALUES "
        "(5, 2, 'job-state-changed', 200, 42, 'job-state-changed: idle', 3, "
        "'[\"none\"]', 1);");

    auto db = testing::open_database(path);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schema_version(), static_cast<int>(schema_migrations().size()));

    // Only devices could subscribe before: the old subscription is the device's.
    auto s = SubscriptionStore(*db).find(5, kTestNow);
    ASSERT_TRUE(s.ok() && s->has_value());
    EXPECT_EQ((*s)->subscriber, SubscriberKind::Device);
    EXPECT_FALSE((*s)->is_per_job());
    EXPECT_FALSE((*s)->has_ended());
    EXPECT_EQ((*s)->events,
              (std::vector<std::string>{"printer-state-changed", "job-state-changed"}));

    // The old event reads as the printer event it was sent as.
    auto events = EventStore(*db).since(5, 1, 0);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 1u);
    const EventRecord& old = (*events)[0];
    EXPECT_FALSE(old.is_job_event());
    EXPECT_EQ(old.subscribed_event, "job-state-changed");
    EXPECT_EQ(old.occurred_event, "");
    EXPECT_EQ(old.printer_state, 3);
    EXPECT_EQ(old.state_reasons, std::vector<std::string>{"none"});
    EXPECT_TRUE(old.job.job_state_reasons.empty());

    // And numbering goes on after the old events.
    EventRecord next;
    next.subscription_id = 5;
    next.subscribed_event = "job-state-changed";
    next.job.job_id = 9;
    auto sequence = EventStore(*db).append(next);
    ASSERT_TRUE(sequence.ok());
    EXPECT_EQ(*sequence, 3);
}

}  // namespace
}  // namespace printlink::cloud
