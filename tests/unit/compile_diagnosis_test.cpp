// The advice added to a compile error, on the lines GCC 12 and Clang 14
// print (copied from their output for each mistake, in both GCC's ASCII
// quotes, under LC_ALL=C as grade-all compiles, and its UTF-8 quotes, as a
// student's terminal shows them).
#include "compile_diagnosis.hpp"

#include <gtest/gtest.h>

namespace assg {
namespace {

::testing::AssertionResult Diagnosed(const std::string& line, DeclarationMistake mistake, const std::string& function) {
  const auto diagnosis = diagnose_compile_error(line);
  if (diagnosis.mistake == mistake && diagnosis.function == function) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got mistake " << static_cast<int>(diagnosis.mistake) << " in '"
                                       << diagnosis.function << "' for: " << line;
}

TEST(CompileDiagnosis, StaticDefinitionsAreRecognisedFromGccAndClang) {
  EXPECT_TRUE(Diagnosed("k.cpp:1:28: error: 'std::pair<int, int> calc_new_height_width(int, int, int, int, int)' was "
                        "declared 'extern' and later 'static' [-fpermissive]",
                        DeclarationMistake::Static, "calc_new_height_width"));
  const std::string open = "\xe2\x80\x98", close = "\xe2\x80\x99";  // GCC's quotes in a UTF-8 locale
  EXPECT_TRUE(Diagnosed("k.cpp:1:28: error: " + open + "Tensor4 zero_pad(const Tensor4&, int)" + close +
                            " was declared " + open + "extern" + close + " and later " + open + "static" + close +
                            " [-fpermissive]",
                        DeclarationMistake::Static, "zero_pad"));
  EXPECT_TRUE(Diagnosed("k.cpp:1:28: error: static declaration of 'conv_forward' follows non-static declaration",
                        DeclarationMistake::Static, "conv_forward"));
}

TEST(CompileDiagnosis, ConstexprAndExternCDefinitionsAreRecognised) {
  EXPECT_TRUE(Diagnosed("k.cpp:1:31: error: redeclaration 'constexpr Tensor2 distribute_value(double, int, int)' "
                        "differs in 'constexpr' from previous declaration",
                        DeclarationMistake::Constexpr, "distribute_value"));
  EXPECT_TRUE(Diagnosed("k.cpp:1:31: error: constexpr declaration of 'distribute_value' follows non-constexpr "
                        "declaration",
                        DeclarationMistake::Constexpr, "distribute_value"));
  EXPECT_TRUE(Diagnosed("k.cpp:1:32: error: conflicting declaration of 'Tensor4 pool_forward(const Tensor4&, int, int, "
                        "PoolMode)' with 'C' linkage",
                        DeclarationMistake::ExternC, "pool_forward"));
  EXPECT_TRUE(Diagnosed("k.cpp:1:32: error: declaration of 'pool_backward' has a different language linkage",
                        DeclarationMistake::ExternC, "pool_backward"));
}

TEST(CompileDiagnosis, OtherErrorsAndOtherFunctionsGetNoAdvice) {
  EXPECT_TRUE(Diagnosed("k.cpp:5:3: error: expected ';' before 'return'", DeclarationMistake::None, ""));
  // A helper of the student's own, static as it should be, is not advice-worthy.
  EXPECT_TRUE(Diagnosed("k.cpp:1:12: error: static declaration of 'my_zero_pad_helper' follows non-static declaration",
                        DeclarationMistake::None, ""));
  EXPECT_EQ(compile_error_advice(CompileDiagnosis{}), "");
}

TEST(CompileDiagnosis, TheAdviceNamesTheFunctionAndTheKeywordToRemove) {
  const auto advice = compile_error_advice(CompileDiagnosis{DeclarationMistake::Static, "zero_pad"});
  EXPECT_NE(advice.find("zero_pad is defined static"), std::string::npos) << advice;
  EXPECT_NE(advice.find("remove static"), std::string::npos) << advice;
}

}  // namespace
}  // namespace assg
