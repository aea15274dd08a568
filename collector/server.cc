#include "msc/collector/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "api.h"
#include "log.h"
#include "metrics.h"
#include "reader_pool.h"
#include "register_cache.h"
#include "session.h"
#include "writer.h"

namespace msc::collector {
namespace {

// Accepts connections on its own strand and hands each to a new session.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::acceptor&& acceptor, asio::ssl::context* tls,
           SessionContext* ctx)
      : ioc_(ioc),
        acceptor_(std::move(acceptor)),
        retry_(acceptor_.get_executor()),
        tls_(tls),
        ctx_(ctx) {}

  void Run() { DoAccept(); }

  void Stop() {
    asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->retry_.cancel();
    });
  }

 private:
  void DoAccept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             self->OnAccept(ec, std::move(socket));
                           });
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Out of file descriptors, most likely: pause instead of spinning.
      Log(LogLevel::kWarn, "accept: " + ec.message());
      retry_.expires_after(std::chrono::milliseconds(50));
      retry_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->DoAccept();
      });
      return;
    }
    if (static_cast<size_t>(ctx_->metrics->open_connections()) >= ctx_->options->max_connections) {
      Refuse(std::move(socket));
    } else if (tls_) {
      std::make_shared<TlsSession>(std::move(socket), *tls_, ctx_)->Run();
    } else {
      std::make_shared<PlainSession>(std::move(socket), ctx_)->Run();
    }
    DoAccept();
  }

  // Over the connection limit: a canned 503, then close.
  void Refuse(tcp::socket socket) {
    static const std::string kBusy = [] {
      std::string body = "{\"code\":503,\"message\":\"too many open connections\"}";
      return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
             "Content-Type: application/json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    if (tls_) return;  // no handshake for a refusal: just close
    auto s = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*s, asio::buffer(kBusy), [s](beast::error_code, size_t) {
      beast::error_code ignored;
      s->shutdown(tcp::socket::shutdown_both, ignored);
      s->close(ignored);
    });
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  asio::ssl::context* tls_;
  SessionContext* ctx_;
};

Result<tcp::endpoint> Resolve(const std::string& host, uint16_t port) {
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, port);
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    return Status(StatusCode::kInvalidArgument, "cannot resolve " + host + ": " + ec.message());
  }
  return results.begin()->endpoint();
}

}  // namespace

struct Server::Impl {
  explicit Impl(const ServerOptions& o)
      : options(o),
        metrics(Api::RouteNames()),
        readers(o.db_path),
        work(asio::make_work_guard(ioc)) {}

  // Declared before the io_context, so that they outlive the handlers it destroys.
  ServerOptions options;
  Metrics metrics;
  RegisterCache register_cache;
  ContactTally tally{&register_cache};  // the writer's judge
  ReaderPool readers;
  std::unique_ptr<Writer> writer;
  std::unique_ptr<Api> api;
  SessionRegistry sessions;
  SessionContext session_context{};
  std::optional<asio::ssl::context> tls;
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::shared_ptr<Listener> listener;
  tcp::endpoint endpoint;
  std::vector<std::thread> threads;
  bool stopped = false;

  Status Open();
  Status LoadTls();
  Status Listen();
};

Status Server::Impl::Open() {
  auto store = storage::Store::Open(options.db_path, storage::Store::Mode::kReadWrite);
  if (!store.ok()) return store.status();
  if (Status s = register_cache.Reload(**store); !s.ok()) return s;
  Writer::Options wo;
  wo.capacity = options.queue_capacity;
  wo.max_group = options.max_group;
  wo.max_delay = options.max_commit_delay;
  writer = std::make_unique<Writer>(std::move(store).value(), wo, &metrics, &tally);
  api = std::make_unique<Api>(writer.get(), &tally, &readers, &register_cache, &metrics,
                              Api::Limits{options.max_body, options.max_batch_body},
                              options.renderers);
  session_context = {&options, api.get(), &metrics, &sessions, Api::RouteNames()};
  return Status::Ok();
}

Status Server::Impl::LoadTls() {
  if (options.tls_cert.empty() && options.tls_key.empty()) return Status::Ok();
  if (options.tls_cert.empty() || options.tls_key.empty()) {
    return Status::Invalid("tls", "--tls-cert and --tls-key go together");
  }
  // OpenSSL's own message for a missing file is only "asio.ssl error".
  for (const auto& [flag, file] :
       {std::pair{"tls_cert", &options.tls_cert}, std::pair{"tls_key", &options.tls_key}}) {
    if (!std::filesystem::is_regular_file(*file))
      return Status::Invalid(flag, *file + ": no such file");
  }
  tls.emplace(asio::ssl::context::tls_server);
  tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1);
  beast::error_code ec;
  tls->use_certificate_chain_file(options.tls_cert, ec);
  if (ec) return Status::Invalid("tls_cert", options.tls_cert + ": " + ec.message());
  tls->use_private_key_file(options.tls_key, asio::ssl::context::pem, ec);
  if (ec) return Status::Invalid("tls_key", options.tls_key + ": " + ec.message());
  return Status::Ok();
}

Status Server::Impl::Listen() {
  auto ep = Resolve(options.host, options.port);
  if (!ep.ok()) return ep.status();
  tcp::acceptor acceptor(asio::make_strand(ioc));
  beast::error_code ec;
  std::string where = options.host + ":" + std::to_string(options.port);
  if (acceptor.open(ep->protocol(), ec); ec) {
    return Status::Unavailable("listen " + where + ": " + ec.message());
  }
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(*ep, ec); ec) {
    return Status::Unavailable("listen " + where + ": " + ec.message());
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return Status::Unavailable("listen " + where + ": " + ec.message());
  }
  endpoint = acceptor.local_endpoint();
  listener =
      std::make_shared<Listener>(ioc, std::move(acceptor), tls ? &*tls : nullptr, &session_context);
  return Status::Ok();
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  if (options.db_path.empty()) return Status::Invalid("db", "a database file is required");
  if (options.threads < 1) return Status::Invalid("threads", "at least 1");
  auto impl = std::make_unique<Impl>(options);
  if (Status s = impl->LoadTls(); !s.ok()) return s;
  if (Status s = impl->Open(); !s.ok()) return s;
  if (Status s = impl->Listen(); !s.ok()) {
    impl->writer->Stop();
    return s;
  }
  impl->listener->Run();
  for (int i = 0; i < options.threads; ++i) {
    impl->threads.emplace_back([ioc = &impl->ioc] { ioc->run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

std::string Server::host() const { return impl_->endpoint.address().to_string(); }

uint16_t Server::port() const { return impl_->endpoint.port(); }

void Server::Stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  s.listener->Stop();
  s.sessions.ShutdownAll();
  // Sessions close once their answered requests are written; the writer keeps
  // committing meanwhile, so waiting here never deadlocks.
  auto deadline = std::chrono::steady_clock::now() + s.options.drain_timeout;
  while (s.metrics.open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  s.writer->Stop();  // commits everything still queued
  s.work.reset();
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
}

}  // namespace msc::collector
