// Corrections as versions (storage/observation_store.cc: Store::Correct,
// ListVersions, ExportObservations with history).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "msc/proto/serialize.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "sample.h"

using msc::Status;
using msc::storage::Correction;
using msc::storage::CorrectionOutcome;
using msc::storage::Store;
using msc::testing::SampleItem;
namespace v1 = msc::v1;

namespace {

const std::string kDigest1(64, 'a');
const std::string kDigest2 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

std::unique_ptr<Store> StoreWithOne(const msc::testing::TempDir& dir) {
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(msc::testing::SampleRegister(), "test").ok());
  std::vector<msc::storage::NewObservation> batch{SampleItem(1)};
  batch[0].config_sha256 = kDigest1;
  REQUIRE((*store)->InsertObservations(batch).ok());
  return std::move(*store);
}

Correction CommentCorrection(int base, std::string comment, std::string by = "token:7") {
  Correction c;
  c.observation = SampleItem(1).observation;
  c.observation.set_comment(std::move(comment));
  c.base_version = base;
  c.made_at_ns = 1762000000000000000 + 1000 * base;
  c.made_by = std::move(by);
  c.config_sha256 = kDigest2;
  return c;
}

const std::string& Id() {
  static const std::string id = SampleItem(1).observation.submission_id();
  return id;
}

}  // namespace

TEST_CASE("a new observation is version 1 stamped with its config digest") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  auto stored = store->GetObservation(Id());
  REQUIRE(stored.ok());
  CHECK(stored->version() == 1);
  CHECK(stored->config_sha256() == kDigest1);
  CHECK(stored->version_made_by() == "token:1");
  CHECK(stored->version_made_at().seconds() == 1762000000);
}

TEST_CASE("a correction becomes the latest version and keeps the first in the history") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Review(Id(), v1::HAS_ISSUES, "Which branch?", "token:2").ok());
  auto outcome = store->Correct(CommentCorrection(1, "The Oslo branch."));
  REQUIRE(outcome.ok());
  CHECK(outcome->kind == CorrectionOutcome::Kind::kCorrected);
  CHECK(outcome->latest.version() == 2);
  CHECK(outcome->latest.review_state() == v1::RECEIVED);
  CHECK(outcome->latest.observation().comment() == "The Oslo branch.");
  CHECK(outcome->latest.config_sha256() == kDigest2);
  CHECK(outcome->latest.version_made_by() == "token:7");

  auto versions = store->ListVersions(Id());
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 2);
  CHECK((*versions)[0].version() == 1);
  CHECK((*versions)[0].observation().comment() == "Friendly and quick.");
  CHECK((*versions)[0].made_by() == "token:1");
  CHECK((*versions)[0].config_sha256() == kDigest1);
  CHECK((*versions)[1].version() == 2);
  CHECK((*versions)[1].observation().comment() == "The Oslo branch.");
  // Still one row: lists and scoring see the latest only.
  CHECK(*store->database().QueryInt("SELECT count(*) FROM observations") == 1);
  auto page = store->ListObservations({});
  REQUIRE(page->observations.size() == 1);
  CHECK(page->observations[0].observation().comment() == "The Oslo branch.");
}

TEST_CASE("a correction naming an older version is stale and stores nothing") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Correct(CommentCorrection(1, "first fix")).ok());
  auto stale = store->Correct(CommentCorrection(1, "a second fix from an old copy", "token:9"));
  REQUIRE(stale.ok());
  CHECK(stale->kind == CorrectionOutcome::Kind::kStale);
  CHECK(stale->latest.version() == 2);
  CHECK(stale->latest.observation().comment() == "first fix");
  CHECK(store->ListVersions(Id())->size() == 2);
}

TEST_CASE("a correction naming a version that does not exist yet is stale") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  auto ahead = store->Correct(CommentCorrection(5, "from the future"));
  REQUIRE(ahead.ok());
  CHECK(ahead->kind == CorrectionOutcome::Kind::kStale);
  CHECK(store->ListVersions(Id())->size() == 1);
}

TEST_CASE("a retried correction by the same actor is answered as repeated, not stored twice") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Correct(CommentCorrection(1, "fixed")).ok());
  auto again = store->Correct(CommentCorrection(1, "fixed"));
  REQUIRE(again.ok());
  CHECK(again->kind == CorrectionOutcome::Kind::kRepeated);
  CHECK(again->latest.version() == 2);
  CHECK(store->ListVersions(Id())->size() == 2);
  // The same content from someone else is a stale edit, not a retry.
  auto other = store->Correct(CommentCorrection(1, "fixed", "token:8"));
  REQUIRE(other.ok());
  CHECK(other->kind == CorrectionOutcome::Kind::kStale);
}

TEST_CASE("an observer corrects only their own observation while RECEIVED or HAS_ISSUES") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  const std::string owner = SampleItem(1).observation.observer_id();
  Correction c = CommentCorrection(1, "mine");
  c.own_observer_id = "someone-else";
  auto foreign = store->Correct(c);
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.status().code() == msc::StatusCode::kPermissionDenied);

  REQUIRE(store->Review(Id(), v1::APPROVED, "", "token:2").ok());
  c.own_observer_id = owner;
  auto approved = store->Correct(c);
  REQUIRE_FALSE(approved.ok());
  CHECK(approved.status().code() == msc::StatusCode::kPermissionDenied);
  CHECK_THAT(approved.status().message(), Catch::Contains("APPROVED"));

  REQUIRE(store->Review(Id(), v1::HAS_ISSUES, "check", "token:2").ok());
  auto open = store->Correct(c);
  REQUIRE(open.ok());
  CHECK(open->kind == CorrectionOutcome::Kind::kCorrected);
  // A manager (no own_observer_id) may correct in any state.
  REQUIRE(store->Review(Id(), v1::REJECTED, "", "token:2").ok());
  auto manager = store->Correct(CommentCorrection(2, "manager's fix", "token:2"));
  REQUIRE(manager.ok());
  CHECK(manager->latest.version() == 3);
}

TEST_CASE("a correction may not change the observer") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  Correction c = CommentCorrection(1, "x");
  c.observation.set_observer_id("obs-2");
  auto outcome = store->Correct(c);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == msc::StatusCode::kInvalidArgument);
  CHECK(outcome.status().field_errors().at(0).field == "observer_id");
}

TEST_CASE("a correction of an unknown id is not found") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  Correction c = CommentCorrection(1, "x");
  c.observation.set_submission_id("00000000-0000-7000-8000-000000000000");
  auto outcome = store->Correct(c);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == msc::StatusCode::kNotFound);
}

TEST_CASE("a correction updates the columns that listings and the snapshot read") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  Correction c = CommentCorrection(1, "moved");
  c.observation.set_company_id("c2");
  (*c.observation.mutable_ratings())["overall"] = 2;
  REQUIRE(store->Correct(c).ok());
  auto q = store->database().Prepare(
      "SELECT company_id, ratings, version FROM observations WHERE submission_id = ?");
  REQUIRE(q.ok());
  REQUIRE(*q->Bind(1, Id()).Step());
  CHECK(q->Text(0) == "c2");
  CHECK_THAT(std::string(q->Text(1)), Catch::Contains("overall=2"));
  CHECK(q->Int(2) == 2);
  std::vector<std::string> companies;
  REQUIRE(store
              ->ReadProgramSnapshot(
                  "p1", 1, [](msc::storage::ProgramSnapshot&) { return msc::Status::Ok(); },
                  [&](int, const msc::storage::SnapshotRow& r) {
                    companies.emplace_back(r.company_id);
                  })
              .ok());
  CHECK(companies == std::vector<std::string>{"c2"});
}

TEST_CASE("every correction writes the audit log") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Review(Id(), v1::HAS_ISSUES, "?", "token:2").ok());
  REQUIRE(store->Correct(CommentCorrection(1, "fixed")).ok());
  auto audit = store->ReadAudit(0, 100);
  REQUIRE(audit.ok());
  const auto& last = audit->back();
  CHECK(last.actor == "token:7");
  CHECK(last.action == "correct");
  CHECK(last.subject == Id());
  CHECK(last.detail == "version 2 (was HAS_ISSUES)");
}

TEST_CASE("stored versions can be neither rewritten nor deleted") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Correct(CommentCorrection(1, "fixed")).ok());
  auto& db = store->database();
  CHECK_FALSE(db.Exec("UPDATE observation_versions SET made_by = 'x'").ok());
  CHECK_FALSE(db.Exec("DELETE FROM observation_versions").ok());
}

TEST_CASE("an export with history gives each earlier version before the latest") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  std::vector<msc::storage::NewObservation> more{SampleItem(2)};
  REQUIRE(store->InsertObservations(more).ok());
  REQUIRE(store->Correct(CommentCorrection(1, "second")).ok());
  REQUIRE(store->Correct(CommentCorrection(2, "third")).ok());
  msc::storage::ExportQuery q;
  q.program_id = "p1";
  std::vector<std::pair<int, std::string>> seen;
  auto collect = [&](const v1::StoredObservation& s) {
    seen.emplace_back(s.version(), s.observation().comment());
  };
  REQUIRE(store->ExportObservations(q, collect).ok());
  CHECK(seen.size() == 2);  // the latest of each only
  CHECK(seen[0] == std::pair<int, std::string>{3, "third"});
  seen.clear();
  q.with_history = true;
  REQUIRE(store->ExportObservations(q, collect).ok());
  REQUIRE(seen.size() == 4);
  CHECK(seen[0] == std::pair<int, std::string>{1, "Friendly and quick."});
  CHECK(seen[1] == std::pair<int, std::string>{2, "second"});
  CHECK(seen[2] == std::pair<int, std::string>{3, "third"});
  CHECK(seen[3].first == 1);
}

TEST_CASE("observations list newest first, paged") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("msc.db"));
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(msc::testing::SampleRegister(), "test").ok());
  std::vector<msc::storage::NewObservation> batch;
  for (int n = 1; n <= 5; ++n) batch.push_back(SampleItem(n));
  REQUIRE((*store)->InsertObservations(batch).ok());
  msc::storage::ListQuery q;
  q.newest_first = true;
  q.page_size = 2;
  std::vector<std::string> ids;
  for (int page = 0; page < 4; ++page) {
    auto p = (*store)->ListObservations(q);
    REQUIRE(p.ok());
    for (const auto& s : p->observations) ids.push_back(s.observation().submission_id());
    if (p->next_page_token.empty()) break;
    q.page_token = p->next_page_token;
  }
  std::vector<std::string> expected;
  for (int n = 5; n >= 1; --n) expected.push_back(SampleItem(n).observation.submission_id());
  CHECK(ids == expected);
}

TEST_CASE("a retried first submission of a corrected observation is still a duplicate") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Correct(CommentCorrection(1, "corrected")).ok());
  std::vector<msc::storage::NewObservation> retry{SampleItem(1)};
  auto outcome = store->InsertObservations(retry);
  REQUIRE(outcome.ok());
  CHECK(*outcome == std::vector{msc::storage::InsertOutcome::kDuplicate});
  retry[0].observation.set_comment("neither version");
  CHECK(*store->InsertObservations(retry) == std::vector{msc::storage::InsertOutcome::kConflict});
  CHECK(store->ListVersions(Id())->size() == 2);
}

TEST_CASE("a retried correction is recognised after an approval and after later corrections") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  const std::string owner = SampleItem(1).observation.observer_id();
  Correction mine = CommentCorrection(1, "the observer's fix", "token:1");
  mine.own_observer_id = owner;
  REQUIRE(store->Correct(mine).ok());
  REQUIRE(store->Review(Id(), v1::APPROVED, "", "token:2").ok());
  // The answer was lost; the app retries after the manager approved.
  auto retry = store->Correct(mine);
  REQUIRE(retry.ok());
  CHECK(retry->kind == CorrectionOutcome::Kind::kRepeated);
  // A manager corrects once more; the observer's old retry is still a retry.
  REQUIRE(store->Correct(CommentCorrection(2, "the manager's fix", "token:2")).ok());
  retry = store->Correct(mine);
  REQUIRE(retry.ok());
  CHECK(retry->kind == CorrectionOutcome::Kind::kRepeated);
  CHECK(retry->latest.version() == 3);
  CHECK(store->ListVersions(Id())->size() == 3);
  // Other content on the same old base is not a retry: stale (the manager), or
  // refused (the observer, on an approved contact).
  Correction other = CommentCorrection(1, "something else", "token:1");
  auto stale = store->Correct(other);
  REQUIRE(stale.ok());
  CHECK(stale->kind == CorrectionOutcome::Kind::kStale);
}

TEST_CASE("a review that names an older version than the latest is refused") {
  msc::testing::TempDir dir;
  auto store = StoreWithOne(dir);
  REQUIRE(store->Correct(CommentCorrection(1, "fixed")).ok());
  Status s = store->Review(Id(), v1::APPROVED, "", "token:2", 1);
  CHECK(s.code() == msc::StatusCode::kConflict);
  CHECK(store->GetObservation(Id())->review_state() == v1::RECEIVED);
  CHECK(store->Review(Id(), v1::APPROVED, "", "token:2", 2).ok());
  CHECK(store->GetObservation(Id())->review_state() == v1::APPROVED);
}
