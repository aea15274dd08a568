// The msc binary on database files: register import/export, tokens, backup, export
// and award, run as a user runs them, with their exit status, stdout and stderr.
#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../storage/sample.h"
#include "../support/temp_dir.h"
#include "msc/client/csv.h"
#include "msc/collector/program_report.h"
#include "msc/collector/server.h"
#include "msc/demo/generate.h"
#include "msc/proto/serialize.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "msc/v1/report.pb.h"

namespace {

using msc::testing::TempDir;

struct Run {
  int status = -1;
  std::string out, err;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs msc with arguments the test controls (no user input reaches the shell).
Run Msc(const TempDir& dir, const std::string& args) {
  std::string cmd = std::string(MSC_BINARY) + " " + args + " >" + dir.File("out.txt") + " 2>" +
                    dir.File("err.txt");
  int raw = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = ReadFile(dir.File("out.txt"));
  r.err = ReadFile(dir.File("err.txt"));
  return r;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

constexpr char kRegisterJson[] = R"({
  "industries": [{"id": "bank", "name": "Bank"}],
  "companies": [{"id": "nordbank", "name": "Nordbank", "industryId": "bank"}],
  "observers": [{"id": "obs-1", "name": "Kari", "active": true}],
  "programs": [{"id": "p1", "name": "P", "period_start": "2025-11-01T00:00:00+01:00",
                "periodEnd": "2026-04-01T00:00:00+02:00",
                "config": {"minContactsPerCompany": 12}}]
})";

// Rows in a table; a database the command never created has none.
int64_t Count(const std::string& db, const char* table) {
  auto store = msc::storage::Store::Open(db);
  REQUIRE(store.ok());
  std::string sql = std::string("SELECT count(*) FROM ") + table;
  return *(*store)->database().QueryInt(sql.c_str());
}

}  // namespace

TEST_CASE("register import takes both JSON spellings and export gives the items back") {
  TempDir dir;
  WriteFile(dir.File("reg.json"), kRegisterJson);
  Run imported = Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json"));
  INFO(imported.err);
  REQUIRE(imported.status == 0);
  CHECK(imported.out ==
        "imported 1 industries, 1 companies, 1 observers (0 inactive), 1 programs\n");
  Run exported = Msc(dir, "--db " + dir.File("m.db") + " register export");
  REQUIRE(exported.status == 0);
  msc::v1::Register reg;
  REQUIRE(google::protobuf::util::JsonStringToMessage(exported.out, &reg).ok());
  REQUIRE(reg.programs_size() == 1);
  CHECK(reg.companies(0).industry_id() == "bank");
  CHECK(reg.programs(0).period_start().seconds() == 1761951600);
  CHECK(reg.programs(0).config().min_contacts_per_company() == 12);
}

TEST_CASE("an observer imported without \"active\" is active; import names the inactive ones") {
  TempDir dir;
  WriteFile(dir.File("reg.json"), R"({"observers": [
      {"id": "obs-1", "name": "Kari"},
      {"id": "obs-2", "name": "Ola", "active": false},
      {"id": "obs-3", "name": "Per", "active": true}]})");
  Run r = Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out ==
        "imported 0 industries, 0 companies, 3 observers (1 inactive), 0 programs\n"
        "inactive observers (their submissions are refused): obs-2\n");
  auto store = msc::storage::Store::Open(dir.File("m.db"));
  REQUIRE(store.ok());
  auto reg = (*store)->ExportRegister();
  REQUIRE(reg.ok());
  REQUIRE(reg->observers_size() == 3);
  CHECK(reg->observers(0).active());
  CHECK_FALSE(reg->observers(1).active());
  CHECK(reg->observers(1).has_active());  // exported explicitly, so a re-import keeps it
  CHECK(reg->observers(2).active());
}

TEST_CASE("register import of malformed JSON names the place and imports nothing") {
  TempDir dir;
  std::string bad = kRegisterJson;
  bad.replace(bad.find("\"Kari\""), 6, "\"Kari\",,");
  WriteFile(dir.File("reg.json"), bad);
  Run r = Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json"));
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("reg.json"));
  CHECK(Count(dir.File("m.db"), "industries") == 0);
}

TEST_CASE("register import of an unknown field names it and imports nothing") {
  TempDir dir;
  std::string bad = kRegisterJson;
  bad.replace(bad.find("\"industryId\""), 12, "\"industry\"");
  WriteFile(dir.File("reg.json"), bad);
  Run r = Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json"));
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("industry"));
  CHECK(Count(dir.File("m.db"), "industries") == 0);
  CHECK(Count(dir.File("m.db"), "companies") == 0);
}

TEST_CASE("register import of an invalid program config names the config field") {
  TempDir dir;
  std::string bad = kRegisterJson;
  bad.replace(bad.find("\"minContactsPerCompany\": 12"), 27,
              "\"calendar\": {\"timeZone\": \"Mars/Olympus\"}");
  WriteFile(dir.File("reg.json"), bad);
  Run r = Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json"));
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("programs[0].config.calendar.time_zone"));
  CHECK(Count(dir.File("m.db"), "programs") == 0);
}

TEST_CASE("token create prints the token alone on the last line and stores only its hash") {
  TempDir dir;
  WriteFile(dir.File("reg.json"), kRegisterJson);
  REQUIRE(
      Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json")).status ==
      0);
  Run r = Msc(dir, "--db " + dir.File("m.db") + " token create --role observer --observer obs-1");
  REQUIRE(r.status == 0);
  std::string token = r.out.substr(0, r.out.size() - 1);
  CHECK(r.out.back() == '\n');
  CHECK(token.find('\n') == std::string::npos);
  auto store = msc::storage::Store::Open(dir.File("m.db"));
  REQUIRE(store.ok());
  auto who = (*store)->Authenticate(token);
  REQUIRE(who.ok());
  CHECK(who->observer_id == "obs-1");
  Run list = Msc(dir, "--db " + dir.File("m.db") + " token list");
  CHECK_THAT(list.out, Catch::Contains("observer") && Catch::Contains("obs-1"));
  CHECK(list.out.find(token) == std::string::npos);
  REQUIRE(Msc(dir, "--db " + dir.File("m.db") + " token revoke 1").status == 0);
  CHECK_FALSE((*store)->Authenticate(token).ok());
}

TEST_CASE("token create with a bad role is a usage error that creates nothing") {
  TempDir dir;
  Run r = Msc(dir, "--db " + dir.File("m.db") + " token create --role boss");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("observer, manager or admin"));
  CHECK(Msc(dir, "--db " + dir.File("m.db") + " token list").out.find("boss") == std::string::npos);
}

TEST_CASE("commands on a database file say so when --db is missing") {
  TempDir dir;
  Run r = Msc(dir, "token list");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("--db FILE"));
}

TEST_CASE("backup writes a copy that holds the register") {
  TempDir dir;
  WriteFile(dir.File("reg.json"), kRegisterJson);
  REQUIRE(
      Msc(dir, "--db " + dir.File("m.db") + " register import " + dir.File("reg.json")).status ==
      0);
  REQUIRE(Msc(dir, "--db " + dir.File("m.db") + " backup " + dir.File("copy.db")).status == 0);
  CHECK(Count(dir.File("copy.db"), "companies") == 1);
}

namespace {

// A database holding the demo program, some of it reviewed.
std::vector<msc::storage::NewObservation> StoreDemo(const std::string& db, int contacts) {
  auto program = msc::demo::GenerateDemoProgram({.seed = 7, .contacts = contacts});
  auto store = msc::storage::Store::Open(db);
  REQUIRE(store.ok());
  REQUIRE((*store)->ImportRegister(program.register_, "test").ok());
  std::vector<msc::storage::NewObservation> items;
  for (auto& o : program.observations)
    items.push_back({std::move(o), 1767225600000000000, "token:1", "", {}});
  REQUIRE((*store)->InsertObservations(items).ok());
  for (size_t i = 0; i < items.size(); i += 10) {
    auto state = i % 20 == 0 ? msc::v1::REJECTED : msc::v1::HAS_ISSUES;
    REQUIRE((*store)
                ->Review(items[i].observation.submission_id(), state, "note, \"quoted\"\nline 2",
                         "token:2")
                .ok());
  }
  return items;
}

}  // namespace

TEST_CASE("a JSON lines export holds every stored field of every observation but rejected ones") {
  TempDir dir;
  auto items = StoreDemo(dir.File("m.db"), 400);
  Run r =
      Msc(dir, "--db " + dir.File("m.db") + " export --program kundeservice-2026 --format jsonl");
  REQUIRE(r.status == 0);
  std::map<std::string, msc::v1::StoredObservation> exported;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    msc::v1::StoredObservation s;
    REQUIRE(google::protobuf::util::JsonStringToMessage(line, &s).ok());
    exported[s.observation().submission_id()] = s;
  }
  auto store = msc::storage::Store::Open(dir.File("m.db"), msc::storage::Store::Mode::kReadOnly);
  REQUIRE(store.ok());
  size_t expected = 0;
  for (const auto& item : items) {
    auto stored = (*store)->GetObservation(item.observation.submission_id());
    REQUIRE(stored.ok());
    auto it = exported.find(item.observation.submission_id());
    if (stored->review_state() == msc::v1::REJECTED) {
      CHECK(it == exported.end());
      continue;
    }
    ++expected;
    REQUIRE(it != exported.end());
    CHECK(msc::SerializeDeterministic(it->second) == msc::SerializeDeterministic(*stored));
  }
  CHECK(exported.size() == expected);
  CHECK_THAT(r.err, Catch::Contains("exported " + std::to_string(expected)));
}

TEST_CASE("a CSV export has one row per contact with attempts, ratings and review as columns") {
  TempDir dir;
  auto items = StoreDemo(dir.File("m.db"), 300);
  Run r = Msc(dir, "--db " + dir.File("m.db") +
                       " export --program kundeservice-2026 --state REJECTED --state HAS_ISSUES "
                       "--state RECEIVED --state APPROVED --out " +
                       dir.File("all.csv"));
  REQUIRE(r.status == 0);
  std::string csv = ReadFile(dir.File("all.csv"));
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  std::istringstream in(csv);
  msc::client::CsvReader reader(in);
  std::vector<std::vector<std::string>> rows;
  for (msc::client::CsvRecord record; reader.Next(&record);) {
    REQUIRE(record.error.empty());
    rows.push_back(record.fields);
  }
  const auto& header = rows.at(0);
  auto col = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<size_t>(it - header.begin());
  };
  REQUIRE(rows.size() == items.size() + 1);
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& row = rows.at(i + 1);
    const msc::v1::Observation& o = items[i].observation;
    REQUIRE(row.size() == header.size());
    CHECK(row[col("submission_id")] == o.submission_id());
    CHECK(row[col("channel")] == msc::v1::Channel_Name(o.channel()));
    CHECK(row[col("attempt1_answered")] == (o.attempts(0).answered() ? "true" : "false"));
    CHECK(row[col("attempt1_wait_s")] == std::to_string(o.attempts(0).wait().seconds()));
    for (const char* k : {"overall", "written_language"}) {
      auto it = o.ratings().find(k);
      CHECK(row[col(k)] == (it == o.ratings().end() ? "" : std::to_string(it->second)));
    }
    CHECK(row[col("comment")] == o.comment());
    if (i % 10 == 0) CHECK(row[col("review_note")] == "note, \"quoted\"\nline 2");
  }
}

TEST_CASE("an export shows each contact's version and config digest; --history the earlier ones") {
  TempDir dir;
  auto items = StoreDemo(dir.File("m.db"), 30);
  const std::string digest(64, 'c');
  {
    auto store = msc::storage::Store::Open(dir.File("m.db"));
    REQUIRE(store.ok());
    msc::storage::Correction c;
    c.observation = items[1].observation;
    c.observation.set_comment("corrected");
    c.base_version = 1;
    c.made_at_ns = 1767312000000000000;  // 2026-01-02
    c.made_by = "token:5";
    c.config_sha256 = digest;
    REQUIRE((*store)->Correct(c).ok());
  }
  auto rows_of = [&](const std::string& extra) {
    Run r = Msc(dir, "--db " + dir.File("m.db") + " export --program kundeservice-2026 " + extra);
    REQUIRE(r.status == 0);
    std::istringstream in(r.out);
    msc::client::CsvReader reader(in);
    std::vector<std::vector<std::string>> rows;
    for (msc::client::CsvRecord record; reader.Next(&record);) rows.push_back(record.fields);
    return rows;
  };
  auto rows = rows_of("");
  const auto& header = rows.at(0);
  auto col = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<size_t>(it - header.begin());
  };
  const std::string id = items[1].observation.submission_id();
  auto find = [&](const std::vector<std::vector<std::string>>& rs) {
    std::vector<std::vector<std::string>> of_id;
    for (const auto& row : rs)
      if (row.at(0) == id) of_id.push_back(row);
    return of_id;
  };
  auto latest_only = find(rows);
  REQUIRE(latest_only.size() == 1);
  CHECK(latest_only[0][col("version")] == "2");
  CHECK(latest_only[0][col("latest")] == "true");
  CHECK(latest_only[0][col("comment")] == "corrected");
  CHECK(latest_only[0][col("config_sha256")] == digest);
  CHECK(latest_only[0][col("version_made_by")] == "token:5");
  CHECK(latest_only[0][col("version_made_at")] == "2026-01-02T00:00:00Z");
  CHECK(latest_only[0][col("review_state")] == "RECEIVED");
  auto history = find(rows_of("--history"));
  REQUIRE(history.size() == 2);
  CHECK(history[0][col("version")] == "1");
  CHECK(history[0][col("latest")] == "false");
  CHECK(history[0][col("review_state")].empty());
  CHECK(history[0][col("comment")] == items[1].observation.comment());
  CHECK(history[0][col("version_made_by")] == "token:1");
  CHECK(history[1] == latest_only[0]);
  CHECK(rows_of("--history").size() == rows.size() + 1);
}

TEST_CASE("msc progress counts what the award counts against the demo's plan of 26 per company") {
  TempDir dir;
  auto items = StoreDemo(dir.File("m.db"), 200);
  Run r =
      Msc(dir, "--db " + dir.File("m.db") + " progress --program kundeservice-2026 --format json");
  INFO(r.err);
  REQUIRE(r.status == 0);
  msc::v1::ProgramProgress p;
  REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &p).ok());
  auto store = msc::storage::Store::Open(dir.File("m.db"));
  const int companies = (*store)->ExportRegister()->companies_size();
  CHECK(p.planned() == (12 + 8 + 6) * companies);  // the demo program's fieldwork plan
  int64_t rejected = 0;
  for (size_t i = 0; i < items.size(); i += 20) ++rejected;  // StoreDemo rejects every 20th
  CHECK(p.counted() == static_cast<int64_t>(items.size()) - rejected);
  int64_t done = 0;
  for (const auto& o : p.observers()) done += o.done();
  CHECK(done == p.counted());
  Run table = Msc(dir, "--db " + dir.File("m.db") + " progress --program kundeservice-2026");
  REQUIRE(table.status == 0);
  CHECK_THAT(table.out, Catch::Contains("planned contacts counted") && Catch::Contains("PHONE"));
  Run bad = Msc(
      dir, "--db " + dir.File("m.db") + " progress --program kundeservice-2026 --observer nobody");
  CHECK(bad.status == 1);
  CHECK_THAT(bad.err, Catch::Contains("nobody"));
}

TEST_CASE("an export with a bad date or state says which option is wrong") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 20);
  Run r = Msc(dir,
              "--db " + dir.File("m.db") + " export --program kundeservice-2026 --from 2026-02-30");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("--from"));
  r = Msc(dir, "--db " + dir.File("m.db") + " export --program kundeservice-2026 --state DONE");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("--state"));
}

TEST_CASE("award prints the JSON report the engine computes from the stored program") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 600);
  WriteFile(dir.File("fast.textproto"), "bootstrap { replicates: 20 }\n");
  Run r = Msc(dir, "--db " + dir.File("m.db") +
                       " award --program kundeservice-2026 --format json "
                       "--config " +
                       dir.File("fast.textproto"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  msc::v1::AwardReport printed;
  REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &printed).ok());
  auto store = msc::storage::Store::Open(dir.File("m.db"), msc::storage::Store::Mode::kReadOnly);
  msc::v1::ScoringConfig overrides;
  overrides.mutable_bootstrap()->set_replicates(20);
  auto direct = msc::collector::ScoreProgram(**store, "kundeservice-2026", &overrides);
  REQUIRE(direct.ok());
  CHECK(printed.data_sha256() == direct->data_sha256());
  CHECK(printed.config().bootstrap().replicates() == 20);
  CHECK(printed.summary().counted() == 570);  // 600 less the 30 rejected
  CHECK(msc::SerializeDeterministic(printed) == msc::SerializeDeterministic(*direct));
}

TEST_CASE("a database from an older msc is refused by award until migrate upgrades it") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 20);
  {  // what version 2 left: the observer index, no versions, and its number
    auto store = msc::storage::Store::Open(dir.File("m.db"));
    REQUIRE(store.ok());
    REQUIRE((*store)
                ->database()
                .Exec("ALTER TABLE programs DROP COLUMN scenarios; "
                      "DROP TABLE assignment_deals; DROP TABLE assignments; "
                      "ALTER TABLE observations DROP COLUMN flags; "
                      "DROP TRIGGER observation_versions_no_update; "
                      "DROP TRIGGER observation_versions_no_delete; "
                      "DROP TABLE observation_versions; "
                      "ALTER TABLE observations DROP COLUMN version; "
                      "ALTER TABLE observations DROP COLUMN config_sha256; "
                      "ALTER TABLE observations DROP COLUMN version_made_at_ns; "
                      "ALTER TABLE observations DROP COLUMN version_made_by; "
                      "CREATE INDEX observations_observer ON "
                      "observations(observer_id); PRAGMA user_version = 2")
                .ok());
  }
  const std::string db = "--db " + dir.File("m.db");
  Run r = Msc(dir, db + " award --program kundeservice-2026 --format json");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("schema version 2") && Catch::Contains("migrate"));
  r = Msc(dir, db + " migrate");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("schema version 7"));
  r = Msc(dir, db + " award --program kundeservice-2026 --format json");
  CHECK(r.status == 0);
  r = Msc(dir, "--db " + dir.File("typo.db") + " migrate");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("no such file"));
  CHECK_FALSE(std::filesystem::exists(dir.File("typo.db")));
}

TEST_CASE("award of an unknown program or with a broken config fails clearly") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 20);
  Run r = Msc(dir, "--db " + dir.File("m.db") + " award --program nope");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("no program 'nope'"));
  WriteFile(dir.File("bad.textproto"), "zones { green_from: }\n");
  r = Msc(dir, "--db " + dir.File("m.db") + " award --program kundeservice-2026 --config " +
                   dir.File("bad.textproto"));
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("bad.textproto") && Catch::Contains("line 1"));
}

TEST_CASE("award writes CSV tables and a self-contained HTML page") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 200);
  REQUIRE(Msc(dir, "--db " + dir.File("m.db") +
                       " award --program kundeservice-2026 --format html "
                       "--out " +
                       dir.File("award.html"))
              .status == 0);
  std::string html = ReadFile(dir.File("award.html"));
  CHECK_THAT(html, Catch::Contains("<svg") && Catch::Contains("Kundeservice"));
  REQUIRE(Msc(dir, "--db " + dir.File("m.db") +
                       " award --program kundeservice-2026 --format csv "
                       "--out " +
                       dir.File("csv"))
              .status == 0);
  CHECK_FALSE(ReadFile(dir.File("csv/industries.csv")).empty());
}

namespace {

// submission_id -> stored bytes of every observation in a database, rejected ones too.
std::map<std::string, std::string> StoredBytes(const std::string& db,
                                               bool without_rejected = false) {
  auto store = msc::storage::Store::Open(db);
  REQUIRE(store.ok());
  std::map<std::string, std::string> out;
  msc::storage::ExportQuery q;
  q.program_id = "kundeservice-2026";
  for (auto s : {msc::v1::RECEIVED, msc::v1::APPROVED, msc::v1::HAS_ISSUES, msc::v1::REJECTED})
    if (!(without_rejected && s == msc::v1::REJECTED)) q.states.push_back(s);
  REQUIRE((*store)
              ->ExportObservations(q,
                                   [&](const msc::v1::StoredObservation& s) {
                                     out[s.observation().submission_id()] =
                                         msc::SerializeDeterministic(s.observation());
                                   })
              .ok());
  return out;
}

}  // namespace

TEST_CASE("a CSV export imports again into an empty database as the same stored contacts") {
  TempDir dir;
  auto items = StoreDemo(dir.File("m.db"), 400);
  {  // a corrected contact: --history writes its first version too, which import skips
    auto store = msc::storage::Store::Open(dir.File("m.db"));
    REQUIRE(store.ok());
    msc::storage::Correction c;
    c.observation = items[1].observation;
    c.observation.set_comment("Corrected: \"quoted\", two\nlines; and a semicolon");
    c.base_version = 1;
    c.made_at_ns = 1767225700000000000;
    c.made_by = "token:1";
    REQUIRE((*store)->Correct(c).ok());
  }
  REQUIRE(Msc(dir, "--db " + dir.File("m.db") +
                       " export --program kundeservice-2026 --history --out " + dir.File("x.csv"))
              .status == 0);
  std::string token;
  {
    auto from = msc::storage::Store::Open(dir.File("m.db"));
    auto to = msc::storage::Store::Open(dir.File("empty.db"));
    REQUIRE((from.ok() && to.ok()));
    auto reg = (*from)->ExportRegister();
    REQUIRE(reg.ok());
    REQUIRE((*to)->ImportRegister(*reg, "test").ok());
    auto created = (*to)->CreateToken(msc::v1::ADMIN, "", "import", "test");
    REQUIRE(created.ok());
    token = *created;
  }
  msc::collector::ServerOptions options;
  options.db_path = dir.File("empty.db");
  options.host = "127.0.0.1";
  options.port = 0;
  options.access_log = false;
  auto server = msc::collector::Server::Start(options);
  REQUIRE(server.ok());
  Run r = Msc(dir, "--url http://127.0.0.1:" + std::to_string((*server)->port()) + " --token " +
                       token + " import " + dir.File("x.csv"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("1 earlier versions skipped"));
  (*server)->Stop();
  // The export leaves out rejected contacts; everything else comes back byte for byte.
  auto before = StoredBytes(dir.File("m.db"), /*without_rejected=*/true);
  auto after = StoredBytes(dir.File("empty.db"));
  REQUIRE(before.size() > 300);
  CHECK(after.size() == before.size());
  CHECK(after == before);
}

TEST_CASE("award --format xlsx writes a workbook to a file or a redirected stdout") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 200);
  const std::string award =
      "--db " + dir.File("m.db") + " award --program kundeservice-2026 --format xlsx";
  Run r = Msc(dir, award + " --out " + dir.File("award.xlsx"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(ReadFile(dir.File("award.xlsx")).substr(0, 4) == "PK\x03\x04");  // a zip archive
  CHECK_THAT(r.err, Catch::Contains("wrote " + dir.File("award.xlsx")));
  r = Msc(dir, award);  // stdout is a file
  REQUIRE(r.status == 0);
  CHECK(r.out.substr(0, 4) == "PK\x03\x04");
}

TEST_CASE("award --format xlsx refuses to write to a terminal") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 20);
  const int terminal = posix_openpt(O_RDWR | O_NOCTTY);  // its other side is a terminal
  REQUIRE(terminal >= 0);
  REQUIRE(grantpt(terminal) == 0);
  REQUIRE(unlockpt(terminal) == 0);
  const std::string tty = ptsname(terminal);
  const std::string award =
      "--db " + dir.File("m.db") + " award --program kundeservice-2026 --format xlsx";
  // stdout on the terminal
  const std::string cmd =
      std::string(MSC_BINARY) + " " + award + " >" + tty + " 2>" + dir.File("err.txt");
  const int raw = std::system(cmd.c_str());
  CHECK(WIFEXITED(raw));
  CHECK(WEXITSTATUS(raw) == 2);
  CHECK_THAT(ReadFile(dir.File("err.txt")), Catch::Contains("terminal"));
  // --out naming it
  Run r = Msc(dir, award + " --out " + tty);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("terminal"));
  close(terminal);
}

TEST_CASE("award --csv-dialect nb writes semicolons and decimal commas and only csv takes it") {
  TempDir dir;
  StoreDemo(dir.File("m.db"), 200);
  const std::string award = "--db " + dir.File("m.db") + " award --program kundeservice-2026";
  Run r = Msc(dir, award + " --format csv --csv-dialect nb --out " + dir.File("nb"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string channels = ReadFile(dir.File("nb/channels.csv"));
  CHECK(channels.find("\xEF\xBB\xBF"
                      "channel;contacts;served;compliance_expectation;") == 0);
  CHECK(channels.find(";0,") != std::string::npos);  // a rate with a decimal comma
  r = Msc(dir, award + " --format json --csv-dialect nb");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("--csv-dialect"));
  r = Msc(dir, award + " --format csv --csv-dialect de --out " + dir.File("de"));
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("en or nb"));
}

namespace {

// The demo program and a copy of it, "kundeservice-2025", scored by other rules: an
// unanswered contact scores 20, not 0, and green starts at 75. Its contacts are the
// demo's under new ids, so every change comes from the rules, and they are listed.
void StoreTwoYears(const std::string& db, int contacts) {
  StoreDemo(db, contacts);
  auto store = msc::storage::Store::Open(db);
  REQUIRE(store.ok());
  auto program = (*store)->GetProgram("kundeservice-2026");
  REQUIRE(program.ok());
  msc::v1::Register earlier;
  msc::v1::Program& p = *earlier.add_programs();
  p = *program;
  p.set_id("kundeservice-2025");
  p.set_name("Kundeservice 2025");
  p.mutable_config()->set_unanswered_contact_score(20);
  p.mutable_config()->mutable_zones()->set_green_from(75);
  REQUIRE((*store)->ImportRegister(earlier, "test").ok());
  auto demo = msc::demo::GenerateDemoProgram({.seed = 7, .contacts = contacts});
  std::vector<msc::storage::NewObservation> items;
  int n = 0;
  for (auto& o : demo.observations) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++n);
    o.set_submission_id(id);
    o.set_program_id("kundeservice-2025");
    items.push_back({std::move(o), 1767225600000000000, "token:1", "", {}});
  }
  REQUIRE((*store)->InsertObservations(items).ok());
}

}  // namespace

TEST_CASE("award --compare adds last year's index, rank and change with its interval") {
  TempDir dir;
  StoreTwoYears(dir.File("m.db"), 2000);
  Run r = Msc(dir, "--db " + dir.File("m.db") +
                       " award --program kundeservice-2026 --compare kundeservice-2025 "
                       "--format json");
  INFO(r.err);
  REQUIRE(r.status == 0);
  msc::v1::AwardReport printed;
  REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &printed).ok());
  // Each year scored on its own, as the engine does without --compare.
  auto store = msc::storage::Store::Open(dir.File("m.db"), msc::storage::Store::Mode::kReadOnly);
  auto now = msc::collector::ScoreProgram(**store, "kundeservice-2026");
  auto before = msc::collector::ScoreProgram(**store, "kundeservice-2025");
  REQUIRE(now.ok());
  REQUIRE(before.ok());
  REQUIRE(printed.companies_size() == now->companies_size());
  int compared = 0, with_interval = 0;
  for (int i = 0; i < now->companies_size(); ++i) {
    const auto& co = printed.companies(i);
    const auto& a = now->companies(i);
    const auto& b = before->companies(i);
    REQUIRE(co.company_id() == b.company_id());
    CHECK(co.index() == a.index());  // today's figures are untouched
    if (!a.has_index() || !b.has_index()) {
      CHECK_FALSE(co.has_change());
      continue;
    }
    ++compared;
    REQUIRE(co.has_change());
    CHECK(co.change().previous_index() == b.index());
    CHECK(co.change().change() == Approx(a.index() - b.index()));
    if (b.has_rank_overall()) CHECK(co.change().previous_rank() == b.rank_overall());
    if (a.has_rank_overall() && b.has_rank_overall()) {
      CHECK(co.change().rank_change() == b.rank_overall() - a.rank_overall());
    }
    if (a.has_ci_low() && b.has_ci_low()) {
      ++with_interval;
      const double h1 = (a.ci_high() - a.ci_low()) / 2, h2 = (b.ci_high() - b.ci_low()) / 2;
      const double half = std::sqrt(h1 * h1 + h2 * h2);
      CHECK(co.change().change_high() - co.change().change_low() == Approx(2 * half));
    }
  }
  CHECK(compared > 0);
  CHECK(with_interval > 0);
  CHECK(printed.comparison().companies_compared() == compared);
  CHECK(printed.comparison().previous_program_id() == "kundeservice-2025");
  std::set<std::string> fields;
  for (const auto& d : printed.comparison().config_differences()) fields.insert(d.field());
  CHECK(fields == std::set<std::string>{"unanswered_contact_score", "zones.green_from"});
  // Unanswered contacts scored 20 last year, so most companies fell; every fall is a
  // company's own change, largest first.
  const auto& falls = printed.comparison().falls();
  REQUIRE(falls.size() >= 5);
  for (int i = 0; i < falls.size(); ++i) {
    if (i > 0) CHECK(falls[i].change() >= falls[i - 1].change());
    for (const auto& co : printed.companies()) {
      if (co.company_id() == falls[i].company_id())
        CHECK(co.change().change() == falls[i].change());
    }
  }
}

TEST_CASE("award without --compare prints no year-over-year field") {
  TempDir dir;
  StoreTwoYears(dir.File("m.db"), 200);
  Run r = Msc(dir, "--db " + dir.File("m.db") + " award --program kundeservice-2026 --format json");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("\"comparison\"") == std::string::npos);
  CHECK(r.out.find("\"change\"") == std::string::npos);
  r = Msc(dir, "--db " + dir.File("m.db") + " award --program kundeservice-2026");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Year over year") == std::string::npos);
}

TEST_CASE("award --compare of an unknown program or of the program itself fails naming the flag") {
  TempDir dir;
  StoreTwoYears(dir.File("m.db"), 20);
  const std::string award = "--db " + dir.File("m.db") + " award --program kundeservice-2026";
  Run r = Msc(dir, award + " --compare nope");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("--compare") && Catch::Contains("no program 'nope'"));
  CHECK(r.out.empty());
  r = Msc(dir, award + " --compare kundeservice-2026");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("--compare") && Catch::Contains("itself"));
  CHECK(r.out.empty());
}

TEST_CASE("award --compare shows the comparison in the table, CSV files and HTML page") {
  TempDir dir;
  StoreTwoYears(dir.File("m.db"), 200);
  const std::string award =
      "--db " + dir.File("m.db") + " award --program kundeservice-2026 --compare kundeservice-2025";
  Run r = Msc(dir, award);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("Year over year") && Catch::Contains("Largest falls") &&
                        Catch::Contains("unanswered_contact_score"));
  REQUIRE(Msc(dir, award + " --format csv --out " + dir.File("csv")).status == 0);
  for (const char* f :
       {"yoy_companies.csv", "yoy_industries.csv", "movers.csv", "config_differences.csv"}) {
    CHECK(std::filesystem::exists(dir.File(std::string("csv/") + f)));
  }
  REQUIRE(Msc(dir, award + " --format html --out " + dir.File("a.html")).status == 0);
  const std::string html = ReadFile(dir.File("a.html"));
  CHECK_THAT(html, Catch::Contains("Year over year") && Catch::Contains("▼") &&
                       Catch::Contains("<span class=\"sr-only\">down</span>"));
}
