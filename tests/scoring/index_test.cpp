// Section 4's company index and 95% interval, computed by hand.
#include "index.h"

#include <catch2/catch.hpp>

#include <vector>

namespace msc::scoring {
namespace {

TEST_CASE("a stratum keeps its count, sum and squared deviations") {
  const std::vector<double> scores = {40, 60};
  const Stratum s = Summarize(scores);
  CHECK(s.n == 2);
  CHECK(s.mean() == 50);
  CHECK(s.variance() == 200);  // (100 + 100) / 1
}

TEST_CASE("a channel-balanced index averages channel means with a stratified interval") {
  // PHONE {40, 60}: mean 50, s^2 200. CHAT {80, 100, 90}: mean 90, s^2 100.
  // I = (50 + 90) / 2 = 70; SE = sqrt(200/2 + 100/3) / 2 = sqrt(133.33) / 2 = 5.7735;
  // 1.96 * SE = 11.316.
  const std::vector<double> phone = {40, 60}, chat = {80, 100, 90};
  const Stratum strata[] = {Summarize(phone), Summarize(chat), Stratum{}, Stratum{}};
  const auto index = CompanyIndex(strata, v1::CHANNEL_BALANCED);
  REQUIRE(index);
  CHECK(index->value == Approx(70));
  CHECK(*index->low == Approx(70 - 11.3161).epsilon(1e-5));
  CHECK(*index->high == Approx(70 + 11.3161).epsilon(1e-5));
}

TEST_CASE("a pooled index averages all contacts with a simple interval") {
  // {40, 60, 80, 100, 90}: mean 74; deviations -34 -14 6 26 16, squares sum 2320;
  // s^2 = 580, s = 24.0832; SE = s / sqrt(5) = 10.7703; 1.96 * SE = 21.1098.
  const std::vector<double> phone = {40, 60}, chat = {80, 100, 90};
  const Stratum strata[] = {Summarize(phone), Summarize(chat), Stratum{}, Stratum{}};
  const auto index = CompanyIndex(strata, v1::POOLED);
  REQUIRE(index);
  CHECK(index->value == Approx(74));
  CHECK(*index->low == Approx(74 - 21.1098).epsilon(1e-5));
  CHECK(*index->high == Approx(74 + 21.1098).epsilon(1e-5));
}

TEST_CASE("the interval is absent when a stratum has fewer than 2 contacts") {
  const std::vector<double> phone = {40, 60, 50}, chat = {80};
  const Stratum strata[] = {Summarize(phone), Summarize(chat)};
  const auto balanced = CompanyIndex(strata, v1::CHANNEL_BALANCED);
  REQUIRE(balanced);
  CHECK(balanced->value == Approx(65));  // (50 + 80) / 2
  CHECK_FALSE(balanced->low);
  // Pooled, the company is one stratum of 4 contacts: the interval exists.
  CHECK(CompanyIndex(strata, v1::POOLED)->low);
  const Stratum single[] = {Summarize(chat)};
  CHECK_FALSE(CompanyIndex(single, v1::POOLED)->low);
}

TEST_CASE("a company without scored contacts has no index") {
  const Stratum strata[] = {Stratum{}, Stratum{}};
  CHECK_FALSE(CompanyIndex(strata, v1::CHANNEL_BALANCED));
  CHECK_FALSE(CompanyIndex(strata, v1::POOLED));
}

TEST_CASE("the index from sums agrees with the index from strata") {
  const double sums[] = {100, 270, 0};
  const int64_t counts[] = {2, 3, 0};
  CHECK(IndexFromSums(sums, counts, v1::CHANNEL_BALANCED) == Approx(70));
  CHECK(IndexFromSums(sums, counts, v1::POOLED) == Approx(74));
}

}  // namespace
}  // namespace msc::scoring
