#ifndef MSC_SCORING_OBSERVER_ADJUSTMENT_H_
#define MSC_SCORING_OBSERVER_ADJUSTMENT_H_

// Section 8: observers differ in leniency. Least squares for
//   experience = mu + a_company + b_observer + g_channel + error
// by backfitting (alternating weighted means), with the count-weighted b and g
// each summing to zero.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "contact.h"

namespace msc::scoring {

inline constexpr double kAdjustmentTolerance = 1e-9;
inline constexpr int kMaxAdjustmentIterations = 1000;

// One served contact with an experience.
struct AdjustmentRow {
  double experience = 0;
  uint32_t company = 0;
  uint32_t observer = 0;
  uint8_t channel = 0;
};

struct ObserverFit {
  double mu = 0;
  std::vector<double> company_effect;                  // a, 0 for a company without rows
  std::vector<double> leniency;                        // b, 0 for an observer without rows
  std::vector<int64_t> observer_rows;                  // contacts of each observer in the fit
  std::array<double, kChannelSlots> channel_effect{};  // g
  int iterations = 0;
  bool converged = false;
};

// Stops when no parameter moved by kAdjustmentTolerance or more in a sweep, or after
// kMaxAdjustmentIterations sweeps.
ObserverFit FitObserverEffects(std::span<const AdjustmentRow> rows, uint32_t companies,
                               uint32_t observers);

}  // namespace msc::scoring

#endif  // MSC_SCORING_OBSERVER_ADJUSTMENT_H_
