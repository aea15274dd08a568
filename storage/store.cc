#include "msc/storage/store.h"

#include <chrono>
#include <cstdio>
#include <map>

#include "msc/proto/serialize.h"
#include "msc/storage/sqlite.h"
#include "schema.h"

namespace msc::storage {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Store::Store(std::unique_ptr<Database> db) : db_(std::move(db)) {}
Store::~Store() = default;
Database& Store::database() { return *db_; }

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, Mode mode) {
  int flags =
      mode == Mode::kReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  auto db = Database::Open(path, flags);
  if (!db.ok()) return db.status();
  Database& d = **db;
  if (mode == Mode::kReadWrite) {
    // WAL lets readers work beside the writer; FULL makes each commit reach the
    // disk before it returns, so an acknowledged submission survives a power cut.
    if (Status s = d.Exec("PRAGMA journal_mode = WAL"); !s.ok()) {
      // WAL needs the -wal and -shm files beside the database: on a read-only file,
      // directory or file system this is where opening for writing fails.
      int rc = sqlite3_errcode(d.handle()) & 0xff;
      if (rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY || rc == SQLITE_IOERR)
        return Status::Unavailable("cannot write " + path +
                                   ": the file, its directory or its file system is read-only (" +
                                   s.message() + ")");
      return s;
    }
    // A 32 MiB page cache keeps the random-key index on submission_id in memory as
    // the table grows, so inserts do not wait on reads.
    if (Status s = d.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                          "PRAGMA cache_size = -32768;");
        !s.ok())
      return s;
    // A checkpoint runs inside the commit that takes the WAL past this many pages, and
    // everyone waiting on that commit waits for it too. Steps of 250 pages instead of
    // SQLite's 1,000 keep those waits short: p99 at 5,000 submissions/s went from 23-26
    // to 14-18 ms, at the same throughput (BENCHMARKS.md, "Collector").
    if (Status s = d.Exec("PRAGMA wal_autocheckpoint = 250"); !s.ok()) return s;
    if (Status s = Migrate(d); !s.ok()) return s;
  } else {
    auto version = d.QueryInt("PRAGMA user_version");
    if (!version.ok()) return version.status();
    if (*version != LatestSchemaVersion()) {
      const bool older = *version < LatestSchemaVersion();
      return Status::Unavailable(path + " has schema version " + std::to_string(*version) +
                                 ", this build needs " + std::to_string(LatestSchemaVersion()) +
                                 (older ? "; upgrade it once with: msc --db FILE migrate"
                                        : "; it was written by a newer msc: use that one"));
    }
  }
  return std::unique_ptr<Store>(new Store(std::move(*db)));
}

int Store::schema_version() const {
  auto v = db_->QueryInt("PRAGMA user_version");
  return v.ok() ? static_cast<int>(*v) : -1;
}

Status Store::Audit(std::string_view actor, std::string_view action, std::string_view subject,
                    std::string_view detail) {
  auto q = db_->Prepare(
      "INSERT INTO audit_log (at_ns, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  return q->Bind(1, NowNs()).Bind(2, actor).Bind(3, action).Bind(4, subject).Bind(5, detail).Run();
}

Result<std::vector<AuditEntry>> Store::ReadAudit(int64_t after_id, int limit) {
  auto q = db_->Prepare(
      "SELECT id, at_ns, actor, action, subject, detail FROM audit_log WHERE id > ? "
      "ORDER BY id LIMIT ?");
  if (!q.ok()) return q.status();
  q->Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({q->Int(0), q->Int(1), std::string(q->Text(2)), std::string(q->Text(3)),
                   std::string(q->Text(4)), std::string(q->Text(5))});
  }
  return out;
}

Status Store::Backup(const std::string& path) {
  std::string partial = path + ".partial";
  auto dest = Database::Open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dest.ok()) return dest.status();
  sqlite3_backup* backup = sqlite3_backup_init((*dest)->handle(), "main", db_->handle(), "main");
  if (backup == nullptr) return (*dest)->Error(sqlite3_errcode((*dest)->handle()), "backup");
  int rc;
  // Small steps let writers commit between them; a step that meets a lock retries.
  while ((rc = sqlite3_backup_step(backup, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) sqlite3_sleep(10);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    Status s = (*dest)->Error(rc, "backup to " + path);
    dest->reset();
    std::remove(partial.c_str());
    return s;
  }
  dest->reset();
  if (std::rename(partial.c_str(), path.c_str()) != 0)
    return Status::Unavailable("cannot move the backup into place at " + path);
  return Status::Ok();
}

}  // namespace msc::storage
