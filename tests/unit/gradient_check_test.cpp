// The gradient check of tasks 3.1 and 3.4: finite differences of the
// reference forward pass against a backward pass's outputs. Expected
// gradients are worked out by hand in the comments (L = sum(forward * dZ));
// the fixture-driven tests use the committed fixtures, which the NumPy
// oracle checks independently (numpy.fixtures_match_oracle).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "failure_diagnosis.hpp"
#include "fixture.hpp"
#include "gradient_check.hpp"

namespace {

const std::vector<assg::KnownMistake> kNoMistakes;

using assg::DType;
using assg::Outputs;
using assg::TensorValue;

TensorValue tensor(std::vector<std::int64_t> shape, std::vector<double> data) {
  return TensorValue{DType::Float64, std::move(shape), std::move(data)};
}

// A case of conv_backward or pool_backward, and the check of an answer to it.
struct Scenario {
  assg::RubricTask rule;
  assg::FixtureCase fixture_case;
  Outputs inputs;

  Scenario(const std::string& function, Outputs case_inputs, nlohmann::json params) {
    rule.function = function;
    fixture_case.name = "hand_checked";
    fixture_case.inputs = case_inputs;
    fixture_case.params = std::move(params);
    inputs = std::move(case_inputs);
  }

  std::vector<std::string> check(const Outputs& outputs) const {
    return assg::check_gradients(assg::WrongAnswer{rule, fixture_case, inputs, outputs, assg::Tolerance{}, kNoMistakes});
  }
};

std::string joined(const std::vector<std::string>& lines) { return fmt::format("{}", fmt::join(lines, "\n")); }

::testing::AssertionResult Says(const std::vector<std::string>& lines, const std::string& part) {
  if (joined(lines).find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected \"" << part << "\" in the gradient check's sentences:\n"
                                       << joined(lines);
}

::testing::AssertionResult NeverSays(const std::vector<std::string>& lines, const std::string& part) {
  if (joined(lines).find(part) == std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "did not expect \"" << part << "\" in the gradient check's sentences:\n"
                                       << joined(lines);
}

const std::string kAveragePool =
    "Gradient check of the result dA (finite differences of the reference pool_forward, average mode): ";
const std::string kMaxPool =
    "Gradient check of the result dA (finite differences of the reference pool_forward, max mode): ";
const std::string kConv = "Gradient check (finite differences of the reference conv_forward): ";

// One 2x2 window, averaged: Z = (1 + 2 + 3 + 4) / 4, so with dZ = 8 every
// cell's gradient is 8 / 4 = 2.
Scenario average_pool_2x2() {
  return Scenario("pool_backward",
                  {{"A", tensor({1, 2, 2, 1}, {1, 2, 3, 4})}, {"dZ", tensor({1, 1, 1, 1}, {8})}},
                  {{"kernel_size", 2}, {"mode", "avg"}});
}

TEST(GradientCheckAveragePool, ACorrectGradientAgrees) {
  const auto lines = average_pool_2x2().check({{"result", tensor({1, 2, 2, 1}, {2, 2, 2, 2})}});
  ASSERT_EQ(lines.size(), 1u) << joined(lines);
  EXPECT_EQ(lines[0], kAveragePool +
                          "dA agrees with finite differences at every checked entry (4), so the mismatch is too "
                          "small for this check to see.");
}

TEST(GradientCheckAveragePool, OneWrongComponentIsPinpointed) {
  const auto lines = average_pool_2x2().check({{"result", tensor({1, 2, 2, 1}, {2, 2, 2, 5})}});
  ASSERT_EQ(lines.size(), 1u) << joined(lines);
  EXPECT_EQ(lines[0], kAveragePool + "dA is off at 1 of 4 entries checked, e.g. dA[0,1,1,0] is 5 but should be 2.");
}

TEST(GradientCheckAveragePool, TheWholeGradientNotSharedIsOffEverywhere) {
  // The mistake of bug_3_4_average_not_divided: each cell gets all of dZ.
  const auto lines = average_pool_2x2().check({{"result", tensor({1, 2, 2, 1}, {8, 8, 8, 8})}});
  EXPECT_TRUE(Says(lines, "dA is off at 4 of 4 entries checked, e.g. dA[0,0,0,0] is 8 but should be 2."));
}

TEST(GradientCheckAveragePool, AWrongShapeIsNamed) {
  const auto lines = average_pool_2x2().check({{"result", tensor({1, 1, 1, 1}, {8})}});
  ASSERT_EQ(lines.size(), 1u) << joined(lines);
  EXPECT_EQ(lines[0], kAveragePool + "dA has shape (1, 1, 1, 1) where (1, 2, 2, 1) (the shape of A) was expected.");
}

// One 2x2 window [[1, 4], [3, 2]]: the maximum 4 gets all of dZ = 8.
Scenario max_pool(std::vector<double> window) {
  return Scenario("pool_backward",
                  {{"A", tensor({1, 2, 2, 1}, std::move(window))}, {"dZ", tensor({1, 1, 1, 1}, {8})}},
                  {{"kernel_size", 2}, {"mode", "max"}});
}

TEST(GradientCheckMaxPool, TheGradientGoesToTheMaximum) {
  const auto scenario = max_pool({1, 4, 3, 2});
  EXPECT_TRUE(Says(scenario.check({{"result", tensor({1, 2, 2, 1}, {0, 8, 0, 0})}}),
                   kMaxPool + "dA agrees with finite differences at every checked entry (4)"));
  const auto lines = scenario.check({{"result", tensor({1, 2, 2, 1}, {8, 0, 0, 0})}});
  EXPECT_TRUE(Says(lines, "dA is off at 2 of 4 entries checked, e.g. dA[0,0,0,0] is 8 but should be 0."));
}

TEST(GradientCheckMaxPool, TiedMaximaAreKinksAndNeverJudged) {
  // [[4, 4], [1, 2]]: raising either 4 gives slope 8, lowering it slope 0,
  // so no gradient exists there; the cells 1 and 2 have gradient 0.
  const auto scenario = max_pool({4, 4, 1, 2});
  for (const auto& convention : {std::vector<double>{8, 8, 0, 0}, {8, 0, 0, 0}, {4, 4, 0, 0}}) {
    const auto lines = scenario.check({{"result", tensor({1, 2, 2, 1}, convention)}});
    EXPECT_TRUE(Says(lines, "dA agrees with finite differences at every checked entry (2); 2 more were not checked, "
                            "as they tie for a window's maximum (a kink of max pooling, where no single gradient "
                            "exists)"));
    EXPECT_TRUE(NeverSays(lines, "off"));
  }
  const auto lines = scenario.check({{"result", tensor({1, 2, 2, 1}, {8, 8, 5, 0})}});
  EXPECT_TRUE(Says(lines, "dA is off at 1 of 2 entries checked, e.g. dA[0,1,0,0] is 5 but should be 0; 2 more were "
                          "not checked"));
}

TEST(GradientCheckMaxPool, OnlyTiesLeaveNothingToJudge) {
  const auto lines = max_pool({3, 3, 3, 3}).check({{"result", tensor({1, 2, 2, 1}, {2, 2, 2, 2})}});
  EXPECT_EQ(joined(lines), kMaxPool + "dA could not be checked: each of the 4 entries sampled ties for a window's "
                                      "maximum (a kink of max pooling, where no single gradient exists).");
}

TEST(GradientCheckMaxPool, OverlappingWindowsAccumulate) {
  // A = [[1, 2, 3], [4, 9, 5], [6, 7, 8]], kernel 2, stride 1: 9 is the
  // maximum of all four windows, so it gets dZ's sum 1 + 2 + 3 + 4 = 10.
  const Scenario scenario("pool_backward",
                          {{"A", tensor({1, 3, 3, 1}, {1, 2, 3, 4, 9, 5, 6, 7, 8})},
                           {"dZ", tensor({1, 2, 2, 1}, {1, 2, 3, 4})}},
                          {{"kernel_size", 2}, {"stride", 1}, {"mode", "max"}});
  EXPECT_TRUE(Says(scenario.check({{"result", tensor({1, 3, 3, 1}, {0, 0, 0, 0, 10, 0, 0, 0, 0})}}),
                   "dA agrees with finite differences at every checked entry (9)"));
  // Assigned instead of accumulated: the last window's 4 alone.
  EXPECT_TRUE(Says(scenario.check({{"result", tensor({1, 3, 3, 1}, {0, 0, 0, 0, 4, 0, 0, 0, 0})}}),
                   "dA is off at 1 of 9 entries checked, e.g. dA[0,1,1,0] is 4 but should be 10."));
}

TEST(GradientCheckMaxPool, StrideAndModeDefaultAsTheRunnerCallsThem) {
  // No stride: it is the kernel size, 2, so the 3x3 input has one window,
  // [[1, 2], [4, 9]], and its last row and column get nothing. No mode: max.
  const Scenario scenario("pool_backward",
                          {{"A", tensor({1, 3, 3, 1}, {1, 2, 3, 4, 9, 5, 6, 7, 8})},
                           {"dZ", tensor({1, 1, 1, 1}, {3})}},
                          {{"kernel_size", 2}});
  EXPECT_TRUE(Says(scenario.check({{"result", tensor({1, 3, 3, 1}, {0, 0, 0, 0, 3, 0, 0, 0, 0})}}),
                   kMaxPool + "dA agrees with finite differences at every checked entry (9)"));
  EXPECT_TRUE(Says(scenario.check({{"result", tensor({1, 3, 3, 1}, {0, 0, 0, 0, 3, 0, 0, 0, 1})}}),
                   "e.g. dA[0,2,2,0] is 1 but should be 0."));
}

// A 2x2 image, one 2x2 kernel, no padding: Z = 1*1 + 2*0 + 3*0 + 4*(-1) + 0.5.
// With dZ = 3: dA = 3 * W = [3, 0, 0, -3], dW = 3 * A = [3, 6, 9, 12], db = 3.
Scenario conv_2x2() {
  return Scenario("conv_backward",
                  {{"A", tensor({1, 2, 2, 1}, {1, 2, 3, 4})},
                   {"W", tensor({2, 2, 1, 1}, {1, 0, 0, -1})},
                   {"b", tensor({1, 1, 1, 1}, {0.5})},
                   {"dZ", tensor({1, 1, 1, 1}, {3})}},
                  {{"stride", 1}, {"pad", 0}});
}

TEST(GradientCheckConv, CorrectGradientsAllAgree) {
  const auto lines = conv_2x2().check({{"dA", tensor({1, 2, 2, 1}, {3, 0, 0, -3})},
                                       {"dW", tensor({2, 2, 1, 1}, {3, 6, 9, 12})},
                                       {"db", tensor({1, 1, 1, 1}, {3})}});
  ASSERT_EQ(lines.size(), 1u) << joined(lines);
  EXPECT_EQ(lines[0], kConv +
                          "dA, dW and db all agree with finite differences at every checked entry (4, 4 and 1), so "
                          "the mismatch is too small for this check to see.");
}

TEST(GradientCheckConv, OneWrongComponentIsPinpointedAndTheOthersAgree) {
  const auto lines = conv_2x2().check({{"dA", tensor({1, 2, 2, 1}, {3, 0, 0, -3})},
                                       {"dW", tensor({2, 2, 1, 1}, {3, 7, 9, 12})},
                                       {"db", tensor({1, 1, 1, 1}, {3})}});
  ASSERT_EQ(lines.size(), 2u) << joined(lines);
  EXPECT_EQ(lines[0], kConv + "dW is off at 1 of 4 entries checked, e.g. dW[0,1,0,0] is 7 but should be 6.");
  EXPECT_EQ(lines[1], "dA (4 entries) and db (1 entry) agree with finite differences.");
}

TEST(GradientCheckConv, AWrongShapeStillLetsTheOthersBeChecked) {
  const auto lines = conv_2x2().check({{"dA", tensor({1, 2, 2, 1}, {3, 0, 0, 3})},
                                       {"dW", tensor({2, 2, 1, 1}, {3, 6, 9, 12})},
                                       {"db", tensor({1, 1, 1, 2}, {3, 3})}});
  ASSERT_EQ(lines.size(), 3u) << joined(lines);
  EXPECT_EQ(lines[0], kConv + "dA is off at 1 of 4 entries checked, e.g. dA[0,1,1,0] is 3 but should be -3.");
  EXPECT_EQ(lines[1], "db has shape (1, 1, 1, 2) where (1, 1, 1, 1) (the shape of b) was expected.");
  EXPECT_EQ(lines[2], "dW (4 entries) agrees with finite differences.");
}

TEST(GradientCheckConv, AMissingOutputIsSaidOnce) {
  const auto lines = conv_2x2().check({{"dA", tensor({1, 2, 2, 1}, {3, 0, 0, -3})},
                                       {"dW", tensor({2, 2, 1, 1}, {3, 6, 9, 12})}});
  ASSERT_EQ(lines.size(), 2u) << joined(lines);
  EXPECT_EQ(lines[0], kConv + "db was not returned, so it could not be checked.");
}

TEST(GradientCheckConv, PaddingIsPartOfTheForwardPass) {
  // A single pixel 2, a 3x3 kernel 1..9, pad 1: the padded input is 2 at
  // the centre and zeros around, so Z = 2 * 5, and with dZ = 1.5:
  // dA = 1.5 * 5 = 7.5, dW = 1.5 * A_pad = 3 at the centre and 0 elsewhere, db = 1.5.
  const Scenario scenario("conv_backward",
                          {{"A", tensor({1, 1, 1, 1}, {2})},
                           {"W", tensor({3, 3, 1, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9})},
                           {"b", tensor({1, 1, 1, 1}, {0})},
                           {"dZ", tensor({1, 1, 1, 1}, {1.5})}},
                          {{"stride", 1}, {"pad", 1}});
  EXPECT_TRUE(Says(scenario.check({{"dA", tensor({1, 1, 1, 1}, {7.5})},
                                   {"dW", tensor({3, 3, 1, 1}, {0, 0, 0, 0, 3, 0, 0, 0, 0})},
                                   {"db", tensor({1, 1, 1, 1}, {1.5})}}),
                   "all agree with finite differences at every checked entry (1, 9 and 1)"));
  // The padding taken as the pixel's value instead of zeros.
  EXPECT_TRUE(Says(scenario.check({{"dA", tensor({1, 1, 1, 1}, {7.5})},
                                   {"dW", tensor({3, 3, 1, 1}, {3, 3, 3, 3, 3, 3, 3, 3, 3})},
                                   {"db", tensor({1, 1, 1, 1}, {1.5})}}),
                   "dW is off at 8 of 9 entries checked, e.g. dW[0,0,0,0] is 3 but should be 0."));
}

TEST(GradientCheckConv, StrideLeavesTheDroppedBorderWithoutGradient) {
  // A 3x3 image 1..9, kernel [[1, 2], [3, 4]], stride 2: one window, the
  // top-left 2x2 [[1, 2], [4, 5]]. With dZ = 2: dA = 2 * W there and 0 on
  // the last row and column, dW = 2 * [1, 2, 4, 5], db = 2.
  const Scenario scenario("conv_backward",
                          {{"A", tensor({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9})},
                           {"W", tensor({2, 2, 1, 1}, {1, 2, 3, 4})},
                           {"b", tensor({1, 1, 1, 1}, {0})},
                           {"dZ", tensor({1, 1, 1, 1}, {2})}},
                          {{"stride", 2}, {"pad", 0}});
  const auto lines = scenario.check({{"dA", tensor({1, 3, 3, 1}, {2, 4, 0, 6, 8, 0, 0, 0, 1})},
                                     {"dW", tensor({2, 2, 1, 1}, {2, 4, 8, 10})},
                                     {"db", tensor({1, 1, 1, 1}, {2})}});
  ASSERT_EQ(lines.size(), 2u) << joined(lines);
  EXPECT_EQ(lines[0], kConv + "dA is off at 1 of 9 entries checked, e.g. dA[0,2,2,0] is 1 but should be 0.");
  EXPECT_EQ(lines[1], "dW (4 entries) and db (1 entry) agree with finite differences.");
}

TEST(GradientCheckConv, ALargeCaseIsSampledAndWhatWouldCostTooMuchIsSaidSo) {
  // 300x300x32 with a 3x3 kernel: one pass over a whole output channel
  // (needed for dW and db) costs 298 * 298 * 288 multiply-adds, beyond the
  // check's budget; dA's entries reach only their own windows. W and dZ
  // all ones: dA(i, j, k) counts the windows over (i, j), 9 inside the border.
  const std::int64_t side = 300, channels = 32;
  std::vector<double> a(static_cast<std::size_t>(side * side * channels));
  for (std::size_t n = 0; n < a.size(); ++n) a[n] = static_cast<double>(n % 7) - 3.0;
  const std::int64_t out = side - 2;
  const std::vector<double> ones(static_cast<std::size_t>(out * out), 1.0);
  const Scenario scenario("conv_backward",
                          {{"A", tensor({1, side, side, channels}, a)},
                           {"W", tensor({3, 3, channels, 1}, std::vector<double>(9 * channels, 1.0))},
                           {"b", tensor({1, 1, 1, 1}, {0})},
                           {"dZ", tensor({1, out, out, 1}, ones)}},
                          {{"stride", 1}, {"pad", 0}});
  const auto lines = scenario.check({{"dA", tensor({1, side, side, channels}, std::vector<double>(a.size(), 0.0))},
                                     {"dW", tensor({3, 3, channels, 1}, std::vector<double>(9 * channels, 0.0))},
                                     {"db", tensor({1, 1, 1, 1}, {0})}});
  ASSERT_EQ(lines.size(), 3u) << joined(lines);
  // The first sampled entry is the corner, covered by one window.
  EXPECT_EQ(lines[0], kConv + "dA is off at 20 of 20 entries checked, e.g. dA[0,0,0,0] is 0 but should be 1.");
  EXPECT_EQ(lines[1], "dW was not checked: the case is too large for a quick check.");
  EXPECT_EQ(lines[2], "db was not checked: the case is too large for a quick check.");
}

TEST(GradientCheck, OtherTasksAndMalformedInputsGetNothingAndNeverThrow) {
  Scenario other("conv_forward", {{"A", tensor({1, 2, 2, 1}, {1, 2, 3, 4})}}, nlohmann::json::object());
  EXPECT_TRUE(other.check({{"result", tensor({1}, {1})}}).empty());
  Scenario rank3("pool_backward", {{"A", tensor({2, 2, 1}, {1, 2, 3, 4})}, {"dZ", tensor({1, 1, 1}, {8})}},
                 {{"kernel_size", 2}});
  EXPECT_TRUE(rank3.check({{"result", tensor({2, 2, 1}, {2, 2, 2, 2})}}).empty());
  Scenario no_params = average_pool_2x2();
  no_params.fixture_case.params = nlohmann::json::object();
  EXPECT_TRUE(no_params.check({{"result", tensor({1, 2, 2, 1}, {2, 2, 2, 2})}}).empty());
  Scenario mismatched_dZ = average_pool_2x2();
  mismatched_dZ.inputs["dZ"] = tensor({1, 2, 1, 1}, {8, 8});
  EXPECT_TRUE(mismatched_dZ.check({{"result", tensor({1, 2, 2, 1}, {2, 2, 2, 2})}}).empty());
}

// ---- Every visible case of the committed fixtures.

std::vector<std::pair<std::string, assg::FixtureCase>> fixture_cases(const char* function) {
  const auto fixture = assg::load_fixture(std::string(ASSG_SOURCE_DIR) + "/fixtures/" + function + ".json");
  std::vector<std::pair<std::string, assg::FixtureCase>> cases;
  for (const auto& fixture_case : fixture.cases) cases.emplace_back(function, fixture_case);
  return cases;
}

std::vector<std::string> check_fixture_case(const std::string& function, const assg::FixtureCase& fixture_case,
                                            const Outputs& outputs) {
  assg::RubricTask rule;
  rule.function = function;
  const Outputs inputs = assg::case_inputs(fixture_case);
  return assg::check_gradients(assg::WrongAnswer{rule, fixture_case, inputs, outputs, assg::Tolerance{}, kNoMistakes});
}

Outputs expected_outputs(const assg::FixtureCase& fixture_case) {
  Outputs outputs;
  for (const auto& [name, expected] : fixture_case.expected) outputs[name] = expected.tensor;
  return outputs;
}

TEST(GradientCheckOnFixtures, TheExpectedGradientsAreNeverReportedWrong) {
  for (const char* function : {"conv_backward", "pool_backward"}) {
    for (const auto& [name, fixture_case] : fixture_cases(function)) {
      SCOPED_TRACE(fmt::format("{}: {}", function, fixture_case.name));
      for (const auto& [output, expected] : fixture_case.expected) ASSERT_FALSE(expected.summarized) << output;
      const auto lines = check_fixture_case(function, fixture_case, expected_outputs(fixture_case));
      ASSERT_EQ(lines.size(), 1u) << joined(lines);
      EXPECT_TRUE(Says(lines, "with finite differences at every checked entry"));
      EXPECT_TRUE(NeverSays(lines, " off "));
    }
  }
}

TEST(GradientCheckOnFixtures, OneWrongEntryIsFoundInEveryCase) {
  // The middle entry of dA made wrong by more than any tolerance: the check
  // samples where the answer differs from the expected values, so it finds
  // it even in a large tensor; only a tie of max pooling may stop it.
  for (const char* function : {"conv_backward", "pool_backward"}) {
    for (const auto& [name, fixture_case] : fixture_cases(function)) {
      SCOPED_TRACE(fmt::format("{}: {}", function, fixture_case.name));
      const std::string output = std::string(function) == "conv_backward" ? "dA" : "result";
      auto outputs = expected_outputs(fixture_case);
      auto& dA = outputs.at(output);
      const auto middle = dA.element_count() / 2;
      dA.data[static_cast<std::size_t>(middle)] += 1.0 + std::abs(dA.data[static_cast<std::size_t>(middle)]);
      const auto lines = check_fixture_case(function, fixture_case, outputs);
      const auto at = assg::unravel_index(middle, dA.shape);
      const std::string entry = fmt::format("dA[{}]", fmt::join(at, ","));
      const auto& params = fixture_case.params;
      const bool max_mode = std::string(function) == "pool_backward" &&
                            (!params.contains("mode") || params.at("mode") == "max");
      if (max_mode && joined(lines).find(entry) == std::string::npos) {
        // Only where the entry ties for a window's maximum (integer inputs).
        EXPECT_EQ(fixture_case.name, "course_pool_example_max") << joined(lines);
        EXPECT_TRUE(Says(lines, "not checked, as"));
        continue;
      }
      EXPECT_TRUE(Says(lines, "dA is off at 1 of "));
      EXPECT_TRUE(Says(lines, ", e.g. " + entry + " is "));
    }
  }
}

}  // namespace
