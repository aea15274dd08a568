#ifndef MSC_SCORING_CONFIG_H_
#define MSC_SCORING_CONFIG_H_

// The scoring configuration: built-in defaults (proto/default_config.textproto),
// text-format parsing, overrides and validation.

#include <string>
#include <string_view>

#include "msc/proto/status.h"
#include "msc/v1/config.pb.h"
#include "msc/v1/register.pb.h"

namespace msc::scoring {

// The reference award's defaults (METHODOLOGY.md section 1).
const v1::ScoringConfig& DefaultConfig();

// Parses protobuf text format; errors name the line and column.
Result<v1::ScoringConfig> ParseConfigText(std::string_view text);

// `base` with every field that `overrides` sets taken from `overrides`: optional
// scalars when present, repeated fields replacing the base list, sub-messages field
// by field.
v1::ScoringConfig ApplyOverrides(const v1::ScoringConfig& base, const v1::ScoringConfig& overrides);

// The config a program is scored with: the defaults with the program's config (if it
// has one) applied as overrides. Validate the result before scoring.
v1::ScoringConfig EffectiveConfig(const v1::Program& program);

// Checks a complete config: a rule per channel with expectation <= benchmark <=
// unanswered_after, unique criterion ids (at most kMaxCriteria), positive weights,
// agent_criteria naming criteria, once each, a winner_result, a known time zone and
// HH:MM hours, and so on. Errors carry field paths.
Status ValidateConfig(const v1::ScoringConfig& config);

// The SHA-256 (lowercase hex) of the config's deterministic serialization: the
// report's config_sha256, and the stamp on every stored version of an observation.
std::string ConfigDigest(const v1::ScoringConfig& config);

// The rule for a channel, or nullptr.
const v1::ChannelRule* RuleFor(const v1::ScoringConfig& config, v1::Channel channel);

// Whether a criterion applies to contacts on a channel (no channels listed: all).
bool CriterionApplies(const v1::Criterion& criterion, v1::Channel channel);

}  // namespace msc::scoring

#endif  // MSC_SCORING_CONFIG_H_
