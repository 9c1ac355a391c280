// The comparison helpers: numpy.allclose's rule, and messages that say what
// differs, where, and by how much.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "compare.hpp"

namespace {

using assg::DType;
using assg::Expected;
using assg::TensorValue;

const assg::OutputSpec& result_of(const char* function) {
  return *assg::find_output(*assg::find_task(function), "result");
}

Expected full(TensorValue tensor) {
  Expected expected;
  expected.tensor = std::move(tensor);
  return expected;
}

std::string message(const ::testing::AssertionResult& result) { return result.message(); }

const assg::Tolerance kDefault{1e-5, 1e-8};

TEST(IsClose, FollowsNumpyAllclose) {
  EXPECT_TRUE(assg::is_close(100.0, 100.001, kDefault));    // 0.001 <= 1e-8 + 1e-3
  EXPECT_FALSE(assg::is_close(100.0, 100.0011, kDefault));
  EXPECT_TRUE(assg::is_close(0.0, 1e-8, kDefault));         // atol alone near zero
  EXPECT_FALSE(assg::is_close(0.0, 2e-8, kDefault));
  EXPECT_FALSE(assg::is_close(1.0, std::nan(""), kDefault));
  EXPECT_FALSE(assg::is_close(std::nan(""), std::nan(""), kDefault));
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(assg::is_close(inf, inf, kDefault));
  EXPECT_FALSE(assg::is_close(inf, -inf, kDefault));
  EXPECT_FALSE(assg::is_close(1.0, inf, kDefault));
}

TEST(OutputMatches, AcceptsValuesWithinTolerance) {
  const TensorValue expected{DType::Float64, {1, 1, 1, 2}, {1.0, -2.0}};
  const TensorValue actual{DType::Float64, {1, 1, 1, 2}, {1.000001, -2.000001}};
  EXPECT_TRUE(assg::OutputMatches(result_of("conv_forward"), full(expected), actual, kDefault));
}

TEST(OutputMatches, NamesTheAxesOfAWrongShape) {
  const TensorValue expected{DType::Float64, {10, 3, 4, 8}, std::vector<double>(960, 0.0)};
  const TensorValue actual{DType::Float64, {10, 4, 4, 8}, std::vector<double>(1280, 0.0)};
  EXPECT_EQ(message(assg::OutputMatches(result_of("conv_forward"), full(expected), actual, kDefault)),
            "result: wrong shape: expected (10, 3, 4, 8), got (10, 4, 4, 8) (axis 1 (h) is 4 instead of 3)\n"
            "  Hint: its height and width come from calc_new_height_width (task 1.1): if that task fails too, "
            "fix it first.");
}

TEST(OutputMatches, NoticesWholeNumbersWhereFractionsAreExpected) {
  const TensorValue expected{DType::Float64, {1, 1, 1, 2}, {-2.5, 0.75}};
  const TensorValue actual{DType::Float64, {1, 1, 1, 2}, {-2, 0}};
  const auto text = message(assg::OutputMatches(result_of("pool_forward"), full(expected), actual, kDefault));
  EXPECT_NE(text.find("a whole number where fractions are expected"), std::string::npos) << text;
}

TEST(OutputMatches, PointsAtTheWorstElementWithItsIndex) {
  TensorValue expected{DType::Float64, {1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}};
  TensorValue actual = expected;
  actual.data[3] = 4.5;  // (n=0, h=0, w=1, c=1)
  actual.data[6] = 9.0;  // (n=0, h=1, w=1, c=0), the worst
  EXPECT_EQ(message(assg::OutputMatches(result_of("pool_forward"), full(expected), actual, kDefault)),
            "result: 2 of 8 values differ (25%)\n"
            "  worst at (n=0, h=1, w=1, c=0): expected 7, got 9, |error| 2 > allowed 7e-05 "
            "(atol 1e-08 + rtol 1e-05 * |expected|)\n"
            "  first at (n=0, h=0, w=1, c=1): expected 4, got 4.5");
}

TEST(OutputMatches, ExplainsNanAsAnUninitialisedValue) {
  const TensorValue expected{DType::Float64, {1, 1, 1, 2}, {1, 2}};
  const TensorValue actual{DType::Float64, {1, 1, 1, 2}, {1, std::nan("")}};
  const auto text = message(assg::OutputMatches(result_of("zero_pad"), full(expected), actual, kDefault));
  EXPECT_NE(text.find("got NaN"), std::string::npos) << text;
  EXPECT_NE(text.find("1 value(s) are NaN"), std::string::npos) << text;
  EXPECT_NE(text.find("setZero()"), std::string::npos) << text;
}

TEST(OutputMatches, NoticesAnAllZeroResult) {
  const TensorValue expected{DType::Float64, {1, 1, 1, 2}, {1, 2}};
  const TensorValue actual{DType::Float64, {1, 1, 1, 2}, {0, 0}};
  const auto text = message(assg::OutputMatches(result_of("zero_pad"), full(expected), actual, kDefault));
  EXPECT_NE(text.find("Every value you returned is 0. Usual causes:"), std::string::npos) << text;
  EXPECT_NE(text.find("1 / (kernel_size * kernel_size), which is 0 in C++"), std::string::npos) << text;
}

TEST(OutputMatches, InfinitiesAreNotMistakenForIntegerArithmetic) {
  const TensorValue expected{DType::Float64, {1, 1, 1, 2}, {-2.5, 0.75}};
  const TensorValue actual{DType::Float64, {1, 1, 1, 2}, {std::numeric_limits<double>::infinity(), 1e307}};
  const auto text = message(assg::OutputMatches(result_of("conv_forward"), full(expected), actual, kDefault));
  EXPECT_EQ(text.find("whole number"), std::string::npos) << text;
}

TEST(OutputMatches, ComparesIntegersExactly) {
  const auto& new_height = *assg::find_output(*assg::find_task("calc_new_height_width"), "new_height");
  const auto expected = full(TensorValue::scalar(7, DType::Int64));
  EXPECT_TRUE(assg::OutputMatches(new_height, expected, TensorValue::scalar(7, DType::Int64), kDefault));
  EXPECT_EQ(message(assg::OutputMatches(new_height, expected, TensorValue::scalar(8, DType::Int64), kDefault)),
            "new_height: expected 7, got 8");
}

TEST(OutputMatches, ComparesMasksExactly) {
  const TensorValue expected{DType::Bool, {2, 2}, {0, 0, 1, 0}};
  const TensorValue actual{DType::Bool, {2, 2}, {0, 1, 1, 0}};
  EXPECT_EQ(message(assg::OutputMatches(result_of("create_mask_from_window"), full(expected), actual, kDefault)),
            "result: 1 of 4 mask entries differ; first at (h=0, w=1): expected false, got true");
}

TEST(OutputMatches, ReportsAScalarsErrorAndTolerance) {
  const auto text = message(assg::OutputMatches(result_of("conv_single_step"), full(TensorValue::scalar(-6.999089450680221)),
                                                TensorValue::scalar(-5.5), kDefault));
  EXPECT_EQ(text, "result: expected -6.999089450680221, got -5.5, |error| 1.4990894506802208 > allowed 7e-05 "
                  "(atol 1e-08 + rtol 1e-05 * |expected|)");
}

TEST(OutputMatches, ChecksASummarizedOutputEverywhere) {
  // 4 x 3 values; the summary samples positions 0 and 11 only, so a change
  // elsewhere must be caught by the per-channel statistics.
  TensorValue tensor{DType::Float64, {1, 4, 1, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
  Expected expected;
  expected.summarized = true;
  expected.summary.shape = tensor.shape;
  expected.summary.mean = 6.5;
  expected.summary.channel_mean = {5.5, 6.5, 7.5};
  expected.summary.channel_max = {10, 11, 12};
  expected.summary.sample_index = {0, 11};
  expected.summary.sample_value = {1, 12};
  EXPECT_TRUE(assg::OutputMatches(result_of("pool_forward"), expected, tensor, kDefault));

  TensorValue infinite = tensor;
  infinite.data[3] = -std::numeric_limits<double>::infinity();  // channel 0, not sampled, below every maximum
  const auto inf_text = message(assg::OutputMatches(result_of("pool_forward"), expected, infinite, kDefault));
  EXPECT_NE(inf_text.find("1 values are not finite (0 NaN, 1 infinite); the first at (n=0, h=1, w=0, c=0)"),
            std::string::npos)
      << inf_text;

  // An unsampled value so large (and negative: below the maximum) that an
  // allowance scaled by the answer's own magnitude would let it through.
  TensorValue huge = tensor;
  huge.data[3] = -1e300;
  const auto huge_text = message(assg::OutputMatches(result_of("pool_forward"), expected, huge, kDefault));
  EXPECT_NE(huge_text.find("per-channel mean differs in 1 of 3 channels; first at c=0"), std::string::npos)
      << huge_text;

  TensorValue changed = tensor;
  changed.data[4] = 50;  // channel 1, not sampled
  const auto text = message(assg::OutputMatches(result_of("pool_forward"), expected, changed, kDefault));
  EXPECT_NE(text.find("per-channel mean differs in 1 of 3 channels; first at c=1"), std::string::npos) << text;
  EXPECT_NE(text.find("per-channel maximum differs in 1 of 3 channels"), std::string::npos) << text;
}

}  // namespace
