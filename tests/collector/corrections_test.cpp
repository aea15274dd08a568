// Corrections over HTTP: POST /v1/observations/{id}:correct and GET .../versions
// (collector/api.cc), against a real collector on a loopback port.
#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include "fixture.h"
#include "msc/v1/api.pb.h"

namespace {

using msc::testing::Collector;
using msc::testing::FromJson;
using msc::testing::Response;
using msc::testing::SampleId;
using msc::testing::SampleObservation;
namespace v1 = msc::v1;

std::string CorrectionJson(int base, const v1::Observation& o) {
  v1::CorrectionRequest req;
  req.set_base_version(base);
  *req.mutable_observation() = o;
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(req, &json).ok());
  return json;
}

// Submits SampleObservation(n) as obs-1 and has the manager flag it HAS_ISSUES.
void SubmitAndFlag(Collector& c, int n) {
  REQUIRE(c.Client(c.tokens().observer)
              .PostJson("/v1/observations", SampleObservation(n))
              .result_int() == 200);
  auto res =
      c.Client(c.tokens().manager)
          .Send(boost::beast::http::verb::post, "/v1/observations/" + SampleId(n) + ":review",
                R"({"state":"HAS_ISSUES","note":"Which branch did you call?"})");
  REQUIRE(res.result_int() == 200);
}

Response Correct(Collector& c, const std::string& token, int n, int base,
                 const v1::Observation& o) {
  return c.Client(token).Send(boost::beast::http::verb::post,
                              "/v1/observations/" + SampleId(n) + ":correct",
                              CorrectionJson(base, o));
}

v1::Observation Corrected(int n, const std::string& comment) {
  v1::Observation o = SampleObservation(n);
  o.clear_observer_id();  // the token says who
  o.set_comment(comment);
  return o;
}

}  // namespace

TEST_CASE("an observer corrects a flagged contact: version 2, RECEIVED again, history of two") {
  Collector c;
  SubmitAndFlag(c, 1);
  auto res = Correct(c, c.tokens().observer, 1, 1, Corrected(1, "The Oslo branch."));
  REQUIRE(res.result_int() == 200);
  v1::StoredObservation latest;
  REQUIRE(FromJson(res, &latest));
  CHECK(latest.version() == 2);
  CHECK(latest.review_state() == v1::RECEIVED);
  CHECK(latest.observation().comment() == "The Oslo branch.");
  CHECK(latest.config_sha256().size() == 64);

  auto history = c.Client(c.tokens().observer).Get("/v1/observations/" + SampleId(1) + "/versions");
  REQUIRE(history.result_int() == 200);
  v1::ObservationVersionList list;
  REQUIRE(FromJson(history, &list));
  REQUIRE(list.versions_size() == 2);
  CHECK(list.versions(0).observation().comment() == "Friendly and quick.");
  CHECK(list.versions(1).observation().comment() == "The Oslo branch.");
  CHECK(list.versions(0).made_by() == list.versions(1).made_by());  // obs-1 both times
}

TEST_CASE("a stale correction is a 409 that carries the latest version") {
  Collector c;
  SubmitAndFlag(c, 2);
  REQUIRE(Correct(c, c.tokens().observer, 2, 1, Corrected(2, "first")).result_int() == 200);
  auto res = Correct(c, c.tokens().manager, 2, 1, Corrected(2, "from an old copy"));
  REQUIRE(res.result_int() == 409);
  v1::Error error;
  REQUIRE(FromJson(res, &error));
  CHECK(error.code() == 409);
  CHECK(error.latest().version() == 2);
  CHECK(error.latest().observation().comment() == "first");
  REQUIRE(error.field_errors_size() == 1);
  CHECK(error.field_errors(0).field() == "base_version");
}

TEST_CASE("a retried correction answers 200 with the version it made") {
  Collector c;
  SubmitAndFlag(c, 3);
  REQUIRE(Correct(c, c.tokens().observer, 3, 1, Corrected(3, "fixed")).result_int() == 200);
  auto again = Correct(c, c.tokens().observer, 3, 1, Corrected(3, "fixed"));
  REQUIRE(again.result_int() == 200);
  v1::StoredObservation latest;
  REQUIRE(FromJson(again, &latest));
  CHECK(latest.version() == 2);
}

TEST_CASE("a correction is validated as a submission, with the same field paths") {
  Collector c;
  SubmitAndFlag(c, 4);
  v1::Observation o = Corrected(4, "x");
  o.mutable_attempts(0)->mutable_wait()->set_seconds(-1);
  (*o.mutable_ratings())["written_language"] = 5;  // does not apply to PHONE
  auto res = Correct(c, c.tokens().observer, 4, 1, o);
  REQUIRE(res.result_int() == 400);
  v1::Error error;
  REQUIRE(FromJson(res, &error));
  std::vector<std::string> fields;
  for (const auto& f : error.field_errors()) fields.push_back(f.field());
  CHECK(fields == std::vector<std::string>{"attempts[0].wait", "ratings.written_language"});
  auto history = c.Client(c.tokens().observer).Get("/v1/observations/" + SampleId(4) + "/versions");
  v1::ObservationVersionList list;
  REQUIRE(FromJson(history, &list));
  CHECK(list.versions_size() == 1);  // nothing stored
}

TEST_CASE("observers may not correct another observer's contact nor an approved one") {
  Collector c;
  SubmitAndFlag(c, 5);
  auto foreign = Correct(c, c.tokens().observer2, 5, 1, Corrected(5, "not mine"));
  CHECK(foreign.result_int() == 403);
  auto approve =
      c.Client(c.tokens().manager)
          .Send(boost::beast::http::verb::post, "/v1/observations/" + SampleId(5) + ":review",
                R"({"state":"APPROVED"})");
  REQUIRE(approve.result_int() == 200);
  auto closed = Correct(c, c.tokens().observer, 5, 1, Corrected(5, "too late"));
  CHECK(closed.result_int() == 403);
  auto other = c.Client(c.tokens().observer2).Get("/v1/observations/" + SampleId(5) + "/versions");
  CHECK(other.result_int() == 403);
}

TEST_CASE("a correction keeps its submission id and names its base version") {
  Collector c;
  SubmitAndFlag(c, 6);
  v1::Observation o = Corrected(6, "x");
  o.set_submission_id(SampleId(7));
  CHECK(Correct(c, c.tokens().observer, 6, 1, o).result_int() == 400);
  CHECK(Correct(c, c.tokens().observer, 6, 0, Corrected(6, "x")).result_int() == 400);
  CHECK(Correct(c, c.tokens().observer, 99, 1, Corrected(99, "x")).result_int() == 404);
}

TEST_CASE("a manager's correction keeps the observer without naming them") {
  Collector c;
  SubmitAndFlag(c, 8);
  auto res = Correct(c, c.tokens().manager, 8, 1, Corrected(8, "fixed by the manager"));
  REQUIRE(res.result_int() == 200);
  v1::StoredObservation latest;
  REQUIRE(FromJson(res, &latest));
  CHECK(latest.observation().observer_id() == "obs-1");
}

TEST_CASE("observers list their own contacts newest first") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  for (int n = 10; n < 13; ++n) {
    REQUIRE(observer.PostJson("/v1/observations", SampleObservation(n)).result_int() == 200);
  }
  auto res = observer.Get("/v1/observations?order=newest&page_size=2");
  REQUIRE(res.result_int() == 200);
  v1::ListObservationsResponse page;
  REQUIRE(FromJson(res, &page));
  REQUIRE(page.observations_size() == 2);
  CHECK(page.observations(0).observation().submission_id() == SampleId(12));
  CHECK(page.observations(1).observation().submission_id() == SampleId(11));
  auto next = observer.Get("/v1/observations?order=newest&page_size=2&page_token=" +
                           page.next_page_token());
  REQUIRE(FromJson(next, &page));
  REQUIRE(page.observations_size() == 1);
  CHECK(page.observations(0).observation().submission_id() == SampleId(10));
  CHECK(observer.Get("/v1/observations?order=sideways").result_int() == 400);
}

TEST_CASE("GET /v1/me says who a token is") {
  Collector c;
  auto res = c.Client(c.tokens().observer).Get("/v1/me");
  REQUIRE(res.result_int() == 200);
  v1::Me me;
  REQUIRE(FromJson(res, &me));
  CHECK(me.role() == v1::OBSERVER);
  CHECK(me.observer_id() == "obs-1");
  CHECK(me.observer_name() == "Observer obs-1");
  REQUIRE(FromJson(c.Client(c.tokens().manager).Get("/v1/me"), &me));
  CHECK(me.role() == v1::MANAGER);
  CHECK(me.observer_id().empty());
}

TEST_CASE("a program's effective config lists the criteria the form asks") {
  Collector c;
  auto res = c.Client(c.tokens().observer).Get("/v1/programs/p1/config");
  REQUIRE(res.result_int() == 200);
  v1::ScoringConfig config;
  REQUIRE(FromJson(res, &config));
  CHECK(config.criteria_size() == 8);  // METHODOLOGY.md section 1's catalogue
  CHECK(config.criteria(4).id() == "written_language");
  CHECK(c.Client(c.tokens().observer).Get("/v1/programs/nope/config").result_int() == 404);
}

TEST_CASE("a review naming a version a correction replaced is a 409 with the latest") {
  Collector c;
  SubmitAndFlag(c, 9);
  REQUIRE(Correct(c, c.tokens().observer, 9, 1, Corrected(9, "fixed")).result_int() == 200);
  auto manager = c.Client(c.tokens().manager);
  auto res =
      manager.Send(boost::beast::http::verb::post, "/v1/observations/" + SampleId(9) + ":review",
                   R"({"state":"APPROVED","version":1})");
  REQUIRE(res.result_int() == 409);
  v1::Error error;
  REQUIRE(FromJson(res, &error));
  CHECK(error.latest().version() == 2);
  CHECK(error.latest().review_state() == v1::RECEIVED);
  res = manager.Send(boost::beast::http::verb::post, "/v1/observations/" + SampleId(9) + ":review",
                     R"({"state":"APPROVED","version":2})");
  CHECK(res.result_int() == 200);
}

TEST_CASE("a retried submission after a correction answers DUPLICATE, not a conflict") {
  Collector c;
  SubmitAndFlag(c, 13);
  REQUIRE(Correct(c, c.tokens().observer, 13, 1, Corrected(13, "fixed")).result_int() == 200);
  auto res = c.Client(c.tokens().observer).PostJson("/v1/observations", SampleObservation(13));
  REQUIRE(res.result_int() == 200);
  v1::SubmitResult r;
  REQUIRE(FromJson(res, &r));
  CHECK(r.status() == v1::DUPLICATE);
}
