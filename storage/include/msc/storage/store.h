#ifndef MSC_STORAGE_STORE_H_
#define MSC_STORAGE_STORE_H_

// The store: one SQLite connection and every operation the system needs on it.
// Open one Store per thread; SQLite's WAL mode lets readers work beside the one
// writer. Every write is a single transaction: it happens whole or not at all.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/api.pb.h"
#include "msc/v1/observation.pb.h"
#include "msc/v1/register.pb.h"
#include "msc/v1/report.pb.h"

namespace msc::storage {

class Database;

// A validated submission, ready to store.
struct NewObservation {
  v1::Observation observation;  // observer_id filled in
  int64_t received_at_ns = 0;   // Unix time
  std::string submitted_by;     // the actor, e.g. "token:12"
  std::string config_sha256;    // hex SHA-256 of the program's effective config; may be empty
  std::vector<v1::ProtocolFlag> flags;  // the protocol rules it breaks
};

// A validated correction: a new version of a stored observation.
struct Correction {
  v1::Observation observation;  // the whole observation, same submission_id and observer_id
  int32_t base_version = 0;     // the version it edits: must be the latest
  int64_t made_at_ns = 0;       // Unix time
  std::string made_by;          // the actor, e.g. "token:12"
  std::string config_sha256;    // as for NewObservation
  std::vector<v1::ProtocolFlag> flags;
  // Non-empty when an observer corrects: then only their own observation, and only
  // while it is RECEIVED or HAS_ISSUES.
  std::string own_observer_id;
};

struct CorrectionOutcome {
  enum class Kind {
    kCorrected,  // stored as a new version; the state is RECEIVED again
    kRepeated,   // this correction was stored before by the same actor (a retry)
    kStale,      // base_version is no longer the latest: nothing stored
  };
  Kind kind = Kind::kCorrected;
  v1::StoredObservation latest;  // after the correction, or the one that made it stale
};

enum class InsertOutcome {
  kAccepted,   // stored now
  kDuplicate,  // the same id with byte-identical content was stored before
  kConflict,   // the same id with other content was stored before; it stays
};

class Store;

// What ForEachHeldContact tells of one observation.
struct HeldContact {
  std::string_view company_id;
  std::string_view observer_id;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  int64_t received_at_ns = 0;
};

// Told of each new observation, in insert order, inside InsertObservations'
// transaction: flags that depend on what was stored before an observation (the
// collector's protocol counts) then see exactly that, however submissions are grouped.
class InsertJudge {
 public:
  virtual ~InsertJudge() = default;
  // Before its insert: may add to item.flags. The store may be read, not written.
  virtual void Judge(Store& store, NewObservation& item) = 0;
  // After its insert, when it was stored (kAccepted).
  virtual void Stored(const NewObservation& item) = 0;
  // Once the batch ended: committed, or rolled back (forget what Stored() said).
  virtual void Finished(bool committed) = 0;
};

struct ListQuery {
  std::string program_id;                                 // empty: any
  v1::ReviewState state = v1::REVIEW_STATE_UNSPECIFIED;   // unspecified: any
  std::string observer_id;                                // empty: any
  v1::ProtocolFlag flag = v1::PROTOCOL_FLAG_UNSPECIFIED;  // unspecified: any
  std::string page_token;                                 // from the previous page
  int page_size = 100;                                    // 1..1000
  bool newest_first = false;                              // default: the order received
};

struct ObservationPage {
  std::vector<v1::StoredObservation> observations;
  std::string next_page_token;  // empty on the last page
};

// Filters for a streamed export.
struct ExportQuery {
  std::string program_id;
  std::vector<v1::ReviewState> states;  // empty: every state but REJECTED
  std::optional<int64_t> from_ns;       // first attempt started at or after
  std::optional<int64_t> to_ns;         // ... and before
  bool with_history = false;            // also every earlier version, each before its latest
};

// One stored observation as the scoring snapshot reads it: its review state, its
// stored bytes, and the fields scoring needs decoded from those bytes (not from the
// table's columns: SQLite handing out sixteen columns took half of the scan). Views
// point into `raw`, valid during the callback only.
struct SnapshotRow {
  std::string_view submission_id;
  std::string_view company_id;
  std::string_view observer_id;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  std::string_view scenario;  // empty: none
  v1::ReviewState review_state = v1::RECEIVED;
  int attempt_count = 0;
  int64_t started_at_ns[2] = {0, 0};  // of the first two attempts
  int64_t wait_ns[2] = {0, 0};
  bool answered[2] = {false, false};
  std::string_view ratings;  // the ratings map's entries as stored: see DecodeRatings
  v1::Upsell upsell = v1::UPSELL_UNSPECIFIED;
  bool redirected = false;
  uint32_t flags = 0;    // the protocol flags, bit n for msc.v1.ProtocolFlag n
  std::string_view raw;  // deterministic serialization of the Observation
};

// Takes the next rating off the front of a SnapshotRow's `ratings`; false at the end
// or should the bytes not parse.
bool TakeRating(std::string_view& entries, std::string_view* criterion_id, int32_t* value);

// Calls each(criterion_id, value) for every rating of a SnapshotRow, in criterion id
// order (the stored bytes sort map keys).
template <class Each>
void DecodeRatings(std::string_view entries, Each&& each) {
  std::string_view id;
  int32_t value = 0;
  while (TakeRating(entries, &id, &value)) each(id, static_cast<int>(value));
}

struct ProgramSnapshot {
  v1::Program program;
  v1::Register register_;    // industries, companies and observers (no programs)
  int64_t rows_at_most = 0;  // an upper bound on the rows to come, for reserving memory
};

struct AuditEntry {
  int64_t id = 0;
  int64_t at_ns = 0;
  std::string actor;
  std::string action;  // e.g. "submit", "review", "register.import", "token.create"
  std::string subject;
  std::string detail;
};

// An authenticated caller.
struct Principal {
  int64_t token_id = 0;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string observer_id;  // observers only
  std::string actor() const { return "token:" + std::to_string(token_id); }
};

class Store {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating it when kReadWrite and missing) and migrates to the newest
  // schema. Errors say what is wrong with the file: locked, read-only, not a database.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, Mode mode = Mode::kReadWrite);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;

  // Register. An import upserts every item by id in one transaction; references
  // (company -> industry) must resolve within the database after the import.
  Status ImportRegister(const v1::Register& reg, std::string_view actor);
  Result<v1::Register> ExportRegister();
  Result<v1::Program> GetProgram(std::string_view id);

  // Observations. One transaction for the whole batch: all outcomes or none.
  Result<std::vector<InsertOutcome>> InsertObservations(std::span<const NewObservation> batch);
  // The same, with a judge told of each item (it may add flags before the insert).
  Result<std::vector<InsertOutcome>> InsertObservations(std::span<NewObservation> batch,
                                                        InsertJudge& judge);
  // Each stored observation of a program that is not REJECTED: what the program holds.
  Status ForEachHeldContact(std::string_view program_id,
                            const std::function<void(const HeldContact&)>& each);

  // Assignments: a program's latest deal replaces the one before, with an audit entry.
  // `deal` needs program_id and dealt_at; company names are not stored.
  Status SaveAssignments(const v1::AssignmentList& deal, std::string_view actor);
  // The latest deal, or that observer's part of it when observer_id is not empty; no
  // dealt_at when the program was never dealt. `done` is left false.
  Result<v1::AssignmentList> GetAssignments(std::string_view program_id,
                                            std::string_view observer_id);
  Result<v1::StoredObservation> GetObservation(std::string_view submission_id);
  Result<ObservationPage> ListObservations(const ListQuery& query);
  // With seen_version > 0, a newer version (a correction made since) is kConflict.
  Status Review(std::string_view submission_id, v1::ReviewState state, std::string_view note,
                std::string_view reviewer, int32_t seen_version = 0);
  // A correction, in one transaction with its audit entry. kNotFound for an unknown
  // id; kPermissionDenied when an observer corrects another's observation or one no
  // longer open to them; kInvalidArgument when it changes submission_id or observer_id.
  Result<CorrectionOutcome> Correct(const Correction& correction);
  // Every version of an observation, oldest first; the last is the latest.
  Result<std::vector<v1::ObservationVersion>> ListVersions(std::string_view submission_id);
  // Streams matching observations in submission order inside one read transaction.
  // With with_history, an observation's earlier versions come first, each as a
  // StoredObservation with its own version fields and review_state unspecified.
  Status ExportObservations(const ExportQuery& query,
                            const std::function<void(const v1::StoredObservation&)>& each);

  // One program's register, config and every observation as one consistent snapshot:
  // on_head gets the program and register first (an error from it ends the read),
  // then on_row every observation of the program. With parts > 1 that many threads
  // read the rows, each with a connection of its own, all lined up on the same
  // snapshot (a write lock held for a moment keeps commits out while they begin);
  // on_row(part, row) then runs on the part's thread. A file that cannot be locked
  // (read-only) is read by one part, on the calling thread.
  Status ReadProgramSnapshot(std::string_view program_id, int parts,
                             const std::function<Status(ProgramSnapshot&)>& on_head,
                             const std::function<void(int part, const SnapshotRow&)>& on_row);

  // Tokens. Only the SHA-256 of a token is stored; the token is returned once.
  Result<std::string> CreateToken(v1::Role role, std::string_view observer_id,
                                  std::string_view label, std::string_view actor);
  // The principal of a valid, unrevoked token; kUnauthenticated otherwise.
  Result<Principal> Authenticate(std::string_view token);
  Result<std::vector<v1::ApiToken>> ListTokens();
  Status RevokeToken(int64_t id, std::string_view actor);

  Result<std::vector<AuditEntry>> ReadAudit(int64_t after_id, int limit);

  // Online copy with the SQLite backup API; the store stays usable meanwhile.
  Status Backup(const std::string& path);

  // The raw connection, for tests and tools that need plain SQL.
  Database& database();

 private:
  explicit Store(std::unique_ptr<Database> db);
  Result<std::vector<InsertOutcome>> InsertBatch(
      size_t n, const std::function<const NewObservation&(size_t)>& item_at, InsertJudge* judge);
  Status Audit(std::string_view actor, std::string_view action, std::string_view subject,
               std::string_view detail);

  std::unique_ptr<Database> db_;
};

// The SHA-256 of a token as stored, lowercase hex.
std::string TokenHash(std::string_view token);

}  // namespace msc::storage

#endif  // MSC_STORAGE_STORE_H_
