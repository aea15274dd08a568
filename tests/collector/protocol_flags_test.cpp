// Protocol flags through the collector: judged at submission and correction,
// returned to the submitter, stored, filterable and counted in /metrics.
#include <catch2/catch.hpp>

#include <google/protobuf/util/time_util.h>

#include "fixture.h"
#include "msc/v1/api.pb.h"
#include "msc/v1/report.pb.h"

namespace {

using google::protobuf::util::TimeUtil;
using msc::testing::Collector;
using msc::testing::FromJson;
using msc::testing::SampleId;
using msc::testing::SampleObservation;
namespace v1 = msc::v1;

// SampleObservation(n) moved to Saturday 10 January 2026, 11:00 in Oslo.
v1::Observation OnSaturday(int n) {
  v1::Observation o = SampleObservation(n);
  *o.mutable_attempts(0)->mutable_started_at() = TimeUtil::SecondsToTimestamp(1768039200);
  return o;
}

}  // namespace

TEST_CASE("a contact outside the window is accepted, and its flag comes back and is stored") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  auto res = observer.PostJson("/v1/observations", OnSaturday(1));
  REQUIRE(res.result_int() == 200);
  v1::SubmitResult r;
  REQUIRE(FromJson(res, &r));
  CHECK(r.status() == v1::ACCEPTED);
  REQUIRE(r.flags_size() == 1);
  CHECK(r.flags(0) == v1::OUTSIDE_CONTACT_WINDOW);
  v1::StoredObservation stored;
  REQUIRE(FromJson(observer.Get("/v1/observations/" + SampleId(1)), &stored));
  REQUIRE(stored.flags_size() == 1);
  CHECK(stored.flags(0) == v1::OUTSIDE_CONTACT_WINDOW);
  // The sample's own time (Monday 11:00) breaks nothing.
  REQUIRE(FromJson(observer.PostJson("/v1/observations", SampleObservation(2)), &r));
  CHECK(r.flags_size() == 0);
}

TEST_CASE("the review list filters by protocol flag") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  REQUIRE(observer.PostJson("/v1/observations", OnSaturday(3)).result_int() == 200);
  REQUIRE(observer.PostJson("/v1/observations", SampleObservation(4)).result_int() == 200);
  REQUIRE(observer.PostJson("/v1/observations", OnSaturday(5)).result_int() == 200);
  auto manager = c.Client(c.tokens().manager);
  v1::ListObservationsResponse page;
  REQUIRE(FromJson(manager.Get("/v1/observations?flag=OUTSIDE_CONTACT_WINDOW"), &page));
  std::vector<std::string> ids;
  for (const auto& s : page.observations()) ids.push_back(s.observation().submission_id());
  CHECK(ids == std::vector<std::string>{SampleId(3), SampleId(5)});
  REQUIRE(FromJson(manager.Get("/v1/observations?flag=RETRY_SAME_DAY"), &page));
  CHECK(page.observations_size() == 0);
  CHECK(manager.Get("/v1/observations?flag=LATE").result_int() == 400);
}

TEST_CASE("a correction is judged again: its flags are the new version's") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  REQUIRE(observer.PostJson("/v1/observations", OnSaturday(6)).result_int() == 200);
  v1::CorrectionRequest fix;
  fix.set_base_version(1);
  *fix.mutable_observation() = SampleObservation(6);  // moved to Monday
  auto res = observer.PostJson("/v1/observations/" + SampleId(6) + ":correct", fix);
  REQUIRE(res.result_int() == 200);
  v1::StoredObservation latest;
  REQUIRE(FromJson(res, &latest));
  CHECK(latest.flags_size() == 0);
  v1::ObservationVersionList versions;
  REQUIRE(FromJson(observer.Get("/v1/observations/" + SampleId(6) + "/versions"), &versions));
  REQUIRE(versions.versions_size() == 2);
  REQUIRE(versions.versions(0).flags_size() == 1);
  CHECK(versions.versions(0).flags(0) == v1::OUTSIDE_CONTACT_WINDOW);
  CHECK(versions.versions(1).flags_size() == 0);
}

TEST_CASE("/metrics counts stored versions by protocol flag, not their retries") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  REQUIRE(observer.PostJson("/v1/observations", OnSaturday(7)).result_int() == 200);
  REQUIRE(observer.PostJson("/v1/observations", OnSaturday(7)).result_int() == 200);  // DUPLICATE
  v1::BatchSubmitRequest batch;
  *batch.add_observations() = OnSaturday(8);
  REQUIRE(observer.PostJson("/v1/observations:batch", batch).result_int() == 200);
  std::string text = c.Client().Get("/metrics").body();
  CHECK_THAT(text,
             Catch::Contains("msc_protocol_flags_total{flag=\"OUTSIDE_CONTACT_WINDOW\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("msc_protocol_flags_total{flag=\"EMAIL_SENT_AFTER_NOON\"} 0\n"));
}

TEST_CASE("GET progress: managers see the plan's grid with flagged contacts per observer") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  REQUIRE(observer.PostJson("/v1/observations", OnSaturday(9)).result_int() == 200);
  REQUIRE(observer.PostJson("/v1/observations", SampleObservation(10)).result_int() == 200);
  CHECK(observer.Get("/v1/programs/p1/progress").result_int() == 403);
  auto res = c.Client(c.tokens().manager).Get("/v1/programs/p1/progress");
  REQUIRE(res.result_int() == 200);
  v1::ProgramProgress p;
  REQUIRE(FromJson(res, &p));
  CHECK(p.planned() == 25);  // one company
  CHECK(p.counted() == 2);
  REQUIRE(p.companies_size() == 1);
  CHECK(p.companies(0).channels(0).channel() == v1::PHONE);
  CHECK(p.companies(0).channels(0).counted() == 2);
  CHECK(p.observers(0).observer_id() == "obs-1");
  CHECK(p.observers(0).done() == 2);
  CHECK(p.observers(0).flagged() == 1);
  auto one = c.Client(c.tokens().manager).Get("/v1/programs/p1/progress?observer=obs-2");
  REQUIRE(FromJson(one, &p));
  CHECK(p.counted() == 0);
  CHECK(c.Client(c.tokens().manager).Get("/v1/programs/p1/progress?observer=x").result_int() ==
        404);
  CHECK(c.Client(c.tokens().manager).Get("/v1/programs/nope/progress").result_int() == 404);
}

namespace {

std::vector<v1::ProtocolFlag> FlagsOf(const v1::SubmitResult& r) {
  std::vector<v1::ProtocolFlag> flags;
  for (int f : r.flags()) flags.push_back(static_cast<v1::ProtocolFlag>(f));
  return flags;
}

v1::SubmitResult SubmitAs(msc::testing::HttpClient& client, const v1::Observation& o) {
  v1::SubmitResult r;
  auto res = client.PostJson("/v1/observations", o);
  REQUIRE(res.result_int() == 200);
  REQUIRE(FromJson(res, &r));
  return r;
}

v1::Observation By(const std::string& observer, int n) {
  v1::Observation o = SampleObservation(n);
  o.set_observer_id(observer);
  return o;
}

}  // namespace

TEST_CASE("the default plan's fourth contact by one observer at one company is flagged") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  for (int n = 20; n < 23; ++n) CHECK(FlagsOf(SubmitAs(observer, By("obs-1", n))).empty());
  CHECK(FlagsOf(SubmitAs(observer, By("obs-1", 23))) ==
        std::vector<v1::ProtocolFlag>{v1::OBSERVER_REPEATS_COMPANY});
  auto manager = c.Client(c.tokens().manager);
  v1::StoredObservation stored;
  REQUIRE(FromJson(manager.Get("/v1/observations/" + SampleId(23)), &stored));
  REQUIRE(stored.flags_size() == 1);
  CHECK(stored.flags(0) == v1::OBSERVER_REPEATS_COMPANY);
}

TEST_CASE("the contact after the plan's ten phone contacts at a company is over quota") {
  Collector c;
  auto admin = c.Client(c.tokens().admin);  // submits on behalf of both observers
  v1::BatchSubmitRequest batch;  // one transaction: later items see the earlier ones
  for (int n = 30; n < 40; ++n) *batch.add_observations() = By(n < 35 ? "obs-1" : "obs-2", n);
  *batch.add_observations() = By("obs-2", 40);
  v1::BatchSubmitResponse response;
  REQUIRE(FromJson(admin.PostJson("/v1/observations:batch", batch), &response));
  REQUIRE(response.results_size() == 11);
  for (int i = 0; i < 10; ++i) {
    CHECK_FALSE(std::count(response.results(i).flags().begin(), response.results(i).flags().end(),
                           v1::OVER_QUOTA));
  }
  // obs-2's sixth contact at the company: over quota and a repeat.
  CHECK(FlagsOf(response.results(10)) ==
        std::vector<v1::ProtocolFlag>{v1::OBSERVER_REPEATS_COMPANY, v1::OVER_QUOTA});
  v1::ListObservationsResponse page;
  REQUIRE(FromJson(admin.Get("/v1/observations?flag=OVER_QUOTA"), &page));
  REQUIRE(page.observations_size() == 1);
  CHECK(page.observations(0).observation().submission_id() == SampleId(40));
}

TEST_CASE("a retried submission is not counted before itself, and a rejected one not at all") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  for (int n = 50; n < 53; ++n) SubmitAs(observer, By("obs-1", n));
  v1::SubmitResult retry = SubmitAs(observer, By("obs-1", 52));
  CHECK(retry.status() == v1::DUPLICATE);
  CHECK(retry.flags_size() == 0);
  v1::ReviewRequest reject;
  reject.set_state(v1::REJECTED);
  auto manager = c.Client(c.tokens().manager);
  REQUIRE(manager.PostJson("/v1/observations/" + SampleId(50) + ":review", reject).result_int() ==
          200);
  CHECK(FlagsOf(SubmitAs(observer, By("obs-1", 53))).empty());  // two held before it
  CHECK(FlagsOf(SubmitAs(observer, By("obs-1", 54))) ==
        std::vector<v1::ProtocolFlag>{v1::OBSERVER_REPEATS_COMPANY});
}

TEST_CASE("a collector started on a stored program counts what it holds") {
  Collector c;
  {
    auto observer = c.Client(c.tokens().observer);
    for (int n = 60; n < 63; ++n) SubmitAs(observer, By("obs-1", n));
  }
  c.Restart();
  auto observer = c.Client(c.tokens().observer);
  CHECK(FlagsOf(SubmitAs(observer, By("obs-1", 63))) ==
        std::vector<v1::ProtocolFlag>{v1::OBSERVER_REPEATS_COMPANY});
}

TEST_CASE("a correction keeps its count flags unless it moves the contact") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  for (int n = 70; n < 74; ++n) SubmitAs(observer, By("obs-1", n));  // the fourth is flagged
  v1::CorrectionRequest fix;
  fix.set_base_version(1);
  *fix.mutable_observation() = By("obs-1", 73);
  fix.mutable_observation()->set_comment("Friendly, quick and polite.");
  v1::StoredObservation latest;
  REQUIRE(
      FromJson(observer.PostJson("/v1/observations/" + SampleId(73) + ":correct", fix), &latest));
  REQUIRE(latest.flags_size() == 1);
  CHECK(latest.flags(0) == v1::OBSERVER_REPEATS_COMPANY);
  // The first contact corrected stays unflagged: the three after it are not before it.
  fix.set_base_version(1);
  *fix.mutable_observation() = By("obs-1", 70);
  fix.mutable_observation()->set_comment("Corrected.");
  REQUIRE(
      FromJson(observer.PostJson("/v1/observations/" + SampleId(70) + ":correct", fix), &latest));
  CHECK(latest.flags_size() == 0);
  // Moved to chat, it is judged against what the program holds: three others at the
  // company by the same observer, none on chat.
  fix.set_base_version(2);
  fix.mutable_observation()->set_channel(v1::CHAT);
  auto res = observer.PostJson("/v1/observations/" + SampleId(70) + ":correct", fix);
  REQUIRE(res.result_int() == 200);
  REQUIRE(FromJson(res, &latest));
  REQUIRE(latest.flags_size() == 1);
  CHECK(latest.flags(0) == v1::OBSERVER_REPEATS_COMPANY);
}
