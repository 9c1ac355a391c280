// NumPy's legacy random stream (np.random.seed / randn / randint), bit for bit.
//
// The course's examples are written as `np.random.seed(1)` followed by
// `np.random.randn(...)` and `np.random.randint(...)` calls. Reproducing that
// stream exactly is what lets the fixtures hold the very numbers the course
// notebook prints. The stream is MT19937 seeded like init_genrand (the same
// seeding std::mt19937 uses); on top of it:
//   * randn: the polar (Marsaglia) Gaussian method, which makes two normals
//     per accepted pair and keeps the second for the next call, exactly like
//     numpy's legacy_gauss;
//   * randint(low, high): masked rejection sampling on 32-bit draws when the
//     range fits in 32 bits and on 64-bit draws otherwise (numpy's
//     random_bounded_uint64_fill with use_masked = true).
// Values are produced in C (row-major) order, one stream for all calls.
// tests/numpy_random_test.cpp checks all of it against vectors recorded
// from NumPy itself.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace assg {

// The 32-bit Mersenne Twister (MT19937), seeded like init_genrand: the same
// sequence as std::mt19937 and NumPy's RandomState, with the hot path
// inline (drawing 10 million normals is most of a large case's set-up).
class Mt19937 {
 public:
  explicit Mt19937(std::uint32_t seed);
  std::uint32_t next() {
    if (index_ == kStateSize) refill();
    std::uint32_t y = state_[index_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    return y ^ (y >> 18);
  }

 private:
  static constexpr std::size_t kStateSize = 624;
  void refill();
  std::array<std::uint32_t, kStateSize> state_{};
  std::size_t index_ = kStateSize;
};

class NumpyRandomState {
 public:
  // np.random.seed(seed); seeds must lie in [0, 2**32 - 1] as in NumPy.
  explicit NumpyRandomState(std::uint32_t seed);

  // One value of np.random.randn().
  double standard_normal();
  // np.random.randn(*shape), flattened in C order.
  std::vector<double> randn(std::int64_t count);

  // One value of np.random.randint(low, high); requires low < high.
  std::int64_t randint(std::int64_t low, std::int64_t high);
  // np.random.randint(low, high, size=shape), flattened in C order.
  std::vector<std::int64_t> randint(std::int64_t low, std::int64_t high, std::int64_t count);

 private:
  std::uint32_t next_uint32();
  std::uint64_t next_uint64();
  double next_double();  // uniform on [0, 1) with 53 random bits
  std::uint64_t bounded(std::uint64_t range);  // uniform on [0, range]

  Mt19937 engine_;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace assg
