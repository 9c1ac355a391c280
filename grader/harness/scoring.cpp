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

std::string hidden_test_message(TestStatus status) {
  switch (status) {
    case TestStatus::Passed: return {};
    case TestStatus::Failed: return "hidden test: wrong result (its data is not shown)";
    case TestStatus::NotImplemented: return "hidden test: the function is not implemented yet";
    case TestStatus::Crashed: return "hidden test: your code crashed (its data is not shown)";
    case TestStatus::TimedOut: return "hidden test: your code ran past the time limit (its data is not shown)";
    case TestStatus::CompileError: return "hidden test: the solution does not compile";
  }
  return "hidden test: failed";
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

std::string own_stub_message(const std::string& function) {
  return "not implemented yet: " + function + " still throws NotImplemented (the starting stub)";
}

bool TaskRecord::still_at_own_stub() const {
  const auto* failure = first_failure();
  return status == TestStatus::NotImplemented && passed_count() == 0 && failure != nullptr &&
         failure->message == own_stub_message(function);
}

bool GradeReport::all_passed() const {
  return std::all_of(tasks.begin(), tasks.end(),
                     [](const TaskRecord& task) { return task.status == TestStatus::Passed; });
}

// A task that crashed once and failed elsewhere is reported as crashed;
// not_implemented only when every failing test still hits the stub.
TestStatus task_status(const std::vector<TestRecord>& tests) {
  static const TestStatus precedence[] = {TestStatus::CompileError, TestStatus::Crashed, TestStatus::TimedOut,
                                          TestStatus::Failed, TestStatus::NotImplemented};
  for (auto status : precedence)
    if (std::any_of(tests.begin(), tests.end(), [&](const TestRecord& test) { return test.status == status; }))
      return status;
  return TestStatus::Passed;
}

TaskRecord score_task(const RubricTask& rule, std::vector<TestRecord> tests) {
  TaskRecord task;
  task.id = rule.id;
  task.function = rule.function;
  task.title = rule.title;
  task.bonus = rule.bonus;
  task.max_points = round_points(rule.points);

  // Each test's share of the task's points, in whole hundredths, split by
  // weight with the leftover hundredths going to the largest remainders
  // (ties: the earlier test): the tests' points always add up to the
  // task's exactly, in this report and in any gradebook built from it.
  const auto cents = static_cast<long long>(std::llround(rule.points * 100.0));
  double total_weight = 0.0;
  for (const auto& test : tests) total_weight += test.weight;
  std::vector<long long> share(tests.size(), 0);
  std::vector<double> remainder(tests.size(), 0.0);
  long long handed_out = 0;
  for (std::size_t i = 0; i < tests.size() && total_weight > 0.0; ++i) {
    const double exact = static_cast<double>(cents) * tests[i].weight / total_weight;
    share[i] = static_cast<long long>(std::floor(exact + 1e-9));
    remainder[i] = exact - static_cast<double>(share[i]);
    handed_out += share[i];
  }
  std::vector<std::size_t> order(tests.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; k < order.size() && handed_out < cents && total_weight > 0.0; ++k, ++handed_out)
    ++share[order[k]];

  long long earned = 0;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    tests[i].max_points = static_cast<double>(share[i]) / 100.0;
    const bool passed = tests[i].status == TestStatus::Passed;
    tests[i].points = passed ? tests[i].max_points : 0.0;
    if (passed) earned += share[i];
  }
  task.points = static_cast<double>(earned) / 100.0;
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
