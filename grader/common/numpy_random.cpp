#include "numpy_random.hpp"

#include <cmath>
#include <stdexcept>

namespace assg {

Mt19937::Mt19937(std::uint32_t seed) {
  state_[0] = seed;
  for (std::size_t i = 1; i < kStateSize; ++i)
    state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
}

void Mt19937::refill() {
  constexpr std::size_t kShift = 397;
  constexpr std::uint32_t kMatrix = 0x9908b0dfU, kUpper = 0x80000000U, kLower = 0x7fffffffU;
  const auto twist = [&](std::size_t i, std::size_t next, std::size_t shifted) {
    const std::uint32_t y = (state_[i] & kUpper) | (state_[next] & kLower);
    state_[i] = state_[shifted] ^ (y >> 1) ^ ((y & 1U) != 0 ? kMatrix : 0U);
  };
  // The usual three runs, so that no index needs a modulo.
  std::size_t i = 0;
  for (; i < kStateSize - kShift; ++i) twist(i, i + 1, i + kShift);
  for (; i < kStateSize - 1; ++i) twist(i, i + 1, i + kShift - kStateSize);
  twist(kStateSize - 1, 0, kShift - 1);
  index_ = 0;
}

NumpyRandomState::NumpyRandomState(std::uint32_t seed) : engine_(seed) {}

std::uint32_t NumpyRandomState::next_uint32() { return engine_.next(); }

std::uint64_t NumpyRandomState::next_uint64() {
  const std::uint64_t high = next_uint32();
  return (high << 32) | next_uint32();
}

double NumpyRandomState::next_double() {
  // mt19937_next_double: 27 + 26 bits.
  const std::uint32_t a = next_uint32() >> 5;
  const std::uint32_t b = next_uint32() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyRandomState::standard_normal() {
  if (has_gauss_) {
    has_gauss_ = false;
    return gauss_;
  }
  double x1 = 0.0, x2 = 0.0, r2 = 0.0;
  do {
    x1 = 2.0 * next_double() - 1.0;
    x2 = 2.0 * next_double() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

std::vector<double> NumpyRandomState::randn(std::int64_t count) {
  if (count < 0) throw std::invalid_argument("randn: negative size");
  std::vector<double> values(static_cast<std::size_t>(count));
  for (double& value : values) value = standard_normal();
  return values;
}

std::uint64_t NumpyRandomState::bounded(std::uint64_t range) {
  if (range == 0) return 0;  // NumPy draws nothing for a one-value range
  if (range == 0xFFFFFFFFULL) return next_uint32();
  if (range == 0xFFFFFFFFFFFFFFFFULL) return next_uint64();
  // Smallest all-ones mask covering range.
  std::uint64_t mask = range;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  std::uint64_t value = 0;
  if (range <= 0xFFFFFFFFULL) {
    do {
      value = next_uint32() & mask;
    } while (value > range);
  } else {
    do {
      value = next_uint64() & mask;
    } while (value > range);
  }
  return value;
}

std::int64_t NumpyRandomState::randint(std::int64_t low, std::int64_t high) {
  if (low >= high) throw std::invalid_argument("randint: low >= high");
  // high - 1 - low computed in unsigned arithmetic, as NumPy does.
  const std::uint64_t range =
      static_cast<std::uint64_t>(high) - 1U - static_cast<std::uint64_t>(low);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + bounded(range));
}

std::vector<std::int64_t> NumpyRandomState::randint(std::int64_t low, std::int64_t high,
                                                    std::int64_t count) {
  if (count < 0) throw std::invalid_argument("randint: negative size");
  if (low >= high) throw std::invalid_argument("randint: low >= high");
  std::vector<std::int64_t> values(static_cast<std::size_t>(count));
  for (auto& value : values) value = randint(low, high);
  return values;
}

}  // namespace assg
