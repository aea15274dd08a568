#include "scenario.h"

#include <cassert>

#include "index.h"
#include "ranking.h"

namespace msc::scoring {
namespace {

constexpr size_t kChannels = 4;

std::optional<double> IndexOf(const std::array<double, 4>& sum, const std::array<int64_t, 4>& n,
                              v1::CompanyAggregation aggregation) {
  int64_t total = 0;
  for (int64_t k : n) total += k;
  if (total == 0) return std::nullopt;
  return IndexFromSums(sum, n, aggregation);
}

}  // namespace

ScenarioTally::ScenarioTally(const v1::Program& program, size_t industries,
                             const ContactRules& rules)
    : program_(program), industries_(industries), rules_(rules) {
  scenarios_.resize(static_cast<size_t>(program.scenarios_size()));
  for (Scenario& s : scenarios_) s.groups.resize(1 + industries + kChannels);
}

void ScenarioTally::AddTo(Group& group, const ScenarioContact& contact) {
  const ContactFacts& facts = *contact.facts;
  const int h = contact.channel - 1;
  group.rates.Add(facts, contact.redirected);
  if (facts.first_answered) group.waits.push_back(facts.first_elapsed_ns);
  if (facts.scored()) {
    group.scores.sum[h] += facts.score;
    ++group.scores.n[h];
  }
  if (facts.served && facts.has_experience) {
    group.experiences.sum[h] += facts.experience;
    ++group.experiences.n[h];
  }
  if (contact.agent) {
    group.agent.sum[h] += *contact.agent;
    ++group.agent.n[h];
  }
}

void ScenarioTally::Add(const ScenarioContact& contact) {
  assert(contact.scenario < scenarios_.size());
  assert(contact.channel >= 1 && contact.channel <= static_cast<int>(kChannels));
  Scenario& s = scenarios_[contact.scenario];
  AddTo(s.groups[0], contact);
  if (contact.industry >= 0) AddTo(s.groups[1 + static_cast<size_t>(contact.industry)], contact);
  AddTo(s.groups[1 + industries_ + static_cast<size_t>(contact.channel - 1)], contact);
  if (contact.facts->served) AddRatings(*contact.ratings, contact.channel, rules_, s.criteria);
}

v1::ScenarioFigures ScenarioTally::Figures(Group& group, const v1::ScoringConfig& config) const {
  v1::ScenarioFigures f;
  f.set_contacts(group.rates.contacts);
  if (group.rates.contacts == 0) return f;
  const v1::CompanyAggregation aggregation = config.company_aggregation();
  if (auto index = IndexOf(group.scores.sum, group.scores.n, aggregation)) {
    f.set_index(*index);
    f.set_zone(ZoneOf(*index, config.zones()));
  }
  if (auto answered = IndexOf(group.experiences.sum, group.experiences.n, aggregation))
    f.set_answered_index(*answered);
  if (auto agent = IndexOf(group.agent.sum, group.agent.n, aggregation)) f.set_agent_index(*agent);
  *f.mutable_rates() = ToRates(group.rates, group.waits);
  return f;
}

void ScenarioTally::Fill(const v1::ScoringConfig& config,
                         const std::vector<std::string_view>& industry_ids,
                         v1::AwardReport& report) {
  assert(industry_ids.size() == industries_);
  const size_t groups = 1 + industries_ + kChannels;
  std::vector<std::vector<v1::ScenarioFigures>> figures(scenarios_.size());
  for (size_t s = 0; s < scenarios_.size(); ++s) {
    for (Group& group : scenarios_[s].groups) figures[s].push_back(Figures(group, config));
  }
  // Within each group, the scenarios with enough contacts are ranked.
  for (size_t g = 0; g < groups; ++g) {
    std::vector<Candidate> candidates;
    for (size_t s = 0; s < scenarios_.size(); ++s) {
      const v1::ScenarioFigures& f = figures[s][g];
      if (f.contacts() < config.min_contacts_per_company() || !f.has_index()) continue;
      candidates.push_back(
          {f.index(), program_.scenarios(static_cast<int>(s)).id(), static_cast<uint32_t>(s)});
    }
    for (const Ranked& r : Rank(std::move(candidates))) figures[r.item][g].set_rank(r.rank);
  }
  for (size_t s = 0; s < scenarios_.size(); ++s) {
    const v1::Scenario& listed = program_.scenarios(static_cast<int>(s));
    v1::ScenarioResult* out = report.add_scenarios();
    out->set_scenario_id(listed.id());
    out->set_name(listed.name());
    *out->mutable_program() = std::move(figures[s][0]);
    for (size_t i = 0; i < industries_; ++i) {
      v1::ScenarioFigures& f = figures[s][1 + i];
      if (f.contacts() == 0) continue;
      v1::ScenarioIndustry* industry = out->add_industries();
      industry->set_industry_id(std::string(industry_ids[i]));
      *industry->mutable_figures() = std::move(f);
    }
    for (size_t h = 0; h < kChannels; ++h) {
      v1::ScenarioFigures& f = figures[s][1 + industries_ + h];
      if (f.contacts() == 0) continue;
      v1::ScenarioChannel* channel = out->add_channels();
      channel->set_channel(static_cast<v1::Channel>(h + 1));
      *channel->mutable_figures() = std::move(f);
    }
    if (out->program().contacts() == 0) continue;
    for (int i = 0; i < config.criteria_size(); ++i) {
      *out->add_criteria() =
          ToCriterionStats(scenarios_[s].criteria[i], config.criteria(i), config.zones());
    }
  }
}

}  // namespace msc::scoring
