#ifndef MSC_STORAGE_SQLITE_H_
#define MSC_STORAGE_SQLITE_H_

// Thin RAII wrappers over the SQLite C API: a connection owns its sqlite3* and its
// cached prepared statements, a Query lease resets its statement when it ends, a
// Transaction rolls back unless committed. SQL text is always static; user data
// goes through bind parameters only.

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "msc/proto/status.h"

namespace msc::storage {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* handle() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

// A cached statement in use. Binds parameters (1-based), steps, reads columns
// (0-based) and resets the statement when it goes out of scope, so that no read
// transaction outlives its use.
class Database;

class Query {
 public:
  Query(Database* db, Statement* stmt) : db_(db), stmt_(stmt) {}
  ~Query();
  Query(Query&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& Bind(int index, int64_t value);
  Query& Bind(int index, std::string_view text);
  Query& BindBlob(int index, std::string_view bytes);
  Query& BindNull(int index);

  // True when a row is ready, false when done; an error Status otherwise.
  Result<bool> Step();
  // Steps to the end (for statements without rows).
  Status Run();

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_->handle(), column); }
  double Double(int column) const { return sqlite3_column_double(stmt_->handle(), column); }
  bool IsNull(int column) const {
    return sqlite3_column_type(stmt_->handle(), column) == SQLITE_NULL;
  }
  std::string_view Text(int column) const;
  std::string_view Blob(int column) const;

 private:
  Database* db_;
  Statement* stmt_;
};

class Database {
 public:
  // flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, or SQLITE_OPEN_READONLY.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, int flags);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Runs trusted SQL (schema, pragmas); never with user data.
  Status Exec(const char* sql);
  // A lease on the cached prepared statement for this SQL text.
  Result<Query> Prepare(const char* sql);
  // A single integer from trusted SQL, e.g. "PRAGMA user_version".
  Result<int64_t> QueryInt(const char* sql);

  // The Status for a failed call that returned rc, naming what was being done.
  Status Error(int rc, std::string_view what) const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

// BEGIN IMMEDIATE (writes) or BEGIN (reads) ... COMMIT; rolls back when destroyed
// uncommitted.
class Transaction {
 public:
  enum class Kind { kRead, kWrite };
  static Result<std::unique_ptr<Transaction>> Begin(Database& db, Kind kind);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Commit();

 private:
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  bool open_ = true;
};

}  // namespace msc::storage

#endif  // MSC_STORAGE_SQLITE_H_
