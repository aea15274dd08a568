#include "msc/collector/program_report.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "msc/scoring/config.h"

namespace msc::collector {
namespace {

// Lookups by string_view into a map keyed by std::string, without a copy per row.
struct IdHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
template <class Value>
using IdMap = std::unordered_map<std::string, Value, IdHash, std::equal_to<>>;

template <class Items>
IdMap<uint32_t> IndexById(const Items& items) {
  IdMap<uint32_t> index;
  for (int i = 0; i < items.size(); ++i) index.emplace(items.Get(i).id(), i);
  return index;
}

// Turns snapshot rows into the engine's compact contacts.
class ContactReader {
 public:
  ContactReader(const v1::Register& reg, const v1::ScoringConfig& config)
      : companies_(IndexById(reg.companies())), observers_(IndexById(reg.observers())) {
    for (int k = 0; k < config.criteria_size(); ++k)
      criteria_.emplace(config.criteria(k).id(), static_cast<uint8_t>(k));
  }

  // The contact keeps its submission id and raw bytes in `bytes`.
  Status Read(const storage::SnapshotRow& row, scoring::Contact& c,
              scoring::ContactBytes& bytes) const {
    auto company = companies_.find(row.company_id);
    auto observer = observers_.find(row.observer_id);
    if (company == companies_.end() || observer == observers_.end())
      return Status::Internal("observation " + std::string(row.submission_id) +
                              " names a company or observer missing from the register");
    c.submission_id = bytes.Keep(row.submission_id);
    c.company = company->second;
    c.observer = observer->second;
    c.channel = row.channel;
    c.review_state = row.review_state;
    c.attempt_count = static_cast<uint8_t>(row.attempt_count);
    for (int i = 0; i < 2; ++i)
      c.attempts[i] = {row.started_at_ns[i], row.wait_ns[i], row.answered[i]};
    c.ratings.fill(0);
    // A rating of a criterion the config no longer has is not scored.
    storage::DecodeRatings(row.ratings, [&](std::string_view id, int value) {
      if (auto k = criteria_.find(id); k != criteria_.end())
        c.ratings[k->second] = static_cast<uint8_t>(value);
    });
    c.upsell = row.upsell;
    c.redirected = row.redirected;
    c.raw = bytes.Keep(row.raw);
    return Status::Ok();
  }

 private:
  IdMap<uint32_t> companies_;
  IdMap<uint32_t> observers_;
  IdMap<uint8_t> criteria_;  // position in the config's catalogue
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
    reader.emplace(head.register_, input.config);
    // Reserved, not touched: memory beyond the rows that come is never mapped.
    input.contacts.reserve(static_cast<size_t>(head.rows_at_most));
    for (auto& more : others) more.reserve(static_cast<size_t>(head.rows_at_most / kParts + 1));
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

}  // namespace msc::collector
