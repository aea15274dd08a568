#ifndef MSC_COLLECTOR_METRICS_H_
#define MSC_COLLECTOR_METRICS_H_

// Counters and histograms for /metrics (Prometheus text format). Lock-free: every
// update is a relaxed atomic add, so io threads and the writer never wait on it.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace msc::collector {

enum class SubmitOutcome { kAccepted, kDuplicate, kConflict, kInvalid, kUnavailable };

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  void Render(std::string_view name, std::string_view help, std::string* out) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // one per bound, plus +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micro_{0};  // sum in millionths, as atomics hold integers
};

class Metrics {
 public:
  // `routes` names the routes requests are counted by, e.g. "/v1/observations".
  explicit Metrics(std::vector<std::string> routes);

  void CountRequest(size_t route, unsigned status);
  void CountSubmissions(SubmitOutcome outcome, uint64_t n = 1);
  // A stored version that breaks a protocol rule (msc.v1.ProtocolFlag number).
  void CountFlag(int flag);
  void ObserveCommit(size_t batch_size, double seconds);
  void ConnectionOpened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t open_connections() const { return connections_.load(std::memory_order_relaxed); }
  void SetQueueDepth(int64_t depth) { queue_depth_.store(depth, std::memory_order_relaxed); }

  std::string Render() const;

 private:
  static constexpr std::array<unsigned, 13> kStatuses = {200, 400, 401, 403, 404, 405, 408,
                                                         409, 413, 415, 431, 500, 503};
  static size_t StatusIndex(unsigned status);  // kStatuses.size() for any other

  std::vector<std::string> routes_;
  std::unique_ptr<std::atomic<uint64_t>[]> requests_;  // [route][status]
  std::array<std::atomic<uint64_t>, 5> submissions_{};
  std::array<std::atomic<uint64_t>, 8> flags_{};  // by msc.v1.ProtocolFlag number
  Histogram batch_sizes_;
  Histogram commit_seconds_;
  std::atomic<int64_t> connections_{0};
  std::atomic<int64_t> queue_depth_{0};
};

}  // namespace msc::collector

#endif  // MSC_COLLECTOR_METRICS_H_
