#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "msc/proto/serialize.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "sample.h"

using msc::storage::InsertOutcome;
using msc::storage::NewObservation;
using msc::storage::Store;
using msc::testing::SampleItem;

using msc::testing::OpenWithRegister;

namespace {

int64_t CountRows(Store& store) {
  auto n = store.database().QueryInt("SELECT count(*) FROM observations");
  REQUIRE(n.ok());
  return *n;
}

}  // namespace

TEST_CASE("a new observation is accepted and reads back as submitted") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> batch{SampleItem(1)};
  auto outcomes = store->InsertObservations(batch);
  REQUIRE(outcomes.ok());
  CHECK(*outcomes == std::vector{InsertOutcome::kAccepted});
  auto stored = store->GetObservation(batch[0].observation.submission_id());
  REQUIRE(stored.ok());
  CHECK(msc::SerializeDeterministic(stored->observation()) ==
        msc::SerializeDeterministic(batch[0].observation));
  CHECK(stored->review_state() == msc::v1::RECEIVED);
}

TEST_CASE("the same id with byte-identical content is a duplicate and adds no row") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> batch{SampleItem(1)};
  REQUIRE(store->InsertObservations(batch).ok());
  batch[0].received_at_ns += 1000;  // a retry arrives later; the content is the same
  auto again = store->InsertObservations(batch);
  REQUIRE(again.ok());
  CHECK(*again == std::vector{InsertOutcome::kDuplicate});
  CHECK(CountRows(*store) == 1);
}

TEST_CASE("the same id with other content is a conflict and the first version stays") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> first{SampleItem(1)};
  REQUIRE(store->InsertObservations(first).ok());
  std::vector<NewObservation> second{SampleItem(1)};
  second[0].observation.set_comment("changed my mind");
  auto outcomes = store->InsertObservations(second);
  REQUIRE(outcomes.ok());
  CHECK(*outcomes == std::vector{InsertOutcome::kConflict});
  auto stored = store->GetObservation(first[0].observation.submission_id());
  REQUIRE(stored.ok());
  CHECK(stored->observation().comment() == "Friendly and quick.");
  CHECK(CountRows(*store) == 1);
}

TEST_CASE("one batch reports each item in order, repeats inside it included") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  NewObservation changed = SampleItem(2);
  changed.observation.set_comment("other");
  std::vector<NewObservation> batch{SampleItem(1), SampleItem(2), SampleItem(1), changed};
  auto outcomes = store->InsertObservations(batch);
  REQUIRE(outcomes.ok());
  CHECK(*outcomes == std::vector{InsertOutcome::kAccepted, InsertOutcome::kAccepted,
                                 InsertOutcome::kDuplicate, InsertOutcome::kConflict});
  CHECK(CountRows(*store) == 2);
}

TEST_CASE("map order does not make a retry a conflict") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  NewObservation a = SampleItem(1);
  NewObservation b = SampleItem(1);
  b.observation.mutable_ratings()->clear();
  (*b.observation.mutable_ratings())["competent"] = 4;
  (*b.observation.mutable_ratings())["overall"] = a.observation.ratings().at("overall");
  REQUIRE(store->InsertObservations(std::vector{a}).ok());
  auto outcomes = store->InsertObservations(std::vector{b});
  REQUIRE(outcomes.ok());
  CHECK(*outcomes == std::vector{InsertOutcome::kDuplicate});
}

TEST_CASE("a statement failing mid-batch leaves nothing of the batch") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  REQUIRE(store->InsertObservations(std::vector{SampleItem(100)}).ok());
  // Make the second item fail inside SQLite, after the first was inserted.
  REQUIRE(store->database()
              .Exec("CREATE TRIGGER boom BEFORE INSERT ON observations "
                    "WHEN NEW.submission_id LIKE '%000000000002' "
                    "BEGIN SELECT RAISE(ABORT, 'boom'); END")
              .ok());
  std::vector<NewObservation> batch{SampleItem(1), SampleItem(2), SampleItem(3)};
  auto outcomes = store->InsertObservations(batch);
  CHECK_FALSE(outcomes.ok());
  CHECK(CountRows(*store) == 1);
  CHECK_FALSE(store->GetObservation(batch[0].observation.submission_id()).ok());
  auto audit = store->ReadAudit(0, 100);
  REQUIRE(audit.ok());
  CHECK(audit->size() == 2);  // the register import and the first submission only
}

TEST_CASE("listing pages through every observation once in insertion order") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> batch;
  for (int i = 1; i <= 25; ++i) batch.push_back(SampleItem(i));
  REQUIRE(store->InsertObservations(batch).ok());
  msc::storage::ListQuery query;
  query.program_id = "p1";
  query.page_size = 10;
  std::vector<std::string> seen;
  int pages = 0;
  do {
    auto page = store->ListObservations(query);
    REQUIRE(page.ok());
    for (const auto& s : page->observations) seen.push_back(s.observation().submission_id());
    query.page_token = page->next_page_token;
    ++pages;
  } while (!query.page_token.empty() && pages < 10);
  CHECK(pages == 3);
  REQUIRE(seen.size() == 25);
  for (int i = 0; i < 25; ++i) CHECK(seen[i] == batch[i].observation.submission_id());
}

TEST_CASE("listing filters by review state and observer") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  REQUIRE(store->InsertObservations(std::vector{SampleItem(1), SampleItem(2)}).ok());
  REQUIRE(store
              ->Review(SampleItem(2).observation.submission_id(), msc::v1::HAS_ISSUES,
                       "which branch?", "token:9")
              .ok());
  msc::storage::ListQuery query;
  query.state = msc::v1::HAS_ISSUES;
  query.observer_id = "obs-1";
  auto page = store->ListObservations(query);
  REQUIRE(page.ok());
  REQUIRE(page->observations.size() == 1);
  CHECK(page->observations[0].review_note() == "which branch?");
  CHECK(page->observations[0].reviewed_by() == "token:9");
  query.observer_id = "someone-else";
  CHECK(store->ListObservations(query)->observations.empty());
}

TEST_CASE("a page token the server did not give out is a field error") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  msc::storage::ListQuery query;
  query.page_token = "12abc";
  auto page = store->ListObservations(query);
  REQUIRE_FALSE(page.ok());
  CHECK(page.status().field_errors().at(0).field == "page_token");
}

TEST_CASE("a review sets the state and writes an audit record") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto item = SampleItem(1);
  REQUIRE(store->InsertObservations(std::vector{item}).ok());
  REQUIRE(store
              ->Review(item.observation.submission_id(), msc::v1::REJECTED, "duplicate visit",
                       "token:7")
              .ok());
  CHECK(store->GetObservation(item.observation.submission_id())->review_state() ==
        msc::v1::REJECTED);
  auto audit = store->ReadAudit(0, 100);
  REQUIRE(audit.ok());
  REQUIRE_FALSE(audit->empty());
  CHECK(audit->back().action == "review");
  CHECK(audit->back().actor == "token:7");
  CHECK(audit->back().subject == item.observation.submission_id());
  CHECK(audit->back().detail == "REJECTED: duplicate visit");
}

TEST_CASE("reviewing an unknown observation is not found and changes nothing") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto s = store->Review("no-such-id", msc::v1::APPROVED, "", "token:7");
  CHECK(s.code() == msc::StatusCode::kNotFound);
  CHECK(store->ReadAudit(0, 100)->size() == 1);
}

TEST_CASE("the audit log cannot be rewritten") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  CHECK_FALSE(store->database().Exec("UPDATE audit_log SET actor = 'nobody'").ok());
  CHECK_FALSE(store->database().Exec("DELETE FROM audit_log").ok());
  CHECK(store->ReadAudit(0, 10)->size() == 1);
}

TEST_CASE("export streams the chosen states and dates, rejected ones only when asked") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> batch;
  for (int i = 1; i <= 5; ++i) batch.push_back(SampleItem(i));
  REQUIRE(store->InsertObservations(batch).ok());
  REQUIRE(store->Review(batch[1].observation.submission_id(), msc::v1::REJECTED, "", "t").ok());
  auto ids = [&](const msc::storage::ExportQuery& q) {
    std::vector<std::string> out;
    REQUIRE(store
                ->ExportObservations(q,
                                     [&](const msc::v1::StoredObservation& s) {
                                       out.push_back(s.observation().submission_id());
                                     })
                .ok());
    return out;
  };
  msc::storage::ExportQuery q;
  q.program_id = "p1";
  CHECK(ids(q).size() == 4);
  q.states = {msc::v1::REJECTED};
  CHECK(ids(q) == std::vector{batch[1].observation.submission_id()});
  q.states.clear();
  q.from_ns = (msc::testing::kInPeriod + 3) * 1000000000;  // items 3, 4 and 5 started at or after
  q.to_ns = (msc::testing::kInPeriod + 5) * 1000000000;    // ... and before item 5
  CHECK(ids(q) ==
        std::vector{batch[2].observation.submission_id(), batch[3].observation.submission_id()});
}

namespace {

// Reads the snapshot in `parts`, returning the submission ids each part saw.
std::vector<std::vector<std::string>> ReadIds(Store& store, int parts,
                                              const std::function<void()>& during = {}) {
  std::vector<std::vector<std::string>> ids(parts);
  auto s = store.ReadProgramSnapshot(
      "p1", parts, [](msc::storage::ProgramSnapshot&) { return msc::Status::Ok(); },
      [&](int part, const msc::storage::SnapshotRow& r) {
        ids[part].emplace_back(r.submission_id);
        if (during && part == 0 && ids[0].size() == 1) during();
      });
  REQUIRE(s.ok());
  return ids;
}

}  // namespace

TEST_CASE("a snapshot holds the program, the register and decoded rows") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto item = SampleItem(3);
  REQUIRE(store->InsertObservations(std::vector{item}).ok());
  msc::storage::ProgramSnapshot head;
  int rows = 0;
  auto on_head = [&](msc::storage::ProgramSnapshot& h) {
    head = std::move(h);
    return msc::Status::Ok();
  };
  auto on_row = [&](int part, const msc::storage::SnapshotRow& r) {
    ++rows;
    CHECK(part == 0);
    CHECK(r.submission_id == item.observation.submission_id());
    CHECK(r.company_id == "nordbank");
    CHECK(r.channel == msc::v1::PHONE);
    CHECK(r.attempt_count == 1);
    CHECK(r.started_at_ns[0] == (msc::testing::kInPeriod + 3) * 1000000000);
    CHECK(r.wait_ns[0] == int64_t{30} * 1000000000);
    CHECK(r.answered[0]);
    std::vector<std::pair<std::string_view, int>> ratings;
    msc::storage::DecodeRatings(
        r.ratings, [&](std::string_view id, int value) { ratings.emplace_back(id, value); });
    REQUIRE(ratings.size() == 2);
    CHECK(ratings[0] == std::pair<std::string_view, int>{"competent", 4});
    CHECK(ratings[1] == std::pair<std::string_view, int>{"overall", 4});
    msc::v1::Observation parsed;
    CHECK(parsed.ParseFromArray(r.raw.data(), static_cast<int>(r.raw.size())));
    CHECK(parsed.submission_id() == item.observation.submission_id());
  };
  REQUIRE(store->ReadProgramSnapshot("p1", 1, on_head, on_row).ok());
  CHECK(rows == 1);
  CHECK(head.program.id() == "p1");
  CHECK(head.register_.companies_size() == 1);
  CHECK(head.register_.programs_size() == 0);
}

TEST_CASE("a snapshot row whose stored bytes do not parse stops the read, naming the row") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> batch;
  for (int i = 1; i <= 3; ++i) batch.push_back(SampleItem(i));
  REQUIRE(store->InsertObservations(batch).ok());
  // A stored observation cut inside its submission id, as no msc writes it.
  REQUIRE(store->database().Exec("UPDATE observations SET raw = x'0a2430' WHERE seq = 2").ok());
  for (int parts : {1, 2}) {
    int rows = 0;
    const msc::Status s = store->ReadProgramSnapshot(
        "p1", parts, [](msc::storage::ProgramSnapshot&) { return msc::Status::Ok(); },
        [&](int, const msc::storage::SnapshotRow&) { ++rows; });
    CHECK_FALSE(s.ok());
    CHECK_THAT(s.message(), Catch::Contains("observation seq 2 of program 'p1'"));
    CHECK(rows <= 2);
  }
  CHECK(CountRows(*store) == 3);  // the read changed nothing
}

TEST_CASE("a snapshot of an unknown program is not found") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto s = store->ReadProgramSnapshot(
      "nope", 2, [](msc::storage::ProgramSnapshot&) { return msc::Status::Ok(); },
      [](int, const msc::storage::SnapshotRow&) {});
  CHECK(s.code() == msc::StatusCode::kNotFound);
}

TEST_CASE("an error from the head callback ends the read before any row") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  REQUIRE(store->InsertObservations(std::vector{SampleItem(1)}).ok());
  int rows = 0;
  auto s = store->ReadProgramSnapshot(
      "p1", 2,
      [](msc::storage::ProgramSnapshot&) { return msc::Status::Invalid("config", "broken"); },
      [&](int, const msc::storage::SnapshotRow&) { ++rows; });
  CHECK(s.code() == msc::StatusCode::kInvalidArgument);
  CHECK(rows == 0);
}

TEST_CASE("a snapshot read in two parts sees every row exactly once") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> items;
  for (int i = 1; i <= 1001; ++i) items.push_back(SampleItem(i));
  REQUIRE(store->InsertObservations(items).ok());
  const auto ids = ReadIds(*store, 2);
  CHECK_FALSE(ids[0].empty());
  CHECK_FALSE(ids[1].empty());
  std::set<std::string> seen;
  for (const auto& part : ids)
    for (const std::string& id : part) CHECK(seen.insert(id).second);
  CHECK(seen.size() == items.size());
}

TEST_CASE("a snapshot read while another connection holds the write lock is read by one part") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  std::vector<NewObservation> items;
  for (int i = 1; i <= 300; ++i) items.push_back(SampleItem(i));
  REQUIRE(store->InsertObservations(items).ok());
  auto holder = Store::Open(dir.File("msc.db"));
  REQUIRE(holder.ok());
  REQUIRE((*holder)->database().Exec("BEGIN IMMEDIATE").ok());
  auto reader = Store::Open(dir.File("msc.db"), Store::Mode::kReadOnly);
  REQUIRE(reader.ok());
  const auto ids = ReadIds(**reader, 2);
  CHECK(ids[0].size() == items.size());
  CHECK(ids[1].empty());
  REQUIRE((*holder)->database().Exec("ROLLBACK").ok());
}

TEST_CASE("a reader's snapshot does not change while a writer commits") {
  for (int parts : {1, 2}) {
    DYNAMIC_SECTION(parts << " part(s)") {
      msc::testing::TempDir dir;
      auto writer = OpenWithRegister(dir);
      std::vector<NewObservation> before;
      for (int i = 1; i <= 100; ++i) before.push_back(SampleItem(i));
      REQUIRE(writer->InsertObservations(before).ok());
      auto reader = Store::Open(dir.File("msc.db"), Store::Mode::kReadOnly);
      REQUIRE(reader.ok());
      bool wrote = false;
      const auto ids = ReadIds(**reader, parts, [&] {
        std::vector<NewObservation> during;
        for (int i = 101; i <= 150; ++i) during.push_back(SampleItem(i));
        wrote = writer->InsertObservations(during).ok();
      });
      CHECK(wrote);
      size_t rows = 0;
      for (const auto& part : ids) rows += part.size();
      CHECK(rows == 100);
      CHECK(CountRows(*writer) == 150);
    }
  }
}
