// Permissions: the cells the role matrix in tests/collector/server_test.cpp ("every
// role on every endpoint") leaves out. That test covers no token, a bad token, a
// revoked token, observer, manager and admin on the observation and register
// routes. Here: the live report, /healthz and /metrics, unknown paths and methods,
// and a second observer on every route, against data that belongs to the first.
#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include "msc/v1/api.pb.h"
#include "reliability.h"

namespace {

using msc::testing::Collector;
using msc::testing::SampleId;
using msc::testing::SampleObservation;
namespace http = boost::beast::http;
namespace v1 = msc::v1;

std::string Json(const google::protobuf::Message& m) {
  std::string json;
  google::protobuf::util::MessageToJsonString(m, &json);
  return json;
}

std::string RevokedToken(const std::string& db, v1::Role role, const char* observer) {
  auto store = msc::storage::Store::Open(db);
  std::string token = *(*store)->CreateToken(role, observer, "to revoke", "test");
  auto tokens = (*store)->ListTokens();
  REQUIRE((*store)->RevokeToken(tokens->back().id(), "test").ok());
  return token;
}

struct Row {
  http::verb method;
  std::string target;
  std::string body;
  // Expected statuses: no token, bad token, revoked token, observer (the owner of
  // the data), other observer, manager, admin.
  std::array<int, 7> expected;
};

void CheckMatrix(Collector& c, const std::vector<Row>& rows) {
  const std::string who[] = {"",
                             "not-a-token",
                             RevokedToken(c.db(), v1::OBSERVER, "obs-1"),
                             c.tokens().observer,
                             c.tokens().observer2,
                             c.tokens().manager,
                             c.tokens().admin};
  const char* names[] = {"no token",       "bad token", "revoked", "observer",
                         "other observer", "manager",   "admin"};
  for (const Row& row : rows) {
    for (size_t i = 0; i < 7; ++i) {
      auto client = c.Client(who[i]);
      auto res = client.Send(row.method, row.target, row.body);
      INFO(http::to_string(row.method) << " " << row.target << " as " << names[i]);
      CHECK(static_cast<int>(res.result_int()) == row.expected[i]);
    }
  }
}

}  // namespace

TEST_CASE("the report, health, metrics and unknown routes answer each role as documented") {
  Collector c;
  CheckMatrix(
      c, {
             {http::verb::get, "/v1/programs/p1/report", "", {401, 401, 401, 403, 403, 200, 200}},
             {http::verb::get, "/healthz", "", {200, 200, 200, 200, 200, 200, 200}},
             {http::verb::get, "/metrics", "", {200, 200, 200, 200, 200, 200, 200}},
             {http::verb::delete_, "/v1/observations", "", {405, 405, 405, 405, 405, 405, 405}},
             {http::verb::get, "/v1/nowhere", "", {404, 404, 404, 404, 404, 404, 404}},
         });
}

TEST_CASE("a second observer may not touch the first observer's submission") {
  Collector c;
  REQUIRE(c.Client(c.tokens().observer)
              .PostJson("/v1/observations", SampleObservation(1))
              .result_int() == 200);
  std::string own = "/v1/observations/" + SampleId(1);
  std::string review = R"({"state":"APPROVED","note":"fine"})";
  CheckMatrix(c,
              {
                  {http::verb::get, own, "", {401, 401, 401, 200, 403, 200, 200}},
                  {http::verb::post, own + ":review", review, {401, 401, 401, 403, 403, 200, 200}},
                  {http::verb::get,
                   "/v1/observations?observer=obs-1",
                   "",
                   {401, 401, 401, 200, 403, 200, 200}},
              });
  // Listing without a filter shows the second observer nothing of the first's.
  auto res = c.Client(c.tokens().observer2).Get("/v1/observations");
  REQUIRE(res.result_int() == 200);
  v1::ListObservationsResponse list;
  REQUIRE(msc::testing::FromJson(res, &list));
  CHECK(list.observations_size() == 0);
}

TEST_CASE("an observer cannot slip another observer's submission into a batch") {
  Collector c;
  v1::BatchSubmitRequest batch;
  auto theirs = SampleObservation(2);
  theirs.set_observer_id("obs-2");
  *batch.add_observations() = SampleObservation(1);
  *batch.add_observations() = theirs;
  auto res =
      c.Client(c.tokens().observer).Send(http::verb::post, "/v1/observations:batch", Json(batch));
  REQUIRE(res.result_int() == 200);
  v1::BatchSubmitResponse r;
  REQUIRE(msc::testing::FromJson(res, &r));
  REQUIRE(r.results_size() == 2);
  CHECK(r.results(0).status() == v1::ACCEPTED);
  CHECK(r.results(1).status() == v1::INVALID);
  CHECK_FALSE(msc::testing::Stored(c.port(), c.tokens(), SampleId(2)));
}

TEST_CASE("a revoked observer token cannot submit on the connection it already has open") {
  Collector c;
  std::string token;
  {
    auto store = msc::storage::Store::Open(c.db());
    token = *(*store)->CreateToken(v1::OBSERVER, "obs-1", "soon revoked", "test");
  }
  auto client = c.Client(token);
  REQUIRE(client.PostJson("/v1/observations", SampleObservation(1)).result_int() == 200);
  {
    auto store = msc::storage::Store::Open(c.db());
    auto tokens = (*store)->ListTokens();
    REQUIRE((*store)->RevokeToken(tokens->back().id(), "test").ok());
  }
  CHECK(client.PostJson("/v1/observations", SampleObservation(2)).result_int() == 401);
  CHECK_FALSE(msc::testing::Stored(c.port(), c.tokens(), SampleId(2)));
}
