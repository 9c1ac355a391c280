#include "scoring.hpp"

#include <algorithm>
#include <cmath>

namespace assg {

std::string to_string(TestStatus status) {
  switch (status) {
    case TestStatus::Passed: return "passed";
    case TestStatus::Failed: return "failed";
    case TestStatus::NotImplemented: return "not_implemented";
    case TestStatus::Crashed: return "crashed";
    case TestStatus::TimedOut: return "timed_out";
    case TestStatus::CompileError: return "compile_error";
  }
  return "failed";
}

double round_points(double points) { return std::round(points * 100.0) / 100.0; }

int TaskRecord::passed_count() const {
  return static_cast<int>(std::count_if(tests.begin(), tests.end(),
                                        [](const TestRecord& test) { return test.status == TestStatus::Passed; }));
}

const TestRecord* TaskRecord::first_failure() const {
  for (const auto& test : tests)
    if (test.status != TestStatus::Passed) return &test;
  return nullptr;
}

bool GradeReport::all_passed() const {
  return std::all_of(tasks.begin(), tasks.end(),
                     [](const TaskRecord& task) { return task.status == TestStatus::Passed; });
}

namespace {

// The most telling status among the failing tests: a task that crashed once
// and failed elsewhere is reported as crashed. not_implemented only when
// every failing test still hits the stub.
TestStatus task_status(const std::vector<TestRecord>& tests) {
  static const TestStatus precedence[] = {TestStatus::CompileError, TestStatus::Crashed, TestStatus::TimedOut,
                                          TestStatus::Failed, TestStatus::NotImplemented};
  for (auto status : precedence)
    if (std::any_of(tests.begin(), tests.end(), [&](const TestRecord& test) { return test.status == status; }))
      return status;
  return TestStatus::Passed;
}

}  // namespace

TaskRecord score_task(const RubricTask& rule, std::vector<TestRecord> tests) {
  TaskRecord task;
  task.id = rule.id;
  task.function = rule.function;
  task.title = rule.title;
  task.bonus = rule.bonus;
  task.max_points = rule.points;
  double total_weight = 0.0, passed_weight = 0.0;
  for (const auto& test : tests) {
    total_weight += test.weight;
    if (test.status == TestStatus::Passed) passed_weight += test.weight;
  }
  for (auto& test : tests) {
    test.max_points = total_weight > 0.0 ? round_points(rule.points * test.weight / total_weight) : 0.0;
    test.points = test.status == TestStatus::Passed ? test.max_points : 0.0;
  }
  task.points = total_weight > 0.0 ? round_points(rule.points * passed_weight / total_weight) : 0.0;
  task.status = tests.empty() ? TestStatus::Passed : task_status(tests);
  task.tests = std::move(tests);
  return task;
}

GradeReport make_report(std::string solution, std::vector<TaskRecord> tasks) {
  GradeReport report;
  report.solution = std::move(solution);
  for (const auto& task : tasks) {
    report.total_points += task.points;
    if (!task.bonus) report.max_points += task.max_points;
  }
  report.total_points = round_points(report.total_points);
  report.max_points = round_points(report.max_points);
  report.tasks = std::move(tasks);
  return report;
}

}  // namespace assg
