#include "model/scoring.hpp"

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

std::map<std::string, long long> case_worths(const RubricTask& rule, const std::vector<std::string>& case_names) {
  const long long hundredths = rule.points_in_hundredths();
  double total_weight = 0.0;
  for (const auto& name : case_names) total_weight += rule.case_weight(name);
  std::map<std::string, long long> worth;
  // Remainders in millionths of a hundredth, so that equal weights give
  // exactly equal remainders and the tie goes by name.
  std::vector<std::pair<long long, std::string>> remainders;
  long long handed_out = 0;
  for (const auto& name : case_names) {
    const double exact = total_weight > 0.0 ? static_cast<double>(hundredths) * rule.case_weight(name) / total_weight : 0.0;
    const auto whole = static_cast<long long>(std::floor(exact + 1e-9));
    worth[name] = whole;
    handed_out += whole;
    remainders.emplace_back(std::llround((exact - static_cast<double>(whole)) * 1e6), name);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t k = 0; k < remainders.size() && handed_out < hundredths && total_weight > 0.0; ++k, ++handed_out)
    ++worth[remainders[k].second];
  return worth;
}

TaskRecord score_task(const RubricTask& rule, std::vector<TestRecord> tests) {
  TaskRecord task;
  task.id = rule.id;
  task.function = rule.function;
  task.title = rule.title;
  task.bonus = rule.bonus;

  long long worth = 0;
  long long earned = 0;
  for (auto& test : tests) {
    const auto hundredths = std::llround(test.max_points * 100.0);
    test.max_points = static_cast<double>(hundredths) / 100.0;
    const bool passed = test.status == TestStatus::Passed;
    test.points = passed ? test.max_points : 0.0;
    worth += hundredths;
    if (passed) earned += hundredths;
  }
  task.points = static_cast<double>(earned) / 100.0;
  task.max_points = static_cast<double>(worth) / 100.0;
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
