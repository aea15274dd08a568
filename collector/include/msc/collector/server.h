#ifndef MSC_COLLECTOR_SERVER_H_
#define MSC_COLLECTOR_SERVER_H_

// The collector: an HTTP/1.1 server (Boost.Beast on Boost.Asio) in front of the
// store. Start() opens the database, binds and serves on its own threads until
// Stop(). Tests run it in-process on port 0.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "msc/proto/status.h"
#include "msc/v1/report.pb.h"

namespace msc::collector {

// How the live report is rendered for GET /v1/programs/{id}/report?format=html|csv
// (the manager pages' downloads). msc-collector passes the award's renderers
// (tools/render); left empty, those formats answer 406.
struct ReportRenderers {
  std::function<std::string(const v1::AwardReport&)> html;
  // CSV tables as (file name, contents), e.g. ("companies.csv", ...).
  std::function<std::vector<std::pair<std::string, std::string>>(const v1::AwardReport&)> csv;
};

struct ServerOptions {
  std::string db_path;  // created and migrated when new
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int threads = 2;       // io threads; the writer has its own

  size_t max_body = 1 << 20;        // request body limit
  size_t max_batch_body = 8 << 20;  // ... for POST /v1/observations:batch
  size_t header_limit = 16 << 10;

  // Each read and write has a deadline: a client that is idle between requests, slow
  // to send a header, or slow to send a body or to read a response is cut off.
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};  // body, and each response write

  size_t max_connections = 1000;  // beyond it new connections get 503 and are closed
  size_t pipeline_limit = 16;     // responses queued per connection; reading pauses beyond

  size_t queue_capacity = 16384;  // observations waiting for the writer; beyond it 503
  size_t max_group = 512;         // observations per transaction
  std::chrono::microseconds max_commit_delay{0};

  std::string tls_cert;  // PEM files; both set turns TLS on
  std::string tls_key;

  ReportRenderers renderers;

  bool access_log = true;
  std::chrono::milliseconds drain_timeout{5'000};  // Stop() waits this long for clients
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound address, e.g. "127.0.0.1" and the port the system picked for port 0.
  std::string host() const;
  uint16_t port() const;

  // Stops accepting, lets open connections finish their requests (up to
  // drain_timeout), commits everything queued and joins the threads. Idempotent.
  void Stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_SERVER_H_
