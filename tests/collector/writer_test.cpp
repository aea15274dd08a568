// The writer thread: group commit, idempotency inside a group, a bounded queue,
// whole-group failure, and draining on stop.
#include "writer.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>

#include "fixture.h"
#include "msc/storage/sqlite.h"

namespace {

using msc::Result;
using msc::collector::Metrics;
using msc::collector::Writer;
using msc::storage::InsertOutcome;
using msc::storage::NewObservation;
using msc::testing::SampleObservation;

struct Harness {
  msc::testing::TempDir dir;
  std::string db = dir.File("msc.db");
  Metrics metrics{{"route"}};
  std::unique_ptr<Writer> writer;

  // Outcomes by job, in the order the jobs completed.
  std::mutex mu;
  std::vector<Result<std::vector<InsertOutcome>>> done;

  explicit Harness(Writer::Options options = {}) {
    msc::testing::SeedDatabase(db);
    auto store = msc::storage::Store::Open(db);
    REQUIRE(store.ok());
    writer = std::make_unique<Writer>(std::move(store).value(), options, &metrics);
  }

  bool Submit(std::vector<msc::v1::Observation> observations) {
    std::vector<NewObservation> items;
    for (auto& o : observations) items.push_back({std::move(o), 1, "token:1", "", {}});
    return writer->Submit(std::move(items), [this](Result<std::vector<Writer::Written>> result) {
      std::lock_guard lock(mu);
      if (!result.ok()) return done.push_back(result.status());
      std::vector<InsertOutcome> outcomes;
      for (const Writer::Written& w : *result) outcomes.push_back(w.outcome);
      done.push_back(std::move(outcomes));
    });
  }

  // Holds the writer thread inside a task until the returned promise is set.
  std::promise<void> Block() {
    std::promise<void> release;
    auto released = std::make_shared<std::shared_future<void>>(release.get_future().share());
    REQUIRE(writer->Run([released](msc::storage::Store&) { released->wait(); }));
    return release;
  }
};

}  // namespace

TEST_CASE("submissions queued during a commit go out together in one transaction") {
  Harness h;
  auto release = h.Block();
  for (int i = 0; i < 5; ++i) REQUIRE(h.Submit({SampleObservation(i)}));
  release.set_value();
  h.writer->Stop();
  REQUIRE(h.done.size() == 5);
  for (auto& r : h.done) {
    REQUIRE(r.ok());
    CHECK((*r)[0] == InsertOutcome::kAccepted);
  }
  CHECK_THAT(h.metrics.Render(), Catch::Contains("msc_commit_batch_size_count 1\n"));
}

TEST_CASE("the same id twice in one group: duplicate or conflict, in order") {
  Harness h;
  auto other = SampleObservation(1);
  other.set_comment("other");
  REQUIRE(h.Submit({SampleObservation(1), SampleObservation(1), other}));
  h.writer->Stop();
  REQUIRE(h.done.size() == 1);
  REQUIRE(h.done[0].ok());
  CHECK(*h.done[0] == std::vector<InsertOutcome>{InsertOutcome::kAccepted,
                                                 InsertOutcome::kDuplicate,
                                                 InsertOutcome::kConflict});
}

TEST_CASE("a full queue refuses instead of growing") {
  Writer::Options options;
  options.capacity = 3;
  Harness h(options);
  auto release = h.Block();
  CHECK(h.Submit({SampleObservation(1), SampleObservation(2)}));
  CHECK(h.Submit({SampleObservation(3)}));
  CHECK_FALSE(h.Submit({SampleObservation(4)}));
  release.set_value();
  h.writer->Stop();
  CHECK(h.done.size() == 2);
  CHECK_FALSE(h.Submit({SampleObservation(5)}));  // stopped
}

TEST_CASE("a storage failure fails every job of the group and stores nothing") {
  Harness h;
  auto release = h.Block();
  // Catch's macros are not for other threads: keep the outcomes, check them here.
  std::atomic<bool> read_only{false}, writable{false};
  REQUIRE(h.writer->Run([&](msc::storage::Store& s) {
    read_only = s.database().Exec("PRAGMA query_only = ON").ok();
  }));
  for (int i = 0; i < 3; ++i) REQUIRE(h.Submit({SampleObservation(i)}));
  REQUIRE(h.writer->Run([&](msc::storage::Store& s) {
    writable = s.database().Exec("PRAGMA query_only = OFF").ok();
  }));
  release.set_value();
  h.writer->Stop();
  CHECK(read_only);
  CHECK(writable);
  REQUIRE(h.done.size() == 3);
  for (auto& r : h.done) CHECK_FALSE(r.ok());
  auto store = msc::storage::Store::Open(h.db);
  for (int i = 0; i < 3; ++i) {
    CHECK((*store)->GetObservation(msc::testing::SampleId(i)).status().code() ==
          msc::StatusCode::kNotFound);
  }
}

TEST_CASE("stop commits everything queued before it returns") {
  Writer::Options options;
  options.max_group = 4;
  Harness h(options);
  auto release = h.Block();
  for (int i = 0; i < 20; ++i) REQUIRE(h.Submit({SampleObservation(i)}));
  release.set_value();
  h.writer->Stop();
  CHECK(h.done.size() == 20);
  auto store = msc::storage::Store::Open(h.db);
  for (int i = 0; i < 20; ++i) CHECK((*store)->GetObservation(msc::testing::SampleId(i)).ok());
  CHECK_THAT(h.metrics.Render(), Catch::Contains("msc_commit_batch_size_count 5\n"));
}
