#include "schema.h"

#include <iterator>
#include <string>

namespace msc::storage {
namespace {

// Each entry takes the schema from version i to i + 1. Never edit a released entry:
// add a new one. Times are Unix nanoseconds; enums are the msc.v1 numbers.
constexpr const char* kMigrations[] = {
    // 1: register, programs, observations, tokens, audit log.
    R"sql(
CREATE TABLE industries (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE companies (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  industry_id TEXT NOT NULL REFERENCES industries(id)
) WITHOUT ROWID;
CREATE TABLE observers (
  id     TEXT PRIMARY KEY,
  name   TEXT NOT NULL,
  active INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE programs (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  period_start_ns INTEGER NOT NULL,
  period_end_ns   INTEGER NOT NULL,
  config          BLOB            -- msc.v1.ScoringConfig; NULL: the defaults
) WITHOUT ROWID;
-- seq is the rowid: insertion order, the stable order of listings and pages.
CREATE TABLE observations (
  seq              INTEGER PRIMARY KEY,
  submission_id    TEXT NOT NULL,
  program_id       TEXT NOT NULL,
  company_id       TEXT NOT NULL,
  observer_id      TEXT NOT NULL,
  channel          INTEGER NOT NULL,
  attempt_count    INTEGER NOT NULL,
  a1_started_ns    INTEGER NOT NULL,
  a1_wait_ns       INTEGER NOT NULL,
  a1_answered      INTEGER NOT NULL,
  a2_started_ns    INTEGER,
  a2_wait_ns       INTEGER,
  a2_answered      INTEGER,
  ratings          TEXT NOT NULL,  -- "criterion=value;..." in key order
  upsell           INTEGER NOT NULL,
  redirected       INTEGER NOT NULL,
  raw              BLOB NOT NULL,  -- deterministic msc.v1.Observation bytes
  received_at_ns   INTEGER NOT NULL,
  submitted_by     TEXT NOT NULL,
  review_state     INTEGER NOT NULL,
  review_note      TEXT NOT NULL DEFAULT '',
  reviewed_by      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX observations_submission ON observations(submission_id);
CREATE INDEX observations_program ON observations(program_id, review_state);
CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  token_sha256  TEXT NOT NULL UNIQUE,
  role          INTEGER NOT NULL,
  observer_id   TEXT NOT NULL DEFAULT '',
  created_at_ns INTEGER NOT NULL,
  revoked_at_ns INTEGER
);
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at_ns   INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail  TEXT NOT NULL
);
)sql",
    // 2: review times, token labels, listing by observer, and an audit log that
    // cannot be rewritten.
    R"sql(
ALTER TABLE observations ADD COLUMN reviewed_at_ns INTEGER;
ALTER TABLE api_tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
CREATE INDEX observations_observer ON observations(observer_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
    // 3: no query reads the observer index (listings walk seq order), yet with
    // observers' submissions interleaved each insert dirtied one more of its pages:
    // a group commit of 16 inserted about 40% fewer rows per second with it.
    R"sql(
DROP INDEX observations_observer;
)sql",
    // 4: corrections as versions. The observations row is the latest version (what
    // lists, exports and scoring read, unchanged); each version a correction replaced
    // moves whole into observation_versions. Every version records the SHA-256 of
    // its program's effective config when received (32 bytes; NULL: stored before
    // msc recorded it). NULL made_at/made_by: version 1, i.e. received_at/submitted_by.
    R"sql(
ALTER TABLE observations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE observations ADD COLUMN config_sha256 BLOB;
ALTER TABLE observations ADD COLUMN version_made_at_ns INTEGER;
ALTER TABLE observations ADD COLUMN version_made_by TEXT;
CREATE TABLE observation_versions (
  seq           INTEGER NOT NULL REFERENCES observations(seq),
  version       INTEGER NOT NULL,
  raw           BLOB NOT NULL,
  made_at_ns    INTEGER NOT NULL,
  made_by       TEXT NOT NULL,
  config_sha256 BLOB,
  PRIMARY KEY (seq, version)
) WITHOUT ROWID;
CREATE TRIGGER observation_versions_no_update BEFORE UPDATE ON observation_versions
  BEGIN SELECT RAISE(ABORT, 'versions are never rewritten'); END;
CREATE TRIGGER observation_versions_no_delete BEFORE DELETE ON observation_versions
  BEGIN SELECT RAISE(ABORT, 'versions are never deleted'); END;
)sql",
    // 5: the protocol flags of each version, as a bit set of msc.v1.ProtocolFlag
    // numbers (bit n for flag n). Versions stored before were not judged: 0.
    R"sql(
ALTER TABLE observations ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
ALTER TABLE observation_versions ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
)sql",
    // 6: each program's latest deal of its missing contacts to the observers (a new
    // deal replaces the one before whole; the audit log keeps who dealt when).
    R"sql(
CREATE TABLE assignment_deals (
  program_id  TEXT PRIMARY KEY,
  seed        INTEGER NOT NULL,  -- the uint64 seed's bits
  dealt_at_ns INTEGER NOT NULL,
  dealt_by    TEXT NOT NULL,
  undealt     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE assignments (
  program_id  TEXT NOT NULL,
  observer_id TEXT NOT NULL,
  position    INTEGER NOT NULL,  -- the deal's order
  company_id  TEXT NOT NULL,
  channel     INTEGER NOT NULL,
  PRIMARY KEY (program_id, observer_id, position)
) WITHOUT ROWID;
)sql",
    // 7: each program's contact types: a msc.v1.Program holding only its scenarios
    // list (NULL: none), replaced whole by a register import.
    R"sql(
ALTER TABLE programs ADD COLUMN scenarios BLOB;
)sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status Migrate(Database& db) {
  for (;;) {
    auto txn = Transaction::Begin(db, Transaction::Kind::kWrite);
    if (!txn.ok()) return txn.status();
    auto version = db.QueryInt("PRAGMA user_version");
    if (!version.ok()) return version.status();
    if (*version == LatestSchemaVersion()) return Status::Ok();
    if (*version > LatestSchemaVersion() || *version < 0) {
      return Status::Internal(db.path() + " has schema version " + std::to_string(*version) +
                              ", newer than this build knows (" +
                              std::to_string(LatestSchemaVersion()) + "); use a newer msc");
    }
    if (Status s = db.Exec(kMigrations[*version]); !s.ok()) return s;
    std::string set = "PRAGMA user_version = " + std::to_string(*version + 1);
    if (Status s = db.Exec(set.c_str()); !s.ok()) return s;
    if (Status s = (*txn)->Commit(); !s.ok()) return s;
  }
}

}  // namespace msc::storage
