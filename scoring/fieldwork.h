#ifndef MSC_SCORING_FIELDWORK_H_
#define MSC_SCORING_FIELDWORK_H_

// What progress and dealing share (scoring/README.md, "Fieldwork").

#include <google/protobuf/util/time_util.h>

#include <cstdint>

#include "msc/v1/register.pb.h"

namespace msc::scoring {

// Whether a first attempt at `started_at_ns` falls inside the program's period.
inline bool StartsInPeriod(const v1::Program& p, int64_t started_at_ns) {
  using google::protobuf::util::TimeUtil;
  if (p.has_period_start() && started_at_ns < TimeUtil::TimestampToNanoseconds(p.period_start()))
    return false;
  return !p.has_period_end() || started_at_ns < TimeUtil::TimestampToNanoseconds(p.period_end());
}

}  // namespace msc::scoring

#endif  // MSC_SCORING_FIELDWORK_H_
