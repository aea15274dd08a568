#include "msc/client/loadgen.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <memory>
#include <thread>

#include "msc/client/uuid.h"
#include "msc/v1/api.pb.h"

namespace msc::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

// Stands in for the id in the pre-built bodies; each send overwrites it in place
// with a fresh random UUID of the same length, so no body is encoded per request.
constexpr std::string_view kIdSlot = "ffffffff-ffff-4fff-bfff-fffffffffffe";

struct Body {
  std::string bytes;
  std::vector<size_t> id_offsets;
};

Body BuildBody(const LoadOptions& o, size_t first) {
  Body body;
  auto pick = [&](size_t k) {
    v1::Observation obs = o.templates[(first + k) % o.templates.size()];
    obs.set_submission_id(std::string(kIdSlot));
    return obs;
  };
  if (o.batch <= 1) {
    pick(0).SerializeToString(&body.bytes);
  } else {
    v1::BatchSubmitRequest batch;
    for (int k = 0; k < o.batch; ++k) *batch.add_observations() = pick(k);
    batch.SerializeToString(&body.bytes);
  }
  for (size_t at = body.bytes.find(kIdSlot); at != std::string::npos;
       at = body.bytes.find(kIdSlot, at + kIdSlot.size())) {
    body.id_offsets.push_back(at);
  }
  return body;
}

// What one io thread measured; merged at the end.
struct Tally {
  std::vector<uint32_t> latencies_us;
  uint64_t requests = 0, observations = 0, rejected = 0, http_errors = 0, network_errors = 0;
  std::map<unsigned, uint64_t> statuses;
  Clock::time_point last_response{};
};

class Connection {
 public:
  Connection(asio::io_context& ioc, tcp::endpoint endpoint, const LoadOptions& o, Body body,
             Tally* tally, Clock::time_point start, Clock::time_point end, Clock::duration offset,
             uint64_t seed)
      : stream_(ioc),
        timer_(ioc),
        endpoint_(endpoint),
        batch_(o.batch > 1),
        tally_(tally),
        end_(end),
        due_(start + offset),
        rng_(seed) {
    if (o.rate > 0) {
      interval_ = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(o.connections / o.rate));
    }
    req_ = {http::verb::post, batch_ ? "/v1/observations:batch" : "/v1/observations", 11};
    if (!o.url.prefix.empty()) req_.target(o.url.prefix + std::string(req_.target()));
    req_.set(http::field::host, o.url.authority());
    req_.set(http::field::content_type, "application/x-protobuf");
    req_.set(http::field::accept, "application/x-protobuf");
    if (!o.token.empty()) req_.set(http::field::authorization, "Bearer " + o.token);
    req_.keep_alive(true);
    req_.body() = std::move(body.bytes);
    req_.prepare_payload();
    id_offsets_ = std::move(body.id_offsets);
  }

  void Start() { Connect(); }

 private:
  bool open_loop() const { return interval_ != Clock::duration::zero(); }

  void Connect() {
    stream_.expires_after(std::chrono::seconds(10));
    stream_.async_connect(endpoint_, [this](error_code ec) {
      if (ec) return Failed();
      stream_.socket().set_option(tcp::no_delay(true));
      Next();
    });
  }

  // A failed connection is counted and replaced after a short pause, so a flapping
  // server shows up as errors rather than as a busy loop.
  void Failed() {
    ++tally_->network_errors;
    error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    if (Clock::now() >= end_) return;
    timer_.expires_after(std::chrono::milliseconds(100));
    timer_.async_wait([this](error_code) { Connect(); });
  }

  void Next() {
    Clock::time_point now = Clock::now();
    if (now >= end_) {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    if (open_loop() && due_ > now) {
      timer_.expires_at(due_);
      timer_.async_wait([this](error_code) { Send(); });
      return;
    }
    Send();
  }

  void Send() {
    std::string& body = req_.body();
    for (size_t at : id_offsets_) {
      uint64_t hi = rng_();
      FormatRandomUuid(hi, rng_(), body.data() + at);
    }
    sent_at_ = open_loop() ? due_ : Clock::now();
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, req_, [this](error_code ec, size_t) {
      if (ec) return Failed();
      res_ = {};
      http::async_read(stream_, buffer_, res_, [this](error_code ec, size_t) {
        if (ec) return Failed();
        Record();
        if (open_loop()) due_ += interval_;
        if (!res_.keep_alive()) return Failed();
        Next();
      });
    });
  }

  void Record() {
    Clock::time_point now = Clock::now();
    tally_->last_response = std::max(tally_->last_response, now);
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_).count();
    tally_->latencies_us.push_back(static_cast<uint32_t>(std::max<int64_t>(us, 0)));
    unsigned status = res_.result_int();
    ++tally_->statuses[status];
    if (status != 200) {
      ++tally_->http_errors;
      return;
    }
    ++tally_->requests;
    auto count = [this](v1::SubmitStatus s) {
      bool ok = s == v1::ACCEPTED || s == v1::DUPLICATE;
      ++(ok ? tally_->observations : tally_->rejected);
    };
    if (batch_) {
      if (!batch_result_.ParseFromString(res_.body())) return;
      for (const v1::SubmitResult& r : batch_result_.results()) count(r.status());
    } else if (result_.ParseFromString(res_.body())) {
      count(result_.status());
    }
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  tcp::endpoint endpoint_;
  bool batch_;
  Tally* tally_;
  Clock::time_point end_;
  Clock::time_point due_;
  Clock::duration interval_{};
  Clock::time_point sent_at_;
  std::mt19937_64 rng_;
  http::request<http::string_body> req_;
  std::vector<size_t> id_offsets_;
  beast::flat_buffer buffer_;
  http::response<http::string_body> res_;
  v1::SubmitResult result_;
  v1::BatchSubmitResponse batch_result_;
};

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace

Result<LoadReport> RunLoad(const LoadOptions& o) {
  if (o.templates.empty()) return Status::Invalid("templates", "no observation to send");
  if (o.connections < 1) return Status::Invalid("--connections", "must be at least 1");
  if (o.batch < 1) return Status::Invalid("--batch", "must be at least 1");
  if (o.rate < 0) return Status::Invalid("--rate", "must be 0 or more");
  int threads = std::clamp(o.threads, 1, o.connections);

  tcp::endpoint endpoint;
  {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    error_code ec;
    auto results = resolver.resolve(o.url.host, std::to_string(o.url.port), ec);
    if (ec || results.empty()) {
      return Status::Unavailable("resolve " + o.url.authority() + ": " + ec.message());
    }
    endpoint = *results.begin();
  }

  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<Tally> tallies(threads);
  std::vector<std::unique_ptr<Connection>> connections;
  Clock::time_point start = Clock::now();
  Clock::time_point end = start + o.duration;
  std::random_device seed;
  auto spacing =
      o.rate > 0
          ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.rate))
          : Clock::duration::zero();
  for (int t = 0; t < threads; ++t) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    // Expect about a request per 50 us per thread: reserve to keep push_back cheap.
    tallies[t].latencies_us.reserve(
        static_cast<size_t>(std::chrono::duration<double>(o.duration).count() * 20'000 / threads));
  }
  for (int c = 0; c < o.connections; ++c) {
    int t = c % threads;
    uint64_t s = (static_cast<uint64_t>(seed()) << 32) | seed();
    connections.push_back(std::make_unique<Connection>(
        *contexts[t], endpoint, o, BuildBody(o, static_cast<size_t>(c) * o.batch), &tallies[t],
        start, end, spacing * c, s));
    connections.back()->Start();
  }
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back([&, t] { contexts[t]->run(); });
  contexts[0]->run();
  for (auto& w : workers) w.join();

  LoadReport report;
  std::vector<uint32_t> all;
  Clock::time_point last = start;
  for (Tally& t : tallies) {
    all.insert(all.end(), t.latencies_us.begin(), t.latencies_us.end());
    report.requests += t.requests;
    report.observations += t.observations;
    report.rejected += t.rejected;
    report.http_errors += t.http_errors;
    report.network_errors += t.network_errors;
    for (auto [status, n] : t.statuses) report.statuses[status] += n;
    last = std::max(last, t.last_response);
  }
  report.seconds = std::chrono::duration<double>(last - start).count();
  std::sort(all.begin(), all.end());
  report.p50_us = Percentile(all, 0.50);
  report.p90_us = Percentile(all, 0.90);
  report.p99_us = Percentile(all, 0.99);
  report.max_us = all.empty() ? 0 : all.back();
  return report;
}

}  // namespace msc::client
