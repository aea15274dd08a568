// Section 7: reproducible rank confidence.
#include "bootstrap.h"

#include <catch2/catch.hpp>

#include <numeric>

namespace msc::scoring {
namespace {

// Companies of two industries; company c has one stratum of scores base + noise.
struct Design {
  std::vector<double> scores;
  BootstrapDesign design;
};

Design TwoIndustries() {
  Design d;
  const double bases[] = {70, 72, 69, 50, 52, 51, 60};
  const int32_t industries[] = {0, 0, 0, 1, 1, 1, -1};
  for (int c = 0; c < 7; ++c) {
    d.design.companies.push_back({industries[c], static_cast<uint32_t>(c), 1});
    d.design.strata.push_back({static_cast<uint32_t>(d.scores.size()), 10});
    for (int k = 0; k < 10; ++k) d.scores.push_back(bases[c] + (k % 5) * 4 - 8);
  }
  d.design.scores = d.scores;
  d.design.industries = 2;
  return d;
}

TEST_CASE("uniform indexes stay in range and repeat from the same seed") {
  std::mt19937_64 a(7), b(7);
  for (uint64_t n : {1ull, 2ull, 3ull, 10ull, 1000003ull}) {
    for (int i = 0; i < 100; ++i) {
      const uint64_t x = UniformIndex(a, n);
      CHECK(x < n);
      CHECK(x == UniformIndex(b, n));
    }
  }
}

TEST_CASE("uniform indexes cover every value about equally") {
  std::mt19937_64 generator(1);
  std::vector<int> seen(6, 0);
  for (int i = 0; i < 60000; ++i) ++seen[UniformIndex(generator, 6)];
  for (int count : seen) CHECK(std::abs(count - 10000) < 400);
}

TEST_CASE("win probabilities sum to one overall and in each industry") {
  Design d = TwoIndustries();
  const WinProbabilities wins = BootstrapWins(d.design, 200, 1);
  CHECK(std::accumulate(wins.overall.begin(), wins.overall.end(), 0.0) == Approx(1.0));
  CHECK(wins.industry[0] + wins.industry[1] + wins.industry[2] == Approx(1.0));
  CHECK(wins.industry[3] + wins.industry[4] + wins.industry[5] == Approx(1.0));
  CHECK(wins.industry[6] == 0);                // no industry competition
  CHECK(wins.industry[1] > wins.industry[2]);  // 72 beats 69 more often than not
}

TEST_CASE("the same seed gives the same win probabilities") {
  Design d = TwoIndustries();
  CHECK(BootstrapWins(d.design, 50, 42).overall == BootstrapWins(d.design, 50, 42).overall);
}

TEST_CASE("companies with identical constant scores share every win") {
  std::vector<double> scores(6, 80.0);
  BootstrapDesign design;
  design.scores = scores;
  design.industries = 1;
  design.companies = {{0, 0, 1}, {0, 1, 1}};
  design.strata = {{0, 3}, {3, 3}};
  const WinProbabilities wins = BootstrapWins(design, 20, 1);
  CHECK(wins.overall == std::vector<double>{0.5, 0.5});
  CHECK(wins.industry == std::vector<double>{0.5, 0.5});
}

TEST_CASE("recording the replicates leaves the win probabilities unchanged") {
  Design d = TwoIndustries();
  ReplicateValues recorded;
  const WinProbabilities plain = BootstrapWins(d.design, 60, 8);
  const WinProbabilities with_values = BootstrapWins(d.design, 60, 8, &recorded);
  CHECK(plain.overall == with_values.overall);
  CHECK(plain.industry == with_values.industry);
  REQUIRE(recorded.values.size() == 60 * 7);
  CHECK(recorded.companies == 7);
  CHECK(recorded.replicates == 60);
}

TEST_CASE("recorded replicates are the resampled indexes, near each company's own") {
  Design d = TwoIndustries();
  ReplicateValues recorded;
  BootstrapWins(d.design, 40, 2, &recorded);
  const double bases[] = {70, 72, 69, 50, 52, 51, 60};
  for (int r = 0; r < 40; ++r) {
    for (int c = 0; c < 7; ++c) {
      // Scores are base - 8 .. base + 8, so is any mean of them.
      const double value = recorded.values[r * 7 + c];
      CHECK(value >= bases[c] - 8);
      CHECK(value <= bases[c] + 8);
    }
  }
}

TEST_CASE("no replicates give no wins") {
  Design d = TwoIndustries();
  const WinProbabilities wins = BootstrapWins(d.design, 0, 1);
  CHECK(std::accumulate(wins.overall.begin(), wins.overall.end(), 0.0) == 0);
}

}  // namespace
}  // namespace msc::scoring
