#include "msc/storage/sqlite.h"

#include <cassert>

namespace msc::storage {

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_->handle());
  sqlite3_clear_bindings(stmt_->handle());
}

Query& Query::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_->handle(), index, value);
  assert(rc == SQLITE_OK);
  (void)rc;
  return *this;
}

Query& Query::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_->handle(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  assert(rc == SQLITE_OK);
  (void)rc;
  return *this;
}

Query& Query::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: SQLite needs a non-null pointer.
  static const char kEmpty = 0;
  int rc = sqlite3_bind_blob64(stmt_->handle(), index, bytes.empty() ? &kEmpty : bytes.data(),
                               bytes.size(), SQLITE_TRANSIENT);
  assert(rc == SQLITE_OK);
  (void)rc;
  return *this;
}

Query& Query::BindNull(int index) {
  sqlite3_bind_null(stmt_->handle(), index);
  return *this;
}

Result<bool> Query::Step() {
  int rc = sqlite3_step(stmt_->handle());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(rc, "sqlite3_step");
}

Status Query::Run() {
  for (;;) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

std::string_view Query::Text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_->handle(), column));
  int n = sqlite3_column_bytes(stmt_->handle(), column);
  return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(n));
}

std::string_view Query::Blob(int column) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_->handle(), column));
  int n = sqlite3_column_bytes(stmt_->handle(), column);
  return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(n));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Database> db(new Database(raw, path));  // owns raw even on failure
  if (rc != SQLITE_OK) return db->Error(rc, "cannot open " + path);
  sqlite3_extended_result_codes(raw, 1);
  // Another connection's write lock is waited for briefly, then reported.
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Database::~Database() {
  statements_.clear();  // finalize before closing
  sqlite3_close_v2(db_);
}

Status Database::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  if (rc == SQLITE_OK) return Status::Ok();
  return Error(rc, msg);
}

Result<Query> Database::Prepare(const char* sql) {
  auto it = statements_.find(std::string_view(sql));
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Error(rc, std::string("cannot prepare: ") + sql);
    }
    it = statements_.emplace(sql, std::make_unique<Statement>(stmt)).first;
  }
  return Query(this, it->second.get());
}

Result<int64_t> Database::QueryInt(const char* sql) {
  auto q = Prepare(sql);
  if (!q.ok()) return q.status();
  auto row = q->Step();
  if (!row.ok()) return Error(sqlite3_errcode(db_), sql);
  if (!*row) return Status::Internal(std::string("no row from ") + sql);
  return q->Int(0);
}

Status Database::Error(int rc, std::string_view what) const {
  std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string message = std::string(what);
  if (!detail.empty() && detail != what) message += ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return Status::Unavailable("database or disk is full (" + path_ + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("database is locked by another process (" + path_ + ")");
    case SQLITE_READONLY:
      return Status::Unavailable("database is read-only (" + path_ + "): " + message);
    case SQLITE_CANTOPEN:
      return Status::Unavailable(message);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status::Internal(path_ + " is not a valid msc database: " + message);
    case SQLITE_IOERR:
      return Status::Unavailable("I/O error on " + path_ + ": " + message);
    default:
      return Status::Internal(message);
  }
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Database& db, Kind kind) {
  Status s = db.Exec(kind == Kind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!s.ok()) return s;
  std::unique_ptr<Transaction> txn(new Transaction(db));
  if (kind == Kind::kRead) {
    // BEGIN is deferred: the snapshot starts with the first read, so take it now.
    s = db.Exec("SELECT 1 FROM sqlite_schema LIMIT 1");
    if (!s.ok()) return s;
  }
  return txn;
}

Transaction::~Transaction() {
  if (open_) db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  assert(open_);
  Status s = db_.Exec("COMMIT");
  if (s.ok()) {
    open_ = false;
  }
  return s;
}

}  // namespace msc::storage
