// How a runner built with `make test SANITIZE=1` (AddressSanitizer and
// UndefinedBehaviorSanitizer) is run: their options, and its memory limit
// in their terms.
#pragma once

#include <memory>

#include "platform/child_process.hpp"
#include "offline_symbolizer.hpp"
#include "sanitizer_report.hpp"

namespace assg {

// The exit status a sanitizer stops the runner with: no solution's own
// exit() is mistaken for one unless it chooses this number.
inline constexpr int kSanitizerExitCode = 86;

// Time limits are this many times the rubric's: checking every memory
// access and every int operation makes a solution 5 to 20 times slower
// (plain loops over Eigen tensors the most: the course's largest
// convolution takes 30 s instead of 1.5).
inline constexpr double kSanitizedTimeFactor = 5.0;

// `limits` for a sanitized runner. AddressSanitizer reserves terabytes of
// address space for its shadow memory, so the address-space limit
// (RLIMIT_AS) is replaced by the allocator's own limits of the same size: a
// larger single allocation is refused, and a process whose resident memory
// grows past it (plus the sanitizer's overhead) is stopped, each with a
// report. Leak checking is off everywhere (detect_leaks=0, which every
// runtime accepts; only detect_leaks=1 aborts where there is no
// LeakSanitizer, as on macOS): leaks cost no points, and on Linux, where
// LeakSanitizer exists, it stops the program with a tracer process and
// ptrace, which the sandbox forbids. `symbolize_offline`: the runner prints
// its frames unsymbolized (symbolize=0) for an OfflineSymbolizer to read
// after the run; otherwise it symbolizes them itself, as GCC's runtime can
// in the sandbox and clang's cannot.
ChildLimits sanitized_limits(ChildLimits limits, bool symbolize_offline);

// What the grader knows of a sanitized runner's solution: its source, to
// point at its lines, and the symbolizer that finds them.
struct SanitizedSolution {
  SolutionSource source;
  std::shared_ptr<const OfflineSymbolizer> symbolizer;  // null: the frames as the runner printed them
};

}  // namespace assg
