// Unit tests of msc_client: CSV records, contact rows, URLs, backoff, dry-run import.
#include <catch2/catch.hpp>

#include <google/protobuf/util/time_util.h>

#include <sstream>

#include "msc/client/contact_csv.h"
#include "msc/client/contact_import.h"
#include "msc/client/csv.h"
#include "msc/client/retry.h"
#include "msc/client/url.h"
#include "msc/client/uuid.h"

namespace {

using namespace msc::client;
using google::protobuf::util::TimeUtil;
using std::chrono::milliseconds;

std::vector<CsvRecord> ReadAll(const std::string& text, char* separator = nullptr) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.Next(&r)) out.push_back(r);
  if (separator) *separator = reader.separator();
  return out;
}

const char kHeader[] =
    "program_id,company_id,channel,attempt1_started_at,attempt1_wait_s,attempt1_answered,"
    "overall,comment";

}  // namespace

TEST_CASE("csv: comma file with quotes holding separators, quotes and newlines") {
  char sep = 0;
  auto rows = ReadAll("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,,\n", &sep);
  CHECK(sep == ',');
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].fields == std::vector<std::string>{"1", "x, y", "say \"hi\""});
  CHECK(rows[2].fields == std::vector<std::string>{"2", "two\nlines", "z"});
  CHECK(rows[3].fields == std::vector<std::string>{"3", "", ""});
  // Line numbers are physical lines: the embedded newline moves the next record down.
  CHECK(rows[1].line == 2);
  CHECK(rows[2].line == 3);
  CHECK(rows[3].line == 5);
}

TEST_CASE("csv: semicolons, BOM and CRLF as a Norwegian spreadsheet writes them") {
  char sep = 0;
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "a;b;c\r\n1;12,5;\"ja; nei\"\r\n",
      &sep);
  CHECK(sep == ';');
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(rows[1].fields == std::vector<std::string>{"1", "12,5", "ja; nei"});
}

TEST_CASE("csv: no newline at the end, blank lines skipped") {
  auto rows = ReadAll("a,b\n\n1,2\n\n3,4");
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].fields == std::vector<std::string>{"3", "4"});
  CHECK(rows[2].line == 5);
}

TEST_CASE("csv: malformed records are reported and reading goes on") {
  auto rows = ReadAll("a,b\n\"x\"y,1\n2,3\n\"open,4\n");
  REQUIRE(rows.size() == 4);
  CHECK_THAT(rows[1].error, Catch::Contains("after the closing quote"));
  CHECK(rows[2].error.empty());
  CHECK(rows[2].fields == std::vector<std::string>{"2", "3"});
  CHECK_THAT(rows[3].error, Catch::Contains("not closed"));
  CHECK(rows[3].line == 4);
}

TEST_CASE("csv: separator detection ignores quoted text") {
  CHECK(DetectSeparator("a;b;\"c,d,e,f\"") == ';');
  CHECK(DetectSeparator("a,b,\"c;d;e\"") == ',');
  CHECK(DetectSeparator("single") == ',');
}

TEST_CASE("contact csv: numbers with decimal comma or point") {
  int64_t ns = 0;
  CHECK(ParseSecondsNs("12,5", &ns));
  CHECK(ns == 12'500'000'000);
  CHECK(ParseSecondsNs(" 12.25 ", &ns));
  CHECK(ns == 12'250'000'000);
  CHECK(ParseSecondsNs("45", &ns));
  CHECK(ns == 45'000'000'000);
  CHECK(ParseSecondsNs(",5", &ns));
  CHECK(ns == 500'000'000);
  CHECK_FALSE(ParseSecondsNs("", &ns));
  CHECK_FALSE(ParseSecondsNs("12,", &ns));
  CHECK_FALSE(ParseSecondsNs("1 200", &ns));
  CHECK_FALSE(ParseSecondsNs("abc", &ns));
}

TEST_CASE("contact csv: RFC 3339 times need an offset") {
  int64_t ns = 0;
  REQUIRE(ParseTimestampNs("2025-11-12T09:30:00+01:00", &ns));
  CHECK(ns == TimeUtil::TimestampToNanoseconds(TimeUtil::SecondsToTimestamp(1762936200)));
  REQUIRE(ParseTimestampNs("2025-11-12 08:30:00Z", &ns));
  CHECK(ns == 1762936200LL * 1'000'000'000);
  REQUIRE(ParseTimestampNs("2025-11-12T08:30:00.25Z", &ns));
  CHECK(ns == 1762936200LL * 1'000'000'000 + 250'000'000);
  CHECK_FALSE(ParseTimestampNs("2025-11-12T09:30:00", &ns));
  CHECK_FALSE(ParseTimestampNs("2025-02-30T09:30:00Z", &ns));
  CHECK_FALSE(ParseTimestampNs("12.11.2025 09:30", &ns));
}

TEST_CASE("contact csv: a full row becomes an observation") {
  std::istringstream in(
      "Submission_ID;program_id;company_id;observer_id;channel;scenario;attempt1_started_at;"
      "attempt1_wait_s;attempt1_answered;attempt2_started_at;attempt2_wait_s;attempt2_answered;"
      "welcome;overall;written_language;rating.tone;upsell;redirected;comment\n"
      "00000000-0000-4000-8000-000000000001;p1;nordbank;obs-1;Chat;s1;2025-11-12T09:30:00+01:00;"
      "12,5;nei;2025-11-12T10:00:00+01:00;30;ja;5;6;;4;needs-based;yes;\"Svar: \"\"ok\"\"; "
      "takk\"\n");
  CsvReader reader(in);
  CsvRecord header, row;
  REQUIRE(reader.Next(&header));
  REQUIRE(reader.Next(&row));
  auto table = ContactTable::FromHeader(header.fields);
  REQUIRE(table.ok());
  auto obs = table->Parse(row.fields);
  REQUIRE(obs.ok());
  CHECK(obs->submission_id() == "00000000-0000-4000-8000-000000000001");
  CHECK(obs->channel() == msc::v1::CHAT);
  REQUIRE(obs->attempts_size() == 2);
  CHECK(TimeUtil::DurationToMilliseconds(obs->attempts(0).wait()) == 12'500);
  CHECK_FALSE(obs->attempts(0).answered());
  CHECK(obs->attempts(1).answered());
  CHECK(obs->ratings().size() == 3);
  CHECK(obs->ratings().at("tone") == 4);
  CHECK(obs->ratings().count("written_language") == 0);  // empty = not rated
  CHECK(obs->upsell() == msc::v1::NEEDS_BASED);
  CHECK(obs->redirected());
  CHECK(obs->comment() == "Svar: \"ok\"; takk");
}

TEST_CASE("contact csv: the header names what is missing or unknown") {
  auto table = ContactTable::FromHeader({"program_id", "channel", "attempt1_started_at",
                                         "attempt1_wait_s", "attempt1_answered", "overal"});
  REQUIRE_FALSE(table.ok());
  std::string text = table.status().ToString();
  CHECK_THAT(text, Catch::Contains("company_id: required column missing"));
  CHECK_THAT(text, Catch::Contains("overal: unknown column"));
}

TEST_CASE("contact csv: derived ids are stable and depend on content only") {
  std::istringstream in(std::string(kHeader) +
                        "\np1,nordbank,phone,2025-11-12T09:30:00+01:00,30,yes,5,hei\n"
                        "p1,nordbank,PHONE,2025-11-12T08:30:00Z,30.0,1,5,hei\n"
                        "p1,nordbank,phone,2025-11-12T09:30:00+01:00,30,yes,4,hei\n");
  CsvReader reader(in);
  CsvRecord r;
  REQUIRE(reader.Next(&r));
  auto table = ContactTable::FromHeader(r.fields);
  REQUIRE(table.ok());
  std::vector<std::string> ids;
  while (reader.Next(&r)) ids.push_back(table->Parse(r.fields)->submission_id());
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] == ids[1]);  // the same contact written differently
  CHECK(ids[0] != ids[2]);
  CHECK(ids[0].size() == 36);
  CHECK(ids[0][14] == '7');  // version 7, time-ordered by the contact's start:
  CHECK(ids[0].substr(0, 13) == "019a772f-9b40");  // 2025-11-12T08:30:00Z in ms
}

TEST_CASE("import: a dry run reports bad rows by line and column") {
  std::istringstream in(std::string(kHeader) +
                        "\np1,nordbank,phone,2025-11-12T09:30:00+01:00,30,yes,5,\"two\nlines\"\n"
                        "p1,nordbank,fax,2025-11-12T09:30:00+01:00,30,yes,5,\n"
                        "p1,nordbank,phone,2025-11-12T09:30:00,12;5,maybe,five,\n"
                        "p1,nordbank,phone\n");
  std::ostringstream problems;
  ImportOptions options;
  options.dry_run = true;
  auto outcome = ImportContacts(in, nullptr, options, problems);
  REQUIRE(outcome.status.ok());
  CHECK(outcome.totals.rows == 4);
  CHECK(outcome.totals.unparsable == 3);
  std::string text = problems.str();
  CHECK_THAT(text, Catch::Contains("line 4: channel: 'fax' is not phone"));
  CHECK_THAT(text, Catch::Contains("line 5: attempt1_started_at:"));
  CHECK_THAT(text, Catch::Contains("line 5: attempt1_wait_s: '12;5'"));
  CHECK_THAT(text, Catch::Contains("line 5: attempt1_answered: 'maybe'"));
  CHECK_THAT(text, Catch::Contains("line 5: overall: 'five'"));
  CHECK_THAT(text, Catch::Contains("line 6: the row has 3 fields, the header 8"));
  CHECK_THAT(text, !Catch::Contains("line 2"));
}

TEST_CASE("import: a missing required column stops before any row") {
  std::istringstream in("program_id;channel\np1;phone\n");
  std::ostringstream problems;
  auto outcome = ImportContacts(in, nullptr, {}, problems);
  REQUIRE_FALSE(outcome.status.ok());
  CHECK_THAT(outcome.status.ToString(), Catch::Contains("company_id: required column missing"));
  CHECK(outcome.totals.rows == 0);
}

TEST_CASE("url: forms the command line accepts") {
  auto u = ParseUrl("http://127.0.0.1:8080");
  REQUIRE(u.ok());
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 8080);
  CHECK(u->prefix.empty());

  u = ParseUrl("http://[::1]:9000/msc/");
  REQUIRE(u.ok());
  CHECK(u->host == "::1");
  CHECK(u->port == 9000);
  CHECK(u->prefix == "/msc");
  CHECK(u->authority() == "[::1]:9000");

  u = ParseUrl("collector.example");
  REQUIRE(u.ok());
  CHECK(u->host == "collector.example");
  CHECK(u->port == 80);

  u = ParseUrl("http://[::1]");
  REQUIRE(u.ok());
  CHECK(u->port == 80);
}

TEST_CASE("url: bad forms are refused with a reason") {
  for (const char* bad :
       {"https://x:1", "ftp://x", "http://:80", "http://x:0", "http://x:65536", "http://x:8o",
        "http://x:", "http://::1:80", "http://[::1:80", "http://u@x", "http://x/?q=1", ""}) {
    INFO(bad);
    auto u = ParseUrl(bad);
    CHECK_FALSE(u.ok());
  }
  CHECK_THAT(ParseUrl("http://::1:80").status().ToString(), Catch::Contains("brackets"));
}

TEST_CASE("retry: backoff doubles, is capped and jittered within bounds") {
  RetryPolicy p;
  p.initial_delay = milliseconds(100);
  p.max_delay = milliseconds(1000);
  for (double j : {0.0, 0.5, 0.999}) {
    for (int retry = 0; retry < 70; ++retry) {
      auto cap = std::min<int64_t>(100LL << std::min(retry, 20), 1000);
      auto d = BackoffDelay(p, retry, j).count();
      INFO("retry " << retry << " jitter " << j);
      CHECK(d >= cap / 2);
      CHECK(d <= cap);
    }
  }
  CHECK(BackoffDelay(p, 0, 0.0) == milliseconds(50));
  CHECK(BackoffDelay(p, 3, 0.999) <= milliseconds(800));
  CHECK(BackoffDelay(p, 3, 0.0) == milliseconds(400));
}

TEST_CASE("retry: Retry-After wins, capped by the policy") {
  RetryPolicy p;
  p.max_delay = milliseconds(5000);
  CHECK(BackoffDelay(p, 0, 0.5, std::chrono::seconds(2)) == milliseconds(2000));
  CHECK(BackoffDelay(p, 0, 0.5, std::chrono::seconds(60)) == milliseconds(5000));
}

TEST_CASE("uuid: random ids are version 4 and distinct") {
  std::mt19937_64 rng(1);
  std::string a = RandomUuid(rng), b = RandomUuid(rng);
  CHECK(a != b);
  CHECK(a.size() == 36);
  CHECK(a[14] == '4');
  CHECK((a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b'));
}

TEST_CASE("uuid: time-ordered ids are version 7 and carry their time in the first 48 bits") {
  char id[37] = {};
  // 2026-11-30 06:00:00.123 UTC
  FormatTimeOrderedUuid(1796018400123, 0xffffffffffffffffu, 0, id);
  CHECK(std::string(id).substr(0, 13) == "01a22b09-eb7b");
  CHECK(id[14] == '7');
  CHECK(id[19] == '8');  // the variant, with lo's bits all zero
  FormatTimeOrderedUuid(1796018400124, 0, 0, id);
  std::string later(id);
  FormatTimeOrderedUuid(1796018400123, ~0ull, ~0ull, id);
  CHECK(std::string(id) < later);  // sorting the text sorts by time
}

TEST_CASE("uuid: content ids are the same for the same contact and version 7") {
  CHECK(ContentUuid("x", 1000) == ContentUuid("x", 1000));
  CHECK(ContentUuid("x", 1000) != ContentUuid("y", 1000));
  CHECK(ContentUuid("x", 1000)[14] == '7');
  CHECK(ContentUuid("x", 1000).substr(0, 13) == "00000000-03e8");
}
