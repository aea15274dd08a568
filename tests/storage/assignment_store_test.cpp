// Stored deals of assignments (storage/assignment_store.cc).
#include <google/protobuf/util/time_util.h>

#include <catch2/catch.hpp>

#include "../support/temp_dir.h"
#include "msc/storage/store.h"
#include "sample.h"

using google::protobuf::util::TimeUtil;
using msc::storage::Store;
namespace v1 = msc::v1;

using msc::testing::OpenWithRegister;

namespace {

v1::AssignmentList Deal(uint64_t seed, std::vector<std::pair<std::string, v1::Channel>> items) {
  v1::AssignmentList deal;
  deal.set_program_id("p1");
  deal.set_seed(seed);
  deal.set_undealt(2);
  *deal.mutable_dealt_at() = TimeUtil::SecondsToTimestamp(1767600000);
  for (const auto& [observer, channel] : items) {
    v1::Assignment* a = deal.add_assignments();
    a->set_observer_id(observer);
    a->set_company_id("nordbank");
    a->set_channel(channel);
  }
  return deal;
}

}  // namespace

TEST_CASE("a program never dealt reads back as an empty deal without a time") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto list = store->GetAssignments("p1", "");
  REQUIRE(list.ok());
  CHECK_FALSE(list->has_dealt_at());
  CHECK(list->assignments_size() == 0);
}

TEST_CASE("a deal reads back whole, in its order, with who dealt it") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  // The full 64 bits of a seed survive SQLite's signed integers.
  const uint64_t seed = 0xFEDCBA9876543210ull;
  REQUIRE(store
              ->SaveAssignments(
                  Deal(seed, {{"obs-1", v1::EMAIL}, {"obs-1", v1::PHONE}, {"obs-2", v1::CHAT}}),
                  "token:3")
              .ok());
  auto list = store->GetAssignments("p1", "");
  REQUIRE(list.ok());
  CHECK(list->seed() == seed);
  CHECK(list->dealt_by() == "token:3");
  CHECK(list->undealt() == 2);
  CHECK(TimeUtil::TimestampToSeconds(list->dealt_at()) == 1767600000);
  REQUIRE(list->assignments_size() == 3);
  CHECK(list->assignments(0).channel() == v1::EMAIL);
  CHECK(list->assignments(1).channel() == v1::PHONE);
  CHECK(list->assignments(2).observer_id() == "obs-2");
  auto mine = store->GetAssignments("p1", "obs-2");
  REQUIRE(mine.ok());
  REQUIRE(mine->assignments_size() == 1);
  CHECK(mine->assignments(0).channel() == v1::CHAT);
}

TEST_CASE("a new deal replaces the one before whole, and the audit log keeps both") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  REQUIRE(store->SaveAssignments(Deal(1, {{"obs-1", v1::PHONE}, {"obs-2", v1::CHAT}}), "a").ok());
  REQUIRE(store->SaveAssignments(Deal(2, {{"obs-2", v1::EMAIL}}), "b").ok());
  auto list = store->GetAssignments("p1", "");
  REQUIRE(list.ok());
  CHECK(list->seed() == 2);
  REQUIRE(list->assignments_size() == 1);
  CHECK(list->assignments(0).channel() == v1::EMAIL);
  auto audit = store->ReadAudit(0, 100);
  REQUIRE(audit.ok());
  int deals = 0;
  for (const auto& e : *audit) deals += e.action == "assignments.deal";
  CHECK(deals == 2);
}
