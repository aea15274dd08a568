#include "msc/client/http.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>

namespace msc::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Synchronous calls on a private io_context: Beast's tcp_stream enforces deadlines on
// asynchronous operations only, so each step starts one and runs the context until
// it completes.
struct HttpConnection::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool connected = false;

  template <class Start>
  error_code Run(Start start) {
    error_code result;
    start([&result](error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void Close() {
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    connected = false;
  }
};

namespace {

Status NetworkError(const Url& url, std::string_view step, const error_code& ec) {
  std::string cause = ec == beast::error::timeout ? "timed out" : ec.message();
  return Status::Unavailable(std::string(step) + " " + url.authority() + ": " + cause);
}

std::optional<std::chrono::seconds> RetryAfter(std::string_view value) {
  unsigned seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return std::chrono::seconds(seconds);  // the HTTP-date form falls back to backoff
}

// A reused keep-alive connection the server closed meanwhile fails like this on
// first use; a new connection is the cure, not a backoff.
bool StaleConnection(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

}  // namespace

HttpConnection::HttpConnection(Url url, HttpOptions options)
    : url_(std::move(url)), options_(options), impl_(std::make_unique<Impl>()) {}

HttpConnection::~HttpConnection() = default;

Result<HttpResponse> HttpConnection::Send(const HttpRequest& request) {
  Impl& s = *impl_;
  http::request<http::string_body> req{http::string_to_verb(request.method),
                                       url_.prefix + request.target, 11};
  req.set(http::field::host, url_.authority());
  req.set(http::field::user_agent, "msc");
  req.set(http::field::accept, request.accept);
  if (!request.token.empty()) req.set(http::field::authorization, "Bearer " + request.token);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    req.set(http::field::content_type, request.content_type);
    req.body() = request.body;
  }
  req.keep_alive(true);
  req.prepare_payload();

  for (int round = 0;; ++round) {
    bool reused = s.connected;
    if (!s.connected) {
      tcp::resolver resolver(s.ioc);
      tcp::resolver::results_type endpoints;
      error_code ec = s.Run([&](auto done) {
        resolver.async_resolve(url_.host, std::to_string(url_.port),
                               [&, done](error_code e, tcp::resolver::results_type r) {
                                 endpoints = std::move(r);
                                 done(e);
                               });
      });
      if (ec) return NetworkError(url_, "resolve", ec);
      s.stream.expires_after(options_.connect_timeout);
      ec = s.Run([&](auto done) { s.stream.async_connect(endpoints, done); });
      if (ec) {
        s.Close();
        return NetworkError(url_, "connect to", ec);
      }
      s.stream.socket().set_option(tcp::no_delay(true));
      s.connected = true;
    }

    s.stream.expires_after(options_.request_timeout);
    error_code ec = s.Run([&](auto done) { http::async_write(s.stream, req, done); });
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);  // a long list page is large, never unbounded
    if (!ec) ec = s.Run([&](auto done) { http::async_read(s.stream, s.buffer, parser, done); });
    if (ec) {
      s.Close();
      if (reused && round == 0 && StaleConnection(ec)) continue;
      return NetworkError(url_, "request to", ec);
    }

    auto& res = parser.get();
    HttpResponse out;
    out.status = res.result_int();
    out.content_type = std::string(res[http::field::content_type]);
    auto retry_after = res[http::field::retry_after];
    out.retry_after = RetryAfter({retry_after.data(), retry_after.size()});
    out.body = std::move(res.body());
    if (!res.keep_alive()) s.Close();
    return out;
  }
}

}  // namespace msc::client
