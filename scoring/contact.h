#ifndef MSC_SCORING_CONTACT_H_
#define MSC_SCORING_CONTACT_H_

// Section 3 of METHODOLOGY.md: what one contact says, derived once per contact so
// that every later stage reads a flat array.

#include <array>
#include <cstdint>
#include <optional>

#include "msc/scoring/business_calendar.h"
#include "msc/scoring/score.h"
#include "msc/v1/config.pb.h"

namespace msc::scoring {

inline constexpr int kChannelSlots = 5;  // v1::Channel values 0..4; slot 0 unused

// One channel's rule in nanoseconds.
struct ChannelThresholds {
  int64_t expectation_ns = 0;
  int64_t benchmark_ns = 0;
  int64_t unanswered_after_ns = 0;
  bool business_clock = false;
};

// The parts of a validated config that the per-contact predicates read.
struct ContactRules {
  std::array<ChannelThresholds, kChannelSlots> channels{};
  int criteria_count = 0;
  std::array<double, kMaxCriteria> weights{};
  std::array<uint32_t, kChannelSlots> applies{};  // bit i: criterion i applies there
  uint32_t agent = 0;  // bit i: criterion i is an agent criterion (agent_criteria)
  double unanswered_contact_score = 0;

  static ContactRules From(const v1::ScoringConfig& config);
  bool Applies(int criterion, int channel) const { return applies[channel] >> criterion & 1; }
};

struct ContactFacts {
  int64_t first_elapsed_ns = 0;  // elapsed(first)
  double experience = 0;         // meaningful when has_experience
  double score = 0;              // contact_score; meaningful when scored()
  bool first_answered = false;
  bool served = false;
  bool meets_expectation = false;
  bool meets_benchmark = false;
  bool first_missed = false;
  // A served contact with at least one valid rating of a criterion that applies.
  bool has_experience = false;

  // Whether the contact enters the score means: every unserved contact, and the
  // served ones that have an experience.
  bool scored() const { return !served || has_experience; }
};

// elapsed(a): the wait on the wall clock, or its business time. `calendar` may be
// null when no channel uses the business clock.
int64_t Elapsed(const Attempt& attempt, const ChannelThresholds& rule,
                const BusinessCalendar* calendar);

// Weighted mean of (r - 1) * 20 over the valid ratings (1..6) of criteria that apply
// to the channel; false when there are none.
bool Experience(const Contact& contact, const ContactRules& rules, double* experience);

// Experience and, in the same loop over the ratings, the agent score: the weighted
// mean over the agent criteria's valid applicable ratings only, absent when there are
// none (or no agent criteria).
bool Experience(const Contact& contact, const ContactRules& rules, double* experience,
                std::optional<double>* agent);

ContactFacts DeriveFacts(const Contact& contact, const ContactRules& rules,
                         const BusinessCalendar* calendar);

// DeriveFacts, with the agent score of a served contact in `agent` (absent for an
// unserved contact, or one with no rated agent criterion).
ContactFacts DeriveFacts(const Contact& contact, const ContactRules& rules,
                         const BusinessCalendar* calendar, std::optional<double>* agent);

}  // namespace msc::scoring

#endif  // MSC_SCORING_CONTACT_H_
