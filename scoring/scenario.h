#ifndef MSC_SCORING_SCENARIO_H_
#define MSC_SCORING_SCENARIO_H_

// Contact types (scoring/README.md "Contact types"): each scenario a program lists,
// over the program, each industry and each channel. The counted contacts are added
// one by one; the figures are filled into the report at the end.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "aggregate.h"
#include "contact.h"
#include "msc/v1/register.pb.h"
#include "msc/v1/report.pb.h"

namespace msc::scoring {

// What a counted contact of a listed scenario brings.
struct ScenarioContact {
  uint32_t scenario = 0;  // position in the program's list
  int32_t industry = -1;  // industry slot (id order), -1 for none
  int channel = 0;        // 1..4
  const ContactFacts* facts = nullptr;
  bool redirected = false;
  std::optional<double> agent;  // the agent score, when the contact has one
  const std::array<uint8_t, kMaxCriteria>* ratings = nullptr;
};

class ScenarioTally {
 public:
  ScenarioTally(const v1::Program& program, size_t industries, const ContactRules& rules);

  void Add(const ScenarioContact& contact);

  // Appends a ScenarioResult per listed scenario, in the program's order;
  // `industry_ids` names the industry slots.
  void Fill(const v1::ScoringConfig& config, const std::vector<std::string_view>& industry_ids,
            v1::AwardReport& report);

 private:
  // Sums and counts per channel stratum of one per-contact value.
  struct Column {
    std::array<double, 4> sum{};
    std::array<int64_t, 4> n{};
  };
  // One scenario over one group of contacts.
  struct Group {
    RateTally rates;
    std::vector<int64_t> waits;
    Column scores, experiences, agent;
  };
  // A scenario's groups: the program, then each industry, then each channel.
  struct Scenario {
    std::vector<Group> groups;
    CriteriaTally criteria{};
  };

  Group& ProgramGroup(uint32_t s) { return scenarios_[s].groups[0]; }
  static void AddTo(Group& group, const ScenarioContact& contact);
  v1::ScenarioFigures Figures(Group& group, const v1::ScoringConfig& config) const;

  const v1::Program& program_;
  size_t industries_;
  const ContactRules& rules_;
  std::vector<Scenario> scenarios_;
};

}  // namespace msc::scoring

#endif  // MSC_SCORING_SCENARIO_H_
