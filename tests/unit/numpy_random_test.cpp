// NumpyRandomState against values recorded from NumPy itself
// (tests/data/numpy_random_vectors.json, written by
// tests/tools/record_numpy_random.py with Debian's python3-numpy).
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "numpy_random.hpp"

namespace {

nlohmann::json recorded() {
  std::ifstream file(ASSG_SOURCE_DIR "/tests/data/numpy_random_vectors.json");
  return nlohmann::json::parse(file);
}

std::int64_t count(const nlohmann::json& shape) {
  std::int64_t n = 1;
  for (const auto& extent : shape) n *= extent.get<std::int64_t>();
  return n;
}

TEST(Mt19937, MatchesTheStandardLibrarysEngine) {
  // std::mt19937 is fully specified by the C++ standard: an independent oracle.
  for (std::uint32_t seed : {0U, 1U, 5489U, 4294967295U}) {
    assg::Mt19937 ours(seed);
    std::mt19937 standard(seed);
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(ours.next(), standard()) << "seed " << seed << ", draw " << i;
  }
}

TEST(Mt19937, TenThousandthDrawIsTheStandardsCheckValue) {
  // [rand.predef]: the 10000th consecutive invocation of a default-constructed
  // std::mt19937 (seed 5489) produces 4123659995.
  assg::Mt19937 engine(5489);
  std::uint32_t value = 0;
  for (int i = 0; i < 10000; ++i) value = engine.next();
  EXPECT_EQ(value, 4123659995U);
}

TEST(NumpyRandomState, ReplaysEveryRecordedStreamBitForBit) {
  const auto data = recorded();
  ASSERT_FALSE(data.at("streams").empty());
  int values_checked = 0;
  for (const auto& stream : data.at("streams")) {
    const auto seed = stream.at("seed").get<std::uint32_t>();
    assg::NumpyRandomState random(seed);
    int call_index = 0;
    for (const auto& call : stream.at("calls")) {
      const auto& expected = call.at("values");
      if (call.contains("randn")) {
        const auto got = random.randn(count(call.at("randn")));
        ASSERT_EQ(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i, ++values_checked)
          ASSERT_EQ(got[i], expected[i].get<double>())
              << "seed " << seed << ", call " << call_index << " (randn), value " << i;
      } else {
        const auto& spec = call.at("randint");
        const auto got = random.randint(spec.at("low").get<std::int64_t>(), spec.at("high").get<std::int64_t>(),
                                        count(spec.at("shape")));
        ASSERT_EQ(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i, ++values_checked)
          ASSERT_EQ(got[i], expected[i].get<std::int64_t>())
              << "seed " << seed << ", call " << call_index << " (randint), value " << i;
      }
      ++call_index;
    }
  }
  EXPECT_GT(values_checked, 1500);
}

TEST(NumpyRandomState, CourseExampleStartsWithThePublishedValues) {
  // np.random.seed(1); np.random.randn(2, 3) prints
  // [[ 1.62434536 -0.61175641 -0.52817175] [-1.07296862  0.86540763 -2.3015387 ]]
  assg::NumpyRandomState random(1);
  const auto values = random.randn(6);
  const double published[] = {1.62434536, -0.61175641, -0.52817175, -1.07296862, 0.86540763, -2.3015387};
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(values[static_cast<std::size_t>(i)], published[i], 5e-9);
}

TEST(NumpyRandomState, RejectsAnEmptyRange) {
  assg::NumpyRandomState random(0);
  EXPECT_THROW(random.randint(3, 3), std::invalid_argument);
  EXPECT_THROW(random.randint(5, 2, 4), std::invalid_argument);
}

TEST(NumpyRandomState, OneValueRangeDrawsNothingFromTheStream) {
  assg::NumpyRandomState a(9), b(9);
  EXPECT_EQ(a.randint(7, 8), 7);
  EXPECT_EQ(a.standard_normal(), b.standard_normal());
}

}  // namespace
