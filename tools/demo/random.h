#ifndef MSC_DEMO_RANDOM_H_
#define MSC_DEMO_RANDOM_H_

// Draws from std::mt19937_64, whose output the standard fixes. The standard
// distributions are not fixed (each library draws differently), so the transforms
// are written out here to keep a seed's program the same everywhere.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace msc::demo {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  uint64_t Bits() { return engine_(); }
  // [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Chance(double p) { return Uniform() < p; }
  // [0, n)
  size_t Below(size_t n) { return static_cast<size_t>(Uniform() * static_cast<double>(n)); }
  // Box-Muller; 1 - Uniform() is in (0, 1], so the logarithm is finite.
  double Normal() {
    double r = std::sqrt(-2.0 * std::log(1.0 - Uniform()));
    return r * std::cos(2.0 * std::numbers::pi * Uniform());
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace msc::demo

#endif  // MSC_DEMO_RANDOM_H_
