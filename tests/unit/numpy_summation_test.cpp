// np.sum's order of additions, against sums recorded from NumPy.
#include <fstream>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "numpy_random.hpp"
#include "numpy_summation.hpp"

namespace {

TEST(NumpySum, SmallExactSumsNeedNoParticularOrder) {
  const std::vector<double> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(assg::numpy_order::sum(values.data(), 10), 55.0);
  EXPECT_EQ(assg::numpy_order::sum(values.data(), 0), 0.0);
  EXPECT_EQ(assg::numpy_order::sum_of_products(values.data(), values.data(), 3), 14.0);
}

TEST(NumpySum, EightPartialSumsChangeTheResultLikeNumPys) {
  // Left to right, each 1 added to 1e16 is lost (the spacing of doubles
  // there is 2). NumPy's eight running sums put 1e16 and -1e16 in the same
  // lane, where they cancel before any 1 meets them.
  std::vector<double> values(16, 1.0);
  values[0] = 1e16;
  values[8] = -1e16;
  double sequential = 0.0;
  for (double v : values) sequential += v;
  EXPECT_EQ(sequential, 7.0);
  EXPECT_EQ(assg::numpy_order::sum(values.data(), 16), 14.0);
}

TEST(NumpySum, MatchesEveryRecordedSumBitForBit) {
  std::ifstream file(ASSG_SOURCE_DIR "/tests/data/numpy_random_vectors.json");
  const auto data = nlohmann::json::parse(file);
  ASSERT_GE(data.at("sums").size(), 10U);
  for (const auto& record : data.at("sums")) {
    assg::NumpyRandomState random(record.at("seed").get<std::uint32_t>());
    const auto n = record.at("randn").get<std::int64_t>();
    const auto values = random.randn(n);
    EXPECT_EQ(assg::numpy_order::sum(values.data(), n), record.at("sum").get<double>()) << "n = " << n;
    EXPECT_EQ(assg::numpy_order::sum_of_products(values.data(), values.data(), n),
              record.at("sum_of_squares").get<double>())
        << "n = " << n;
  }
}

}  // namespace
