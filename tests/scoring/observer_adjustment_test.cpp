// Section 8: the observer-effects fit recovers known leniencies.
#include "observer_adjustment.h"

#include <catch2/catch.hpp>

#include <random>

namespace msc::scoring {
namespace {

TEST_CASE("noise-free additive data are fitted exactly") {
  // Two companies (60, 80), two observers (+5, -5), one channel; every pair seen
  // twice, so the weighted leniencies are already centred.
  std::vector<AdjustmentRow> rows;
  for (int rep = 0; rep < 2; ++rep) {
    rows.push_back({65, 0, 0, v1::PHONE});
    rows.push_back({55, 0, 1, v1::PHONE});
    rows.push_back({85, 1, 0, v1::PHONE});
    rows.push_back({75, 1, 1, v1::PHONE});
  }
  const ObserverFit fit = FitObserverEffects(rows, 2, 2);
  CHECK(fit.converged);
  CHECK(fit.leniency[0] == Approx(5));
  CHECK(fit.leniency[1] == Approx(-5));
  CHECK(fit.mu + fit.company_effect[0] == Approx(60));
  CHECK(fit.mu + fit.company_effect[1] == Approx(80));
  CHECK(fit.observer_rows == std::vector<int64_t>{4, 4});
}

TEST_CASE("count-weighted leniencies and channel effects sum to zero") {
  std::vector<AdjustmentRow> rows = {{70, 0, 0, v1::PHONE},
                                     {50, 0, 1, v1::CHAT},
                                     {60, 1, 1, v1::PHONE},
                                     {90, 1, 0, v1::EMAIL},
                                     {40, 1, 1, v1::CHAT}};
  const ObserverFit fit = FitObserverEffects(rows, 2, 2);
  CHECK(fit.converged);
  CHECK(2 * fit.leniency[0] + 3 * fit.leniency[1] == Approx(0).margin(1e-9));
  CHECK(2 * fit.channel_effect[v1::PHONE] + 2 * fit.channel_effect[v1::CHAT] +
            fit.channel_effect[v1::EMAIL] ==
        Approx(0).margin(1e-9));
}

TEST_CASE("simulated observer offsets are recovered within half a point") {
  // 20 observers with offsets -8..+8, 40 companies of true level 40..75, three
  // channels with their own effects, contact noise sd 8; observers favour some
  // companies so that a plain per-observer mean would be biased.
  std::mt19937_64 generator(2024);
  std::normal_distribution<double> noise(0, 8);
  std::vector<double> offset(20);
  for (int o = 0; o < 20; ++o) offset[o] = -8 + 16.0 * o / 19;
  const double channel_effect[] = {0, 3, -2, 1, 0};
  std::vector<AdjustmentRow> rows;
  for (int i = 0; i < 40000; ++i) {
    const uint32_t observer = i % 20;
    const uint32_t company = (observer * 2 + (i / 20) % 20) % 40;  // 20 companies each
    const uint8_t channel = 1 + (i / 200) % 3;
    const double level = 40 + 35.0 * company / 39;
    rows.push_back({level + offset[observer] + channel_effect[channel] + noise(generator), company,
                    observer, channel});
  }
  const ObserverFit fit = FitObserverEffects(rows, 40, 20);
  REQUIRE(fit.converged);
  double weighted = 0;  // the fit centres by counts: compare with centred offsets
  for (int o = 0; o < 20; ++o) weighted += offset[o] * fit.observer_rows[o];
  weighted /= static_cast<double>(rows.size());
  for (int o = 0; o < 20; ++o) {
    INFO("observer " << o);
    CHECK(std::abs(fit.leniency[o] - (offset[o] - weighted)) < 0.5);
  }
}

TEST_CASE("an empty fit has no effects") {
  const ObserverFit fit = FitObserverEffects({}, 3, 2);
  CHECK(fit.leniency == std::vector<double>{0, 0});
  CHECK(fit.converged);
}

}  // namespace
}  // namespace msc::scoring
