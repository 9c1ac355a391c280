// Reading what AddressSanitizer or UndefinedBehaviorSanitizer printed when
// it stopped a runner built with `make test SANITIZE=1`, and saying it to a
// student in one sentence: the error, what the access was, and the line of
// the student's file where it happened. Pure functions: text in, struct or
// text out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assg {

// One line of a sanitizer's stack trace ("#0 0x... in f(int) /path/file.cpp:12").
struct SanitizerFrame {
  std::string function;  // as printed, parameters included; empty if unknown
  std::string file;      // as printed (absolute for this project's builds); empty if unknown
  int line = 0;
  int column = 0;  // 0: not printed
  // "(module+0x1f)": the program or library the address is in and its
  // offset there, printed when the sanitizer did not symbolize the frame
  // (symbolize=0, see offline_symbolizer.hpp); empty module: not printed.
  std::string module;
  std::uint64_t module_offset = 0;
};

struct SanitizerReport {
  std::string sanitizer;  // "AddressSanitizer" or "UndefinedBehaviorSanitizer"
  // AddressSanitizer's error type ("heap-buffer-overflow", "SEGV", ...);
  // UndefinedBehaviorSanitizer's message ("signed integer overflow: 5 * 2147483647 cannot be ...").
  std::string kind;
  std::string headline;  // the report's first line, without the "==PID==" prefix

  // The access that went wrong (AddressSanitizer).
  std::string access;  // "READ", "WRITE" or empty
  std::uint64_t access_bytes = 0;
  // Where the address lies relative to the nearest block of memory:
  // "right" (past its end), "left" (before its start), "inside"; empty if not said.
  std::string relation;
  std::uint64_t distance = 0;     // bytes past the end / before the start / into the block
  std::uint64_t block_bytes = 0;  // the block's size
  std::string variable;           // a stack or global variable's name, when the block is one
  bool global_variable = false;
  bool null_address = false;          // SEGV in the zero page
  std::uint64_t requested_bytes = 0;  // allocation-size-too-big, out-of-memory
  std::uint64_t rss_limit_mb = 0;     // rss-limit-exceeded: the limit and what was in use
  std::uint64_t rss_used_mb = 0;

  std::optional<SanitizerFrame> ub_location;  // UndefinedBehaviorSanitizer's "file:line:col: runtime error"
  std::vector<SanitizerFrame> stack;          // where it happened, innermost first
  std::vector<SanitizerFrame> freed_by;       // where the block was freed (use-after-free, double-free)
  std::vector<SanitizerFrame> allocated_by;   // where the block was allocated

  std::size_t start = 0;  // offset in the output where the report begins: what came before is the program's own
};

// The last sanitizer report in a program's output (a sanitizer that stops
// the program prints one, at the end), or nothing if there is none.
std::optional<SanitizerReport> parse_sanitizer_report(std::string_view output);

// "path:12" or "path:12:5" into the frame's file, line and column; false
// (the frame unchanged) if `location` is not one. The symbolizers' answers
// (offline_symbolizer.hpp) use the same form.
bool parse_source_location(std::string_view location, SanitizerFrame& frame);

// The graded solution's source file, to point at its lines.
struct SolutionSource {
  std::string file;  // as compiled (absolute), or relative to root; anything else matches no frame
  std::string root;  // the project: paths inside it are shown relative to it
};

// `path` relative to the project when inside it, else as it is.
std::string display_path(const std::string& path, const SolutionSource& source);

// The frame to show a student: the first in the solution's file, else the
// first in code that is neither the system's (Eigen, the standard library),
// nor the C library's, nor the sanitizer's, nor the grader's runner;
// nullptr if there is none.
const SanitizerFrame* student_frame(const std::vector<SanitizerFrame>& frames, const SolutionSource& source);

// "f" for "f(int, double) const".
std::string short_function_name(const std::string& function);

// The failure message for a run stopped by a sanitizer, e.g.
// "AddressSanitizer found a heap-buffer-overflow (reading 8 bytes just past
// the end of a 384-byte block, one of the inputs the grader passed in) in
// conv_single_step at student/assg_tasks.cpp:29. Check ...". `function` is
// the task's, named when no line of the solution is in the report.
std::string describe_sanitizer_report(const SanitizerReport& report, const std::string& function,
                                      const SolutionSource& source);

}  // namespace assg
