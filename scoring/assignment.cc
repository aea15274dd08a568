#include "msc/scoring/assignment.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <vector>

#include "fieldwork.h"
#include "msc/proto/observer.h"
#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

// SplitMix64: a generator fixed here, so that a seed deals the same everywhere
// (std::shuffle and the standard distributions differ between libraries).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n): the modulo bias (n / 2^64) is far below anything a deal shows.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

template <typename T>
void Shuffle(std::vector<T>& v, SplitMix64& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.Below(i)]);
}

struct Slot {
  uint32_t company;
  int quota;  // index into the plan's quotas: the channel, in plan order
};

// What the program holds: contacts not REJECTED whose first attempt is in the period,
// reviewed or not (a contact waiting for review is made; a rejection makes room).
struct Held {
  std::vector<std::vector<int>> by_company_quota;     // [company][quota]
  std::vector<std::vector<int>> by_observer_company;  // [observer][company]
};

Held CountHeld(const ProgressInput& in, const v1::FieldworkPlan& plan) {
  Held held{
      std::vector<std::vector<int>>(in.companies.size(), std::vector<int>(plan.quotas_size(), 0)),
      std::vector<std::vector<int>>(in.observers.size(), std::vector<int>(in.companies.size(), 0))};
  for (const ProgressContact& c : in.contacts) {
    if (c.review_state == v1::REJECTED || !StartsInPeriod(in.program, c.started_at_ns)) continue;
    ++held.by_observer_company[c.observer][c.company];
    for (int q = 0; q < plan.quotas_size(); ++q) {
      if (plan.quotas(q).channel() == c.channel) ++held.by_company_quota[c.company][q];
    }
  }
  return held;
}

}  // namespace

Result<v1::AssignmentList> Deal(const ProgressInput& in, uint64_t seed) {
  if (Status s = ValidateConfig(in.config); !s.ok()) return s;
  const v1::FieldworkPlan& plan = in.config.fieldwork();
  const Held held = CountHeld(in, plan);
  SplitMix64 rng(seed);

  std::vector<Slot> slots;
  for (uint32_t k = 0; k < in.companies.size(); ++k) {
    for (int q = 0; q < plan.quotas_size(); ++q) {
      int missing = plan.quotas(q).contacts() - held.by_company_quota[k][q];
      for (int i = 0; i < missing; ++i) slots.push_back({k, q});
    }
  }
  Shuffle(slots, rng);  // interleaves companies and channels as they are dealt

  std::vector<uint32_t> active;  // observer indices, in a seeded order for ties
  for (uint32_t a = 0; a < in.observers.size(); ++a) {
    if (IsActive(in.observers[a])) active.push_back(a);
  }
  Shuffle(active, rng);

  const int max_at_company = plan.max_contacts_per_observer_company();
  std::vector<int> load(in.observers.size(), 0);
  std::vector<std::vector<int>> at_company = held.by_observer_company;
  std::vector<std::vector<int>> on_channel(in.observers.size(),
                                           std::vector<int>(plan.quotas_size(), 0));
  std::vector<std::tuple<uint32_t, uint32_t, int>> dealt;  // observer, company, quota
  int undealt = 0;
  for (const Slot& slot : slots) {
    // The least loaded observer under the quota; then the one with the fewest contacts
    // at the company (spread), then the fewest dealt on the channel (mixed).
    const uint32_t* best = nullptr;
    for (const uint32_t& a : active) {
      if (at_company[a][slot.company] >= max_at_company) continue;
      if (best == nullptr ||
          std::tie(load[a], at_company[a][slot.company], on_channel[a][slot.quota]) <
              std::tie(load[*best], at_company[*best][slot.company],
                       on_channel[*best][slot.quota])) {
        best = &a;
      }
    }
    if (best == nullptr) {
      ++undealt;
      continue;
    }
    ++load[*best];
    ++at_company[*best][slot.company];
    ++on_channel[*best][slot.quota];
    dealt.emplace_back(*best, slot.company, slot.quota);
  }

  std::sort(dealt.begin(), dealt.end());
  v1::AssignmentList out;
  out.set_program_id(in.program.id());
  out.set_seed(seed);
  out.set_undealt(undealt);
  for (const auto& [observer, company, quota] : dealt) {
    v1::Assignment* a = out.add_assignments();
    a->set_observer_id(in.observers[observer].id());
    a->set_company_id(in.companies[company].id());
    a->set_company_name(in.companies[company].name());
    a->set_channel(plan.quotas(quota).channel());
  }
  return out;
}

void MarkDone(v1::AssignmentList& list, const std::vector<MadeContact>& made) {
  std::map<std::tuple<std::string_view, std::string_view, int>, int> left;
  for (const MadeContact& c : made) ++left[{c.observer_id, c.company_id, c.channel}];
  for (v1::Assignment& a : *list.mutable_assignments()) {
    auto it = left.find({a.observer_id(), a.company_id(), a.channel()});
    const bool done = it != left.end() && it->second > 0;
    a.set_done(done);
    if (done) --it->second;
  }
}

}  // namespace msc::scoring
