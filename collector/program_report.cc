#include "msc/collector/program_report.h"

#include <string>
#include <unordered_map>

#include "msc/scoring/config.h"

namespace msc::collector {
namespace {

// Lookups by string_view into a map keyed by std::string, without a copy per row.
struct IdHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
using IdIndex = std::unordered_map<std::string, uint32_t, IdHash, std::equal_to<>>;

template <class Items>
IdIndex IndexById(const Items& items) {
  IdIndex index;
  for (int i = 0; i < items.size(); ++i) index.emplace(items.Get(i).id(), i);
  return index;
}

// Turns snapshot rows into the engine's compact contacts.
class ContactReader {
 public:
  ContactReader(const v1::Register& reg, const v1::ScoringConfig& config)
      : companies_(IndexById(reg.companies())), observers_(IndexById(reg.observers())) {
    for (const auto& c : config.criteria()) criteria_.push_back(c.id());
  }

  Status Read(const storage::SnapshotRow& row, scoring::Contact& c) const {
    auto company = companies_.find(row.company_id);
    auto observer = observers_.find(row.observer_id);
    if (company == companies_.end() || observer == observers_.end())
      return Status::Internal("observation " + std::string(row.submission_id) +
                              " names a company or observer missing from the register");
    c.submission_id = row.submission_id;
    c.company = company->second;
    c.observer = observer->second;
    c.channel = row.channel;
    c.review_state = row.review_state;
    c.attempt_count = static_cast<uint8_t>(row.attempt_count);
    for (int i = 0; i < 2; ++i)
      c.attempts[i] = {row.started_at_ns[i], row.wait_ns[i], row.answered[i]};
    c.ratings.fill(0);
    // A rating of a criterion the config no longer has is not scored.
    for (const auto& [id, value] : row.ratings) {
      for (size_t k = 0; k < criteria_.size(); ++k)
        if (criteria_[k] == id) c.ratings[k] = static_cast<uint8_t>(value);
    }
    c.upsell = row.upsell;
    c.redirected = row.redirected;
    c.raw = row.raw;
    return Status::Ok();
  }

 private:
  IdIndex companies_;
  IdIndex observers_;
  std::vector<std::string> criteria_;
};

}  // namespace

Result<scoring::Input> LoadScoringInput(storage::Store& store, std::string_view program_id,
                                        const v1::ScoringConfig* overrides) {
  storage::ProgramSnapshot head;
  scoring::Input input;
  std::unique_ptr<ContactReader> reader;
  Status row_error;
  // The head (program and register) is filled before the first row arrives.
  auto prepare = [&]() -> Status {
    input.config = scoring::EffectiveConfig(head.program);
    if (overrides != nullptr) input.config = scoring::ApplyOverrides(input.config, *overrides);
    if (Status s = scoring::ValidateConfig(input.config); !s.ok()) return s;
    reader = std::make_unique<ContactReader>(head.register_, input.config);
    return Status::Ok();
  };
  Status s = store.ReadProgramSnapshot(program_id, &head, [&](const storage::SnapshotRow& row) {
    if (!row_error.ok()) return;
    if (!reader) {
      if (row_error = prepare(); !row_error.ok()) return;
    }
    row_error = reader->Read(row, input.contacts.emplace_back());
  });
  if (!s.ok()) return s;
  if (!row_error.ok()) return row_error;
  if (!reader) {
    if (Status p = prepare(); !p.ok()) return p;
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
  return input;
}

Result<v1::AwardReport> ScoreProgram(storage::Store& store, std::string_view program_id,
                                     const v1::ScoringConfig* overrides) {
  auto input = LoadScoringInput(store, program_id, overrides);
  if (!input.ok()) return input.status();
  return scoring::Score(*input);
}

}  // namespace msc::collector
