// The cloud's one SQLite file: opened in WAL mode with foreign keys on, and migrated to the
// current schema version (PRAGMA user_version) before anything else touches it.
#pragma once

#include "cloud/store/statement.h"
#include "common/error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace printlink::cloud {

class Database {
  public:
    // Opens (creating if needed) and migrates. Refuses a file whose schema is newer than
    // this program knows, rather than guessing at it.
    [[nodiscard]] static Result<std::unique_ptr<Database>> open(const std::string& path);

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] Result<Statement> prepare(std::string_view sql);
    // Runs SQL that returns no rows (may hold several statements).
    [[nodiscard]] Status exec(const char* sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    bool in_transaction() const;
    int schema_version() const { return schema_version_; }

  private:
    explicit Database(sqlite3* db) : db_(db) {}
    [[nodiscard]] Status configure();
    [[nodiscard]] Status migrate();

    sqlite3* db_;
    int schema_version_ = 0;
};

// BEGIN IMMEDIATE on construction (so writers queue on the busy timeout instead of failing
// half-way), or a savepoint when a transaction is already open, so store functions that need
// atomicity compose; rolled back in the destructor unless commit() succeeded.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    [[nodiscard]] const Status& begun() const { return begun_; }
    [[nodiscard]] Status commit();

  private:
    Database& db_;
    bool nested_;
    Status begun_;
    bool open_ = false;
};

}  // namespace printlink::cloud
