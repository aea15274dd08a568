#ifndef MSC_TESTS_STORAGE_SAMPLE_H_
#define MSC_TESTS_STORAGE_SAMPLE_H_

// A small register and valid observations to store in tests.

#include <google/protobuf/util/time_util.h>

#include <string>

#include "msc/storage/store.h"

namespace msc::testing {

inline v1::Register SampleRegister() {
  v1::Register reg;
  auto* bank = reg.add_industries();
  bank->set_id("bank");
  bank->set_name("Bank");
  auto* co = reg.add_companies();
  co->set_id("nordbank");
  co->set_name("Nordbank");
  co->set_industry_id("bank");
  auto* obs = reg.add_observers();
  obs->set_id("obs-1");
  obs->set_name("Kari Nordmann");
  obs->set_active(true);
  auto* p = reg.add_programs();
  p->set_id("p1");
  p->set_name("Kundeservice 2026");
  *p->mutable_period_start() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1761951600);  // 2025-11-01 Oslo
  *p->mutable_period_end() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1775001600);  // 2026-04-01 Oslo
  return reg;
}

// A served phone contact; `n` varies the id, the start time and a rating.
inline storage::NewObservation SampleObservation(int n, const std::string& program = "p1") {
  storage::NewObservation item;
  v1::Observation& o = item.observation;
  char id[37];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
  o.set_submission_id(id);
  o.set_program_id(program);
  o.set_company_id("nordbank");
  o.set_observer_id("obs-1");
  o.set_channel(v1::PHONE);
  auto* a = o.add_attempts();
  *a->mutable_started_at() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1762000000 + n);
  *a->mutable_wait() = google::protobuf::util::TimeUtil::SecondsToDuration(30);
  a->set_answered(true);
  (*o.mutable_ratings())["overall"] = 1 + n % 6;
  (*o.mutable_ratings())["competent"] = 4;
  item.received_at_ns = 1762000000000000000 + n;
  item.submitted_by = "token:1";
  return item;
}

}  // namespace msc::testing

#endif  // MSC_TESTS_STORAGE_SAMPLE_H_
