#ifndef MSC_SCORING_COMPARE_H_
#define MSC_SCORING_COMPARE_H_

// Year over year (scoring/README.md "Year over year"): a program's report beside the
// report of an earlier program, each scored by Score() with its own config. Pure, as
// Score() is: two reports in, the comparison written into the current one.

#include "msc/proto/status.h"
#include "msc/v1/register.pb.h"
#include "msc/v1/report.pb.h"

namespace msc::scoring {

// How many companies each list of movers shows (and any tied with the last of them).
inline constexpr int kMovers = 5;

// What the comparison reads from each program besides its report: id, name and period.
struct ComparedPrograms {
  const v1::Program& current;
  const v1::Program& previous;
};

// Sets `change` on the companies and industries of `current` that have an index in
// both reports, and `current.comparison` (the differences of the effective configs and
// scoring versions, the periods, the largest gains and falls). Fails (InvalidArgument,
// field "previous") when both reports are of the same program; leaves `current`
// unchanged then.
Status Compare(v1::AwardReport& current, const v1::AwardReport& previous,
               const ComparedPrograms& programs);

// The fields where two configs differ, in field number order: a singular field by its
// path ("zones.green_from"), lists of the same length element by element
// ("criteria[2].weight"), lists of different lengths whole ("agent_criteria").
std::vector<v1::ConfigDifference> ConfigDifferences(const v1::ScoringConfig& current,
                                                    const v1::ScoringConfig& previous);

}  // namespace msc::scoring

#endif  // MSC_SCORING_COMPARE_H_
