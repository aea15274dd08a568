#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "../support/temp_dir.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"

using msc::storage::Store;

namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(MSC_FIXTURE_DIR) + "/" + name);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void CreateDatabase(const std::string& path, const std::string& fixture) {
  auto db = msc::storage::Database::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec(ReadFixture(fixture).c_str()).ok());
}

}  // namespace

TEST_CASE("an empty file is migrated to the newest schema in WAL mode") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("new.db"));
  REQUIRE(store.ok());
  CHECK((*store)->schema_version() == 7);
  auto& db = (*store)->database();
  auto mode = db.Prepare("PRAGMA journal_mode");
  REQUIRE(mode.ok());
  REQUIRE(*mode->Step());
  CHECK(mode->Text(0) == "wal");
  CHECK(*db.QueryInt("PRAGMA synchronous") == 2);  // FULL
  CHECK(*db.QueryInt("PRAGMA wal_autocheckpoint") == 250);
}

TEST_CASE("a version 1 database is migrated without losing a row") {
  msc::testing::TempDir dir;
  CreateDatabase(dir.File("v1.db"), "schema_v1.sql");
  auto store = Store::Open(dir.File("v1.db"));
  REQUIRE(store.ok());
  CHECK((*store)->schema_version() == 7);
  auto reg = (*store)->ExportRegister();
  REQUIRE(reg.ok());
  CHECK(reg->industries_size() == 2);
  CHECK(reg->companies_size() == 2);
  CHECK(reg->observers(0).name() == "Kari Nordmann");
  CHECK(reg->programs(0).id() == "kundeservice-2018");
  auto stored = (*store)->GetObservation("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  REQUIRE(stored.ok());
  CHECK(stored->observation().company_id() == "nordbank");
  CHECK(stored->observation().ratings().at("overall") == 5);
  CHECK(stored->review_state() == msc::v1::APPROVED);
  CHECK(stored->review_note() == "ok");
  auto tokens = (*store)->ListTokens();
  REQUIRE(tokens->size() == 1);
  CHECK(tokens->at(0).observer_id() == "obs-1");
  CHECK(tokens->at(0).label().empty());  // the column version 2 added
  CHECK((*store)->ReadAudit(0, 10)->size() == 1);
  // Version 2 made the audit log append-only.
  CHECK_FALSE((*store)->database().Exec("DELETE FROM audit_log").ok());
  // Version 3 dropped the observer index that version 2 had made.
  CHECK(*(*store)->database().QueryInt(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'observations_observer'") == 0);
}

TEST_CASE("a version 3 database is migrated to versions: each observation is version 1") {
  msc::testing::TempDir dir;
  CreateDatabase(dir.File("v3.db"), "schema_v3.sql");
  auto store = Store::Open(dir.File("v3.db"));
  REQUIRE(store.ok());
  CHECK((*store)->schema_version() == 7);
  const std::string id = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
  auto stored = (*store)->GetObservation(id);
  REQUIRE(stored.ok());
  CHECK(stored->version() == 1);
  CHECK(stored->config_sha256().empty());  // not recorded before version 4
  CHECK(stored->version_made_by() == "token:1");
  CHECK(stored->version_made_at().seconds() == 1510653600);
  CHECK(stored->review_state() == msc::v1::APPROVED);
  auto versions = (*store)->ListVersions(id);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 1);
  CHECK(versions->at(0).observation().company_id() == "nordbank");
  // A migrated observation takes corrections like a new one.
  msc::storage::Correction c;
  c.observation = stored->observation();
  c.observation.set_comment("added later");
  c.base_version = 1;
  c.made_by = "token:2";
  auto outcome = (*store)->Correct(c);
  REQUIRE(outcome.ok());
  CHECK(outcome->latest.version() == 2);
  CHECK((*store)->ListVersions(id)->size() == 2);
}

TEST_CASE("a database from a newer build is refused with a clear error") {
  msc::testing::TempDir dir;
  {
    auto store = Store::Open(dir.File("future.db"));
    REQUIRE(store.ok());
    REQUIRE((*store)->database().Exec("PRAGMA user_version = 99").ok());
  }
  auto store = Store::Open(dir.File("future.db"));
  REQUIRE_FALSE(store.ok());
  CHECK_THAT(store.status().message(), Catch::Contains("newer than this build"));
}

TEST_CASE("a file that is not a database is refused with a clear error") {
  msc::testing::TempDir dir;
  std::ofstream(dir.File("notes.txt")) << "these are not the pages you are looking for\n"
                                       << std::string(4096, 'x');
  auto store = Store::Open(dir.File("notes.txt"));
  REQUIRE_FALSE(store.ok());
  CHECK_THAT(store.status().message(), Catch::Contains("not a valid msc database"));
}

TEST_CASE("a read-only open of a missing file fails and creates nothing") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("missing.db"), Store::Mode::kReadOnly);
  REQUIRE_FALSE(store.ok());
  CHECK_FALSE(std::ifstream(dir.File("missing.db")).good());
}

TEST_CASE("a backup is a complete database that opens on its own") {
  msc::testing::TempDir dir;
  auto store = Store::Open(dir.File("live.db"));
  REQUIRE(store.ok());
  msc::v1::Register reg;
  auto* ind = reg.add_industries();
  ind->set_id("bank");
  ind->set_name("Bank");
  REQUIRE((*store)->ImportRegister(reg, "test").ok());
  REQUIRE((*store)->Backup(dir.File("copy.db")).ok());
  auto copy = Store::Open(dir.File("copy.db"), Store::Mode::kReadOnly);
  REQUIRE(copy.ok());
  CHECK((*copy)->ExportRegister()->industries(0).name() == "Bank");
  CHECK(*(*copy)->database().QueryInt("SELECT count(*) FROM audit_log") == 1);
  CHECK_FALSE(std::ifstream(dir.File("copy.db.partial")).good());
}
