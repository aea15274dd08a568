#include "observer_adjustment.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "parallel.h"

namespace msc::scoring {
namespace {

// Per-group sums of residuals, taken over the two halves of the rows (on two threads
// when there are many) and then added: the same rows always give the same sums.
struct ResidualSums {
  std::vector<double> halves[2];

  explicit ResidualSums(size_t groups)
      : halves{std::vector<double>(groups), std::vector<double>(groups)} {}

  template <class GroupOf, class Others>
  void Take(std::span<const AdjustmentRow> rows, GroupOf group_of, Others others) {
    for (std::vector<double>& sums : halves) std::fill(sums.begin(), sums.end(), 0.0);
    InTwoHalves(rows.size(), rows.size() >= kParallelFrom, [&](size_t from, size_t to) {
      std::vector<double>& sums = halves[to == rows.size() ? 1 : 0];
      for (const AdjustmentRow& row : rows.subspan(from, to - from)) {
        sums[group_of(row)] += row.experience - others(row);
      }
    });
  }
  double operator[](size_t group) const { return halves[0][group] + halves[1][group]; }
};

// Replaces `effect` by the weighted mean residual per group and returns the
// largest change. `others` is the rest of the model's prediction for a row.
template <class GroupOf, class Others>
double UpdateEffect(std::span<const AdjustmentRow> rows, std::span<const int64_t> counts,
                    std::span<double> effect, ResidualSums& sums, GroupOf group_of, Others others) {
  sums.Take(rows, group_of, others);
  double largest = 0;
  for (size_t k = 0; k < effect.size(); ++k) {
    const double updated = counts[k] > 0 ? sums[k] / static_cast<double>(counts[k]) : 0.0;
    largest = std::max(largest, std::abs(updated - effect[k]));
    effect[k] = updated;
  }
  return largest;
}

// Shifts the effects so that their count-weighted sum is zero; returns the shift.
double Center(std::span<double> effect, std::span<const int64_t> counts, double total) {
  double weighted = 0;
  for (size_t k = 0; k < effect.size(); ++k) weighted += static_cast<double>(counts[k]) * effect[k];
  const double shift = weighted / total;
  for (size_t k = 0; k < effect.size(); ++k) {
    if (counts[k] > 0) effect[k] -= shift;
  }
  return shift;
}

}  // namespace

ObserverFit FitObserverEffects(std::span<const AdjustmentRow> rows, uint32_t companies,
                               uint32_t observers) {
  ObserverFit fit;
  fit.company_effect.assign(companies, 0.0);
  fit.leniency.assign(observers, 0.0);
  fit.observer_rows.assign(observers, 0);
  if (rows.empty()) {
    fit.converged = true;
    return fit;
  }
  std::vector<int64_t> company_rows(companies, 0);
  std::vector<int64_t> channel_rows(kChannelSlots, 0);
  double sum = 0;
  for (const AdjustmentRow& row : rows) {
    assert(row.company < companies && row.observer < observers && row.channel < kChannelSlots);
    ++company_rows[row.company];
    ++fit.observer_rows[row.observer];
    ++channel_rows[row.channel];
    sum += row.experience;
  }
  const double total = static_cast<double>(rows.size());
  fit.mu = sum / total;

  ResidualSums sums(std::max<size_t>({companies, observers, kChannelSlots}));
  std::span<double> a(fit.company_effect), b(fit.leniency), g(fit.channel_effect);
  const double mu = fit.mu;
  while (fit.iterations < kMaxAdjustmentIterations) {
    ++fit.iterations;
    double change = UpdateEffect(
        rows, company_rows, a, sums, [](const AdjustmentRow& r) { return r.company; },
        [&](const AdjustmentRow& r) { return mu + b[r.observer] + g[r.channel]; });
    // Centering moves every b by the same shift: count it as a change too.
    std::vector<double> before(b.begin(), b.end());
    UpdateEffect(
        rows, fit.observer_rows, b, sums, [](const AdjustmentRow& r) { return r.observer; },
        [&](const AdjustmentRow& r) { return mu + a[r.company] + g[r.channel]; });
    Center(b, fit.observer_rows, total);
    for (size_t k = 0; k < b.size(); ++k) change = std::max(change, std::abs(b[k] - before[k]));
    const std::array<double, kChannelSlots> g_before = fit.channel_effect;
    UpdateEffect(
        rows, channel_rows, g, sums, [](const AdjustmentRow& r) { return r.channel; },
        [&](const AdjustmentRow& r) { return mu + a[r.company] + b[r.observer]; });
    Center(g, channel_rows, total);
    for (size_t k = 0; k < g.size(); ++k) change = std::max(change, std::abs(g[k] - g_before[k]));
    if (change < kAdjustmentTolerance) {
      fit.converged = true;
      break;
    }
  }
  return fit;
}

}  // namespace msc::scoring
