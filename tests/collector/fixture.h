#ifndef MSC_TESTS_COLLECTOR_FIXTURE_H_
#define MSC_TESTS_COLLECTOR_FIXTURE_H_

// A collector running in-process on a loopback port 0 over a fresh database that
// holds the sample register and one token per role. The bodies are in fixture.cc
// (msc_collector_test_support), compiled once for every test that starts one.

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
Tokens SeedDatabase(const std::string& db);

class Collector {
 public:
  explicit Collector(collector::ServerOptions options = {});

  // Stops the collector and starts another on the same database (on a new port).
  void Restart();

  uint16_t port() const { return server_->port(); }
  const std::string& db() const { return db_; }
  const Tokens& tokens() const { return tokens_; }
  collector::Server& server() { return *server_; }

  HttpClient Client(const std::string& token = {});

 private:
  void Start();

  TempDir dir_;
  std::string db_;
  collector::ServerOptions options_;
  Tokens tokens_;
  std::unique_ptr<collector::Server> server_;
};

}  // namespace msc::testing

#endif  // MSC_TESTS_COLLECTOR_FIXTURE_H_
