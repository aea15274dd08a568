// Rank sets: marginal confidence sets for ranks from the bootstrap's replicates
// (scoring/README.md "Rank sets").
#include "rank_sets.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include "bootstrap.h"

namespace msc::scoring {
namespace {

// Companies with their contact scores in two channel strata, no industries: a design
// for the bootstrap and the observed indexes (channel-balanced: the mean of the two
// strata means).
struct Program {
  std::vector<double> scores;
  BootstrapDesign design;
  std::vector<double> observed;
};

Program Companies(const std::vector<std::vector<double>>& phone,
                  const std::vector<std::vector<double>>& chat) {
  Program p;
  for (size_t c = 0; c < phone.size(); ++c) {
    p.design.companies.push_back({-1, static_cast<uint32_t>(p.design.strata.size()), 2});
    double index = 0;
    for (const auto* stratum : {&phone[c], &chat[c]}) {
      p.design.strata.push_back(
          {static_cast<uint32_t>(p.scores.size()), static_cast<uint32_t>(stratum->size())});
      p.scores.insert(p.scores.end(), stratum->begin(), stratum->end());
      index += std::accumulate(stratum->begin(), stratum->end(), 0.0) / stratum->size() / 2;
    }
    p.observed.push_back(index);
  }
  p.design.scores = p.scores;
  return p;
}

// The rank sets of all the program's companies from `replicates` bootstrap replicates.
std::vector<RankSet> RankSetsOf(const Program& p, int replicates, uint64_t seed,
                                bool parallel = false) {
  ReplicateValues recorded;
  BootstrapWins(p.design, replicates, seed, &recorded);
  std::vector<uint32_t> all(p.observed.size());
  std::iota(all.begin(), all.end(), 0u);
  const RankComparison comparison(recorded, all, p.observed, parallel);
  std::vector<RankSet> sets;
  for (size_t j = 0; j < all.size(); ++j) sets.push_back(comparison.SetOf(j));
  return sets;
}

// Contact deviations from a company's mean: six values, symmetric about 0 (so the
// mean of contacts drawn from them is the company's mean), standard deviation 13.7
// points, about a contact's spread in the reference award's data.
constexpr double kNoise[] = {-20, -12, -4, 4, 12, 20};

std::vector<double> Drawn(double mean, int n, std::mt19937_64& generator) {
  std::vector<double> scores;
  for (int i = 0; i < n; ++i) scores.push_back(mean + kNoise[UniformIndex(generator, 6)]);
  return scores;
}

// The same six deviations in turn: a company whose sample mean is its mean - 20/n
// (n not a multiple of 6), whatever its mean.
std::vector<double> Cycled(double mean, int n) {
  std::vector<double> scores;
  for (int i = 0; i < n; ++i) scores.push_back(mean + kNoise[i % 6]);
  return scores;
}

bool Holds(const RankSet& set, int rank) { return set.low <= rank && rank <= set.high; }

TEST_CASE("rank sets of 200 simulated programs hold the true ranks at least 93% of the time") {
  // A dozen companies, some close together and some apart, 25 contacts each (13 by
  // phone, 12 by chat). True rank: 1 + the companies with a higher true mean.
  const std::vector<double> means = {50, 52, 53, 55, 58, 59, 60, 62, 65, 66, 70, 72};
  const int n = static_cast<int>(means.size());
  int held = 0, total = 0, full = 0;
  double width = 0;
  for (uint64_t program = 0; program < 200; ++program) {
    std::mt19937_64 generator(program + 1);
    std::vector<std::vector<double>> phone, chat;
    for (double mean : means) {
      phone.push_back(Drawn(mean, 13, generator));
      chat.push_back(Drawn(mean, 12, generator));
    }
    const std::vector<RankSet> sets = RankSetsOf(Companies(phone, chat), 200, 1000 + program);
    for (int c = 0; c < n; ++c) {
      const int true_rank =
          1 + static_cast<int>(std::count_if(means.begin(), means.end(),
                                             [&](double m) { return m > means[c]; }));
      held += Holds(sets[c], true_rank);
      full += sets[c].low == 1 && sets[c].high == n;
      width += sets[c].high - sets[c].low + 1;
      ++total;
    }
  }
  const double coverage = static_cast<double>(held) / total;
  UNSCOPED_INFO("coverage " << coverage << " over " << total << " company-programs, mean set size "
                            << width / total << ", sets of all ranks " << full);
  CHECK(coverage >= 0.93);
  // Sets that said nothing would cover trivially: most of them must exclude some rank.
  CHECK(full < total / 2);
}

TEST_CASE("a company 15 points ahead of the rest with 25 contacts is a clear winner") {
  // Twelve companies with the same 25 contact scores about their means: eleven at 60
  // and one at 75, so it leads each of them by exactly 15 points.
  std::vector<std::vector<double>> phone, chat;
  for (int c = 0; c < 12; ++c) {
    const double mean = c == 4 ? 75 : 60;
    phone.push_back(Cycled(mean, 13));
    chat.push_back(Cycled(mean, 12));
  }
  for (uint64_t seed : {1, 2, 3}) {
    const std::vector<RankSet> sets = RankSetsOf(Companies(phone, chat), 1000, seed);
    CHECK(sets[4].low == 1);
    CHECK(sets[4].high == 1);
    for (int c = 0; c < 12; ++c) {
      if (c == 4) continue;
      CHECK(sets[c].low == 2);
      CHECK(sets[c].high == 12);
    }
  }
}

TEST_CASE("a company 5 points ahead of the rest with 25 contacts is not a clear winner") {
  std::vector<std::vector<double>> phone, chat;
  for (int c = 0; c < 12; ++c) {
    const double mean = c == 4 ? 65 : 60;
    phone.push_back(Cycled(mean, 13));
    chat.push_back(Cycled(mean, 12));
  }
  const std::vector<RankSet> sets = RankSetsOf(Companies(phone, chat), 1000, 1);
  CHECK(sets[4].low == 1);
  CHECK(sets[4].high == 12);
}

TEST_CASE("with two companies the critical value is the two-sided normal quantile, about 1.96") {
  // 400 contacts each: the bootstrap distribution of the studentized difference is
  // close to the standard normal.
  std::mt19937_64 generator(5);
  const Program p = Companies({Drawn(60, 200, generator), Drawn(62, 200, generator)},
                              {Drawn(60, 200, generator), Drawn(62, 200, generator)});
  ReplicateValues recorded;
  BootstrapWins(p.design, 4000, 9, &recorded);
  const std::vector<uint32_t> both = {0, 1};
  const RankComparison comparison(recorded, both, p.observed, false);
  CHECK(comparison.CriticalValue(0) == Approx(1.96).margin(0.08));
  CHECK(comparison.CriticalValue(1) == Approx(1.96).margin(0.08));
  // sd 13.7 over 400 contacts (two strata of 200, balanced): about 0.68.
  CHECK(comparison.StandardError(0) == Approx(13.7 / 20).margin(0.07));
}

TEST_CASE("every rank set holds the company's own competition rank, ties included") {
  // Companies in tied pairs (identical scores) and close values: the point rank of
  // section 5 (1 + the companies more than 1e-9 ahead) is in every set.
  std::vector<std::vector<double>> phone, chat;
  std::mt19937_64 generator(3);
  for (int c = 0; c < 10; ++c) {
    if (c % 2 == 1) {
      phone.push_back(phone.back());
      chat.push_back(chat.back());
      continue;
    }
    phone.push_back(Drawn(55 + c, 8, generator));
    chat.push_back(Drawn(55 + c, 8, generator));
  }
  const Program p = Companies(phone, chat);
  const std::vector<RankSet> sets = RankSetsOf(p, 300, 4);
  for (size_t c = 0; c < sets.size(); ++c) {
    const int rank =
        1 + static_cast<int>(std::count_if(p.observed.begin(), p.observed.end(),
                                           [&](double v) { return v - p.observed[c] > 1e-9; }));
    INFO("company " << c << " rank " << rank);
    CHECK(Holds(sets[c], rank));
    CHECK(1 <= sets[c].low);
    CHECK(sets[c].low <= sets[c].high);
    CHECK(sets[c].high <= 10);
  }
  // A tied pair is never ordered: each one's set reaches the other's rank.
  CHECK(sets[0].high >= 2);
  CHECK(sets[1].high >= 2);
}

TEST_CASE("companies whose replicates never vary are ordered by their values alone") {
  // Every contact alike: no sampling error, so any difference is sure; an equal value
  // is a tie, never ordered.
  const Program p = Companies({{80, 80, 80}, {70, 70, 70}, {70, 70, 70}, {60, 60}},
                              {{80, 80}, {70, 70}, {70, 70}, {60, 60, 60}});
  const std::vector<RankSet> sets = RankSetsOf(p, 50, 1);
  CHECK(sets[0].low == 1);
  CHECK(sets[0].high == 1);
  CHECK(sets[1].low == 2);
  CHECK(sets[1].high == 3);
  CHECK(sets[2].low == 2);
  CHECK(sets[2].high == 3);
  CHECK(sets[3].low == 4);
  CHECK(sets[3].high == 4);
}

TEST_CASE("a company with no sampling error is still compared with its rivals' error") {
  // The first company's contacts all scored 70; the second's six contacts scored 40,
  // 48 and 56 in each channel (index 48): its standard error alone decides the pair,
  // and 22 points are well beyond it.
  const Program p = Companies({{70, 70, 70}, Cycled(60, 3)}, {{70, 70, 70}, Cycled(60, 3)});
  ReplicateValues recorded;
  BootstrapWins(p.design, 500, 2, &recorded);
  const std::vector<uint32_t> both = {0, 1};
  const RankComparison comparison(recorded, both, p.observed, false);
  CHECK(comparison.StandardError(0) == 0);
  CHECK(comparison.StandardError(1) > 0);
  CHECK(comparison.SetOf(0).low == 1);
  CHECK(comparison.SetOf(0).high == 1);
  CHECK(comparison.SetOf(1).low == 2);
  CHECK(comparison.SetOf(1).high == 2);
}

TEST_CASE("a lone company's rank set is {1}") {
  const Program p = Companies({Cycled(50, 5)}, {Cycled(50, 5)});
  const std::vector<RankSet> sets = RankSetsOf(p, 20, 1);
  CHECK(sets[0].low == 1);
  CHECK(sets[0].high == 1);
}

TEST_CASE("critical values computed on two threads equal those computed on one") {
  std::vector<std::vector<double>> phone, chat;
  std::mt19937_64 generator(11);
  for (int c = 0; c < 9; ++c) {
    phone.push_back(Drawn(50 + 2 * c, 10, generator));
    chat.push_back(Drawn(50 + 2 * c, 10, generator));
  }
  const Program p = Companies(phone, chat);
  ReplicateValues recorded;
  BootstrapWins(p.design, 100, 3, &recorded);
  std::vector<uint32_t> all(9);
  std::iota(all.begin(), all.end(), 0u);
  const RankComparison one(recorded, all, p.observed, false);
  const RankComparison two(recorded, all, p.observed, true);
  for (size_t j = 0; j < all.size(); ++j) {
    CHECK(one.CriticalValue(j) == two.CriticalValue(j));
    CHECK(one.SetOf(j).low == two.SetOf(j).low);
    CHECK(one.SetOf(j).high == two.SetOf(j).high);
  }
}

TEST_CASE("a subset of the design companies is compared among itself only") {
  // Companies 0 and 2 of three: the far-ahead company 1 is not in the comparison.
  const Program p = Companies({Cycled(50, 13), Cycled(90, 13), Cycled(70, 13)},
                              {Cycled(50, 12), Cycled(90, 12), Cycled(70, 12)});
  ReplicateValues recorded;
  BootstrapWins(p.design, 200, 1, &recorded);
  const std::vector<uint32_t> group = {0, 2};
  const std::vector<double> observed = {p.observed[0], p.observed[2]};
  const RankComparison comparison(recorded, group, observed, false);
  CHECK(comparison.SetOf(1).low == 1);
  CHECK(comparison.SetOf(1).high == 1);
  CHECK(comparison.SetOf(0).low == 2);
  CHECK(comparison.SetOf(0).high == 2);
}

}  // namespace
}  // namespace msc::scoring
