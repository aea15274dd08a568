// The InsertJudge hook of Store::InsertObservations: told of each item in insert order,
// inside the transaction, and of the end.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "sample.h"

using msc::storage::InsertOutcome;
using msc::storage::NewObservation;
using msc::storage::Store;
using msc::testing::SampleItem;
namespace v1 = msc::v1;

using msc::testing::OpenWithRegister;

namespace {

// Flags every item with the number of rows the program held before it (as
// OVER_QUOTA when that is 2 or more), and records what it was told.
struct CountingJudge : msc::storage::InsertJudge {
  std::vector<std::string> log;
  void Judge(Store& store, NewObservation& item) override {
    int held = 0;
    REQUIRE(store.ForEachHeldContact("p1", [&](const msc::storage::HeldContact&) { ++held; }).ok());
    log.push_back("judge " + item.observation.submission_id() + " " + std::to_string(held));
    if (held >= 2) item.flags.push_back(v1::OVER_QUOTA);
  }
  void Stored(const NewObservation& item) override {
    log.push_back("stored " + item.observation.submission_id());
  }
  void Finished(bool committed) override { log.push_back(committed ? "commit" : "rollback"); }
};

}  // namespace

TEST_CASE("the judge sees each item after the ones inserted before it in the same batch") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> first{SampleItem(1)};
  REQUIRE(store->InsertObservations(first).ok());
  std::vector<NewObservation> batch{SampleItem(1), SampleItem(2), SampleItem(3)};
  CountingJudge judge;
  auto outcomes = store->InsertObservations(std::span(batch), judge);
  REQUIRE(outcomes.ok());
  CHECK(*outcomes == std::vector<InsertOutcome>{InsertOutcome::kDuplicate, InsertOutcome::kAccepted,
                                                InsertOutcome::kAccepted});
  CHECK(judge.log ==
        std::vector<std::string>{"judge " + SampleItem(1).observation.submission_id() + " 1",
                                 "judge " + SampleItem(2).observation.submission_id() + " 1",
                                 "stored " + SampleItem(2).observation.submission_id(),
                                 "judge " + SampleItem(3).observation.submission_id() + " 2",
                                 "stored " + SampleItem(3).observation.submission_id(), "commit"});
  auto third = store->GetObservation(SampleItem(3).observation.submission_id());
  REQUIRE(third.ok());
  REQUIRE(third->flags_size() == 1);
  CHECK(third->flags(0) == v1::OVER_QUOTA);
}

TEST_CASE("a batch that rolls back tells the judge so") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  // A second connection holds the write lock: the batch cannot begin.
  auto other = Store::Open(dir.File("msc.db"));
  REQUIRE(other.ok());
  REQUIRE((*other)->database().Exec("BEGIN IMMEDIATE").ok());
  REQUIRE(store->database().Exec("PRAGMA busy_timeout = 0").ok());
  std::vector<NewObservation> batch{SampleItem(4)};
  CountingJudge judge;
  CHECK_FALSE(store->InsertObservations(std::span(batch), judge).ok());
  CHECK(judge.log == std::vector<std::string>{"rollback"});
  REQUIRE((*other)->database().Exec("ROLLBACK").ok());
}
