// RAII over one prepared SQLite statement. Binding errors are remembered and reported by
// the next step(), so call sites read as one chain of binds followed by one checked step.
#pragma once

#include "common/error.h"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace printlink::cloud {

class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters are numbered from 1, as in SQL ("?1").
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);

    // true while a row is available, false once the statement is done.
    [[nodiscard]] Result<bool> step();
    // Runs a statement that returns no rows (INSERT, UPDATE, DELETE).
    [[nodiscard]] Status run();

    // Columns of the current row, numbered from 0.
    std::int64_t column_int64(int column) const;
    std::string column_text(int column) const;  // "" for NULL
    std::string column_blob(int column) const;
    bool column_is_null(int column) const;

  private:
    void note_bind_result(int rc);

    sqlite3* db_;
    sqlite3_stmt* stmt_;
    int bind_error_ = 0;
};

}  // namespace printlink::cloud
