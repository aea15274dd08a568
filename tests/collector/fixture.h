#ifndef MSC_TESTS_COLLECTOR_FIXTURE_H_
#define MSC_TESTS_COLLECTOR_FIXTURE_H_

// A collector running in-process on a loopback port 0 over a fresh database that
// holds the sample register and one token per role.

#include <filesystem>
#include <memory>
#include <string>

#include "../support/sample.h"
#include "../support/temp_dir.h"
#include "http_client.h"
#include "msc/collector/server.h"
#include "msc/storage/store.h"

namespace msc::testing {

struct Tokens {
  std::string observer;   // obs-1
  std::string observer2;  // obs-2
  std::string manager;
  std::string admin;
};

// Creates the database with the sample register and a token per role.
inline Tokens SeedDatabase(const std::string& db) {
  auto store = storage::Store::Open(db);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  Status s = (*store)->ImportRegister(SampleRegister(), "test");
  if (!s.ok()) throw std::runtime_error(s.ToString());
  auto token = [&](v1::Role role, const char* observer) {
    auto t = (*store)->CreateToken(role, observer, "test", "test");
    if (!t.ok()) throw std::runtime_error(t.status().ToString());
    return *t;
  };
  return {token(v1::OBSERVER, "obs-1"), token(v1::OBSERVER, "obs-2"), token(v1::MANAGER, ""),
          token(v1::ADMIN, "")};
}

class Collector {
 public:
  explicit Collector(collector::ServerOptions options = {}) {
    db_ = dir_.File("msc.db");
    tokens_ = SeedDatabase(db_);
    options.db_path = db_;
    options.host = "127.0.0.1";
    options.port = 0;
    options.access_log = false;
    options_ = options;
    Start();
  }

  // Stops the collector and starts another on the same database (on a new port).
  void Restart() {
    server_.reset();
    Start();
  }

  uint16_t port() const { return server_->port(); }
  const std::string& db() const { return db_; }
  const Tokens& tokens() const { return tokens_; }
  collector::Server& server() { return *server_; }

  HttpClient Client(const std::string& token = {}) {
    HttpClient c(port());
    c.token = token;
    return c;
  }

 private:
  void Start() {
    auto server = collector::Server::Start(options_);
    if (!server.ok()) throw std::runtime_error(server.status().ToString());
    server_ = std::move(server).value();
  }

  TempDir dir_;
  std::string db_;
  collector::ServerOptions options_;
  Tokens tokens_;
  std::unique_ptr<collector::Server> server_;
};

}  // namespace msc::testing

#endif  // MSC_TESTS_COLLECTOR_FIXTURE_H_
