// Assignments over HTTP: POST deals and stores (managers), GET reads the deal with
// what is done; observers read their own only.
#include <catch2/catch.hpp>

#include <map>

#include "fixture.h"
#include "msc/v1/api.pb.h"
#include "msc/v1/report.pb.h"

namespace {

using msc::testing::Collector;
using msc::testing::FromJson;
using msc::testing::SampleObservation;
namespace v1 = msc::v1;

v1::AssignRequest Seed(uint64_t seed) {
  v1::AssignRequest req;
  req.set_seed(seed);
  return req;
}

}  // namespace

TEST_CASE("a manager deals the plan's missing contacts to the active observers") {
  Collector c;
  auto manager = c.Client(c.tokens().manager);
  auto res = manager.PostJson("/v1/programs/p1/assignments", Seed(5));
  REQUIRE(res.result_int() == 200);
  v1::AssignmentList deal;
  REQUIRE(FromJson(res, &deal));
  // One company, 25 planned, two active observers at most 3 each.
  CHECK(deal.assignments_size() == 6);
  CHECK(deal.undealt() == 19);
  CHECK(deal.seed() == 5);
  std::map<std::string, int> load;
  for (const auto& a : deal.assignments()) {
    ++load[a.observer_id()];
    CHECK(a.company_name() == "Nordbank");
  }
  CHECK(load == std::map<std::string, int>{{"obs-1", 3}, {"obs-2", 3}});
  v1::AssignmentList stored;
  REQUIRE(FromJson(manager.Get("/v1/programs/p1/assignments"), &stored));
  CHECK(stored.assignments_size() == 6);
  CHECK(stored.dealt_by().rfind("token:", 0) == 0);
}

TEST_CASE("an observer reads their own assignments, marked done as they make them") {
  Collector c;
  auto manager = c.Client(c.tokens().manager);
  REQUIRE(manager.PostJson("/v1/programs/p1/assignments", Seed(1)).result_int() == 200);
  auto observer = c.Client(c.tokens().observer);  // obs-1
  v1::AssignmentList mine;
  REQUIRE(FromJson(observer.Get("/v1/programs/p1/assignments"), &mine));
  REQUIRE(mine.assignments_size() == 3);
  for (const auto& a : mine.assignments()) {
    CHECK(a.observer_id() == "obs-1");
    CHECK_FALSE(a.done());
  }
  // Channels are mixed: one of the three is phone or chat, which the sample fits.
  int k = 0;
  while (k < 3 && mine.assignments(k).channel() == v1::EMAIL) ++k;
  REQUIRE(k < 3);
  v1::Observation o = SampleObservation(1);
  o.set_channel(mine.assignments(k).channel());
  auto submitted = observer.PostJson("/v1/observations", o);
  REQUIRE(submitted.result_int() == 200);
  REQUIRE(FromJson(observer.Get("/v1/programs/p1/assignments"), &mine));
  int done = 0;
  for (const auto& a : mine.assignments()) done += a.done();
  CHECK(done == 1);
  CHECK(mine.assignments(k).done());
  CHECK(observer.Get("/v1/programs/p1/assignments?observer=obs-2").result_int() == 403);
  CHECK(observer.PostJson("/v1/programs/p1/assignments", Seed(2)).result_int() == 403);
}

TEST_CASE("assignments of an unknown program are 404, and a program never dealt is empty") {
  Collector c;
  auto manager = c.Client(c.tokens().manager);
  CHECK(manager.Get("/v1/programs/nope/assignments").result_int() == 404);
  CHECK(manager.PostJson("/v1/programs/nope/assignments", Seed(1)).result_int() == 404);
  v1::AssignmentList none;
  REQUIRE(FromJson(manager.Get("/v1/programs/p1/assignments"), &none));
  CHECK_FALSE(none.has_dealt_at());
  CHECK(none.assignments_size() == 0);
}
