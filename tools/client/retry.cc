#include "msc/client/retry.h"

#include <algorithm>

namespace msc::client {

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, double jitter,
                                       std::optional<std::chrono::seconds> retry_after) {
  using std::chrono::milliseconds;
  if (retry_after) {
    return std::min<milliseconds>(std::max<milliseconds>(*retry_after, milliseconds(0)),
                                  policy.max_delay);
  }
  // Doubling in floating point cannot overflow however many retries came before.
  double cap = static_cast<double>(policy.initial_delay.count());
  for (int i = 0; i < retry && cap < static_cast<double>(policy.max_delay.count()); ++i) cap *= 2;
  cap = std::min(cap, static_cast<double>(policy.max_delay.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  return milliseconds(static_cast<int64_t>(cap / 2 + cap / 2 * jitter));
}

}  // namespace msc::client
