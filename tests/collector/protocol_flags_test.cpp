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
