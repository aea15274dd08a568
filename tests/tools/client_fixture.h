#ifndef MSC_TESTS_TOOLS_CLIENT_FIXTURE_H_
#define MSC_TESTS_TOOLS_CLIENT_FIXTURE_H_

// A real collector in-process on 127.0.0.1 over a fresh database that holds a small
// register and a token per role, and a way to run `msc` subcommands against it.

#include <google/protobuf/util/time_util.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../support/sample.h"
#include "command.h"
#include "fixture.h"
#include "msc/collector/server.h"
#include "msc/storage/store.h"

namespace msc::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "msc-client-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

class LiveCollector {
 public:
  LiveCollector() {
    db_ = dir_.File("msc.db");
    const Tokens tokens = SeedDatabase(db_);
    observer = tokens.observer;
    manager = tokens.manager;
    admin = tokens.admin;
  }

  // Serves on `port` (0: any free one).
  void Start(uint16_t port = 0) {
    collector::ServerOptions o;
    o.db_path = db_;
    o.host = "127.0.0.1";
    o.port = port;
    o.threads = 1;
    o.access_log = false;
    auto server = collector::Server::Start(o);
    if (!server.ok()) throw std::runtime_error(server.status().ToString());
    server_ = std::move(server).value();
  }
  void Stop() { server_.reset(); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  const std::string& db() const { return db_; }
  std::string File(const std::string& name) const { return dir_.File(name); }

  // Every stored observation, read after the server stopped or beside it.
  std::vector<v1::StoredObservation> Stored() const {
    auto store = storage::Store::Open(db_, storage::Store::Mode::kReadOnly);
    if (!store.ok()) throw std::runtime_error(store.status().ToString());
    std::vector<v1::StoredObservation> out;
    storage::ListQuery q;
    q.page_size = 1000;
    for (;;) {
      auto page = (*store)->ListObservations(q);
      if (!page.ok()) throw std::runtime_error(page.status().ToString());
      for (auto& o : page->observations) out.push_back(std::move(o));
      if (page->next_page_token.empty()) return out;
      q.page_token = page->next_page_token;
    }
  }

  std::string observer, manager, admin;

 private:
  ScratchDir dir_;
  std::string db_;
  std::unique_ptr<collector::Server> server_;
};

// A subcommand's exit status and what it printed.
struct CommandRun {
  int status = -1;
  std::string out;
  std::string err;
};

inline CommandRun RunCommand(cli::CommandFn fn, const std::string& url, const std::string& token,
                             const std::vector<std::string>& args) {
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  CommandRun run;
  try {
    run.status = fn({"", url, token}, args);
  } catch (...) {
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    throw;
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace msc::testing

#endif  // MSC_TESTS_TOOLS_CLIENT_FIXTURE_H_
