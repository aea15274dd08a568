// msc submit, import and review, and the client's retries, against a real collector.
#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <thread>

#include "client_fixture.h"
#include "msc/client/api_client.h"
#include "msc/client/loadgen.h"

namespace {

using msc::testing::LiveCollector;
using msc::testing::RunCommand;
namespace v1 = msc::v1;
namespace cli = msc::cli;

void Write(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

const char kObservationJson[] = R"({
  "submissionId": "3f1c2b7e-0000-4000-8000-000000000001",
  "programId": "p1", "companyId": "nordbank", "channel": "PHONE",
  "attempts": [{"startedAt": "2025-11-12T08:30:00Z", "wait": "42s", "answered": true}],
  "ratings": {"overall": 5, "competent": 4},
  "comment": "Hyggelig"
})";

v1::Observation Valid(const std::string& id) {
  v1::Observation o;
  google::protobuf::util::JsonStringToMessage(kObservationJson, &o);
  o.set_submission_id(id);
  return o;
}

const char kCsvHeader[] =
    "program_id;company_id;channel;attempt1_started_at;attempt1_wait_s;attempt1_answered;"
    "competent;overall;written_language;comment\n";

}  // namespace

TEST_CASE("submit: a JSON observation is accepted, then a duplicate") {
  LiveCollector c;
  c.Start();
  std::string file = c.File("one.json");
  Write(file, kObservationJson);
  auto first = RunCommand(cli::RunSubmit, c.url(), c.observer, {file});
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Catch::Contains("3f1c2b7e-0000-4000-8000-000000000001  ACCEPTED"));
  auto again = RunCommand(cli::RunSubmit, c.url(), c.observer, {file});
  CHECK(again.status == 0);
  CHECK_THAT(again.out, Catch::Contains("DUPLICATE"));
  c.Stop();
  auto stored = c.Stored();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].observation().observer_id() == "obs-1");  // from the token
}

TEST_CASE("submit: a binary batch reports each item and exits 1 on a rejection") {
  LiveCollector c;
  c.Start();
  v1::BatchSubmitRequest batch;
  *batch.add_observations() = Valid("3f1c2b7e-0000-4000-8000-000000000002");
  v1::Observation bad = Valid("3f1c2b7e-0000-4000-8000-000000000003");
  bad.set_company_id("nosuchbank");
  *batch.add_observations() = bad;
  std::string file = c.File("batch.pb");
  Write(file, batch.SerializeAsString());
  auto run = RunCommand(cli::RunSubmit, c.url(), c.observer, {file});
  CHECK(run.status == 1);
  CHECK_THAT(run.out, Catch::Contains("000000000002  ACCEPTED"));
  CHECK_THAT(run.out, Catch::Contains("000000000003  INVALID"));
  CHECK_THAT(run.out, Catch::Contains("company_id"));

  // A single binary observation is told from a batch by its content.
  std::string single = c.File("single.bin");
  Write(single, Valid("3f1c2b7e-0000-4000-8000-000000000004").SerializeAsString());
  auto one = RunCommand(cli::RunSubmit, c.url(), c.observer, {single});
  CHECK(one.status == 0);
  CHECK_THAT(one.out, Catch::Contains("000000000004  ACCEPTED"));
  c.Stop();
  CHECK(c.Stored().size() == 2);
}

TEST_CASE("submit: a bad token is an error, not a result") {
  LiveCollector c;
  c.Start();
  std::string file = c.File("one.json");
  Write(file, kObservationJson);
  auto run = RunCommand(cli::RunSubmit, c.url(), "not-a-token", {file});
  CHECK(run.status == 1);
  CHECK_THAT(run.err, Catch::Contains("HTTP 401"));
}

TEST_CASE("import: bad rows are reported by line, good rows stored, re-import duplicates") {
  LiveCollector c;
  c.Start();
  std::string csv = c.File("contacts.csv");
  Write(csv, std::string("\xEF\xBB\xBF") + kCsvHeader +
                 "p1;nordbank;phone;2025-11-12T09:30:00+01:00;12,5;ja;4;5;;\"Sa \"\"hei\"\"; ok\"\n"
                 "p1;nordbank;phone;2025-11-13T09:30:00+01:00;30;ja;4;5;6;written on the phone\n"
                 "p1;nordbank;chat;2025-11-14T09:30:00+01:00;abc;ja;4;5;6;\n"
                 "p1;nordbank;chat;2025-11-15T09:30:00+01:00;60;ja;4;5;6;\"two\nlines\"\n"
                 "p1;nordbank;email;2025-11-16T09:30:00+01:00;3600;nei;;;;never answered\n");
  auto run = RunCommand(cli::RunImport, c.url(), c.observer, {csv, "--batch", "2"});
  CHECK(run.status == 1);
  // Line 3 is refused by the server: written_language does not apply to phone.
  CHECK_THAT(run.err, Catch::Contains("line 3 ("));
  CHECK_THAT(run.err, Catch::Contains("written_language"));
  // Line 4 does not parse and never leaves the client.
  CHECK_THAT(run.err, Catch::Contains("line 4: attempt1_wait_s: 'abc'"));
  CHECK_THAT(run.out,
             Catch::Contains("5 rows: 3 accepted, 0 duplicate (stored before), 1 rejected, "
                             "1 unparsable"));

  auto again = RunCommand(cli::RunImport, c.url(), c.observer, {csv});
  CHECK(again.status == 1);
  CHECK_THAT(again.out, Catch::Contains("0 accepted, 3 duplicate"));
  c.Stop();
  auto stored = c.Stored();
  REQUIRE(stored.size() == 3);
  bool quoted = false;
  for (const auto& s : stored) quoted = quoted || s.observation().comment() == "Sa \"hei\"; ok";
  CHECK(quoted);
}

TEST_CASE("import: --help documents the columns") {
  auto run = RunCommand(cli::RunImport, "http://127.0.0.1:1", "", {"--help"});
  CHECK(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("attempt1_started_at"));
  CHECK_THAT(run.out, Catch::Contains("12,5"));
}

TEST_CASE("retry: a collector unreachable at first still gets each submission once") {
  // A port that is free now and refuses connections until the collector binds it.
  uint16_t port = 0;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  LiveCollector c;
  msc::client::ClientOptions options;
  options.token = c.observer;
  options.retry.max_attempts = 40;
  options.retry.initial_delay = std::chrono::milliseconds(20);
  options.retry.max_delay = std::chrono::milliseconds(100);
  int retries = 0;
  options.on_retry = [&retries](const msc::Status&, std::chrono::milliseconds) { ++retries; };
  msc::client::ApiClient api(*msc::client::ParseUrl("http://127.0.0.1:" + std::to_string(port)),
                             options);

  std::thread starter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    c.Start(port);
  });
  v1::BatchSubmitRequest batch;
  *batch.add_observations() = Valid("3f1c2b7e-0000-4000-8000-000000000010");
  *batch.add_observations() = Valid("3f1c2b7e-0000-4000-8000-000000000011");
  auto first = api.SubmitBatch(batch);
  starter.join();
  REQUIRE(first.ok());
  CHECK(retries > 0);
  CHECK(first->results(0).status() == v1::ACCEPTED);
  // The same ids sent again, as a retry after a lost ack would: nothing stored twice.
  auto second = api.SubmitBatch(batch);
  REQUIRE(second.ok());
  CHECK(second->results(0).status() == v1::DUPLICATE);
  CHECK(second->results(1).status() == v1::DUPLICATE);
  auto single = api.Submit(batch.observations(0));
  REQUIRE(single.ok());
  CHECK(single->status() == v1::DUPLICATE);
  c.Stop();
  CHECK(c.Stored().size() == 2);
}

TEST_CASE("retry: a 503 is retried after its Retry-After with the same body") {
  namespace http = boost::beast::http;
  using tcp = boost::asio::ip::tcp;
  boost::asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  std::vector<std::string> bodies;
  // A server that is "busy" once: 503 with Retry-After: 0 and Connection: close,
  // then an ACCEPTED result on a new connection.
  std::thread server([&] {
    for (int i = 0; i < 2; ++i) {
      tcp::socket socket(ioc);
      acceptor.accept(socket);
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req);
      bodies.push_back(req.body());
      http::response<http::string_body> res{
          i == 0 ? http::status::service_unavailable : http::status::ok, 11};
      res.set(http::field::content_type, "application/x-protobuf");
      if (i == 0) res.set(http::field::retry_after, "0");
      res.keep_alive(false);
      v1::SubmitResult r;
      r.set_submission_id("3f1c2b7e-0000-4000-8000-000000000020");
      r.set_status(v1::ACCEPTED);
      if (i == 1) res.body() = r.SerializeAsString();
      res.prepare_payload();
      http::write(socket, res);
    }
  });
  msc::client::ClientOptions options;
  options.retry.initial_delay = std::chrono::seconds(30);  // Retry-After: 0 must win
  std::vector<std::chrono::milliseconds> delays;
  options.on_retry = [&](const msc::Status& why, std::chrono::milliseconds d) {
    CHECK(why.code() == msc::StatusCode::kUnavailable);
    delays.push_back(d);
  };
  msc::client::ApiClient api(
      *msc::client::ParseUrl("http://127.0.0.1:" +
                             std::to_string(acceptor.local_endpoint().port())),
      options);
  auto r = api.Submit(Valid("3f1c2b7e-0000-4000-8000-000000000020"));
  server.join();
  REQUIRE(r.ok());
  CHECK(r->status() == v1::ACCEPTED);
  REQUIRE(delays.size() == 1);
  CHECK(delays[0] == std::chrono::milliseconds(0));
  REQUIRE(bodies.size() == 2);
  CHECK(bodies[0] == bodies[1]);
}

TEST_CASE("retry: gives up with a clear network error") {
  msc::client::ClientOptions options;
  options.retry.max_attempts = 2;
  options.retry.initial_delay = std::chrono::milliseconds(1);
  msc::client::ApiClient api(*msc::client::ParseUrl("http://127.0.0.1:1"), options);
  auto r = api.Submit(Valid("3f1c2b7e-0000-4000-8000-000000000012"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == msc::StatusCode::kUnavailable);
  CHECK_THAT(r.status().message(), Catch::Contains("127.0.0.1:1"));
}

TEST_CASE("review: a manager approves and flags, the observer sees the note") {
  LiveCollector c;
  c.Start();
  std::string file = c.File("batch.json");
  Write(file,
        std::string(R"({"observations": [)") + kObservationJson + "," +
            std::string(kObservationJson)
                .replace(std::string(kObservationJson).find("000000000001"), 12, "000000000002") +
            "]}");
  REQUIRE(RunCommand(cli::RunSubmit, c.url(), c.observer, {file}).status == 0);

  const std::string a = "3f1c2b7e-0000-4000-8000-000000000001";
  const std::string b = "3f1c2b7e-0000-4000-8000-000000000002";
  auto approve = RunCommand(cli::RunReview, c.url(), c.manager, {"approve", a});
  CHECK(approve.status == 0);
  CHECK_THAT(approve.out, Catch::Contains(a + "  APPROVED"));
  auto flag = RunCommand(cli::RunReview, c.url(), c.manager,
                         {"flag", b, "--note", "Which branch did you call?"});
  CHECK(flag.status == 0);
  CHECK_THAT(flag.out, Catch::Contains("HAS_ISSUES  Which branch did you call?"));

  auto observer_list =
      RunCommand(cli::RunReview, c.url(), c.observer, {"list", "--state", "has_issues"});
  CHECK(observer_list.status == 0);
  CHECK_THAT(observer_list.out, Catch::Contains(b));
  CHECK_THAT(observer_list.out, Catch::Contains("Which branch did you call?"));
  CHECK_THAT(observer_list.out, !Catch::Contains(a));

  auto all =
      RunCommand(cli::RunReview, c.url(), c.manager, {"list", "--program", "p1", "--all-pages"});
  CHECK(all.status == 0);
  CHECK_THAT(all.out, Catch::Contains(a));
  CHECK_THAT(all.out, Catch::Contains("APPROVED"));

  auto denied = RunCommand(cli::RunReview, c.url(), c.observer, {"approve", a});
  CHECK(denied.status == 1);
  CHECK_THAT(denied.err, Catch::Contains("HTTP 403"));
  auto missing = RunCommand(cli::RunReview, c.url(), c.manager, {"reject", "no-such-id"});
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, Catch::Contains("HTTP 404"));
}

TEST_CASE("loadgen: a short closed-loop run stores what it reports") {
  LiveCollector c;
  c.Start();
  msc::client::LoadOptions o;
  o.url = *msc::client::ParseUrl(c.url());
  o.token = c.admin;
  o.connections = 4;
  o.batch = 10;
  o.duration = std::chrono::milliseconds(300);
  v1::Observation t = Valid("");
  t.set_observer_id("obs-2");
  o.templates = {t};
  auto report = msc::client::RunLoad(o);
  REQUIRE(report.ok());
  CHECK(report->requests > 0);
  CHECK(report->rejected == 0);
  CHECK(report->http_errors == 0);
  CHECK(report->observations == report->requests * 10);
  CHECK(report->p50_us <= report->p99_us);
  c.Stop();
  CHECK(c.Stored().size() == report->observations);
}
