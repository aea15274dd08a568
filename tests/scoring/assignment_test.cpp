// Dealing the missing contacts (scoring/assignment.cc, scoring/README.md "Fieldwork")
// against the default plan: PHONE 10, CHAT 8, EMAIL 7 per company, at most 3 contacts
// by one observer at one company.
#include "msc/scoring/assignment.h"

#include <google/protobuf/util/time_util.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "builders.h"
#include "msc/scoring/config.h"

namespace msc::scoring {
namespace {

using google::protobuf::util::TimeUtil;
using testing::Oslo;

ProgressInput Fieldwork(int companies, int observers) {
  ProgressInput in;
  in.program.set_id("p");
  *in.program.mutable_period_start() = TimeUtil::NanosecondsToTimestamp(Oslo(2026, 1, 1, 0));
  *in.program.mutable_period_end() = TimeUtil::NanosecondsToTimestamp(Oslo(2027, 1, 1, 0));
  in.config = DefaultConfig();
  for (int k = 0; k < companies; ++k) {
    v1::Company c;
    c.set_id("co-" + std::to_string(k));
    c.set_name("Company " + std::to_string(k));
    in.companies.push_back(c);
  }
  for (int k = 0; k < observers; ++k) {
    v1::Observer o;
    o.set_id("obs-" + std::to_string(k));
    in.observers.push_back(o);
  }
  return in;
}

void Add(ProgressInput& in, uint32_t company, uint32_t observer, v1::Channel channel, int n,
         v1::ReviewState state = v1::RECEIVED) {
  for (int i = 0; i < n; ++i)
    in.contacts.push_back({company, observer, channel, state, false, Oslo(2026, 3, 2, 10)});
}

v1::AssignmentList Dealt(const ProgressInput& in, uint64_t seed = 1) {
  auto list = Deal(in, seed);
  REQUIRE(list.ok());
  return *list;
}

std::map<std::string, int> Load(const v1::AssignmentList& list) {
  std::map<std::string, int> load;
  for (const auto& a : list.assignments()) ++load[a.observer_id()];
  return load;
}

}  // namespace

TEST_CASE("deal: every missing contact is dealt once, company by company and channel by channel") {
  ProgressInput in = Fieldwork(3, 10);  // room for 30 contacts per company
  Add(in, 0, 0, v1::PHONE, 4);          // 6 phone contacts missing at company 0
  v1::AssignmentList list = Dealt(in);
  CHECK(list.undealt() == 0);
  CHECK(list.assignments_size() == 75 - 4);
  std::map<std::pair<std::string, int>, int> cells;
  for (const auto& a : list.assignments()) ++cells[{a.company_id(), a.channel()}];
  CHECK(cells[{"co-0", v1::PHONE}] == 6);
  CHECK(cells[{"co-0", v1::CHAT}] == 8);
  CHECK(cells[{"co-2", v1::EMAIL}] == 7);
  CHECK(cells.size() == 9);
}

TEST_CASE("deal: workloads are within one contact of each other") {
  ProgressInput in = Fieldwork(7, 9);
  auto load = Load(Dealt(in, 42));
  REQUIRE(load.size() == 9);
  int lo = 1 << 30, hi = 0;
  for (const auto& [observer, n] : load) {
    lo = std::min(lo, n);
    hi = std::max(hi, n);
  }
  CHECK(hi - lo <= 1);
  CHECK(lo == 175 / 9);
}

TEST_CASE("deal: nobody gets more than the quota at a company, counting what they made") {
  ProgressInput in = Fieldwork(2, 10);
  Add(in, 0, 3, v1::CHAT, 2);
  v1::AssignmentList list = Dealt(in, 7);
  std::map<std::pair<std::string, std::string>, int> at;
  for (const auto& a : list.assignments()) ++at[{a.observer_id(), a.company_id()}];
  for (const auto& [key, n] : at) CHECK(n <= 3);
  CHECK(at[{"obs-3", "co-0"}] <= 1);
  // 25 contacts at a company, 10 observers: every observer has some of each company's.
  std::map<std::string, std::set<std::string>> observers_of;
  for (const auto& a : list.assignments()) observers_of[a.company_id()].insert(a.observer_id());
  CHECK(observers_of["co-0"].size() == 10);
  CHECK(observers_of["co-1"].size() == 10);
}

TEST_CASE("deal: an observer's contacts mix the channels") {
  ProgressInput in = Fieldwork(4, 4);
  std::map<std::string, std::set<int>> channels;
  const v1::AssignmentList list = Dealt(in, 3);
  for (const auto& a : list.assignments()) channels[a.observer_id()].insert(a.channel());
  for (const auto& [observer, set] : channels) CHECK(set.size() == 3);
}

TEST_CASE("deal: the same seed deals the same, another seed otherwise") {
  ProgressInput in = Fieldwork(5, 6);
  std::string once = Dealt(in, 11).SerializeAsString();
  CHECK(Dealt(in, 11).SerializeAsString() == once);
  CHECK(Dealt(in, 12).SerializeAsString() != once);
}

TEST_CASE("deal: a re-run mid-fieldwork deals only what is missing; a rejection makes room") {
  ProgressInput in = Fieldwork(1, 4);
  Add(in, 0, 0, v1::PHONE, 3, v1::APPROVED);
  Add(in, 0, 1, v1::PHONE, 3, v1::RECEIVED);  // not yet reviewed: made all the same
  Add(in, 0, 2, v1::PHONE, 1, v1::REJECTED);
  v1::AssignmentList list = Dealt(in);
  for (const auto& a : list.assignments()) {
    CHECK(a.observer_id() != "obs-0");  // already at the quota of 3
    CHECK(a.observer_id() != "obs-1");
  }
  // 4 phone, 8 chat, 7 e-mail missing; obs-2 (its one contact rejected) and obs-3 can
  // take 3 each.
  CHECK(list.assignments_size() == 6);
  CHECK(list.undealt() == 13);
}

TEST_CASE("deal: inactive observers are dealt nothing") {
  ProgressInput in = Fieldwork(2, 3);
  in.observers[1].set_active(false);
  auto load = Load(Dealt(in));
  CHECK(load.count("obs-1") == 0);
  CHECK(load["obs-0"] == 3 * 2);  // the quota at each of the two companies
  CHECK(load["obs-2"] == 6);
}

}  // namespace msc::scoring
