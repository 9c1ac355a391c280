// The catalogue of common mistakes (reference/mutants), its table of known
// mistakes (known_mistakes_table.cpp, read back by grader/common/known_mistakes.cpp)
// and its matcher (grader/harness/mutant_diagnosis.cpp) on tensors small
// enough to work out by hand: every expected and "student" value below is
// written out, not computed by the code under test.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "catalogue.hpp"
#include "known_mistakes_table.hpp"
#include "mutant_diagnosis.hpp"

namespace {

using assg::DType;
using assg::Outputs;
using assg::TensorValue;

TensorValue tensor(std::vector<std::int64_t> shape, std::vector<double> data, DType dtype = DType::Float64) {
  return TensorValue{dtype, std::move(shape), std::move(data)};
}

TensorValue integer(double value) { return TensorValue::scalar(value, DType::Int64); }

std::string sentence(const std::string& id) {
  const auto* mutant = assg::mutants::find_mutant(id);
  if (mutant == nullptr) throw std::runtime_error("no mutant " + id);
  return mutant->sentence;
}

// diagnose_by_mutants on one hand-made case of `function`.
std::vector<std::string> diagnose(const std::string& function, const Outputs& inputs, const nlohmann::json& params,
                                  const Outputs& expected, const Outputs& student) {
  assg::RubricTask rule;
  rule.id = "x";
  rule.function = function;
  assg::FixtureCase fixture_case;
  fixture_case.name = "hand_made";
  fixture_case.inputs = inputs;
  fixture_case.params = params;
  for (const auto& [name, value] : expected) {
    assg::Expected full;
    full.tensor = value;
    fixture_case.expected.emplace(name, full);
  }
  // Through the same table `make fixtures` writes and the grader reads.
  assg::Fixture fixture{"hand_made.json", function, {fixture_case}};
  const auto table = assg::mutants::known_mistakes_table(fixture);
  const auto mistakes = assg::parse_known_mistakes(nlohmann::json::parse(table.dump()), "hand_made.json", function);
  static const std::vector<assg::KnownMistake> none;
  const auto known = mistakes.find(fixture_case.name);
  const assg::WrongAnswer answer{rule, fixture_case, inputs, student, assg::Tolerance{},
                                 known == mistakes.end() ? none : known->second};
  return assg::diagnose_by_mutants(answer);
}

using Sentences = std::vector<std::string>;

// ------------------------------------------------------------ the catalogue

TEST(MutantCatalogue, HoldsTheIssuesClassicMistakes) {
  const auto& catalogue = assg::mutants::catalogue();
  EXPECT_GE(catalogue.size(), 13U);
  for (const char* id :
       {"2.2-no-bias", "2.3-no-bias", "1.1-rounds-up", "2.1-pads-channels", "2.1-pads-samples", "1.2-ignores-stride",
        "1.2-average-divided-by-kernel-size", "2.3-window-one-short", "1.1-height-width-swapped",
        "3.2-first-maximum-only", "3.1-dA-assigned", "3.1-db-last-sample-only", "3.1-dW-last-sample-only",
        "3.1-dA-not-cropped", "3.4-window-ignores-stride"})
    EXPECT_NE(assg::mutants::find_mutant(id), nullptr) << id;
}

TEST(MutantCatalogue, EachEntryReplacesOneFunctionOfItsTaskAndSaysSoInOneSentence) {
  // The task ids of the rubric the course ships.
  std::ifstream file(std::string(ASSG_SOURCE_DIR) + "/grader/rubric.json");
  const auto rubric = nlohmann::json::parse(file);
  std::map<std::string, std::string> function_of;
  for (const auto& task : rubric.at("tasks"))
    function_of[task.at("id").get<std::string>()] = task.at("function").get<std::string>();

  const assg::mutants::TaskFunctions reference;
  std::set<std::string> ids, sentences;
  for (const auto& mutant : assg::mutants::catalogue()) {
    SCOPED_TRACE(mutant.id);
    EXPECT_TRUE(ids.insert(mutant.id).second) << "duplicate id";
    EXPECT_TRUE(sentences.insert(mutant.sentence).second) << "duplicate sentence";
    EXPECT_EQ(mutant.id.rfind(mutant.task + "-", 0), 0U) << "the id starts with its task";
    EXPECT_EQ(function_of[mutant.task], mutant.function);
    EXPECT_EQ(mutant.sentence.rfind("Likely mistake: ", 0), 0U);
    EXPECT_EQ(mutant.sentence.back(), '.');
    EXPECT_EQ(mutant.sentence.find('\n'), std::string::npos);
    for (std::size_t dot = mutant.sentence.find(". "); dot != std::string::npos;
         dot = mutant.sentence.find(". ", dot + 1))
      EXPECT_FALSE(std::isupper(static_cast<unsigned char>(mutant.sentence[dot + 2])))
          << "one sentence: " << mutant.sentence;
    const auto& f = mutant.functions;
    const std::map<std::string, bool> replaced{
        {"calc_new_height_width", f.calc_new_height_width != reference.calc_new_height_width},
        {"pool_forward", f.pool_forward != reference.pool_forward},
        {"zero_pad", f.zero_pad != reference.zero_pad},
        {"conv_single_step", f.conv_single_step != reference.conv_single_step},
        {"conv_forward", f.conv_forward != reference.conv_forward},
        {"conv_backward", f.conv_backward != reference.conv_backward},
        {"create_mask_from_window", f.create_mask_from_window != reference.create_mask_from_window},
        {"distribute_value", f.distribute_value != reference.distribute_value},
        {"pool_backward", f.pool_backward != reference.pool_backward}};
    for (const auto& [function, is_replaced] : replaced)
      EXPECT_EQ(is_replaced, function == mutant.function) << function;
  }
  // The end-to-end test finds a sentence in a message by substring: none may
  // contain another.
  for (const auto& a : sentences)
    for (const auto& b : sentences) EXPECT_TRUE(a == b || a.find(b) == std::string::npos) << a << " contains " << b;
}

// ------------------------------------------------------------ the matcher

// conv_forward of A = [[1, 2], [3, 4]] (one sample, one channel) with a 1x1
// kernel W = 2 and bias b = 10: Z = 2 A + 10 = [[12, 14], [16, 18]].
struct TinyConvolution {
  Outputs inputs{
      {"A", tensor({1, 2, 2, 1}, {1, 2, 3, 4})}, {"W", tensor({1, 1, 1, 1}, {2})}, {"b", tensor({1, 1, 1, 1}, {10})}};
  nlohmann::json params = {{"stride", 1}, {"pad", 0}};
  Outputs expected{{"result", tensor({1, 2, 2, 1}, {12, 14, 16, 18})}};
};

TEST(MutantDiagnosis, NamesTheMissingBiasOfAConvolution) {
  const TinyConvolution conv;
  const Outputs student{{"result", tensor({1, 2, 2, 1}, {2, 4, 6, 8})}};  // 2 A: the bias forgotten
  EXPECT_EQ(diagnose("conv_forward", conv.inputs, conv.params, conv.expected, student),
            Sentences{sentence("2.3-no-bias")});
}

TEST(MutantDiagnosis, AllowsTheCaseTolerance) {
  const TinyConvolution conv;
  const Outputs student{{"result", tensor({1, 2, 2, 1}, {2.000001, 4, 6, 8})}};  // within rtol 1e-5 of 2
  EXPECT_EQ(diagnose("conv_forward", conv.inputs, conv.params, conv.expected, student),
            Sentences{sentence("2.3-no-bias")});
}

TEST(MutantDiagnosis, SaysNothingAboutAWrongAnswerNoMutantGives) {
  const TinyConvolution conv;
  const Outputs student{{"result", tensor({1, 2, 2, 1}, {12, 14, 16, 19})}};
  EXPECT_EQ(diagnose("conv_forward", conv.inputs, conv.params, conv.expected, student), Sentences{});
  const Outputs wrong_shape{{"result", tensor({1, 1, 1, 1}, {12})}};
  EXPECT_EQ(diagnose("conv_forward", conv.inputs, conv.params, conv.expected, wrong_shape), Sentences{});
}

TEST(MutantDiagnosis, NamesTheMissingBiasOfOneStep) {
  // slice [1, 2, 3, 4] times W = ones, summed: 10; plus b = 5: 15.
  const Outputs inputs{{"slice", tensor({2, 2, 1}, {1, 2, 3, 4})},
                       {"W", tensor({2, 2, 1}, {1, 1, 1, 1})},
                       {"b", tensor({1, 1, 1}, {5})}};
  const Outputs expected{{"result", TensorValue::scalar(15)}};
  EXPECT_EQ(diagnose("conv_single_step", inputs, {}, expected, {{"result", TensorValue::scalar(10)}}),
            Sentences{sentence("2.2-no-bias")});
  EXPECT_EQ(diagnose("conv_single_step", inputs, {}, expected, {{"result", TensorValue::scalar(11)}}), Sentences{});
}

TEST(MutantDiagnosis, TellsTheOutputSizeMistakesApart) {
  // 10 x 7, kernel 3, stride 2, no padding: floor(7 / 2) + 1 = 4 rows and
  // floor(4 / 2) + 1 = 3 columns. Rounding up gives 5 rows.
  const nlohmann::json params = {{"height", 10}, {"width", 7}, {"kernel_size", 3}, {"stride", 2}, {"pad", 0}};
  const Outputs expected{{"new_height", integer(4)}, {"new_width", integer(3)}};
  const auto sizes = [&](double height, double width) {
    return diagnose("calc_new_height_width", {}, params, expected,
                    {{"new_height", integer(height)}, {"new_width", integer(width)}});
  };
  EXPECT_EQ(sizes(5, 3), Sentences{sentence("1.1-rounds-up")});
  EXPECT_EQ(sizes(3, 4), Sentences{sentence("1.1-height-width-swapped")});
  EXPECT_EQ(sizes(4, 4), Sentences{sentence("1.1-width-from-height")});
  EXPECT_EQ(sizes(4, 2), Sentences{});
}

TEST(MutantDiagnosis, NamesEachWrongGradientOfABackwardPass) {
  // Two samples of one 1x1 pixel, a 1x1 kernel W = 5: A = [3, 4], dZ = [1, 2].
  // dA = W dZ = [5, 10]; dW = 3*1 + 4*2 = 11; db = 1 + 2 = 3. From the last
  // sample only: dW = 8, db = 2.
  const Outputs inputs{{"dZ", tensor({2, 1, 1, 1}, {1, 2})},
                       {"A", tensor({2, 1, 1, 1}, {3, 4})},
                       {"W", tensor({1, 1, 1, 1}, {5})},
                       {"b", tensor({1, 1, 1, 1}, {0})}};
  const nlohmann::json params = {{"stride", 1}, {"pad", 0}};
  const auto dA = tensor({2, 1, 1, 1}, {5, 10});
  const Outputs expected{{"dA", dA}, {"dW", tensor({1, 1, 1, 1}, {11})}, {"db", tensor({1, 1, 1, 1}, {3})}};

  Outputs db_wrong = expected;
  db_wrong["db"] = tensor({1, 1, 1, 1}, {2});
  EXPECT_EQ(diagnose("conv_backward", inputs, params, expected, db_wrong),
            Sentences{sentence("3.1-db-last-sample-only")});

  Outputs both_wrong = db_wrong;
  both_wrong["dW"] = tensor({1, 1, 1, 1}, {8});
  EXPECT_EQ(diagnose("conv_backward", inputs, params, expected, both_wrong),
            (Sentences{sentence("3.1-dW-last-sample-only"), sentence("3.1-db-last-sample-only")}));

  // A dA wrong in some other way: the mutants that get dA right here (no
  // overlap to accumulate, no padding to crop) are not named.
  Outputs dA_wrong = expected;
  dA_wrong["dA"] = tensor({2, 1, 1, 1}, {0, 0});
  EXPECT_EQ(diagnose("conv_backward", inputs, params, expected, dA_wrong), Sentences{});
}

TEST(MutantDiagnosis, NeverNamesAMutantThatIsRightOnTheCase) {
  // One sample: "db from the last sample only" is the correct db here, so a
  // student whose dA alone is wrong hears nothing about db.
  const Outputs inputs{{"dZ", tensor({1, 1, 1, 1}, {2})},
                       {"A", tensor({1, 1, 1, 1}, {3})},
                       {"W", tensor({1, 1, 1, 1}, {5})},
                       {"b", tensor({1, 1, 1, 1}, {0})}};
  const Outputs expected{
      {"dA", tensor({1, 1, 1, 1}, {10})}, {"dW", tensor({1, 1, 1, 1}, {6})}, {"db", tensor({1, 1, 1, 1}, {2})}};
  Outputs student = expected;
  student["dA"] = tensor({1, 1, 1, 1}, {7});
  EXPECT_EQ(diagnose("conv_backward", inputs, {{"stride", 1}, {"pad", 0}}, expected, student), Sentences{});
}

TEST(MutantDiagnosis, NamesAnUncroppedDA) {
  // One pixel 1 padded by 1, a 1x1 kernel W = 2, dZ all ones (3x3): dA_pad
  // is 2 everywhere; cropped, dA = [2].
  const Outputs inputs{{"dZ", tensor({1, 3, 3, 1}, std::vector<double>(9, 1.0))},
                       {"A", tensor({1, 1, 1, 1}, {1})},
                       {"W", tensor({1, 1, 1, 1}, {2})},
                       {"b", tensor({1, 1, 1, 1}, {0})}};
  // dW = sum of A_pad * dZ = 1; db = 9.
  const Outputs expected{
      {"dA", tensor({1, 1, 1, 1}, {2})}, {"dW", tensor({1, 1, 1, 1}, {1})}, {"db", tensor({1, 1, 1, 1}, {9})}};
  Outputs student = expected;
  student["dA"] = tensor({1, 3, 3, 1}, std::vector<double>(9, 2.0));
  EXPECT_EQ(diagnose("conv_backward", inputs, {{"stride", 1}, {"pad", 1}}, expected, student),
            Sentences{sentence("3.1-dA-not-cropped")});
}

TEST(MutantDiagnosis, NamesAMaskWithOnlyTheFirstOfTiedMaxima) {
  const Outputs inputs{{"x", tensor({2, 2}, {1, 3, 3, 2})}};
  const Outputs expected{{"result", tensor({2, 2}, {0, 1, 1, 0}, DType::Bool)}};
  EXPECT_EQ(diagnose("create_mask_from_window", inputs, {}, expected,
                     {{"result", tensor({2, 2}, {0, 1, 0, 0}, DType::Bool)}}),
            Sentences{sentence("3.2-first-maximum-only")});
  EXPECT_EQ(diagnose("create_mask_from_window", inputs, {}, expected,
                     {{"result", tensor({2, 2}, {0, 0, 1, 0}, DType::Bool)}}),
            Sentences{});
}

TEST(MutantDiagnosis, NamesPaddedChannels) {
  // X = [7] (1x1x1x1), pad 1: a 3x3 image with 7 in the middle; padding the
  // channels as well gives 3 channels, 7 in the middle one.
  const Outputs inputs{{"X", tensor({1, 1, 1, 1}, {7})}};
  std::vector<double> padded(9, 0.0), channels_padded(27, 0.0);
  padded[4] = 7;
  channels_padded[4 * 3 + 1] = 7;
  EXPECT_EQ(diagnose("zero_pad", inputs, {{"pad", 1}}, {{"result", tensor({1, 3, 3, 1}, padded)}},
                     {{"result", tensor({1, 3, 3, 3}, channels_padded)}}),
            Sentences{sentence("2.1-pads-channels")});
}

TEST(MutantDiagnosis, SkipsCasesTooLargeToRunEveryMutant) {
  // 400 x 400 x 2 ones (320,000 inputs), padded by 1 on the channels too: the
  // pads-channels mutant's output, but the case is over the budget.
  const Outputs inputs{{"X", tensor({1, 400, 400, 2}, std::vector<double>(320'000, 1.0))}};
  std::vector<double> padded(402 * 402 * 2, 0.0), channels_padded(402 * 402 * 4, 0.0);
  for (int h = 1; h <= 400; ++h)
    for (int w = 1; w <= 400; ++w)
      for (int c = 0; c < 2; ++c) {
        padded[static_cast<std::size_t>((h * 402 + w) * 2 + c)] = 1.0;
        channels_padded[static_cast<std::size_t>((h * 402 + w) * 4 + c + 1)] = 1.0;
      }
  EXPECT_EQ(diagnose("zero_pad", inputs, {{"pad", 1}}, {{"result", tensor({1, 402, 402, 2}, padded)}},
                     {{"result", tensor({1, 402, 402, 4}, channels_padded)}}),
            Sentences{});
}

}  // namespace
