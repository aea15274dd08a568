#ifndef MSC_CLIENT_RETRY_H_
#define MSC_CLIENT_RETRY_H_

// When to try a request again. Only failures that leave the outcome unknown or that
// the server calls temporary are retried: the network (refused, reset, timed out)
// and 503. A retry resends the same submission ids, so the server answers DUPLICATE
// for what it stored before and nothing is stored twice.

#include <chrono>
#include <optional>

namespace msc::client {

struct RetryPolicy {
  int max_attempts = 6;  // the first try included; 1 = never retry
  std::chrono::milliseconds initial_delay{200};
  std::chrono::milliseconds max_delay{10'000};  // caps the doubling and Retry-After
};

// The pause before attempt `retry + 1` (retry counts from 0): capped exponential
// backoff with jitter, initial * 2^retry capped at max_delay, then scaled into
// [cap/2, cap] by `jitter` in [0, 1) so that many clients do not retry in lockstep.
// A server's Retry-After wins when given, capped at max_delay too.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, double jitter,
                                       std::optional<std::chrono::seconds> retry_after = {});

}  // namespace msc::client

#endif  // MSC_CLIENT_RETRY_H_
