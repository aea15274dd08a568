#ifndef MSC_CLIENT_LOADGEN_H_
#define MSC_CLIENT_LOADGEN_H_

// Load for the collector: `connections` keep-alive connections POST valid
// observations with fresh random ids (protobuf bodies). Closed loop (rate 0): each
// connection sends its next request as soon as the previous one is acknowledged.
// Open loop (rate > 0): requests are due at fixed times; latency counts from when a
// request was due, not when it was sent, so a stalled server cannot hide its queue
// (no coordinated omission).

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "msc/client/url.h"
#include "msc/proto/status.h"
#include "msc/v1/observation.pb.h"

namespace msc::client {

struct LoadOptions {
  Url url;
  std::string token;
  int connections = 32;
  int threads = 1;  // io threads; connections are spread over them
  std::chrono::milliseconds duration{10'000};
  int batch = 1;    // 1: POST /v1/observations; more: POST /v1/observations:batch
  double rate = 0;  // requests per second over all connections; 0 = closed loop
  std::vector<v1::Observation> templates;  // valid observations; their ids are replaced
};

struct LoadReport {
  double seconds = 0;                     // from the first request to the last response
  uint64_t requests = 0;                  // answered with 200
  uint64_t observations = 0;              // ACCEPTED or DUPLICATE inside those
  uint64_t rejected = 0;                  // observations answered INVALID or CONFLICT
  uint64_t http_errors = 0;               // responses other than 200
  uint64_t network_errors = 0;            // failed connects, resets, time-outs
  std::map<unsigned, uint64_t> statuses;  // HTTP status -> count
  // Request latency in microseconds over answered requests.
  double p50_us = 0, p90_us = 0, p99_us = 0, max_us = 0;
};

Result<LoadReport> RunLoad(const LoadOptions& options);

}  // namespace msc::client

#endif  // MSC_CLIENT_LOADGEN_H_
