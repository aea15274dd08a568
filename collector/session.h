#ifndef MSC_COLLECTOR_SESSION_H_
#define MSC_COLLECTOR_SESSION_H_

// One client connection, after the Boost.Beast advanced server: a strand per
// connection, a fresh parser per request, a deadline before every read and write,
// pipelined requests answered in order from a small queue of response slots.
// HttpSession<Derived> holds the logic; PlainSession and TlsSession the stream.

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api.h"
#include "log.h"
#include "metrics.h"
#include "msc/collector/server.h"

namespace msc::collector {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Session {
 public:
  virtual ~Session() = default;
  // The server is stopping: finish the requests already read, then close.
  virtual void Shutdown() = 0;
};

// The open sessions, so that Stop() can reach them.
class SessionRegistry {
 public:
  void Add(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard lock(mu_);
    sessions_.emplace(s, std::move(w));
  }
  void Remove(Session* s) {
    std::lock_guard lock(mu_);
    sessions_.erase(s);
  }
  void ShutdownAll() {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mu_);
      for (auto& [_, w] : sessions_) {
        if (auto s = w.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->Shutdown();
  }

 private:
  std::mutex mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

// What every session shares.
struct SessionContext {
  const ServerOptions* options;
  Api* api;
  Metrics* metrics;
  SessionRegistry* registry;
  std::vector<std::string> route_names;
};

template <class Derived>
class HttpSession : public Session {
 public:
  explicit HttpSession(SessionContext* ctx) : ctx_(ctx) { ctx_->metrics->ConnectionOpened(); }
  ~HttpSession() override {
    ctx_->registry->Remove(this);
    ctx_->metrics->ConnectionClosed();
  }

  void Shutdown() override {
    asio::dispatch(derived().stream().get_executor(),
                   [self = derived().shared_from_this()] { self->OnShutdown(); });
  }

 protected:
  Derived& derived() { return static_cast<Derived&>(*this); }
  auto& lowest() { return beast::get_lowest_layer(derived().stream()); }
  const ServerOptions& options() const { return *ctx_->options; }

  void Register() { ctx_->registry->Add(this, derived().shared_from_this()); }

  void DoRead() {
    if (closing_ || stop_reading_) {
      phase_ = Phase::kNone;
      if (slots_.empty() && !writing_) derived().Close();
      return;
    }
    if (slots_.size() >= options().pipeline_limit) {
      phase_ = Phase::kNone;  // OnWrite resumes reading
      return;
    }
    if (buffer_.size() > 0) return ReadHeader();
    // Nothing buffered: wait for the next request under the idle deadline; the
    // header deadline starts with its first byte.
    phase_ = Phase::kIdle;
    lowest().expires_after(options().idle_timeout);
    derived().stream().async_read_some(
        buffer_.prepare(4096), [self = derived().shared_from_this()](
                                   beast::error_code ec, size_t n) { self->OnFirstBytes(ec, n); });
  }

  beast::flat_buffer buffer_;

 private:
  enum class Phase { kNone, kIdle, kHeader, kBody };

  struct Slot {
    bool ready = false;
    HttpResponse response;
    RequestInfo info;
    http::verb method = http::verb::unknown;
    std::chrono::steady_clock::time_point started;
  };

  void OnFirstBytes(beast::error_code ec, size_t n) {
    if (ec) return Abort();
    buffer_.commit(n);
    ReadHeader();
  }

  void ReadHeader() {
    phase_ = Phase::kHeader;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(options().header_limit));
    // The route decides the body limit once the header is in (see OnHeader); until
    // then allow the largest, so that the parser does not refuse a batch early.
    parser_->body_limit(std::max(options().max_body, options().max_batch_body));
    lowest().expires_after(options().header_timeout);
    http::async_read_header(derived().stream(), buffer_, *parser_,
                            [self = derived().shared_from_this()](beast::error_code ec, size_t) {
                              self->OnHeader(ec);
                            });
  }

  void OnHeader(beast::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    if (ec == http::error::header_limit) return Refuse(431, "request header too large");
    if (ec == http::error::body_limit) return Refuse(413, "body too large");
    if (IsMalformed(ec)) {
      return Refuse(400, "malformed HTTP request: " + ec.message());
    }
    if (ec) return Abort();  // timeout, reset, end of stream

    auto target = parser_->get().target();
    size_t limit = ctx_->api->BodyLimit(std::string_view(target.data(), target.size()));
    if (auto length = parser_->content_length(); length && *length > limit) {
      return Refuse(413, "body larger than " + std::to_string(limit) + " bytes");
    }
    parser_->body_limit(limit);
    phase_ = Phase::kBody;
    if (ExpectsContinue() && slots_.empty() && !writing_) return SendContinue();
    ReadBody();
  }

  // curl and others send "Expect: 100-continue" before a large body and wait a
  // second for the go-ahead. Only sent when no response is queued, as it must not
  // overtake one; otherwise the client sends the body after its own wait.
  bool ExpectsContinue() {
    auto it = parser_->get().find(http::field::expect);
    return it != parser_->get().end() && beast::iequals(it->value(), "100-continue") &&
           !parser_->is_done();
  }

  void SendContinue() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    writing_ = true;
    lowest().expires_after(options().read_timeout);
    asio::async_write(derived().stream(), asio::buffer(kContinue.data(), kContinue.size()),
                      [self = derived().shared_from_this()](beast::error_code ec, size_t) {
                        self->writing_ = false;
                        if (ec) return self->Abort();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    lowest().expires_after(options().read_timeout);
    http::async_read(
        derived().stream(), buffer_, *parser_,
        [self = derived().shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return Refuse(413, "body too large");
    if (IsMalformed(ec)) {
      return Refuse(400, "malformed HTTP request: " + ec.message());
    }
    if (ec) return Abort();
    phase_ = Phase::kNone;
    Dispatch(parser_->release());
    parser_.reset();
    DoRead();
  }

  void Dispatch(HttpRequest&& request) {
    if (!request.keep_alive()) stop_reading_ = true;  // its answer ends the connection
    Slot& slot = slots_.emplace_back();
    slot.method = request.method();
    slot.started = started_;
    uint64_t seq = first_seq_ + slots_.size() - 1;
    Respond respond = [self = derived().shared_from_this(), seq](HttpResponse response) {
      asio::dispatch(self->stream().get_executor(),
                     [self, seq, response = std::move(response)]() mutable {
                       self->Complete(seq, std::move(response));
                     });
    };
    ctx_->api->Handle(std::move(request), derived().stream().get_executor(), &slot.info,
                      std::move(respond));
  }

  // Answers the request being read with an error and closes: its body cannot be
  // skipped reliably.
  void Refuse(unsigned status, std::string message) {
    stop_reading_ = true;
    linger_ = true;
    phase_ = Phase::kNone;
    Slot& slot = slots_.emplace_back();
    slot.ready = true;
    slot.started = started_;
    slot.info.route = ctx_->route_names.size() - 1;
    slot.response = Api::Error(status, std::move(message), Format::kJson, 11, false);
    DoWrite();
  }

  void Complete(uint64_t seq, HttpResponse&& response) {
    assert(seq >= first_seq_ && seq < first_seq_ + slots_.size());
    Slot& slot = slots_[seq - first_seq_];
    slot.response = std::move(response);
    slot.ready = true;
    DoWrite();
  }

  void DoWrite() {
    if (writing_ || slots_.empty() || !slots_.front().ready) return;
    writing_ = true;
    HttpResponse& res = slots_.front().response;
    // The last response before closing says so.
    bool last = slots_.size() == 1 && phase_ == Phase::kNone;
    if ((closing_ || stop_reading_) && last) res.keep_alive(false);
    lowest().expires_after(options().read_timeout);
    http::async_write(derived().stream(), res,
                      [self = derived().shared_from_this()](beast::error_code ec, size_t n) {
                        self->OnWrite(ec, n);
                      });
  }

  void OnWrite(beast::error_code ec, size_t bytes) {
    writing_ = false;
    Slot& slot = slots_.front();
    unsigned status = slot.response.result_int();
    ctx_->metrics->CountRequest(slot.info.route, status);
    if (ctx_->options->access_log) AccessLog(slot, status, bytes);
    bool keep_alive = slot.response.keep_alive();
    slots_.pop_front();
    ++first_seq_;
    if (ec) {
      stop_reading_ = true;
      return CloseSocket();  // later responses fail at once and are dropped
    }
    if (!keep_alive) {
      stop_reading_ = true;
      if (linger_) return derived().Linger();
      return derived().Close();
    }
    DoWrite();
    if (phase_ == Phase::kNone && !writing_) DoRead();
    CloseIfIdle();
  }

  void OnShutdown() {
    closing_ = true;
    CloseIfIdle();
  }

  // While stopping: close as soon as no request is being read or answered.
  void CloseIfIdle() {
    if (!closing_ || !slots_.empty() || writing_) return;
    if (phase_ == Phase::kIdle) {
      lowest().cancel();  // the pending read ends with operation_aborted
    } else if (phase_ == Phase::kNone) {
      derived().Close();
    }
  }

  // The client stopped sending (end of stream, time-out, reset): answer what was
  // read already, then close.
  void Abort() {
    stop_reading_ = true;
    phase_ = Phase::kNone;
    if (slots_.empty()) CloseSocket();
  }

  void CloseSocket() {
    beast::error_code ignored;
    lowest().socket().close(ignored);
  }

  // A request that breaks HTTP, as opposed to a connection that ended.
  static bool IsMalformed(beast::error_code ec) {
    return ec && ec.category() == beast::error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
  }

  void AccessLog(const Slot& slot, unsigned status, size_t bytes) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - slot.started)
                  .count();
    std::string line = "access ";
    line += ctx_->route_names[slot.info.route];
    line += ' ';
    line += std::to_string(status);
    line += ' ';
    line += std::to_string(bytes);
    line += "B ";
    line += std::to_string(us);
    line += "us ";
    line += slot.info.actor ? "token:" + std::to_string(slot.info.actor) : std::string("-");
    line += '\n';
    WriteLine(line);
  }

  SessionContext* ctx_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<Slot> slots_;
  uint64_t first_seq_ = 0;  // the sequence number of slots_.front()
  Phase phase_ = Phase::kNone;
  bool writing_ = false;
  bool closing_ = false;       // the server is stopping
  bool stop_reading_ = false;  // the connection ends after the queued responses
  bool linger_ = false;        // drain the unread request before closing
  std::chrono::steady_clock::time_point started_{};
};

class PlainSession : public HttpSession<PlainSession>,
                     public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(tcp::socket&& socket, SessionContext* ctx)
      : HttpSession(ctx), stream_(std::move(socket)) {}

  void Run() {
    Register();
    DoRead();
  }

  beast::tcp_stream& stream() { return stream_; }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  // Sends FIN but keeps reading (and discarding) for a moment, so that a client
  // still sending a refused body gets the response instead of a reset.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    Discard();
  }

 private:
  void Discard() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(64 << 10),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->Discard();
                            });
  }

  beast::tcp_stream stream_;
};

class TlsSession : public HttpSession<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(tcp::socket&& socket, asio::ssl::context& tls, SessionContext* ctx)
      : HttpSession(ctx), stream_(std::move(socket), tls) {}

  void Run() {
    Register();
    beast::get_lowest_layer(stream_).expires_after(options().header_timeout);
    stream_.async_handshake(asio::ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) {
                              if (ec) return self->Close();
                              self->DoRead();
                            });
  }

  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

  void Close() {
    if (shutting_down_) return;
    shutting_down_ = true;
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  }

  void Linger() { Close(); }

 private:
  beast::ssl_stream<beast::tcp_stream> stream_;
  bool shutting_down_ = false;
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_SESSION_H_
