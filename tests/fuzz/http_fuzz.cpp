// libFuzzer target: raw bytes from a client, as a collector session reads them. A
// fresh beast request_parser per message with the server's header and body limits
// (the body limit chosen by the route once the header is in, as in session.h);
// each complete request goes to Api::Handle, the routing, auth, decoding and
// handlers behind the socket, over a real database on /dev/shm whose tokens are
// known (msc_fuzz-observer, -observer2, -manager, -admin) so that inputs
// get past authentication. Up to kMaxPipelined requests per input, as pipelining.
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "api.h"
#include "fixture.h"
#include "msc/collector/server.h"
#include "msc/storage/sqlite.h"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using msc::collector::Api;

constexpr int kMaxPipelined = 8;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "http_fuzz: %s\n", why.c_str());
  std::abort();
}

// Everything Server::Impl::Open builds, minus the sockets. Leaked on purpose.
struct Backend {
  msc::collector::ServerOptions options;
  msc::collector::Metrics metrics{Api::RouteNames()};
  msc::collector::RegisterCache register_cache;
  std::unique_ptr<msc::collector::ReaderPool> readers;
  std::unique_ptr<msc::collector::Writer> writer;
  std::unique_ptr<Api> api;
  asio::io_context ioc;
};

// Gives the seeded tokens fixed values, so that the corpus can carry them.
void FixTokens(msc::storage::Store& store) {
  const char* names[] = {"msc_fuzz-observer", "msc_fuzz-observer2", "msc_fuzz-manager",
                         "msc_fuzz-admin"};
  for (int id = 1; id <= 4; ++id) {
    auto q = store.database().Prepare("UPDATE api_tokens SET token_sha256 = ? WHERE id = ?");
    if (!q.ok() || !q->Bind(1, msc::storage::TokenHash(names[id - 1])).Bind(2, id).Run().ok()) {
      Die("cannot set the fuzz tokens");
    }
  }
}

Backend& Get() {
  static Backend* backend = [] {
    char dir[] = "/dev/shm/msc-fuzz-http-XXXXXX";
    if (mkdtemp(dir) == nullptr) Die("mkdtemp");
    auto* b = new Backend;
    b->options.db_path = std::string(dir) + "/msc.db";
    msc::testing::SeedDatabase(b->options.db_path);
    auto store = msc::storage::Store::Open(b->options.db_path);
    if (!store.ok()) Die(store.status().ToString());
    FixTokens(**store);
    if (!b->register_cache.Reload(**store).ok()) Die("register reload");
    b->readers = std::make_unique<msc::collector::ReaderPool>(b->options.db_path);
    b->writer = std::make_unique<msc::collector::Writer>(
        std::move(store).value(), msc::collector::Writer::Options{}, &b->metrics);
    b->api = std::make_unique<Api>(b->writer.get(), nullptr, b->readers.get(), &b->register_cache,
                                   &b->metrics,
                                   Api::Limits{b->options.max_body, b->options.max_batch_body});
    return b;
  }();
  return *backend;
}

// Feeds `in` to the parser until it wants no more or the input ends. Returns what
// it consumed; `ec` as the session would see it. The whole rest of the input is
// offered each time, so "need more" means the client sent no more: end of stream.
size_t Feed(http::request_parser<http::string_body>& parser, std::string_view in, bool header_only,
            boost::beast::error_code& ec) {
  size_t used = 0;
  while (!(header_only ? parser.is_header_done() : parser.is_done())) {
    size_t n = parser.put(asio::buffer(in.data() + used, in.size() - used), ec);
    used += n;
    if (ec == http::error::need_more || (!ec && n == 0)) {
      ec = {};
      parser.put_eof(ec);
      return used;
    }
    if (ec) return used;
  }
  return used;
}

// Hands a complete request to the API and waits for its single answer.
void Handle(Backend& b, msc::collector::HttpRequest&& request) {
  bool answered = false;
  msc::collector::RequestInfo info;
  auto strand = asio::make_strand(b.ioc);
  b.api->Handle(std::move(request), strand, &info, [&answered](msc::collector::HttpResponse res) {
    // Statuses the API documents; anything else is a finding.
    unsigned s = res.result_int();
    if (std::getenv("MSC_FUZZ_VERBOSE")) std::fprintf(stderr, "-> %u\n", s);
    if (s >= 500 && s != 503) Die("answered " + std::to_string(s) + ": " + res.body());
    // Every error is a structured msc.v1.Error that the client can parse.
    if (s >= 400) {
      auto format = msc::collector::FormatOf(std::string_view(
          res[http::field::content_type].data(), res[http::field::content_type].size()));
      msc::v1::Error error;
      if (!format || !msc::collector::Decode(res.body(), *format, &error).ok()) {
        Die("an unparsable error body for " + std::to_string(s));
      }
    }
    answered = true;
  });
  // The answer may be posted from the writer or report thread later: keep the
  // io_context from running out of work meanwhile.
  b.ioc.restart();
  auto work = asio::make_work_guard(b.ioc);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!answered) {
    // A hang is a bug as much as a crash: a request must always be answered.
    if (std::chrono::steady_clock::now() > deadline) Die("no answer within 20 s");
    b.ioc.run_one_for(std::chrono::milliseconds(50));
  }
}

// MSC_FUZZ_VERBOSE=1 prints what became of each request, for writing seeds.
void Say(const char* what, const boost::beast::error_code& ec) {
  if (std::getenv("MSC_FUZZ_VERBOSE")) std::fprintf(stderr, "%s: %s\n", what, ec.message().c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Backend& b = Get();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < kMaxPipelined && !in.empty(); ++i) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(b.options.header_limit));
    parser.body_limit(std::max(b.options.max_body, b.options.max_batch_body));
    boost::beast::error_code ec;
    in.remove_prefix(Feed(parser, in, true, ec));
    if (ec || !parser.is_header_done())
      return Say("header", ec), 0;  // the session answers 400/413/431 or just closes
    auto target = parser.get().target();
    size_t limit = b.api->BodyLimit(std::string_view(target.data(), target.size()));
    if (auto length = parser.content_length(); length && *length > limit) return 0;  // 413
    parser.body_limit(limit);
    in.remove_prefix(Feed(parser, in, false, ec));
    if (ec || !parser.is_done()) return Say("body", ec), 0;
    bool keep_alive = parser.get().keep_alive();
    Handle(b, parser.release());
    if (!keep_alive) return 0;
  }
  return 0;
}
