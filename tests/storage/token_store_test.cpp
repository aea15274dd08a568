#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "../support/temp_dir.h"
#include "msc/storage/sqlite.h"
#include "msc/storage/store.h"
#include "sample.h"

using msc::storage::Store;

using msc::testing::OpenWithRegister;

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a created token authenticates as its role and observer") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto token = store->CreateToken(msc::v1::OBSERVER, "obs-1", "phone", "test");
  REQUIRE(token.ok());
  auto who = store->Authenticate(*token);
  REQUIRE(who.ok());
  CHECK(who->role == msc::v1::OBSERVER);
  CHECK(who->observer_id == "obs-1");
}

TEST_CASE("the plain token is stored nowhere in the database files") {
  msc::testing::TempDir dir;
  std::string token;
  {
    auto store = OpenWithRegister(dir);
    auto created = store->CreateToken(msc::v1::ADMIN, "", "", "test");
    REQUIRE(created.ok());
    token = *created;
    auto hash = store->database().QueryInt("SELECT count(*) FROM api_tokens");
    REQUIRE(*hash == 1);
    // While open, the token's row sits in the WAL; look there too.
    std::string files = ReadAll(dir.File("msc.db")) + ReadAll(dir.File("msc.db-wal"));
    CHECK(files.find(token) == std::string::npos);
    CHECK(files.find(token.substr(4)) == std::string::npos);
    CHECK(files.find(msc::storage::TokenHash(token)) != std::string::npos);
  }
  std::string files = ReadAll(dir.File("msc.db"));
  CHECK(files.find(token.substr(4)) == std::string::npos);
}

TEST_CASE("a revoked token stops matching") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto token = store->CreateToken(msc::v1::MANAGER, "", "", "test");
  REQUIRE(token.ok());
  auto who = store->Authenticate(*token);
  REQUIRE(who.ok());
  REQUIRE(store->RevokeToken(who->token_id, "test").ok());
  auto after = store->Authenticate(*token);
  REQUIRE_FALSE(after.ok());
  CHECK(after.status().code() == msc::StatusCode::kUnauthenticated);
  auto list = store->ListTokens();
  REQUIRE(list->size() == 1);
  CHECK(list->at(0).revoked());
}

TEST_CASE("an unknown or malformed token does not authenticate") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  REQUIRE(store->CreateToken(msc::v1::ADMIN, "", "", "test").ok());
  CHECK(store->Authenticate("msc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status().code() ==
        msc::StatusCode::kUnauthenticated);
  CHECK(store->Authenticate("").status().code() == msc::StatusCode::kUnauthenticated);
}

TEST_CASE("observer tokens need a known observer and other roles none") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  CHECK(store->CreateToken(msc::v1::OBSERVER, "", "", "t").status().field_errors().at(0).field ==
        "observer_id");
  CHECK(store->CreateToken(msc::v1::OBSERVER, "ghost", "", "t").status().code() ==
        msc::StatusCode::kInvalidArgument);
  CHECK(store->CreateToken(msc::v1::MANAGER, "obs-1", "", "t").status().code() ==
        msc::StatusCode::kInvalidArgument);
  CHECK(store->ListTokens()->empty());
}

TEST_CASE("two tokens are never the same") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto a = store->CreateToken(msc::v1::ADMIN, "", "", "t");
  auto b = store->CreateToken(msc::v1::ADMIN, "", "", "t");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
  CHECK(a->size() == 4 + 43);
}

TEST_CASE("token creation and revocation are audited") {
  msc::testing::TempDir dir;
  auto store = OpenWithRegister(dir);
  auto token = store->CreateToken(msc::v1::OBSERVER, "obs-1", "", "cli:admin");
  REQUIRE(token.ok());
  REQUIRE(store->RevokeToken(store->Authenticate(*token)->token_id, "cli:admin").ok());
  auto audit = store->ReadAudit(0, 10);
  REQUIRE(audit->size() == 3);
  CHECK(audit->at(1).action == "token.create");
  CHECK(audit->at(1).detail == "OBSERVER for obs-1");
  CHECK(audit->at(2).action == "token.revoke");
}
