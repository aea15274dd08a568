#include "metrics.h"

#include <cstdio>
#include <string_view>

#include "msc/v1/observation.pb.h"

namespace msc::collector {
namespace {

constexpr size_t kStatusSlots = 14;  // the known statuses and "other"

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]()) {}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micro_.fetch_add(static_cast<uint64_t>(value * 1e6), std::memory_order_relaxed);
}

void Histogram::Render(std::string_view name, std::string_view help, std::string* out) const {
  std::string n(name);
  *out += "# HELP " + n + " " + std::string(help) + "\n# TYPE " + n + " histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    std::string le = i < bounds_.size() ? Number(bounds_[i]) : "+Inf";
    *out += n + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
  }
  *out += n + "_sum " + Number(static_cast<double>(sum_micro_.load()) / 1e6) + "\n";
  *out += n + "_count " + std::to_string(count_.load()) + "\n";
}

Metrics::Metrics(std::vector<std::string> routes)
    : routes_(std::move(routes)),
      requests_(new std::atomic<uint64_t>[routes_.size() * kStatusSlots]()),
      batch_sizes_({1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
      commit_seconds_(
          {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}) {
  static_assert(kStatuses.size() + 1 == kStatusSlots);
}

size_t Metrics::StatusIndex(unsigned status) {
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kStatuses.size();
}

void Metrics::CountRequest(size_t route, unsigned status) {
  if (route >= routes_.size()) return;
  requests_[route * kStatusSlots + StatusIndex(status)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::CountSubmissions(SubmitOutcome outcome, uint64_t n) {
  submissions_[static_cast<size_t>(outcome)].fetch_add(n, std::memory_order_relaxed);
}

void Metrics::ObserveCommit(size_t batch_size, double seconds) {
  batch_sizes_.Observe(static_cast<double>(batch_size));
  commit_seconds_.Observe(seconds);
}

void Metrics::CountFlag(int flag) {
  if (flag > 0 && flag < static_cast<int>(flags_.size()))
    flags_[flag].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP msc_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE msc_http_requests_total counter\n";
  for (size_t r = 0; r < routes_.size(); ++r) {
    for (size_t s = 0; s < kStatusSlots; ++s) {
      uint64_t v = requests_[r * kStatusSlots + s].load(std::memory_order_relaxed);
      if (v == 0) continue;
      std::string code = s < kStatuses.size() ? std::to_string(kStatuses[s]) : "other";
      out += "msc_http_requests_total{route=\"" + routes_[r] + "\",code=\"" + code + "\"} " +
             std::to_string(v) + "\n";
    }
  }
  static constexpr std::string_view kOutcomes[] = {"accepted", "duplicate", "conflict", "invalid",
                                                   "unavailable"};
  out += "# HELP msc_submissions_total Submitted observations by outcome.\n";
  out += "# TYPE msc_submissions_total counter\n";
  for (size_t i = 0; i < submissions_.size(); ++i) {
    out += "msc_submissions_total{outcome=\"" + std::string(kOutcomes[i]) + "\"} " +
           std::to_string(submissions_[i].load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP msc_protocol_flags_total Stored versions breaking a protocol rule, by rule.\n";
  out += "# TYPE msc_protocol_flags_total counter\n";
  for (int f = 1; f < static_cast<int>(flags_.size()); ++f) {
    if (!v1::ProtocolFlag_IsValid(f)) continue;
    out += "msc_protocol_flags_total{flag=\"" +
           v1::ProtocolFlag_Name(static_cast<v1::ProtocolFlag>(f)) + "\"} " +
           std::to_string(flags_[f].load(std::memory_order_relaxed)) + "\n";
  }
  batch_sizes_.Render("msc_commit_batch_size", "Observations per committed transaction.", &out);
  commit_seconds_.Render("msc_commit_seconds", "Time to insert and commit one group.", &out);
  out += "# HELP msc_writer_queue_depth Observations waiting for the writer.\n";
  out += "# TYPE msc_writer_queue_depth gauge\n";
  out += "msc_writer_queue_depth " + std::to_string(queue_depth_.load()) + "\n";
  out += "# HELP msc_open_connections Open client connections.\n";
  out += "# TYPE msc_open_connections gauge\n";
  out += "msc_open_connections " + std::to_string(connections_.load()) + "\n";
  return out;
}

}  // namespace msc::collector
