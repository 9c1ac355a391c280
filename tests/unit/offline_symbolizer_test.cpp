// make test SANITIZE=1's offline symbolization: a sanitizer's unsymbolized
// frames (symbolize=0) read from its report, what llvm-symbolizer, GNU
// addr2line and atos answer for them, and the frames put back in the
// report. The frame lists and answers are written by hand in the tools'
// formats (as llvm-symbolizer 14, binutils 2.40 addr2line and GCC 12 /
// clang 14 runtimes print them); the real tools are run end to end by
// tests/e2e/make_test_sanitize.sh.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "offline_symbolizer.hpp"
#include "sanitizer_report.hpp"

namespace {

using assg::SanitizerFrame;
using assg::SymbolizerDialect;

// clang 14's runtime with symbolize=0: module, offset and a BuildId; frame
// #0 is the runtime's own interceptor, linked into the runner.
constexpr const char* kClangReport =
    "=================================================================\n"
    "==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x6 at pc 0x55 bp 0x7f sp 0x7e\n"
    "READ of size 8 at 0x62a000000200 thread T0\n"
    "    #0 0x55f6df1651ae  (/b/bin/runner+0xe41ae) (BuildId: 44ae220123c19d2b9dfc63aa5b46c98cd277aaa3)\n"
    "    #1 0x7f3fb4645249  (/lib/x86_64-linux-gnu/libc.so.6+0x27249) (BuildId: 93ac61ec5a8eb1396f)\n"
    "    #2 0x55f6df0a4380 in _start (/b/bin/runner+0x23380) (BuildId: 44ae220123c19d2b9dfc63aa5b46c98cd277aaa3)\n"
    "\n"
    "0x62a000000200 is located 0 bytes inside of 20160-byte region [0x62a000000200,0x62a0000050c0)\n"
    "freed by thread T0 here:\n"
    "    #0 0x55b0bf9c98fd  (/b/bin/runner+0xe18fd) (BuildId: 44ae220123c19d2b9dfc63aa5b46c98cd277aaa3)\n"
    "    #1 0x55b0bf9cbdc8  (/b/bin/runner+0xe41ae) (BuildId: 44ae220123c19d2b9dfc63aa5b46c98cd277aaa3)\n"
    "\n"
    "SUMMARY: AddressSanitizer: heap-use-after-free (/b/bin/runner+0xe41ae) (BuildId: 44ae2201) \n";

TEST(OfflineFrames, ModuleAndOffsetAreReadWithOrWithoutBuildId) {
  const auto report = assg::parse_sanitizer_report(kClangReport);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->kind, "heap-use-after-free");
  ASSERT_EQ(report->stack.size(), 3U);
  EXPECT_EQ(report->stack[0].module, "/b/bin/runner");
  EXPECT_EQ(report->stack[0].module_offset, 0xe41aeU);
  EXPECT_EQ(report->stack[0].function, "");
  EXPECT_EQ(report->stack[0].file, "");
  EXPECT_EQ(report->stack[1].module, "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(report->stack[1].module_offset, 0x27249U);
  EXPECT_EQ(report->stack[2].function, "_start");
  EXPECT_EQ(report->stack[2].module_offset, 0x23380U);
  ASSERT_EQ(report->freed_by.size(), 2U);
  EXPECT_EQ(report->freed_by[1].module_offset, 0xe41aeU);
}

TEST(OfflineFrames, GccFramesWithoutBuildIdAndSymbolizedFramesKeepTheirFile) {
  const auto report = assg::parse_sanitizer_report(
      "tests/x.cpp:22:85: runtime error: index 4 out of bounds for type 'int [4]'\n"
      "    #0 0x5598a95b3dcb  (/b/bin/runner+0x6dcb)\n"
      "    #1 0x55d0b61eb94e in dispatch /w/grader/runner/call_solution.cpp:108\n"
      "    #2 0x5598a95b2de0 in main (/b/bin/runner+0x5de0)\n");
  ASSERT_TRUE(report);
  ASSERT_EQ(report->stack.size(), 3U);
  EXPECT_EQ(report->stack[0].module, "/b/bin/runner");
  EXPECT_EQ(report->stack[0].module_offset, 0x6dcbU);
  EXPECT_EQ(report->stack[1].module, "");
  EXPECT_EQ(report->stack[1].file, "/w/grader/runner/call_solution.cpp");
  EXPECT_EQ(report->stack[1].line, 108);
  EXPECT_EQ(report->stack[2].function, "main");
  EXPECT_EQ(report->stack[2].module_offset, 0x5de0U);
}

// The tensors the grader passes in are made by grader/common's conversions
// (to_eigen, inlined into the runner): the grader's, not the student's.
TEST(OfflineFrames, BlocksAllocatedByTheGradersConversionsAreItsInputs) {
  const auto report = assg::parse_sanitizer_report(
      "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6 at pc 0x5 bp 0x7 sp 0x7\n"
      "READ of size 8 at 0x6 thread T0\n"
      "    #0 0x5 in conv_backward(int) /w/student/assg_tasks.cpp:116:20\n"
      "0x6 is located 0 bytes to the right of 10240-byte region [0x6,0x8)\n"
      "allocated by thread T0 here:\n"
      "    #0 0x7 in malloc (/b/bin/runner+0xe10ad)\n"
      "    #1 0x5 in Eigen::Tensor<double, 4, 1, long>::Tensor() /usr/include/eigen3/Tensor.h:377:7\n"
      "    #2 0x5 in to_eigen<Eigen::Tensor<double, 4, 1> > /w/grader/common/eigen_conversion.hpp:25:3\n"
      "    #3 0x5 in dispatch /w/grader/runner/call_solution.cpp:108:9\n"
      "SUMMARY: AddressSanitizer: heap-buffer-overflow (/b/bin/runner+0xe41ae)\n");
  ASSERT_TRUE(report);
  const auto message =
      assg::describe_sanitizer_report(*report, "conv_backward", {"/w/student/assg_tasks.cpp", "/w"});
  EXPECT_NE(message.find("a 10240-byte block, one of the tensors the grader passed to conv_backward) in "
                         "conv_backward at student/assg_tasks.cpp:116:20."),
            std::string::npos)
      << message;
}

TEST(OfflineSymbolizer, DialectFromTheProgramsName) {
  EXPECT_EQ(assg::symbolizer_dialect("/usr/lib/llvm-14/bin/llvm-symbolizer"), SymbolizerDialect::Addr2line);
  EXPECT_EQ(assg::symbolizer_dialect("llvm-symbolizer-16"), SymbolizerDialect::Addr2line);
  EXPECT_EQ(assg::symbolizer_dialect("/usr/bin/x86_64-linux-gnu-addr2line"), SymbolizerDialect::Addr2line);
  EXPECT_EQ(assg::symbolizer_dialect("/usr/bin/atos"), SymbolizerDialect::Atos);
  EXPECT_FALSE(assg::symbolizer_dialect("/usr/bin/gdb"));
  EXPECT_THROW(assg::OfflineSymbolizer("/usr/bin/gdb", {}), std::invalid_argument);
}

TEST(OfflineSymbolizer, AsksForEachOffsetInHex) {
  EXPECT_EQ(assg::symbolizer_arguments(SymbolizerDialect::Addr2line, "/b/runner", {0xe41ae, 0x10}),
            (std::vector<std::string>{"-e", "/b/runner", "-f", "-C", "-i", "-a", "0xe41ae", "0x10"}));
  EXPECT_EQ(assg::symbolizer_arguments(SymbolizerDialect::Atos, "/b/runner", {0x10}),
            (std::vector<std::string>{"-o", "/b/runner", "-l", "0x0", "0x10"}));
}

TEST(OfflineSymbolizer, ReadsLlvmSymbolizersInlinedFramesAndUnknowns) {
  const auto frames = assg::parse_symbolizer_output(SymbolizerDialect::Addr2line,
                                                    "0xe41ae\n"
                                                    "Eigen::internal::aligned_free(void*)\n"
                                                    "/usr/include/eigen3/Eigen/src/Core/util/Memory.h:203:5\n"
                                                    "conv_forward(Eigen::Tensor<double, 4, 1, long> const&, int)\n"
                                                    "/w/student/assg_tasks.cpp:68:12\n"
                                                    "\n"
                                                    "0xe18fd\n"
                                                    "??\n"
                                                    "??:0:0\n"
                                                    "\n"
                                                    "0x23380\n"
                                                    "_start\n"
                                                    "??:0:0\n"
                                                    "\n",
                                                    3);
  ASSERT_EQ(frames.size(), 3U);
  ASSERT_EQ(frames[0].size(), 2U);  // innermost (the inlined Eigen function) first
  EXPECT_EQ(frames[0][0].function, "Eigen::internal::aligned_free(void*)");
  EXPECT_EQ(frames[0][0].file, "/usr/include/eigen3/Eigen/src/Core/util/Memory.h");
  EXPECT_EQ(frames[0][0].line, 203);
  EXPECT_EQ(frames[0][1].function, "conv_forward(Eigen::Tensor<double, 4, 1, long> const&, int)");
  EXPECT_EQ(frames[0][1].file, "/w/student/assg_tasks.cpp");
  EXPECT_EQ(frames[0][1].line, 68);
  EXPECT_EQ(frames[0][1].column, 12);
  EXPECT_TRUE(frames[1].empty());  // nothing known
  ASSERT_EQ(frames[2].size(), 1U);
  EXPECT_EQ(frames[2][0].function, "_start");
  EXPECT_EQ(frames[2][0].file, "");
}

TEST(OfflineSymbolizer, ReadsGnuAddr2linesDiscriminatorsAndQuestionMarks) {
  const auto frames = assg::parse_symbolizer_output(SymbolizerDialect::Addr2line,
                                                    "0x0000000000005abb\n"
                                                    "main\n"
                                                    "/tmp/demo_errors.cpp:38 (discriminator 1)\n"
                                                    "0x0000000000005de0\n"
                                                    "_start\n"
                                                    "??:?\n",
                                                    3);  // one more asked than answered
  ASSERT_EQ(frames.size(), 3U);
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(frames[0][0].file, "/tmp/demo_errors.cpp");
  EXPECT_EQ(frames[0][0].line, 38);
  EXPECT_EQ(frames[0][0].column, 0);
  ASSERT_EQ(frames[1].size(), 1U);
  EXPECT_EQ(frames[1][0].file, "");
  EXPECT_TRUE(frames[2].empty());
}

TEST(OfflineSymbolizer, ReadsAtosOneLinePerAddress) {
  const auto frames = assg::parse_symbolizer_output(SymbolizerDialect::Atos,
                                                    "twice(int) (in runner) (assg_tasks.cpp:20)\n"
                                                    "0x0000000000005de0 (in runner)\n",
                                                    2);
  ASSERT_EQ(frames.size(), 2U);
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(frames[0][0].function, "twice(int)");
  EXPECT_EQ(frames[0][0].file, "assg_tasks.cpp");  // atos prints no folder
  EXPECT_EQ(frames[0][0].line, 20);
  EXPECT_TRUE(frames[1].empty());
}

// A stand-in for addr2line that answers every address the same way and
// counts its runs: the report's frames are replaced, those of other
// modules left alone, and an address seen before is not asked again.
class FakeSymbolizer : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/assg-symbolizer-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    folder_ = pattern;
    program_ = folder_ + "/addr2line";
    std::ofstream script(program_);
    script << "#!/bin/sh\n"
              "echo run >>'"
           << folder_
           << "/runs'\n"
              "echo 'complaint on stderr' >&2\n"
              "shift 6\n"
              "for address in \"$@\"; do\n"
              "  printf '%s\\nhelper(int)\\n/w/student/assg_tasks.cpp:12 (discriminator 2)\\n' \"$address\"\n"
              "  printf 'conv_forward(int)\\n/w/student/assg_tasks.cpp:40\\n'\n"
              "done\n";
    script.close();
    ::chmod(program_.c_str(), 0755);
  }
  void TearDown() override { std::system(("rm -rf '" + folder_ + "'").c_str()); }
  int runs() const {
    std::ifstream file(folder_ + "/runs");
    int count = 0;
    for (std::string line; std::getline(file, line);) ++count;
    return count;
  }
  std::string folder_;
  std::string program_;
};

TEST_F(FakeSymbolizer, ReplacesTheRunnersFramesOnly) {
  const assg::OfflineSymbolizer symbolizer(program_, {"/b/bin/runner"});
  auto report = *assg::parse_sanitizer_report(kClangReport);
  EXPECT_TRUE(symbolizer.symbolize(report));
  EXPECT_EQ(runs(), 1);  // one module, one run
  // #0 became two frames (helper inlined into conv_forward); libc's frame
  // is as it was; _start too is the runner's, and now has a file.
  ASSERT_EQ(report.stack.size(), 5U);
  EXPECT_EQ(report.stack[0].function, "helper(int)");
  EXPECT_EQ(report.stack[0].file, "/w/student/assg_tasks.cpp");
  EXPECT_EQ(report.stack[0].line, 12);
  EXPECT_EQ(report.stack[0].module_offset, 0xe41aeU);
  EXPECT_EQ(report.stack[1].function, "conv_forward(int)");
  EXPECT_EQ(report.stack[1].line, 40);
  EXPECT_EQ(report.stack[2].module, "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(report.stack[2].file, "");
  EXPECT_EQ(report.stack[3].file, "/w/student/assg_tasks.cpp");
  EXPECT_EQ(report.freed_by.size(), 4U);

  const assg::SolutionSource source{"/w/student/assg_tasks.cpp", "/w"};
  EXPECT_NE(assg::describe_sanitizer_report(report, "conv_forward", source)
                .find("in helper at student/assg_tasks.cpp:12, called from conv_forward at student/assg_tasks.cpp:40"),
            std::string::npos)
      << assg::describe_sanitizer_report(report, "conv_forward", source);

  auto again = *assg::parse_sanitizer_report(kClangReport);
  EXPECT_TRUE(symbolizer.symbolize(again));
  EXPECT_EQ(runs(), 1);  // every address known already
  EXPECT_EQ(again.stack.size(), 5U);
}

TEST_F(FakeSymbolizer, AProgramThatFailsLeavesTheReportAsItWas) {
  std::ofstream(program_) << "#!/bin/sh\nexit 3\n";
  const assg::OfflineSymbolizer symbolizer(program_, {"/b/bin/runner"});
  auto report = *assg::parse_sanitizer_report(kClangReport);
  EXPECT_FALSE(symbolizer.symbolize(report));
  ASSERT_EQ(report.stack.size(), 3U);
  EXPECT_EQ(report.stack[0].file, "");
  EXPECT_EQ(report.stack[0].module_offset, 0xe41aeU);
}

}  // namespace
