#include "fixture.h"

#include <stdexcept>
#include <utility>

namespace msc::testing {

Tokens SeedDatabase(const std::string& db) {
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

Collector::Collector(collector::ServerOptions options) {
  db_ = dir_.File("msc.db");
  tokens_ = SeedDatabase(db_);
  options.db_path = db_;
  options.host = "127.0.0.1";
  options.port = 0;
  options.access_log = false;
  options_ = options;
  Start();
}

void Collector::Restart() {
  server_.reset();
  Start();
}

void Collector::Start() {
  auto server = collector::Server::Start(options_);
  if (!server.ok()) throw std::runtime_error(server.status().ToString());
  server_ = std::move(server).value();
}

HttpClient Collector::Client(const std::string& token) {
  HttpClient c(port());
  c.token = token;
  return c;
}

}  // namespace msc::testing
