// The observation half of Store: inserts with idempotency, listing, review,
// export and the scoring snapshot.
#include <google/protobuf/util/time_util.h>

#include <cassert>
#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include "msc/proto/serialize.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "snapshot_row.h"
#include "tables.h"

namespace msc::storage {
namespace {

using google::protobuf::util::TimeUtil;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "criterion=value;..." in key order: compact, and read back without protobuf.
std::string EncodeRatings(const v1::Observation& o) {
  std::map<std::string, int32_t> sorted(o.ratings().begin(), o.ratings().end());
  std::string out;
  for (const auto& [id, value] : sorted) {
    if (!out.empty()) out += ';';
    out += id;
    out += '=';
    out += std::to_string(value);
  }
  return out;
}

// Config digests are stored as their 32 bytes (half the hex), NULL when unknown.
void BindDigest(Query& q, int index, std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    bytes += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  }
  if (bytes.size() == 32) {
    q.BindBlob(index, bytes);
  } else {
    q.BindNull(index);
  }
}

int64_t FlagBits(const std::vector<v1::ProtocolFlag>& flags) {
  int64_t bits = 0;
  for (v1::ProtocolFlag f : flags) bits |= int64_t{1} << f;
  return bits;
}

template <class Repeated>
void AddFlags(int64_t bits, Repeated* out) {
  for (int f = 1; f < 63; ++f)
    if ((bits >> f) & 1) out->Add(f);
}

std::string DigestHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

// Binds the first two attempts' start, wait and answered to six columns from `first`.
void BindAttempts(Query& q, int first, const v1::Observation& o) {
  // Validation guarantees 1 or 2 attempts; storage still never indexes past the end.
  for (int i = 0; i < 2; ++i) {
    int col = first + 3 * i;
    if (i < o.attempts_size()) {
      const v1::Attempt& a = o.attempts(i);
      q.Bind(col, TimeUtil::TimestampToNanoseconds(a.started_at()))
          .Bind(col + 1, TimeUtil::DurationToNanoseconds(a.wait()))
          .Bind(col + 2, int64_t{a.answered()});
    } else if (i == 0) {
      q.Bind(col, int64_t{0}).Bind(col + 1, int64_t{0}).Bind(col + 2, int64_t{0});
    } else {
      q.BindNull(col).BindNull(col + 1).BindNull(col + 2);
    }
  }
}

// Inserts one observation unless its id exists; then compares the stored bytes.
Result<InsertOutcome> InsertOne(Database& db, const NewObservation& item) {
  const v1::Observation& o = item.observation;
  std::string raw = SerializeDeterministic(o);
  auto q = db.Prepare(
      "INSERT INTO observations (submission_id, program_id, company_id, observer_id, channel, "
      "attempt_count, a1_started_ns, a1_wait_ns, a1_answered, a2_started_ns, a2_wait_ns, "
      "a2_answered, ratings, upsell, redirected, raw, received_at_ns, submitted_by, "
      "review_state, config_sha256, flags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
      "ON CONFLICT (submission_id) DO NOTHING");
  if (!q.ok()) return q.status();
  q->Bind(1, o.submission_id())
      .Bind(2, o.program_id())
      .Bind(3, o.company_id())
      .Bind(4, o.observer_id())
      .Bind(5, int64_t{o.channel()})
      .Bind(6, int64_t{o.attempts_size()});
  BindAttempts(*q, 7, o);
  q->Bind(13, EncodeRatings(o))
      .Bind(14, int64_t{o.upsell()})
      .Bind(15, int64_t{o.redirected()})
      .BindBlob(16, raw)
      .Bind(17, item.received_at_ns)
      .Bind(18, item.submitted_by)
      .Bind(19, int64_t{v1::RECEIVED});
  BindDigest(*q, 20, item.config_sha256);
  q->Bind(21, FlagBits(item.flags));
  if (Status s = q->Run(); !s.ok()) return s;
  if (sqlite3_changes(db.handle()) == 1) return InsertOutcome::kAccepted;

  auto existing = db.Prepare("SELECT raw, version, seq FROM observations WHERE submission_id = ?");
  if (!existing.ok()) return existing.status();
  auto row = existing->Bind(1, o.submission_id()).Step();
  if (!row.ok()) return row.status();
  assert(*row);
  if (existing->Blob(0) == raw) return InsertOutcome::kDuplicate;
  if (existing->Int(1) == 1) return InsertOutcome::kConflict;
  // Corrected since: a retry of the submission itself is still the same submission.
  auto first = db.Prepare("SELECT raw FROM observation_versions WHERE seq = ? AND version = 1");
  if (!first.ok()) return first.status();
  auto found = first->Bind(1, existing->Int(2)).Step();
  if (!found.ok()) return found.status();
  return *found && first->Blob(0) == raw ? InsertOutcome::kDuplicate : InsertOutcome::kConflict;
}

struct OutcomeCounts {
  int accepted = 0, duplicate = 0, conflict = 0;
};

// The columns ReadStored reads, in its order.
#define MSC_STORED_COLUMNS                                                                \
  "raw, received_at_ns, review_state, review_note, reviewed_by, version, config_sha256, " \
  "coalesce(version_made_at_ns, received_at_ns), coalesce(version_made_by, submitted_by), flags"

Result<v1::StoredObservation> ReadStored(const Query& q, int first_column) {
  v1::StoredObservation s;
  std::string_view raw = q.Blob(first_column);
  if (!s.mutable_observation()->ParseFromArray(raw.data(), static_cast<int>(raw.size())))
    return Status::Internal("a stored observation does not parse");
  *s.mutable_received_at() = TimeUtil::NanosecondsToTimestamp(q.Int(first_column + 1));
  s.set_review_state(static_cast<v1::ReviewState>(q.Int(first_column + 2)));
  s.set_review_note(std::string(q.Text(first_column + 3)));
  s.set_reviewed_by(std::string(q.Text(first_column + 4)));
  s.set_version(static_cast<int32_t>(q.Int(first_column + 5)));
  s.set_config_sha256(DigestHex(q.Blob(first_column + 6)));
  *s.mutable_version_made_at() = TimeUtil::NanosecondsToTimestamp(q.Int(first_column + 7));
  s.set_version_made_by(std::string(q.Text(first_column + 8)));
  AddFlags(q.Int(first_column + 9), s.mutable_flags());
  return s;
}

// The latest version of one observation, with its seq and submitting observer.
struct CurrentRow {
  int64_t seq = 0;
  v1::StoredObservation stored;
};

Result<CurrentRow> ReadCurrent(Database& db, std::string_view submission_id) {
  auto q =
      db.Prepare("SELECT seq, " MSC_STORED_COLUMNS " FROM observations WHERE submission_id = ?");
  if (!q.ok()) return q.status();
  auto row = q->Bind(1, submission_id).Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no observation '" + std::string(submission_id) + "'");
  auto stored = ReadStored(*q, 1);
  if (!stored.ok()) return stored.status();
  return CurrentRow{q->Int(0), std::move(*stored)};
}

// Calls each(version) for the versions a correction replaced, oldest first.
template <class Each>
Status EachEarlierVersion(Database& db, int64_t seq, Each&& each) {
  auto q = db.Prepare(
      "SELECT version, raw, made_at_ns, made_by, config_sha256, flags FROM observation_versions "
      "WHERE seq = ? ORDER BY version");
  if (!q.ok()) return q.status();
  q->Bind(1, seq);
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    v1::ObservationVersion v;
    v.set_version(static_cast<int32_t>(q->Int(0)));
    std::string_view raw = q->Blob(1);
    if (!v.mutable_observation()->ParseFromArray(raw.data(), static_cast<int>(raw.size())))
      return Status::Internal("a stored version does not parse");
    *v.mutable_made_at() = TimeUtil::NanosecondsToTimestamp(q->Int(2));
    v.set_made_by(std::string(q->Text(3)));
    v.set_config_sha256(DigestHex(q->Blob(4)));
    AddFlags(q->Int(5), v.mutable_flags());
    each(v);
  }
}

}  // namespace

Result<std::vector<InsertOutcome>> Store::InsertObservations(
    std::span<const NewObservation> batch) {
  return InsertBatch(
      batch.size(), [&](size_t i) -> const NewObservation& { return batch[i]; }, nullptr);
}

Result<std::vector<InsertOutcome>> Store::InsertObservations(std::span<NewObservation> batch,
                                                             InsertJudge& judge) {
  auto outcomes = InsertBatch(
      batch.size(),
      [&](size_t i) -> const NewObservation& {
        judge.Judge(*this, batch[i]);
        return batch[i];
      },
      &judge);
  judge.Finished(outcomes.ok());
  return outcomes;
}

Result<std::vector<InsertOutcome>> Store::InsertBatch(
    size_t n, const std::function<const NewObservation&(size_t)>& item_at, InsertJudge* judge) {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  std::vector<InsertOutcome> outcomes;
  outcomes.reserve(n);
  std::map<std::string_view, OutcomeCounts> by_actor;
  for (size_t i = 0; i < n; ++i) {
    const NewObservation& item = item_at(i);
    auto outcome = InsertOne(*db_, item);
    if (!outcome.ok()) return outcome.status();
    outcomes.push_back(*outcome);
    if (judge && *outcome == InsertOutcome::kAccepted) judge->Stored(item);
    OutcomeCounts& c = by_actor[item.submitted_by];
    (*outcome == InsertOutcome::kAccepted    ? c.accepted
     : *outcome == InsertOutcome::kDuplicate ? c.duplicate
                                             : c.conflict)++;
  }
  // One audit row per submitter per commit: who submitted how much, when.
  for (const auto& [actor, c] : by_actor) {
    std::string detail = "accepted=" + std::to_string(c.accepted) +
                         " duplicate=" + std::to_string(c.duplicate) +
                         " conflict=" + std::to_string(c.conflict);
    if (Status s = Audit(actor, "submit", "", detail); !s.ok()) return s;
  }
  if (Status s = (*txn)->Commit(); !s.ok()) return s;
  return outcomes;
}

Status Store::ForEachHeldContact(std::string_view program_id,
                                 const std::function<void(const HeldContact&)>& each) {
  auto q = db_->Prepare(
      "SELECT company_id, observer_id, channel, received_at_ns FROM observations "
      "WHERE program_id = ? AND review_state != ?");
  if (!q.ok()) return q.status();
  q->Bind(1, program_id).Bind(2, int64_t{v1::REJECTED});
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    each({q->Text(0), q->Text(1), static_cast<v1::Channel>(q->Int(2)), q->Int(3)});
  }
}

Result<v1::StoredObservation> Store::GetObservation(std::string_view submission_id) {
  auto current = ReadCurrent(*db_, submission_id);
  if (!current.ok()) return current.status();
  return std::move(current->stored);
}

Result<ObservationPage> Store::ListObservations(const ListQuery& query) {
  // The token is the last seq of the previous page: the next page starts past it.
  int64_t past = query.newest_first ? INT64_MAX : 0;
  if (!query.page_token.empty()) {
    auto [end, ec] = std::from_chars(query.page_token.data(),
                                     query.page_token.data() + query.page_token.size(), past);
    if (ec != std::errc() || end != query.page_token.data() + query.page_token.size() || past < 0)
      return Status::Invalid("page_token", "is not a token this server gave out");
  }
  if (query.page_size < 1 || query.page_size > 1000)
    return Status::Invalid("page_size", "must be between 1 and 1000");
#define MSC_LIST_FILTER                                                  \
  " AND (?2 = '' OR program_id = ?2) AND (?3 = 0 OR review_state = ?3) " \
  "AND (?4 = '' OR observer_id = ?4) AND (?6 = 0 OR (flags >> ?6) & 1 = 1) "
  auto q = db_->Prepare(query.newest_first ? "SELECT seq, " MSC_STORED_COLUMNS
                                             " FROM observations WHERE seq < ?1" MSC_LIST_FILTER
                                             "ORDER BY seq DESC LIMIT ?5"
                                           : "SELECT seq, " MSC_STORED_COLUMNS
                                             " FROM observations WHERE seq > ?1" MSC_LIST_FILTER
                                             "ORDER BY seq LIMIT ?5");
#undef MSC_LIST_FILTER
  if (!q.ok()) return q.status();
  q->Bind(1, past)
      .Bind(2, query.program_id)
      .Bind(3, int64_t{query.state})
      .Bind(4, query.observer_id)
      .Bind(5, int64_t{query.page_size} + 1)
      .Bind(6, int64_t{query.flag});
  ObservationPage page;
  int64_t last_seq = 0;
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (static_cast<int>(page.observations.size()) == query.page_size) {
      page.next_page_token = std::to_string(last_seq);
      break;
    }
    auto stored = ReadStored(*q, 1);
    if (!stored.ok()) return stored.status();
    page.observations.push_back(std::move(*stored));
    last_seq = q->Int(0);
  }
  return page;
}

Status Store::Review(std::string_view submission_id, v1::ReviewState state, std::string_view note,
                     std::string_view reviewer, int32_t seen_version) {
  if (state != v1::APPROVED && state != v1::HAS_ISSUES && state != v1::REJECTED)
    return Status::Invalid("state", "must be APPROVED, HAS_ISSUES or REJECTED");
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  if (seen_version > 0) {
    auto current = ReadCurrent(*db_, submission_id);
    if (!current.ok()) return current.status();
    if (current->stored.version() != seen_version)
      return Status::Conflict("version " + std::to_string(seen_version) +
                              " was reviewed, but the latest is version " +
                              std::to_string(current->stored.version()));
  }
  auto q = db_->Prepare(
      "UPDATE observations SET review_state = ?, review_note = ?, reviewed_by = ?, "
      "reviewed_at_ns = ? WHERE submission_id = ?");
  if (!q.ok()) return q.status();
  Status s = q->Bind(1, int64_t{state})
                 .Bind(2, note)
                 .Bind(3, reviewer)
                 .Bind(4, NowNs())
                 .Bind(5, submission_id)
                 .Run();
  if (!s.ok()) return s;
  if (sqlite3_changes(db_->handle()) == 0)
    return Status::NotFound("no observation '" + std::string(submission_id) + "'");
  std::string detail = v1::ReviewState_Name(state);
  if (!note.empty()) detail += ": " + std::string(note);
  if (Status a = Audit(reviewer, "review", submission_id, detail); !a.ok()) return a;
  return (*txn)->Commit();
}

Status Store::ExportObservations(const ExportQuery& query,
                                 const std::function<void(const v1::StoredObservation&)>& each) {
  uint32_t state_mask = 0;
  for (v1::ReviewState s : query.states) state_mask |= 1u << s;
  if (query.states.empty())
    state_mask = (1u << v1::RECEIVED) | (1u << v1::APPROVED) | (1u << v1::HAS_ISSUES);
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kRead);
  if (!txn.ok()) return txn.status();
  // NOT INDEXED: one pass in seq order, with neither an index walk nor a sort.
  auto q = db_->Prepare(
      "SELECT seq, version, " MSC_STORED_COLUMNS
      " FROM observations NOT INDEXED WHERE program_id = ?1 AND ((?2 >> review_state) & 1) = 1 "
      "AND a1_started_ns >= ?3 AND a1_started_ns < ?4 ORDER BY seq");
  if (!q.ok()) return q.status();
  q->Bind(1, query.program_id)
      .Bind(2, int64_t{state_mask})
      .Bind(3, query.from_ns.value_or(INT64_MIN))
      .Bind(4, query.to_ns.value_or(INT64_MAX));
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    auto stored = ReadStored(*q, 2);
    if (!stored.ok()) return stored.status();
    if (query.with_history && q->Int(1) > 1) {
      Status s = EachEarlierVersion(*db_, q->Int(0), [&](v1::ObservationVersion& v) {
        v1::StoredObservation old;
        *old.mutable_observation() = std::move(*v.mutable_observation());
        *old.mutable_received_at() = stored->received_at();
        old.set_version(v.version());
        old.set_config_sha256(v.config_sha256());
        *old.mutable_version_made_at() = v.made_at();
        old.set_version_made_by(v.made_by());
        *old.mutable_flags() = v.flags();
        each(old);
      });
      if (!s.ok()) return s;
    }
    each(*stored);
  }
}

namespace {

// A stored observation's version as the history lists it.
v1::ObservationVersion AsVersion(const v1::StoredObservation& s) {
  v1::ObservationVersion v;
  v.set_version(s.version());
  *v.mutable_observation() = s.observation();
  *v.mutable_made_at() = s.version_made_at();
  v.set_made_by(s.version_made_by());
  v.set_config_sha256(s.config_sha256());
  *v.mutable_flags() = s.flags();
  return v;
}

// Moves the latest version into the history and stores the correction in its place.
Status StoreCorrection(Database& db, const CurrentRow& current, const Correction& c) {
  auto keep = db.Prepare(
      "INSERT INTO observation_versions "
      "(seq, version, raw, made_at_ns, made_by, config_sha256, flags) "
      "SELECT seq, version, raw, coalesce(version_made_at_ns, received_at_ns), "
      "coalesce(version_made_by, submitted_by), config_sha256, flags FROM observations "
      "WHERE seq = ?");
  if (!keep.ok()) return keep.status();
  if (Status s = keep->Bind(1, current.seq).Run(); !s.ok()) return s;

  const v1::Observation& o = c.observation;
  auto q = db.Prepare(
      "UPDATE observations SET program_id = ?2, company_id = ?3, channel = ?4, "
      "attempt_count = ?5, a1_started_ns = ?6, a1_wait_ns = ?7, a1_answered = ?8, "
      "a2_started_ns = ?9, a2_wait_ns = ?10, a2_answered = ?11, ratings = ?12, upsell = ?13, "
      "redirected = ?14, raw = ?15, version = version + 1, config_sha256 = ?16, "
      "version_made_at_ns = ?17, version_made_by = ?18, review_state = ?19, flags = ?20 "
      "WHERE seq = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, current.seq)
      .Bind(2, o.program_id())
      .Bind(3, o.company_id())
      .Bind(4, int64_t{o.channel()})
      .Bind(5, int64_t{o.attempts_size()});
  BindAttempts(*q, 6, o);
  q->Bind(12, EncodeRatings(o))
      .Bind(13, int64_t{o.upsell()})
      .Bind(14, int64_t{o.redirected()})
      .BindBlob(15, SerializeDeterministic(o));
  BindDigest(*q, 16, c.config_sha256);
  return q->Bind(17, c.made_at_ns)
      .Bind(18, c.made_by)
      .Bind(19, int64_t{v1::RECEIVED})
      .Bind(20, FlagBits(c.flags))
      .Run();
}

// Version base + 1 of an observation (base below the latest): from the history, or
// the latest itself.
Result<v1::ObservationVersion> VersionAfter(Database& db, const CurrentRow& current, int32_t base) {
  if (base + 1 == current.stored.version()) return AsVersion(current.stored);
  std::optional<v1::ObservationVersion> found;
  Status s = EachEarlierVersion(db, current.seq, [&](v1::ObservationVersion& v) {
    if (v.version() == base + 1) found = std::move(v);
  });
  if (!s.ok()) return s;
  if (!found) return Status::Internal("version " + std::to_string(base + 1) + " is missing");
  return std::move(*found);
}

}  // namespace

Result<CorrectionOutcome> Store::Correct(const Correction& c) {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kWrite);
  if (!txn.ok()) return txn.status();
  const std::string& id = c.observation.submission_id();
  auto current = ReadCurrent(*db_, id);
  if (!current.ok()) return current.status();
  const v1::StoredObservation& latest = current->stored;
  const std::string& owner = latest.observation().observer_id();
  if (!c.own_observer_id.empty() && owner != c.own_observer_id)
    return Status(StatusCode::kPermissionDenied,
                  "an observer token corrects its own observations only");
  if (c.observation.observer_id() != owner)
    return Status::Invalid("observer_id", "a correction keeps the observer (" + owner + ")");
  // A retry of a correction that was stored (its answer lost): the version after its
  // base holds the same bytes by the same actor, whatever happened since.
  if (c.base_version >= 1 && c.base_version < latest.version()) {
    auto made = VersionAfter(*db_, *current, c.base_version);
    if (!made.ok()) return made.status();
    if (made->made_by() == c.made_by &&
        SerializeDeterministic(made->observation()) == SerializeDeterministic(c.observation))
      return CorrectionOutcome{CorrectionOutcome::Kind::kRepeated, latest};
  }
  if (!c.own_observer_id.empty() && latest.review_state() != v1::RECEIVED &&
      latest.review_state() != v1::HAS_ISSUES)
    return Status(StatusCode::kPermissionDenied,
                  "observation " + id + " is " + v1::ReviewState_Name(latest.review_state()) +
                      "; an observer corrects it only while RECEIVED or HAS_ISSUES");
  if (c.base_version != latest.version())
    return CorrectionOutcome{CorrectionOutcome::Kind::kStale, latest};
  if (Status s = StoreCorrection(*db_, *current, c); !s.ok()) return s;
  std::string detail = "version " + std::to_string(latest.version() + 1) + " (was " +
                       v1::ReviewState_Name(latest.review_state()) + ")";
  if (Status s = Audit(c.made_by, "correct", id, detail); !s.ok()) return s;
  auto after = ReadCurrent(*db_, id);
  if (!after.ok()) return after.status();
  if (Status s = (*txn)->Commit(); !s.ok()) return s;
  return CorrectionOutcome{CorrectionOutcome::Kind::kCorrected, std::move(after->stored)};
}

Result<std::vector<v1::ObservationVersion>> Store::ListVersions(std::string_view submission_id) {
  auto txn = Transaction::Begin(*db_, Transaction::Kind::kRead);
  if (!txn.ok()) return txn.status();
  auto current = ReadCurrent(*db_, submission_id);
  if (!current.ok()) return current.status();
  std::vector<v1::ObservationVersion> versions;
  Status s = EachEarlierVersion(
      *db_, current->seq, [&](v1::ObservationVersion& v) { versions.push_back(std::move(v)); });
  if (!s.ok()) return s;
  versions.push_back(AsVersion(current->stored));
  return versions;
}

namespace {

// Calls each_row for the program's observations with seq in [first, last].
Status ScanSnapshotRows(Database& db, std::string_view program_id, int64_t first, int64_t last,
                        const std::function<void(const SnapshotRow&)>& each_row) {
  // A seq range, NOT INDEXED: a program is most of the table, and walking the program
  // index costs a row lookup per observation (three times one pass in seq order).
  auto q = db.Prepare(
      "SELECT review_state, raw, seq, flags FROM observations NOT INDEXED "
      "WHERE seq BETWEEN ?2 AND ?3 AND program_id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, program_id).Bind(2, first).Bind(3, last);
  for (;;) {
    auto row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    SnapshotRow r;
    r.review_state = static_cast<v1::ReviewState>(q->Int(0));
    r.raw = q->Blob(1);
    r.flags = static_cast<uint32_t>(q->Int(3));
    if (!DecodeStoredFields(r.raw, r)) {
      return Status::Internal("observation seq " + std::to_string(q->Int(2)) + " of program '" +
                              std::string(program_id) + "': its stored bytes do not parse");
    }
    each_row(r);
  }
}

// A connection of its own, inside a read transaction.
struct LinedUpReader {
  std::unique_ptr<Database> db;
  std::unique_ptr<Transaction> txn;
};

// Read transactions on `count` connections of their own that all see the same
// database: they begin while a write lock keeps anyone from committing. Empty when
// the file cannot be locked (a read-only file, or a writer holding its lock longer
// than a commit takes) or a connection cannot be opened.
std::vector<LinedUpReader> LinedUpReaders(const std::string& path, int count) {
  std::vector<LinedUpReader> readers;
  auto lock = Database::Open(path, SQLITE_OPEN_READWRITE);
  if (!lock.ok()) return readers;
  // Readers never wait for writers in WAL mode; this one waits for a commit at most,
  // then reads alone rather than late.
  sqlite3_busy_timeout((*lock)->handle(), 200);
  auto write = Transaction::Begin(**lock, Transaction::Kind::kWrite);
  if (!write.ok()) return readers;
  for (int i = 0; i < count; ++i) {
    auto db = Database::Open(path, SQLITE_OPEN_READONLY);
    if (!db.ok()) return {};
    auto txn = Transaction::Begin(**db, Transaction::Kind::kRead);
    if (!txn.ok()) return {};
    readers.push_back({std::move(*db), std::move(*txn)});
  }
  return readers;  // the write transaction rolls back: it wrote nothing
}

}  // namespace

Status Store::ReadProgramSnapshot(std::string_view program_id, int parts,
                                  const std::function<Status(ProgramSnapshot&)>& on_head,
                                  const std::function<void(int part, const SnapshotRow&)>& on_row) {
  assert(parts >= 1);
  std::vector<LinedUpReader> helpers;
  if (parts > 1) helpers = LinedUpReaders(db_->path(), parts);
  std::unique_ptr<Transaction> own;  // when reading alone, on this connection
  if (helpers.empty()) {
    auto txn = Transaction::Begin(*db_, Transaction::Kind::kRead);
    if (!txn.ok()) return txn.status();
    own = std::move(*txn);
  }
  Database& db = helpers.empty() ? *db_ : *helpers[0].db;
  ProgramSnapshot head;
  auto program = ReadProgram(db, program_id);
  if (!program.ok()) return program.status();
  head.program = std::move(*program);
  if (Status s = ReadRegisterTables(db, &head.register_, false); !s.ok()) return s;
  // Two subqueries: min and max together would read a whole index, each alone is one
  // lookup. NULLs when the table is empty.
  auto range =
      db.Prepare("SELECT (SELECT min(seq) FROM observations), (SELECT max(seq) FROM observations)");
  if (!range.ok()) return range.status();
  if (auto row = range->Step(); !row.ok()) return row.status();
  const int64_t first = range->Int(0), last = range->Int(1);
  head.rows_at_most = range->IsNull(0) ? 0 : last - first + 1;
  if (Status s = on_head(head); !s.ok()) return s;
  if (helpers.empty()) {
    return ScanSnapshotRows(db, program_id, first, last,
                            [&](const SnapshotRow& r) { on_row(0, r); });
  }
  // Equal seq ranges (the rows of other programs, if any, fall where they fall), the
  // last one on this thread.
  const int64_t step = (last - first) / static_cast<int64_t>(helpers.size()) + 1;
  std::vector<Status> results(helpers.size());
  std::vector<std::thread> threads;
  for (size_t k = 0; k < helpers.size(); ++k) {
    auto scan = [&, k] {
      const int64_t from = first + static_cast<int64_t>(k) * step;
      results[k] = ScanSnapshotRows(*helpers[k].db, program_id, from, from + step - 1,
                                    [&](const SnapshotRow& r) { on_row(static_cast<int>(k), r); });
    };
    if (k + 1 < helpers.size()) {
      threads.emplace_back(scan);
    } else {
      scan();
    }
  }
  for (std::thread& t : threads) t.join();
  for (const Status& s : results)
    if (!s.ok()) return s;
  return Status::Ok();
}

}  // namespace msc::storage
