#include "msc/collector/program_report.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "msc/scoring/config.h"

namespace msc::collector {
namespace {

// The slot of an id, looked up for every snapshot row: open addressing in a
// power-of-two table of (hash, slot, id) entries, the hash a multiply per eight bytes.
// An id of up to 19 bytes lies in its entry, so a lookup reads one cache line, where
// std::unordered_map hashed byte by byte and chased a node.
class IdIndex {
 public:
  template <class Items>
  explicit IdIndex(const Items& items) {
    size_t size = 16;
    while (size < 2 * static_cast<size_t>(items.size())) size *= 2;
    entries_.assign(size, Entry{});
    for (int i = 0; i < items.size(); ++i) Insert(items.Get(i).id(), static_cast<uint32_t>(i));
  }

  std::optional<uint32_t> Find(std::string_view id) const {
    const uint64_t hash = Hash(id);
    for (size_t at = hash & Mask();; at = (at + 1) & Mask()) {
      const Entry& e = entries_[at];
      if (e.slot == kEmpty) return std::nullopt;
      if (e.hash == hash && (e.size == kLong ? ids_[e.slot] == id : e.Holds(id))) return e.slot;
    }
  }

 private:
  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  static constexpr uint8_t kLong = std::numeric_limits<uint8_t>::max();  // id in ids_ only
  struct Entry {
    uint64_t hash = 0;
    uint32_t slot = kEmpty;
    uint8_t size = kLong;
    char id[19] = {};

    bool Holds(std::string_view other) const {
      return other.size() == size && std::memcmp(id, other.data(), size) == 0;
    }
  };
  static_assert(sizeof(Entry) == 32);

  static uint64_t Hash(std::string_view id) {
    constexpr uint64_t kOdd = 0x9E3779B97F4A7C15ull;
    uint64_t h = id.size() * kOdd;
    for (size_t at = 0; at < id.size(); at += 8) {
      uint64_t word = 0;
      std::memcpy(&word, id.data() + at, std::min<size_t>(8, id.size() - at));
      h = (h ^ word) * kOdd;
      h ^= h >> 32;
    }
    // MurmurHash3's finalizer: the table takes the low bits, which the multiplies
    // above leave poorly mixed (ids that differ in one digit landed side by side).
    h = (h ^ h >> 33) * 0xFF51AFD7ED558CCDull;
    return h ^ h >> 33;
  }
  size_t Mask() const { return entries_.size() - 1; }

  void Insert(std::string_view id, uint32_t slot) {
    if (Find(id)) return;  // the register has unique ids; the first one wins
    const uint64_t hash = Hash(id);
    size_t at = hash & Mask();
    while (entries_[at].slot != kEmpty) at = (at + 1) & Mask();
    Entry& e = entries_[at];
    e.hash = hash;
    e.slot = slot;
    if (id.size() <= sizeof e.id) {
      e.size = static_cast<uint8_t>(id.size());
      std::memcpy(e.id, id.data(), id.size());
    }
    ids_.resize(std::max<size_t>(ids_.size(), slot + 1));
    ids_[slot] = std::string(id);
  }

  std::vector<Entry> entries_;
  std::vector<std::string> ids_;  // by slot
};

// A row's ratings come in criterion id order (storage writes them so): walking the
// config's criteria sorted by id beside them finds each with a comparison or two.
class CriterionIndex {
 public:
  explicit CriterionIndex(const v1::ScoringConfig& config) {
    for (int k = 0; k < config.criteria_size(); ++k)
      sorted_.push_back({config.criteria(k).id(), static_cast<uint8_t>(k)});
    std::sort(sorted_.begin(), sorted_.end());
  }

  // Calls each(position in the config, value) for the ratings of known criteria.
  template <class Each>
  void Decode(std::string_view ratings, Each&& each) const {
    size_t next = 0;  // where the next id is expected in sorted_
    storage::DecodeRatings(ratings, [&](std::string_view id, int value) {
      if (next >= sorted_.size() || sorted_[next].first != id) {
        auto at =
            std::lower_bound(sorted_.begin(), sorted_.end(), id,
                             [](const auto& c, std::string_view key) { return c.first < key; });
        if (at == sorted_.end() || at->first != id) return;  // not (or no longer) scored
        next = static_cast<size_t>(at - sorted_.begin());
      }
      each(sorted_[next].second, value);
      ++next;
    });
  }

 private:
  std::vector<std::pair<std::string, uint8_t>> sorted_;
};

// Turns snapshot rows into the engine's compact contacts.
class ContactReader {
 public:
  ContactReader(const v1::Register& reg, const v1::Program& program,
                const v1::ScoringConfig& config)
      : companies_(reg.companies()),
        observers_(reg.observers()),
        scenarios_(program.scenarios()),
        lists_scenarios_(program.scenarios_size() > 0),
        criteria_(config) {}

  // The contact keeps its submission id and raw bytes in `bytes`.
  Status Read(const storage::SnapshotRow& row, scoring::Contact& c,
              scoring::ContactBytes& bytes) const {
    const std::optional<uint32_t> company = companies_.Find(row.company_id);
    const std::optional<uint32_t> observer = observers_.Find(row.observer_id);
    if (!company || !observer)
      return Status::Internal("observation " + std::string(row.submission_id) +
                              " names a company or observer missing from the register");

    c.company = *company;
    c.observer = *observer;
    c.channel = row.channel;
    // A scenario the program does not list (named before it listed any) is in none;
    // most programs list none, and then no contact needs the lookup.
    c.scenario = 0;
    if (lists_scenarios_ && !row.scenario.empty()) {
      if (const std::optional<uint32_t> scenario = scenarios_.Find(row.scenario))
        c.scenario = static_cast<uint16_t>(*scenario + 1);
    }
    c.review_state = row.review_state;
    c.attempt_count = static_cast<uint8_t>(row.attempt_count);
    for (int i = 0; i < 2; ++i)
      c.attempts[i] = {row.started_at_ns[i], row.wait_ns[i], row.answered[i]};
    c.ratings.fill(0);
    // A rating of a criterion the config no longer has is not scored.
    criteria_.Decode(row.ratings,
                     [&](uint8_t k, int value) { c.ratings[k] = static_cast<uint8_t>(value); });
    c.upsell = row.upsell;
    c.redirected = row.redirected;
    c.raw = bytes.Keep(row.raw);
    // The id lies inside the stored bytes: the contact views it in their copy.
    if (!row.submission_id.empty()) {
      c.submission_id = c.raw.substr(static_cast<size_t>(row.submission_id.data() - row.raw.data()),
                                     row.submission_id.size());
    }
    return Status::Ok();
  }

 private:
  IdIndex companies_;
  IdIndex observers_;
  IdIndex scenarios_;
  bool lists_scenarios_;
  CriterionIndex criteria_;
};

// What one part of the snapshot read becomes.
struct PartContacts {
  std::vector<scoring::Contact>* contacts;
  scoring::ContactBytes bytes;
  Status error;
};

}  // namespace

// Reading SQLite and building contacts take seconds for a large program: two
// threads do both, each for half of the table (see Store::ReadProgramSnapshot).
Result<scoring::Input> LoadScoringInput(storage::Store& store, std::string_view program_id,
                                        const v1::ScoringConfig* overrides) {
  constexpr int kParts = 2;
  scoring::Input input;
  std::optional<ContactReader> reader;
  // Part 0 fills the input's own vector, the others vectors of their own, appended
  // after the read: one copy of the contacts fewer.
  std::vector<std::vector<scoring::Contact>> others(kParts - 1);
  std::vector<PartContacts> parts(kParts);
  parts[0].contacts = &input.contacts;
  for (int k = 1; k < kParts; ++k) parts[k].contacts = &others[k - 1];
  auto on_head = [&](storage::ProgramSnapshot& head) -> Status {
    input.config = scoring::EffectiveConfig(head.program);
    if (overrides != nullptr) input.config = scoring::ApplyOverrides(input.config, *overrides);
    if (Status s = scoring::ValidateConfig(input.config); !s.ok()) return s;
    reader.emplace(head.register_, head.program, input.config);
    // Reserved, not touched: memory beyond the rows that come is never mapped.
    scoring::ReserveContacts(input.contacts, static_cast<size_t>(head.rows_at_most));
    for (auto& more : others) {
      scoring::ReserveContacts(more, static_cast<size_t>(head.rows_at_most / kParts + 1));
    }
    input.program = std::move(head.program);
    input.program.clear_config();
    auto move_all = [](auto& from, auto& to) {
      to.reserve(from.size());
      for (auto& x : from) to.push_back(std::move(x));
    };
    move_all(*head.register_.mutable_industries(), input.industries);
    move_all(*head.register_.mutable_companies(), input.companies);
    move_all(*head.register_.mutable_observers(), input.observers);
    return Status::Ok();
  };
  auto on_row = [&](int part, const storage::SnapshotRow& row) {
    PartContacts& p = parts[part];
    if (p.error.ok()) p.error = reader->Read(row, p.contacts->emplace_back(), p.bytes);
  };
  if (Status s = store.ReadProgramSnapshot(program_id, kParts, on_head, on_row); !s.ok()) return s;
  size_t total = 0;
  for (const PartContacts& p : parts) {
    if (!p.error.ok()) return p.error;
    total += p.contacts->size();
  }
  input.contacts.reserve(total);
  for (const std::vector<scoring::Contact>& more : others)
    input.contacts.insert(input.contacts.end(), more.begin(), more.end());
  for (PartContacts& p : parts) input.bytes.Adopt(std::move(p.bytes));
  return input;
}

Result<v1::AwardReport> ScoreProgram(storage::Store& store, std::string_view program_id,
                                     const v1::ScoringConfig* overrides) {
  auto input = LoadScoringInput(store, program_id, overrides);
  if (!input.ok()) return input.status();
  return scoring::Score(*input);
}

Result<scoring::ProgressInput> LoadProgressInput(storage::Store& store, std::string_view program_id,
                                                 std::string_view observer_id, int64_t now_ns) {
  constexpr int kParts = 2;
  scoring::ProgressInput input;
  input.as_of_ns = now_ns;
  std::optional<IdIndex> companies, observers;
  std::vector<std::vector<scoring::ProgressContact>> parts(kParts);
  std::vector<Status> errors(kParts);
  auto on_head = [&](storage::ProgramSnapshot& head) -> Status {
    input.config = scoring::EffectiveConfig(head.program);
    if (Status s = scoring::ValidateConfig(input.config); !s.ok()) return s;
    companies.emplace(head.register_.companies());
    observers.emplace(head.register_.observers());
    if (!observer_id.empty()) {
      input.only_observer = observers->Find(observer_id);
      if (!input.only_observer) {
        return Status::NotFound("no observer '" + std::string(observer_id) + "'");
      }
    }
    for (auto& part : parts) part.reserve(static_cast<size_t>(head.rows_at_most / kParts + 1));
    input.program = std::move(head.program);
    input.companies.assign(head.register_.companies().begin(), head.register_.companies().end());
    input.observers.assign(head.register_.observers().begin(), head.register_.observers().end());
    return Status::Ok();
  };
  auto on_row = [&](int part, const storage::SnapshotRow& row) {
    const std::optional<uint32_t> company = companies->Find(row.company_id);
    const std::optional<uint32_t> observer = observers->Find(row.observer_id);
    if (!company || !observer) {
      if (errors[part].ok())
        errors[part] = Status::Internal("observation " + std::string(row.submission_id) +
                                        " names a company or observer missing from the register");
      return;
    }
    parts[part].push_back(
        {*company, *observer, row.channel, row.review_state, row.flags != 0, row.started_at_ns[0]});
  };
  if (Status s = store.ReadProgramSnapshot(program_id, kParts, on_head, on_row); !s.ok()) return s;
  for (const Status& e : errors)
    if (!e.ok()) return e;
  for (auto& part : parts) input.contacts.insert(input.contacts.end(), part.begin(), part.end());
  return input;
}

Result<v1::ProgramProgress> ProgramProgress(storage::Store& store, std::string_view program_id,
                                            std::string_view observer_id, int64_t now_ns) {
  auto input = LoadProgressInput(store, program_id, observer_id, now_ns);
  if (!input.ok()) return input.status();
  return scoring::Progress(*input);
}

using google::protobuf::util::TimeUtil;

Result<v1::AssignmentList> DealAssignments(storage::Store& store, std::string_view program_id,
                                           uint64_t seed, int64_t now_ns) {
  auto input = LoadProgressInput(store, program_id, "", now_ns);
  if (!input.ok()) return input.status();
  auto deal = scoring::Deal(*input, seed);
  if (deal.ok()) *deal->mutable_dealt_at() = TimeUtil::NanosecondsToTimestamp(now_ns);
  return deal;
}

Result<v1::AssignmentList> ReadAssignments(storage::Store& store, std::string_view program_id,
                                           std::string_view observer_id) {
  auto program = store.GetProgram(program_id);
  if (!program.ok()) return program.status();
  auto list = store.GetAssignments(program_id, observer_id);
  if (!list.ok() || !list->has_dealt_at()) return list;
  const int64_t dealt_at = TimeUtil::TimestampToNanoseconds(list->dealt_at());
  std::vector<scoring::MadeContact> made;
  Status s = store.ForEachHeldContact(program_id, [&](const storage::HeldContact& c) {
    if (c.received_at_ns < dealt_at) return;
    if (!observer_id.empty() && c.observer_id != observer_id) return;
    made.push_back({std::string(c.observer_id), std::string(c.company_id), c.channel});
  });
  if (!s.ok()) return s;
  scoring::MarkDone(*list, made);
  auto reg = store.ExportRegister();
  if (!reg.ok()) return reg.status();
  std::unordered_map<std::string_view, std::string_view> names;
  for (const v1::Company& c : reg->companies()) names.emplace(c.id(), c.name());
  for (v1::Assignment& a : *list->mutable_assignments()) {
    if (auto it = names.find(a.company_id()); it != names.end())
      a.set_company_name(std::string(it->second));
  }
  return list;
}

}  // namespace msc::collector
