// Reading sanitizer reports: real texts printed by GCC 12's AddressSanitizer
// and UndefinedBehaviorSanitizer (tests/data/sanitizer, see its README), and
// the sentences a student gets from them.
#include <gtest/gtest.h>

#include "file_io.hpp"
#include "sanitizer_report.hpp"

namespace {

using assg::SanitizerReport;
using assg::SolutionSource;

std::string captured(const std::string& name) {
  const auto text = assg::read_file(std::string(ASSG_SOURCE_DIR) + "/tests/data/sanitizer/" + name + ".txt");
  if (!text) throw std::runtime_error("missing test data: " + name);
  return *text;
}

SanitizerReport parse(const std::string& text) {
  auto report = assg::parse_sanitizer_report(text);
  if (!report) throw std::runtime_error("no report found");
  return *report;
}

// The runner captures were made in a checkout at /work/main (grading
// tests/solutions/sanitizer_errors.cpp), the small programs' in /tmp/sancap/demo.
const SolutionSource kRunner{"tests/solutions/sanitizer_errors.cpp", "/work/main"};
const SolutionSource kDemo{"/tmp/sancap/demo/student/assg_tasks.cpp", "/tmp/sancap/demo"};
const SolutionSource kDemoMore{"/tmp/sancap/demo/student/more.cpp", "/tmp/sancap/demo"};

::testing::AssertionResult Mentions(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected the message to contain\n  " << part << "\nbut it is\n  " << text;
}

TEST(SanitizerReport, HeapBufferOverflowInTheRunner) {
  const auto report = parse(captured("runner_heap_buffer_overflow"));
  EXPECT_EQ(report.sanitizer, "AddressSanitizer");
  EXPECT_EQ(report.kind, "heap-buffer-overflow");
  EXPECT_EQ(report.access, "READ");
  EXPECT_EQ(report.access_bytes, 8U);
  EXPECT_EQ(report.relation, "right");
  EXPECT_EQ(report.distance, 0U);
  EXPECT_EQ(report.block_bytes, 10240U);  // dZ of the case: 10 x 4 x 4 x 8 doubles
  EXPECT_EQ(report.start, std::string("db from 1280 gradients\n").size());  // the solution's print comes first
  ASSERT_EQ(report.stack.size(), 7U);
  EXPECT_EQ(report.stack[0].file, "/work/main/tests/solutions/sanitizer_errors.cpp");
  EXPECT_EQ(report.stack[0].line, 116);
  EXPECT_EQ(report.stack[1].function, "dispatch");
  EXPECT_EQ(report.stack[6].function, "_start");
  EXPECT_EQ(report.stack[6].file, "");
  EXPECT_EQ(report.allocated_by.size(), 7U);
  EXPECT_TRUE(report.freed_by.empty());
  EXPECT_EQ(assg::describe_sanitizer_report(report, "conv_backward", kRunner),
            "AddressSanitizer found a heap-buffer-overflow (reading 8 bytes just past the end of a 10240-byte block, "
            "one of the tensors the grader passed to conv_backward) in conv_backward at "
            "tests/solutions/sanitizer_errors.cpp:116. Check that line's indices and loop bounds (0 <= i < size: <, "
            "not <=).");
}

TEST(SanitizerReport, UseAfterFreeSaysWhereTheMemoryWasFreed) {
  const auto report = parse(captured("runner_heap_use_after_free"));
  EXPECT_EQ(report.kind, "heap-use-after-free");
  EXPECT_EQ(report.relation, "inside");
  EXPECT_EQ(report.distance, 0U);
  EXPECT_EQ(report.block_bytes, 20160U);
  EXPECT_EQ(report.freed_by.size(), 9U);
  EXPECT_EQ(report.allocated_by.size(), 10U);
  const auto message = assg::describe_sanitizer_report(report, "conv_forward", kRunner);
  EXPECT_TRUE(Mentions(message, "AddressSanitizer found a heap-use-after-free (reading 8 bytes of a 20160-byte block "
                                "that had already been freed at tests/solutions/sanitizer_errors.cpp:68) in "
                                "conv_forward at tests/solutions/sanitizer_errors.cpp:69."));
  EXPECT_TRUE(Mentions(message, "a pointer or reference into a temporary tensor"));
}

TEST(SanitizerReport, SignedIntegerOverflowKeepsItsColumnAndSkipsTheInterfaceHeader) {
  const auto report = parse(captured("runner_signed_integer_overflow"));
  EXPECT_EQ(report.sanitizer, "UndefinedBehaviorSanitizer");
  EXPECT_EQ(report.kind, "signed integer overflow: 4 * 2147483647 cannot be represented in type 'int'");
  ASSERT_TRUE(report.ub_location.has_value());
  EXPECT_EQ(report.ub_location->file, "/work/main/tests/solutions/sanitizer_errors.cpp");
  EXPECT_EQ(report.ub_location->line, 22);
  EXPECT_EQ(report.ub_location->column, 13);
  EXPECT_EQ(report.stack.size(), 8U);
  EXPECT_EQ(report.stack[1].file, "/work/main/student/assg_tasks.hpp");  // the default-argument overload
  // Not "called from pool_forward at student/assg_tasks.hpp:90": the student did not write that line.
  EXPECT_EQ(assg::describe_sanitizer_report(report, "pool_forward", kRunner),
            "UndefinedBehaviorSanitizer found undefined behaviour (signed integer overflow: 4 * 2147483647 cannot be "
            "represented in type 'int') in pool_forward at tests/solutions/sanitizer_errors.cpp:22:13. An int "
            "calculation went past int's range (about 2.1 billion): look for a wrong value feeding it, or compute it "
            "in a wider type (long long, Eigen::Index).");
}

TEST(SanitizerReport, WhatTheProgramPrintedBeforeIsNotPartOfIt) {
  const std::string prints = "debug: AddressSanitizer is on\nrow 3 done\n";
  const auto report = parse(prints + captured("runner_heap_use_after_free"));
  EXPECT_EQ(report.start, prints.size());
  EXPECT_EQ(report.kind, "heap-use-after-free");
  const std::string ub_prints = "partial sums: 1 2 3\n";
  EXPECT_EQ(parse(ub_prints + captured("runner_signed_integer_overflow")).start, ub_prints.size());
}

TEST(SanitizerReport, NoReportInOrdinaryOutput) {
  EXPECT_FALSE(assg::parse_sanitizer_report("").has_value());
  EXPECT_FALSE(assg::parse_sanitizer_report("hello\nruntime error: my own message\n==12== done\n").has_value());
  EXPECT_FALSE(assg::parse_sanitizer_report("ERROR: AddressSanitizer: printed by the student\n").has_value());
  // A long line does not trouble the parser (no recursive regex).
  EXPECT_FALSE(assg::parse_sanitizer_report(std::string(4 << 20, 'x')).has_value());
}

TEST(SanitizerReport, StackBufferOverflowInAHelperNamesTheVariableAndTheCaller) {
  const auto report = parse(captured("stack_buffer_overflow_in_helper"));
  EXPECT_EQ(report.kind, "stack-buffer-overflow");
  EXPECT_EQ(report.variable, "window");
  EXPECT_EQ(report.relation, "right");
  EXPECT_EQ(report.stack.size(), 6U);  // not the frame that owns the variable
  EXPECT_EQ(assg::describe_sanitizer_report(report, "pool_forward", kDemoMore),
            "AddressSanitizer found a stack-buffer-overflow (reading 8 bytes just past the end of the local variable "
            "'window') in sum_window at student/more.cpp:4, called from stack_ptr at student/more.cpp:5, called from "
            "main at student/more.cpp:11. Check that line's indices and loop bounds (0 <= i < size: <, not <=).");
}

TEST(SanitizerReport, GlobalOverflowNamesTheVariableNotItsNeighbour) {
  // ASan describes the global on each side of the access; the one the
  // access ran off is the first ('table', 40 bytes), not the sanitizer's own
  // data 56 bytes further on.
  const auto report = parse(captured("global_buffer_overflow"));
  EXPECT_EQ(report.kind, "global-buffer-overflow");
  EXPECT_EQ(report.access, "READ");
  EXPECT_EQ(report.access_bytes, 8U);
  EXPECT_TRUE(report.global_variable);
  EXPECT_EQ(report.variable, "table");
  EXPECT_EQ(report.relation, "right");
  EXPECT_EQ(report.distance, 0U);
  EXPECT_EQ(report.block_bytes, 40U);
  ASSERT_FALSE(report.stack.empty());
  EXPECT_EQ(report.stack[0].function, "read_past(double const*, int)");
  EXPECT_EQ(report.stack[0].line, 3);
}

TEST(SanitizerReport, WriteBeforeTheStartOfABlockAllocatedByTheStudent) {
  const auto report = parse(captured("heap_buffer_underflow_write"));
  EXPECT_EQ(report.access, "WRITE");
  EXPECT_EQ(report.relation, "left");
  EXPECT_EQ(report.distance, 16U);
  EXPECT_EQ(report.block_bytes, 80U);
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(report, "zero_pad", kDemoMore),
                       "(writing 8 bytes 16 bytes before the start of a 80-byte block allocated at "
                       "student/more.cpp:13) in write_before at student/more.cpp:7"));
}

TEST(SanitizerReport, SegvOnAWildPointer) {
  const auto report = parse(captured("segv_wild_pointer"));
  EXPECT_EQ(report.kind, "SEGV");
  EXPECT_EQ(report.access, "READ");
  EXPECT_FALSE(report.null_address);
  EXPECT_EQ(report.start, 0U);  // from "AddressSanitizer:DEADLYSIGNAL"
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(report, "zero_pad", kDemoMore),
                       "AddressSanitizer found a SEGV (reading at an address that is none of the program's memory) in "
                       "wild at student/more.cpp:6"));
}

TEST(SanitizerReport, StackOverflowNamesTheRecursiveFunctionOnce) {
  const auto report = parse(captured("stack_overflow"));
  EXPECT_EQ(report.kind, "stack-overflow");
  EXPECT_EQ(report.stack.size(), 248U);  // #0 to #247
  EXPECT_EQ(assg::describe_sanitizer_report(report, "conv_backward", kDemo),
            "AddressSanitizer found a stack-overflow (the call stack ran out of room) in recurse at "
            "student/assg_tasks.cpp:17. A recursion that never ends or goes too deep, or a huge array declared as a "
            "local variable (use a tensor instead).");
}

TEST(SanitizerReport, HugeAllocationSkipsTheStandardLibrarysFrames) {
  const auto report = parse(captured("allocation_size_too_big"));
  EXPECT_EQ(report.kind, "allocation-size-too-big");
  EXPECT_EQ(report.requested_bytes, 0x80000000000U);
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(report, "conv_forward", kDemo),
                       "AddressSanitizer found an allocation-size-too-big (asking for 8192.0 GiB at once) in huge at "
                       "student/assg_tasks.cpp:18, called from main at student/assg_tasks.cpp:36. That is more memory "
                       "than a case may use"));
}

TEST(SanitizerReport, DoubleFreeSaysWhereItWasFirstFreed) {
  const auto report = parse(captured("double_free"));
  EXPECT_EQ(report.kind, "double-free");
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(report, "conv_forward", kDemo),
                       "AddressSanitizer found a double-free (freeing memory already freed at "
                       "student/assg_tasks.cpp:20) in main at student/assg_tasks.cpp:38."));
}

TEST(SanitizerReport, UseAfterScope) {
  const auto report = parse(captured("stack_use_after_scope"));
  EXPECT_EQ(report.kind, "stack-use-after-scope");
  EXPECT_EQ(report.variable, "local");
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(report, "conv_forward", kDemo),
                       "(reading 8 bytes of the local variable 'local' after its scope had ended) in scope at "
                       "student/assg_tasks.cpp:26, called from main at student/assg_tasks.cpp:44."));
}

TEST(SanitizerReport, HardRssLimitHasNoLineToShow) {
  const auto report = parse(captured("hard_rss_limit"));
  EXPECT_EQ(report.kind, "rss-limit-exceeded");
  EXPECT_EQ(report.rss_limit_mb, 300U);
  EXPECT_EQ(report.rss_used_mb, 361U);
  EXPECT_TRUE(report.stack.empty());
  EXPECT_EQ(assg::describe_sanitizer_report(report, "conv_forward", kDemo),
            "AddressSanitizer stopped conv_forward: it had 361 MB of memory in use, more than the 300 MB a case may "
            "use. Is a tensor given a wrong, huge size, or made again and again in a loop?");
}

TEST(SanitizerReport, UndefinedBehaviourAdvice) {
  const auto index = parse(captured("ubsan_index_out_of_bounds"));
  EXPECT_EQ(index.kind, "index 4 out of bounds for type 'int [4]'");
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(index, "pool_forward", kDemo),
                       "in index_oob at student/assg_tasks.cpp:22:85, called from main at student/assg_tasks.cpp:40. "
                       "An index outside a fixed-size array"));
  const auto no_return = parse(captured("ubsan_missing_return"));
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(no_return, "pool_forward", kDemo),
                       "Every way through the function must end in a return statement."));
}

TEST(SanitizerReport, WithoutTheSolutionsFileTheFirstFrameOfProjectCodeIsShown) {
  // SOLUTION=reference: the label names no file.
  const SolutionSource reference{"the reference solution", "/work/main"};
  const auto report = parse(captured("runner_heap_use_after_free"));
  const auto* allocated = assg::student_frame(report.allocated_by, reference);  // past malloc's and Eigen's frames
  ASSERT_NE(allocated, nullptr);
  EXPECT_EQ(allocated->line, 44);
  EXPECT_EQ(assg::short_function_name(allocated->function), "zero_pad");
  const auto heap = parse(captured("runner_heap_buffer_overflow"));
  EXPECT_EQ(assg::student_frame(heap.allocated_by, reference), nullptr);  // only Eigen's and the runner's
  EXPECT_EQ(assg::student_frame(heap.stack, reference)->line, 116);
}

TEST(SanitizerReport, FramesWithSpacesInPathsAndWithoutSourceLines) {
  const auto report = parse(
      "==7==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T0)\n"
      "    #0 0x55d0 in operator delete(void*, unsigned long) /home/Jane Doe/hw 5/student/assg_tasks.cpp:12:3\n"
      "    #1 0x55d1 in helper (/home/Jane Doe/hw 5/build/bin/runner+0x1f)\n"
      "    #2 0x55d2 (/lib/x86_64-linux-gnu/libc.so.6+0x2724a)\n");
  ASSERT_EQ(report.stack.size(), 3U);
  EXPECT_EQ(report.stack[0].function, "operator delete(void*, unsigned long)");
  EXPECT_EQ(report.stack[0].file, "/home/Jane Doe/hw 5/student/assg_tasks.cpp");
  EXPECT_EQ(report.stack[0].line, 12);
  EXPECT_EQ(report.stack[0].column, 3);
  EXPECT_EQ(report.stack[1].function, "helper");
  EXPECT_EQ(report.stack[1].file, "");
  EXPECT_EQ(report.stack[2].function, "");
  EXPECT_TRUE(report.null_address);
  const SolutionSource source{"student/assg_tasks.cpp", "/home/Jane Doe/hw 5"};
  EXPECT_TRUE(Mentions(assg::describe_sanitizer_report(report, "zero_pad", source),
                       "(an access through a null pointer) in operator delete at student/assg_tasks.cpp:12:3."));
}

TEST(SanitizerReport, OutOfMemoryWithoutASummary) {
  // Printed when the operating system refuses the allocator more memory.
  const auto report = parse("==9==ERROR: AddressSanitizer failed to allocate 0x40000000 (1073741824) bytes of "
                            "LargeMmapAllocator (error code: 12)\n");
  EXPECT_EQ(report.kind, "out-of-memory");
  EXPECT_EQ(report.requested_bytes, 1U << 30);
  EXPECT_EQ(assg::describe_sanitizer_report(report, "zero_pad", kRunner),
            "AddressSanitizer found an out-of-memory (asking for 1.0 GiB at once) while zero_pad ran (no line of your "
            "file is in its report). That is more memory than a case may use: is a tensor given a wrong, huge size?");
}

TEST(SanitizerReport, ShortFunctionNames) {
  EXPECT_EQ(assg::short_function_name("conv_forward(Eigen::Tensor<double, 4, 1, long> const&, int)"), "conv_forward");
  EXPECT_EQ(assg::short_function_name("Pool::window(long) const"), "Pool::window");
  EXPECT_EQ(assg::short_function_name("(anonymous namespace)::helper(int (*)(int))"), "(anonymous namespace)::helper");
  EXPECT_EQ(assg::short_function_name("dispatch"), "dispatch");
  EXPECT_EQ(assg::short_function_name(""), "");
}

TEST(SanitizerReport, PathsInsideTheProjectAreShownRelativeToIt) {
  const SolutionSource source{"student/assg_tasks.cpp", "/work/main"};
  EXPECT_EQ(assg::display_path("/work/main/student/assg_tasks.cpp", source), "student/assg_tasks.cpp");
  EXPECT_EQ(assg::display_path("/work/mainly/x.cpp", source), "/work/mainly/x.cpp");
  EXPECT_EQ(assg::display_path("/home/ada/mine.cpp", source), "/home/ada/mine.cpp");
}

}  // namespace
