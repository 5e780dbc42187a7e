#include "cloud/store/database.h"

#include "cloud/store/schema.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace printlink::cloud {
namespace {

using testing::ScratchDir;

std::string pragma(Database& db, const char* sql) {
    auto stmt = db.prepare(sql);
    EXPECT_TRUE(stmt.ok());
    auto row = stmt->step();
    EXPECT_TRUE(row.ok() && *row);
    return stmt->column_text(0);
}

TEST(Database, NewFileIsMigratedToTheLatestVersionInWalMode) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schema_version(), static_cast<int>(schema_migrations().size()));
    EXPECT_EQ(pragma(*db, "PRAGMA user_version"), std::to_string(schema_migrations().size()));
    EXPECT_EQ(pragma(*db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragma(*db, "PRAGMA foreign_keys"), "1");
}

TEST(Database, ReopeningKeepsDataAndDoesNotMigrateAgain) {
    ScratchDir dir;
    {
        auto db = testing::open_database(dir / "cloud.db");
        ASSERT_TRUE(db->exec("INSERT INTO settings (key, value) VALUES ('k', 'v')").ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(pragma(*db, "SELECT value FROM settings WHERE key = 'k'"), "v");
}

TEST(Database, RefusesASchemaNewerThanItKnows) {
    ScratchDir dir;
    {
        auto db = testing::open_database(dir / "cloud.db");
        ASSERT_TRUE(db->exec("PRAGMA user_version = 999").ok());
    }
    auto db = Database::open(dir / "cloud.db");
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, ErrorCode::InvalidState);
    EXPECT_NE(db.error().message.find("999"), std::string::npos);
}

TEST(Database, ReportsAFileThatCannotBeOpened) {
    auto db = Database::open("/nonexistent-dir/cloud.db");
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, ErrorCode::Io);
}

TEST(Database, TransactionRollsBackUnlessCommitted) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    {
        Transaction tx(*db);
        ASSERT_TRUE(tx.begun().ok());
        ASSERT_TRUE(db->exec("INSERT INTO settings (key, value) VALUES ('a', '1')").ok());
    }
    EXPECT_EQ(pragma(*db, "SELECT count(*) FROM settings WHERE key = 'a'"), "0");
    {
        Transaction tx(*db);
        ASSERT_TRUE(db->exec("INSERT INTO settings (key, value) VALUES ('a', '1')").ok());
        ASSERT_TRUE(tx.commit().ok());
    }
    EXPECT_EQ(pragma(*db, "SELECT count(*) FROM settings WHERE key = 'a'"), "1");
}

TEST(Database, NestedTransactionsUseSavepoints) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    Transaction outer(*db);
    ASSERT_TRUE(outer.begun().ok());
    ASSERT_TRUE(db->exec("INSERT INTO settings (key, value) VALUES ('outer', '1')").ok());
    {
        Transaction inner(*db);
        ASSERT_TRUE(inner.begun().ok());
        ASSERT_TRUE(db->exec("INSERT INTO settings (key, value) VALUES ('inner', '1')").ok());
        // not committed: only the inner part is undone
    }
    ASSERT_TRUE(outer.commit().ok());
    EXPECT_EQ(pragma(*db, "SELECT count(*) FROM settings WHERE key = 'outer'"), "1");
    EXPECT_EQ(pragma(*db, "SELECT count(*) FROM settings WHERE key = 'inner'"), "0");
}

TEST(Database, BadSqlIsAnErrorNotACrash) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    EXPECT_FALSE(db->prepare("SELEC nonsense").ok());
    EXPECT_FALSE(db->exec("DROP TABLE no_such_table").ok());
}

}  // namespace
}  // namespace printlink::cloud
