#include "contact.h"

#include <cassert>

#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

int64_t Nanos(const google::protobuf::Duration& d) {
  return d.seconds() * 1'000'000'000 + d.nanos();
}

}  // namespace

ContactRules ContactRules::From(const v1::ScoringConfig& config) {
  ContactRules rules;
  for (const v1::ChannelRule& rule : config.channel_rules()) {
    assert(rule.channel() > 0 && rule.channel() < kChannelSlots);
    rules.channels[rule.channel()] = {Nanos(rule.expectation()), Nanos(rule.benchmark()),
                                      Nanos(rule.unanswered_after()), rule.clock() == v1::BUSINESS};
  }
  assert(config.criteria_size() <= kMaxCriteria);
  rules.criteria_count = config.criteria_size();
  for (int i = 0; i < config.criteria_size(); ++i) {
    const v1::Criterion& criterion = config.criteria(i);
    rules.weights[i] = criterion.has_weight() ? criterion.weight() : 1.0;
    for (int channel = 1; channel < kChannelSlots; ++channel) {
      if (CriterionApplies(criterion, static_cast<v1::Channel>(channel))) {
        rules.applies[channel] |= 1u << i;
      }
    }
  }
  for (const std::string& id : config.agent_criteria()) {
    for (int i = 0; i < config.criteria_size(); ++i) {
      if (config.criteria(i).id() == id) rules.agent |= 1u << i;
    }
  }
  rules.unanswered_contact_score = config.unanswered_contact_score();
  return rules;
}

int64_t Elapsed(const Attempt& attempt, const ChannelThresholds& rule,
                const BusinessCalendar* calendar) {
  if (!rule.business_clock) return attempt.wait_ns;
  assert(calendar != nullptr);
  return calendar->BusinessNanos(attempt.started_at_ns, attempt.started_at_ns + attempt.wait_ns);
}

bool Experience(const Contact& contact, const ContactRules& rules, double* experience,
                std::optional<double>* agent) {
  double weighted = 0, weights = 0, agent_weighted = 0, agent_weights = 0;
  for (int i = 0; i < rules.criteria_count; ++i) {
    const int rating = contact.ratings[i];
    if (rating < 1 || rating > 6 || !rules.Applies(i, contact.channel)) continue;
    const double score = (rating - 1) * 20.0;
    weighted += rules.weights[i] * score;
    weights += rules.weights[i];
    if (rules.agent >> i & 1) {
      agent_weighted += rules.weights[i] * score;
      agent_weights += rules.weights[i];
    }
  }
  if (agent_weights > 0) *agent = agent_weighted / agent_weights;
  if (weights == 0) return false;
  *experience = weighted / weights;
  return true;
}

bool Experience(const Contact& contact, const ContactRules& rules, double* experience) {
  std::optional<double> agent;
  return Experience(contact, rules, experience, &agent);
}

ContactFacts DeriveFacts(const Contact& contact, const ContactRules& rules,
                         const BusinessCalendar* calendar, std::optional<double>* agent) {
  assert(contact.attempt_count >= 1 && contact.attempt_count <= 2);
  assert(contact.channel > 0 && contact.channel < kChannelSlots);
  const ChannelThresholds& rule = rules.channels[contact.channel];
  ContactFacts facts;
  for (int i = 0; i < contact.attempt_count; ++i) {
    const Attempt& attempt = contact.attempts[i];
    const int64_t elapsed = Elapsed(attempt, rule, calendar);
    const bool in_time = attempt.answered && elapsed <= rule.unanswered_after_ns;
    if (in_time) facts.served = true;
    if (i > 0) continue;
    facts.first_elapsed_ns = elapsed;
    facts.first_answered = attempt.answered;
    facts.meets_expectation = attempt.answered && elapsed <= rule.expectation_ns;
    facts.meets_benchmark = attempt.answered && elapsed <= rule.benchmark_ns;
    facts.first_missed = !in_time;
  }
  agent->reset();
  if (facts.served) {
    facts.has_experience = Experience(contact, rules, &facts.experience, agent);
    facts.score = facts.experience;
  } else {
    facts.score = rules.unanswered_contact_score;
  }
  return facts;
}

ContactFacts DeriveFacts(const Contact& contact, const ContactRules& rules,
                         const BusinessCalendar* calendar) {
  std::optional<double> agent;
  return DeriveFacts(contact, rules, calendar, &agent);
}

}  // namespace msc::scoring
