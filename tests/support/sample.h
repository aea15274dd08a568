#ifndef MSC_TESTS_SUPPORT_SAMPLE_H_
#define MSC_TESTS_SUPPORT_SAMPLE_H_

// The small register and the valid observation that tests across the tree share:
// industry "bank", company "nordbank", observers obs-1 and obs-2 (active) and
// obs-retired (not), program p1 over November 2025 to March 2026 (Oslo).

#include <google/protobuf/util/time_util.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "msc/v1/observation.pb.h"
#include "msc/v1/register.pb.h"

namespace msc::testing {

// 2026-01-05 10:00:00 UTC, inside the sample program's period.
constexpr int64_t kInPeriod = 1767607200;
constexpr int64_t kPeriodStart = 1761951600;  // 2025-11-01 Oslo
constexpr int64_t kPeriodEnd = 1775001600;    // 2026-04-01 Oslo

inline v1::Register SampleRegister() {
  v1::Register reg;
  auto* bank = reg.add_industries();
  bank->set_id("bank");
  bank->set_name("Bank");
  auto* co = reg.add_companies();
  co->set_id("nordbank");
  co->set_name("Nordbank");
  co->set_industry_id("bank");
  for (const char* id : {"obs-1", "obs-2"}) {
    auto* o = reg.add_observers();
    o->set_id(id);
    o->set_name(std::string("Observer ") + id);
    o->set_active(true);
  }
  auto* retired = reg.add_observers();
  retired->set_id("obs-retired");
  retired->set_name("Retired");
  retired->set_active(false);
  auto* p = reg.add_programs();
  p->set_id("p1");
  p->set_name("Kundeservice 2026");
  *p->mutable_period_start() = google::protobuf::util::TimeUtil::SecondsToTimestamp(kPeriodStart);
  *p->mutable_period_end() = google::protobuf::util::TimeUtil::SecondsToTimestamp(kPeriodEnd);
  return reg;
}

inline std::string SampleId(int n) {
  char id[37];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
  return id;
}

// A served phone contact by obs-1 at kInPeriod + n seconds; `n` varies the id, the
// start and the overall rating.
inline v1::Observation SampleObservation(int n = 1) {
  v1::Observation o;
  o.set_submission_id(SampleId(n));
  o.set_program_id("p1");
  o.set_company_id("nordbank");
  o.set_observer_id("obs-1");
  o.set_channel(v1::PHONE);
  auto* a = o.add_attempts();
  *a->mutable_started_at() = google::protobuf::util::TimeUtil::SecondsToTimestamp(kInPeriod + n);
  *a->mutable_wait() = google::protobuf::util::TimeUtil::SecondsToDuration(30);
  a->set_answered(true);
  (*o.mutable_ratings())["overall"] = 1 + n % 6;
  (*o.mutable_ratings())["competent"] = 4;
  o.set_comment("Friendly and quick.");
  return o;
}

}  // namespace msc::testing

#endif  // MSC_TESTS_SUPPORT_SAMPLE_H_
