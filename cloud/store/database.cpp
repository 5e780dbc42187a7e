#include "cloud/store/database.h"

#include "cloud/store/schema.h"
#include "common/log.h"

#include <sqlite3.h>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-store";
// Writers from another process (the add-printer CLI beside a running server) wait this long.
constexpr int kBusyTimeoutMs = 5000;

Error sqlite_error(sqlite3* db, const std::string& what) {
    return make_error(ErrorCode::Io, what + ": " + sqlite3_errmsg(db));
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Database> db(new Database(raw));  // owns raw even when opening failed
    if (rc != SQLITE_OK) {
        return make_error(ErrorCode::Io, "cannot open database " + path + ": " +
                                             (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    if (auto s = db->configure(); !s) return s.error();
    if (auto s = db->migrate(); !s) return s.error();
    return db;
}

Database::~Database() {
    sqlite3_close_v2(db_);
}

Status Database::configure() {
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (auto s = exec("PRAGMA foreign_keys = ON"); !s) return s;
    auto mode = prepare("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    auto row = mode->step();
    if (!row) return row.error();
    if (!*row || mode->column_text(0) != "wal") {
        return make_error(ErrorCode::Io, "the database cannot use WAL mode (journal_mode=" +
                                             (*row ? mode->column_text(0) : std::string("?")) +
                                             ")");
    }
    return exec("PRAGMA synchronous = NORMAL");
}

Status Database::migrate() {
    {
        // Finalized before any migration runs: an open statement makes DROP INDEX fail
        // ("database table is locked").
        auto version = prepare("PRAGMA user_version");
        if (!version) return version.error();
        auto row = version->step();
        if (!row) return row.error();
        schema_version_ = static_cast<int>(version->column_int64(0));
    }

    auto migrations = schema_migrations();
    const int latest = static_cast<int>(migrations.size());
    if (schema_version_ > latest) {
        return make_error(ErrorCode::InvalidState,
                          "database schema version " + std::to_string(schema_version_) +
                              " is newer than this printlink-cloud understands (" +
                              std::to_string(latest) + ")");
    }
    while (schema_version_ < latest) {
        Transaction tx(*this);
        if (!tx.begun()) return tx.begun().error();
        if (auto s = exec(migrations[static_cast<std::size_t>(schema_version_)]); !s) return s;
        const int next = schema_version_ + 1;
        std::string pragma = "PRAGMA user_version = " + std::to_string(next);
        if (auto s = exec(pragma.c_str()); !s) return s;
        if (auto s = tx.commit(); !s) return s;
        schema_version_ = next;
        log::info(kLog, "database schema migrated to version " + std::to_string(next));
    }
    return Ok{};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db_, "cannot prepare SQL");
    }
    return Statement(db_, stmt);
}

Status Database::exec(const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        return make_error(ErrorCode::Io, "SQLite: " + text);
    }
    return Ok{};
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
    return sqlite3_changes(db_);
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

Transaction::Transaction(Database& db)
    : db_(db),
      nested_(db.in_transaction()),
      begun_(db.exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE")) {
    open_ = begun_.ok();
}

Transaction::~Transaction() {
    if (!open_) return;
    if (nested_) {
        (void)db_.exec("ROLLBACK TO nested; RELEASE nested");
    } else {
        (void)db_.exec("ROLLBACK");
    }
}

Status Transaction::commit() {
    if (!open_) return make_error(ErrorCode::Internal, "commit without an open transaction");
    auto s = db_.exec(nested_ ? "RELEASE nested" : "COMMIT");
    if (s) open_ = false;
    return s;
}

}  // namespace printlink::cloud
