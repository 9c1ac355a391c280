// One GoogleTest test per fixture case, registered at run time from the
// fixture files: suite = the task's function, test = the case's name. The
// test body never runs student code itself; it takes the result of the
// child process the scheduler ran and judges it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "grading_plan.hpp"
#include "run_scheduler.hpp"
#include "sanitized_runs.hpp"

namespace assg {

// Test properties the tests record for the listener ("status" is reserved
// by GoogleTest).
inline constexpr const char* kStatusProperty = "grade_status";
inline constexpr const char* kSecondsProperty = "seconds";
inline constexpr const char* kPrintedProperty = "printed";
inline constexpr const char* kDiagnosisProperty = "diagnosis";  // the likely mistake, in plain sentences
inline constexpr const char* kHarnessErrorProperty = "harness_error";  // the grader's fault, not the student's

// Memory one case's runner may use (its address space), in GiB.
inline constexpr int kCaseMemoryGiB = 2;

// A case's wall-clock backstop, as a multiple of its idle budget (twice the
// CPU-time limit plus a second): only a machine too busy to run the case at
// all reaches it.
inline constexpr double kClockBackstopFactor = 10.0;

struct RegisteredCase {
  std::size_t task = 0;  // index into GradingPlan::tasks
  std::size_t fixture_case = 0;
  int job = -1;          // RunScheduler id
};

// (suite name, test name) -> where the test came from.
using CaseRegistry = std::map<std::pair<std::string, std::string>, RegisteredCase>;

// The GoogleTest suite of plan task `task`: its function's name, or, when
// two tasks grade the same function, the function and the task id
// ("pool_forward_1_2a"), so that no two tasks share test names.
std::string suite_name(const GradingPlan& plan, std::size_t task);

// Registers every case of the plan; `limits_template` supplies the limits
// other than the per-case timeout. `sanitized`: the runner was built with
// the sanitizers (make test SANITIZE=1) from this source, and a run they
// stop is reported from their report (symbolized by its symbolizer).
CaseRegistry register_case_tests(const GradingPlan& plan, RunScheduler& scheduler,
                                 const ChildLimits& limits_template,
                                 std::optional<SanitizedSolution> sanitized = std::nullopt);

}  // namespace assg
