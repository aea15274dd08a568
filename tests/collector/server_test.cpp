// The collector over real HTTP on the loopback: formats, idempotency, roles,
// limits, time-outs and pipelining.
#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include <boost/asio/read.hpp>

#include <chrono>
#include <thread>

#include "fixture.h"
#include "msc/v1/api.pb.h"

namespace {

using msc::testing::Collector;
using msc::testing::FromJson;
using msc::testing::HttpClient;
using msc::testing::Response;
using msc::testing::SampleId;
using msc::testing::SampleObservation;
namespace http = boost::beast::http;
namespace v1 = msc::v1;

v1::Error ErrorOf(const Response& res) {
  v1::Error e;
  REQUIRE(FromJson(res, &e));
  CHECK(e.code() == static_cast<int>(res.result_int()));
  return e;
}

bool NamesField(const v1::Error& e, const std::string& field) {
  for (const auto& f : e.field_errors()) {
    if (f.field() == field) return true;
  }
  return false;
}

v1::SubmitResult ResultOf(const Response& res) {
  v1::SubmitResult r;
  REQUIRE(FromJson(res, &r));
  return r;
}

}  // namespace

TEST_CASE("healthz and metrics need no token") {
  Collector c;
  auto client = c.Client();
  auto res = client.Get("/healthz");
  CHECK(res.result_int() == 200);
  res = client.Get("/metrics");
  CHECK(res.result_int() == 200);
  CHECK_THAT(res.body(), Catch::Contains("msc_commit_batch_size_bucket"));
  CHECK_THAT(res.body(), Catch::Contains("msc_open_connections 1"));
  CHECK(client.Get("/nowhere").result_int() == 404);
}

TEST_CASE("a JSON submission is accepted, a retry is a duplicate, other content a conflict") {
  Collector c;
  auto client = c.Client(c.tokens().observer);
  auto obs = SampleObservation(1);
  obs.clear_observer_id();  // taken from the token

  auto res = client.PostJson("/v1/observations", obs);
  REQUIRE(res.result_int() == 200);
  CHECK(res[http::field::content_type] == "application/json");
  auto r = ResultOf(res);
  CHECK(r.submission_id() == SampleId(1));
  CHECK(r.status() == v1::ACCEPTED);

  res = client.PostJson("/v1/observations", obs);
  REQUIRE(res.result_int() == 200);
  CHECK(ResultOf(res).status() == v1::DUPLICATE);

  auto other = obs;
  other.set_comment("Something else entirely.");
  res = client.PostJson("/v1/observations", other);
  REQUIRE(res.result_int() == 409);
  CHECK(NamesField(ErrorOf(res), "submission_id"));

  res = client.Get("/v1/observations/" + SampleId(1));
  REQUIRE(res.result_int() == 200);
  v1::StoredObservation stored;
  REQUIRE(FromJson(res, &stored));
  CHECK(stored.observation().comment() == obs.comment());
  CHECK(stored.observation().observer_id() == "obs-1");
  CHECK(stored.review_state() == v1::RECEIVED);

  auto metrics = c.Client().Get("/metrics").body();
  CHECK_THAT(metrics, Catch::Contains("msc_submissions_total{outcome=\"accepted\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("msc_submissions_total{outcome=\"duplicate\"} 1"));
  CHECK_THAT(metrics, Catch::Contains("msc_submissions_total{outcome=\"conflict\"} 1"));
}

TEST_CASE("a protobuf submission gets a protobuf answer") {
  Collector c;
  auto client = c.Client(c.tokens().observer);
  client.accept.clear();
  auto res = client.PostProto("/v1/observations", SampleObservation(2));
  REQUIRE(res.result_int() == 200);
  CHECK(res[http::field::content_type] == "application/x-protobuf");
  v1::SubmitResult r;
  REQUIRE(r.ParseFromString(res.body()));
  CHECK(r.status() == v1::ACCEPTED);

  client.accept = "application/json";  // Accept wins over Content-Type
  res = client.PostProto("/v1/observations", SampleObservation(2));
  CHECK(ResultOf(res).status() == v1::DUPLICATE);
}

TEST_CASE("an invalid observation gets 400 with field errors, and nothing is stored") {
  Collector c;
  auto client = c.Client(c.tokens().observer);
  auto obs = SampleObservation(3);
  (*obs.mutable_ratings())["written_language"] = 5;
  auto res = client.PostJson("/v1/observations", obs);
  REQUIRE(res.result_int() == 400);
  auto e = ErrorOf(res);
  REQUIRE(e.field_errors_size() == 1);
  CHECK(e.field_errors(0).field() == "ratings.written_language");
  CHECK(e.field_errors(0).reason() == "written_language does not apply to PHONE");
  CHECK(c.Client(c.tokens().manager).Get("/v1/observations/" + SampleId(3)).result_int() == 404);
}

TEST_CASE("observers submit as themselves; admins for anyone, naming them") {
  Collector c;
  auto observer = c.Client(c.tokens().observer);
  auto obs = SampleObservation(4);
  obs.set_observer_id("obs-2");
  auto res = observer.PostJson("/v1/observations", obs);
  REQUIRE(res.result_int() == 403);
  CHECK(NamesField(ErrorOf(res), "observer_id"));

  auto admin = c.Client(c.tokens().admin);
  obs.clear_observer_id();
  res = admin.PostJson("/v1/observations", obs);
  REQUIRE(res.result_int() == 400);
  CHECK(NamesField(ErrorOf(res), "observer_id"));
  obs.set_observer_id("obs-2");
  res = admin.PostJson("/v1/observations", obs);
  CHECK(res.result_int() == 200);
}

TEST_CASE("a batch reports per item, in order, and stores the valid items") {
  Collector c;
  auto client = c.Client(c.tokens().observer);
  v1::BatchSubmitRequest batch;
  *batch.add_observations() = SampleObservation(10);
  auto bad = SampleObservation(11);
  bad.set_company_id("acme");
  *batch.add_observations() = bad;
  *batch.add_observations() = SampleObservation(12);
  *batch.add_observations() = SampleObservation(10);  // the same id again in one group
  auto res = client.PostJson("/v1/observations:batch", batch);
  REQUIRE(res.result_int() == 200);
  v1::BatchSubmitResponse r;
  REQUIRE(FromJson(res, &r));
  REQUIRE(r.results_size() == 4);
  CHECK(r.results(0).status() == v1::ACCEPTED);
  CHECK(r.results(1).status() == v1::INVALID);
  CHECK(r.results(1).submission_id() == SampleId(11));
  REQUIRE(r.results(1).errors_size() == 1);
  CHECK(r.results(1).errors(0).field() == "company_id");
  CHECK(r.results(2).status() == v1::ACCEPTED);
  CHECK(r.results(3).status() == v1::DUPLICATE);

  auto manager = c.Client(c.tokens().manager);
  CHECK(manager.Get("/v1/observations/" + SampleId(12)).result_int() == 200);
  CHECK(manager.Get("/v1/observations/" + SampleId(11)).result_int() == 404);
}

TEST_CASE("every role on every endpoint") {
  Collector c;
  // One stored observation by obs-1 to read and review.
  REQUIRE(c.Client(c.tokens().observer)
              .PostJson("/v1/observations", SampleObservation(20))
              .result_int() == 200);
  std::string revoked;
  {
    auto store = msc::storage::Store::Open(c.db());
    auto t = (*store)->CreateToken(v1::ADMIN, "", "to revoke", "test");
    revoked = *t;
    auto tokens = (*store)->ListTokens();
    REQUIRE((*store)->RevokeToken(tokens->back().id(), "test").ok());
  }

  std::string review = R"({"state":"APPROVED","note":"fine"})";
  std::string industries = R"({"industries":[{"id":"bank","name":"Bank"}]})";
  struct Case {
    http::verb method;
    std::string target;
    std::string body;
    int observer, manager, admin;  // expected statuses
  };
  std::string own = "/v1/observations/" + SampleId(20);
  std::vector<Case> cases = {
      {http::verb::get, "/v1/observations", "", 200, 200, 200},
      {http::verb::get, own, "", 200, 200, 200},
      {http::verb::post, own + ":review", review, 403, 200, 200},
      // Every role may try a correction; this one lacks its base version.
      {http::verb::post, own + ":correct", R"({"observation":{}})", 400, 400, 400},
      {http::verb::get, own + "/versions", "", 200, 200, 200},
      {http::verb::get, "/v1/me", "", 200, 200, 200},
      // Observers read what the capture form needs, but not the observer list.
      {http::verb::get, "/v1/industries", "", 200, 200, 200},
      {http::verb::get, "/v1/companies", "", 200, 200, 200},
      {http::verb::get, "/v1/observers", "", 403, 200, 200},
      {http::verb::get, "/v1/programs", "", 200, 200, 200},
      {http::verb::get, "/v1/programs/p1/config", "", 200, 200, 200},
      {http::verb::get, "/v1/programs/p1/report", "", 403, 200, 200},
      {http::verb::put, "/v1/industries", industries, 403, 403, 200},
      {http::verb::put, "/v1/companies", R"({"companies":[]})", 403, 403, 200},
      {http::verb::put, "/v1/observers", R"({"observers":[]})", 403, 403, 200},
      {http::verb::put, "/v1/programs", R"({"programs":[]})", 403, 403, 200},
  };
  auto obs = SampleObservation(21);
  std::string submit;
  google::protobuf::util::MessageToJsonString(obs, &submit);
  cases.push_back({http::verb::post, "/v1/observations", submit, 200, 403, 200});
  v1::BatchSubmitRequest batch;
  *batch.add_observations() = SampleObservation(22);
  std::string batch_json;
  google::protobuf::util::MessageToJsonString(batch, &batch_json);
  cases.push_back({http::verb::post, "/v1/observations:batch", batch_json, 200, 403, 200});

  for (const Case& k : cases) {
    const std::pair<std::string, int> who[] = {{"", 401},
                                               {"not-a-token", 401},
                                               {revoked, 401},
                                               {c.tokens().observer, k.observer},
                                               {c.tokens().manager, k.manager},
                                               {c.tokens().admin, k.admin}};
    for (const auto& [token, expected] : who) {
      auto client = c.Client(token);
      auto res = client.Send(k.method, k.target, k.body);
      INFO(std::string(http::to_string(k.method))
           << " " << k.target << " token '" << token.substr(0, 6) << "'");
      CHECK(static_cast<int>(res.result_int()) == expected);
      if (res.result_int() >= 400) ErrorOf(res);
    }
  }
}

TEST_CASE("a token revoked by another process stops working at once") {
  Collector c;
  std::string token;
  {
    auto store = msc::storage::Store::Open(c.db());
    token = *(*store)->CreateToken(v1::MANAGER, "", "soon revoked", "test");
  }
  auto client = c.Client(token);
  REQUIRE(client.Get("/v1/industries").result_int() == 200);
  {
    auto store = msc::storage::Store::Open(c.db());
    auto tokens = (*store)->ListTokens();
    REQUIRE((*store)->RevokeToken(tokens->back().id(), "test").ok());
  }
  CHECK(client.Get("/v1/industries").result_int() == 401);
}

TEST_CASE("observers see only their own submissions") {
  Collector c;
  REQUIRE(c.Client(c.tokens().observer)
              .PostJson("/v1/observations", SampleObservation(30))
              .result_int() == 200);
  auto obs2 = SampleObservation(31);
  obs2.set_observer_id("obs-2");
  REQUIRE(c.Client(c.tokens().observer2).PostJson("/v1/observations", obs2).result_int() == 200);

  auto mine = c.Client(c.tokens().observer).Get("/v1/observations");
  v1::ListObservationsResponse list;
  REQUIRE(FromJson(mine, &list));
  REQUIRE(list.observations_size() == 1);
  CHECK(list.observations(0).observation().observer_id() == "obs-1");
  CHECK(c.Client(c.tokens().observer).Get("/v1/observations/" + SampleId(31)).result_int() == 403);
  CHECK(c.Client(c.tokens().observer).Get("/v1/observations?observer=obs-2").result_int() == 403);

  auto all = c.Client(c.tokens().manager).Get("/v1/observations?program=p1&page_size=1");
  REQUIRE(FromJson(all, &list));
  CHECK(list.observations_size() == 1);
  REQUIRE_FALSE(list.next_page_token().empty());
  auto next =
      c.Client(c.tokens().manager)
          .Get("/v1/observations?program=p1&page_size=1&page_token=" + list.next_page_token());
  v1::ListObservationsResponse page2;
  REQUIRE(FromJson(next, &page2));
  REQUIRE(page2.observations_size() == 1);
  CHECK(page2.observations(0).observation().submission_id() !=
        list.observations(0).observation().submission_id());
  CHECK(c.Client(c.tokens().manager).Get("/v1/observations?page_size=0").result_int() == 400);
  CHECK(c.Client(c.tokens().manager).Get("/v1/observations?state=BOGUS").result_int() == 400);
}

TEST_CASE("review sets the state; unknown ids and states are errors") {
  Collector c;
  REQUIRE(c.Client(c.tokens().observer)
              .PostJson("/v1/observations", SampleObservation(40))
              .result_int() == 200);
  auto manager = c.Client(c.tokens().manager);
  std::string target = "/v1/observations/" + SampleId(40) + ":review";
  auto res = manager.Send(http::verb::post, target, R"({"state":"HAS_ISSUES","note":"wait?"})");
  REQUIRE(res.result_int() == 200);
  v1::StoredObservation stored;
  REQUIRE(FromJson(res, &stored));
  CHECK(stored.review_state() == v1::HAS_ISSUES);
  CHECK(stored.review_note() == "wait?");

  res = manager.Send(http::verb::post, target, R"({"state":"RECEIVED"})");
  CHECK(res.result_int() == 400);
  CHECK(NamesField(ErrorOf(res), "state"));
  res = manager.Send(http::verb::post, "/v1/observations/" + SampleId(99) + ":review",
                     R"({"state":"APPROVED"})");
  CHECK(res.result_int() == 404);

  auto listed = manager.Get("/v1/observations?state=HAS_ISSUES");
  v1::ListObservationsResponse list;
  REQUIRE(FromJson(listed, &list));
  CHECK(list.observations_size() == 1);
}

TEST_CASE("a register PUT is visible to GET and to validation at once") {
  Collector c;
  auto admin = c.Client(c.tokens().admin);
  auto res = admin.Send(http::verb::put, "/v1/companies",
                        R"({"companies":[{"id":"acme","name":"Acme","industryId":"bank"}]})");
  REQUIRE(res.result_int() == 200);
  v1::CompanyList list;
  REQUIRE(FromJson(admin.Get("/v1/companies"), &list));
  CHECK(list.companies_size() == 2);

  auto obs = SampleObservation(50);
  obs.set_company_id("acme");
  CHECK(c.Client(c.tokens().observer).PostJson("/v1/observations", obs).result_int() == 200);

  res = admin.Send(http::verb::put, "/v1/companies",
                   R"({"companies":[{"id":"x","name":"X","industryId":"nowhere"}]})");
  CHECK(res.result_int() == 400);
}

TEST_CASE("bodies: 413, 415, malformed JSON and protobuf, unknown fields") {
  msc::collector::ServerOptions options;
  options.max_body = 4096;
  options.max_batch_body = 64 << 10;
  Collector c(options);
  auto client = c.Client(c.tokens().observer);

  auto obs = SampleObservation(60);
  obs.set_comment(std::string(3000, 'x'));
  std::string json;
  google::protobuf::util::MessageToJsonString(obs, &json);
  CHECK(client.Send(http::verb::post, "/v1/observations", json).result_int() == 200);

  SECTION("413 beyond the body limit, but the batch route takes more") {
    auto big = c.Client(c.tokens().observer);
    auto res = big.Send(http::verb::post, "/v1/observations", std::string(5000, ' ') + json);
    CHECK(res.result_int() == 413);
    ErrorOf(res);
    v1::BatchSubmitRequest batch;
    for (int i = 0; i < 3; ++i) {
      auto o = SampleObservation(61 + i);
      o.set_comment(std::string(3000, 'y'));
      *batch.add_observations() = o;
    }
    res = client.PostJson("/v1/observations:batch", batch);
    CHECK(res.result_int() == 200);
  }
  SECTION("415 for other media types") {
    auto res = client.Send(http::verb::post, "/v1/observations", json, "text/plain");
    CHECK(res.result_int() == 415);
    ErrorOf(res);
  }
  SECTION("malformed JSON") {
    auto res = client.Send(http::verb::post, "/v1/observations", "{\"submissionId\": ");
    CHECK(res.result_int() == 400);
    ErrorOf(res);
  }
  SECTION("malformed protobuf") {
    auto res = client.Send(http::verb::post, "/v1/observations", "\x0a\xff\xff\xff",
                           "application/x-protobuf");
    CHECK(res.result_int() == 400);
    ErrorOf(res);
  }
  SECTION("an unknown field is named") {
    auto res = client.Send(http::verb::post, "/v1/observations",
                           R"({"submissionId":")" + SampleId(70) + R"(","colour":"red"})");
    REQUIRE(res.result_int() == 400);
    CHECK(NamesField(ErrorOf(res), "colour"));
  }
  // The connection still works after each error answered in-band.
  CHECK(client.Get("/healthz").result_int() == 200);
}

TEST_CASE("a client that sends its header too slowly is cut off; others are served") {
  msc::collector::ServerOptions options;
  options.header_timeout = std::chrono::milliseconds(300);
  Collector c(options);
  HttpClient slow(c.port());
  slow.WriteRaw("GET /healthz HTTP/1.1\r\n");
  auto start = std::chrono::steady_clock::now();
  bool cut = false;
  auto fast = c.Client();
  for (int i = 0; i < 30 && !cut; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(fast.Get("/healthz").result_int() == 200);
    try {
      slow.WriteRaw("X");
    } catch (const std::exception&) {
      cut = true;
    }
  }
  if (!cut) {
    char byte;
    boost::system::error_code ec;
    slow.stream().socket().read_some(boost::asio::buffer(&byte, 1), ec);
    cut = ec.failed();
  }
  CHECK(cut);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("pipelined requests are answered in order") {
  Collector c;
  auto client = c.Client(c.tokens().observer);
  std::string raw;
  for (int i = 0; i < 5; ++i) {
    std::string json;
    google::protobuf::util::MessageToJsonString(SampleObservation(80 + i), &json);
    raw += "POST /v1/observations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
           c.tokens().observer +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(json.size()) +
           "\r\n\r\n" + json;
    raw += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  }
  client.WriteRaw(raw);
  for (int i = 0; i < 5; ++i) {
    auto res = client.Read();
    REQUIRE(res.result_int() == 200);
    CHECK(ResultOf(res).submission_id() == SampleId(80 + i));
    CHECK(client.Read().body() == "ok\n");
  }
}

TEST_CASE("Expect: 100-continue gets the go-ahead before the body") {
  Collector c;
  auto client = c.Client(c.tokens().observer);
  std::string json;
  google::protobuf::util::MessageToJsonString(SampleObservation(90), &json);
  client.WriteRaw("POST /v1/observations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                  c.tokens().observer +
                  "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                  "Content-Length: " +
                  std::to_string(json.size()) + "\r\n\r\n");
  std::string interim(25, '\0');
  boost::asio::read(client.stream().socket(), boost::asio::buffer(interim));
  CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
  client.WriteRaw(json);
  auto res = client.Read();
  CHECK(res.result_int() == 200);
  CHECK(ResultOf(res).status() == v1::ACCEPTED);
}

TEST_CASE("connections beyond the limit get 503") {
  msc::collector::ServerOptions options;
  options.max_connections = 2;
  Collector c(options);
  auto a = c.Client();
  auto b = c.Client();
  CHECK(a.Get("/healthz").result_int() == 200);
  CHECK(b.Get("/healthz").result_int() == 200);
  HttpClient third(c.port());
  auto res = third.Read();
  CHECK(res.result_int() == 503);
  CHECK(res[http::field::retry_after] == "1");
}

TEST_CASE("stop drains: every answered submission is stored") {
  std::string db;
  msc::testing::TempDir dir;
  {
    db = dir.File("msc.db");
    auto tokens = msc::testing::SeedDatabase(db);
    msc::collector::ServerOptions options;
    options.db_path = db;
    options.port = 0;
    options.access_log = false;
    auto server = msc::collector::Server::Start(options);
    REQUIRE(server.ok());
    HttpClient client((*server)->port());
    client.token = tokens.observer;
    for (int i = 0; i < 20; ++i) {
      REQUIRE(client.PostJson("/v1/observations", SampleObservation(100 + i)).result_int() == 200);
    }
    (*server)->Stop();
  }
  auto store = msc::storage::Store::Open(db);
  for (int i = 0; i < 20; ++i) CHECK((*store)->GetObservation(SampleId(100 + i)).ok());
}
