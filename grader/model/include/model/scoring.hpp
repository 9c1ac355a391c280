// Turning per-test outcomes into per-task points and statuses. Points are
// split over a task's cases by the rubric's weights (even by default), in
// hundredths of a point that add up exactly: a task earns the sum of its
// passed tests' shares and the total is the sum of the tasks, so the table,
// the results JSON and any gradebook built from per-test points agree.
// Each case's share is fixed by the plan (its name and weight), before any
// case runs: never by the order the cases happen to run or finish in.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rubric.hpp"

namespace assg {

enum class TestStatus { Passed, Failed, NotImplemented, Crashed, TimedOut, CompileError };

std::string to_string(TestStatus status);

struct TestRecord {
  std::string name;
  TestStatus status = TestStatus::Failed;
  std::string message;      // empty when passed
  std::string description;  // what the case is, from the fixture
  double weight = 1.0;
  double seconds = 0.0;
  bool hidden = false;      // a hidden test: message and description say nothing of its data
  double points = 0.0;      // filled in by score_task
  double max_points = 0.0;  // the case's worth (case_worths), set before score_task
};

struct TaskRecord {
  std::string id;
  std::string function;
  std::string title;
  bool bonus = false;
  double points = 0.0;
  double max_points = 0.0;
  TestStatus status = TestStatus::Passed;
  std::vector<TestRecord> tests;

  int passed_count() const;
  const TestRecord* first_failure() const;
  // No test passed and the first says the function is still its own
  // starting stub: nothing to explain beyond the status.
  bool still_at_own_stub() const;
};

struct GradeReport {
  std::string solution;  // what was graded, for people reading the report
  std::string sandbox;   // how the solution's code was confined (empty: not run, e.g. compile error)
  std::vector<TaskRecord> tasks;
  double total_points = 0.0;
  double max_points = 0.0;  // bonus tasks excluded

  bool all_passed() const;
};

// The message of a test whose function still throws its starting stub's
// NotImplemented (written by the tests, recognised by the report).
std::string own_stub_message(const std::string& function);

// What a student is told about a hidden test that did not pass: how it
// failed, never its data.
std::string hidden_test_message(TestStatus status);

// Points are reported to the hundredth of a point.
double round_points(double points);

// The most telling status among a task's tests (passed if they all passed).
TestStatus task_status(const std::vector<TestRecord>& tests);

// Each case's worth in hundredths of a point, by case name: the task's
// points split by weight, rounded down, and the leftover hundredths given
// one each to the largest remainders, equal remainders to the case whose
// name sorts first. The worths add up to the task's points exactly.
std::map<std::string, long long> case_worths(const RubricTask& rule, const std::vector<std::string>& case_names);

// A task's points and maximum: the worths (max_points) of its tests that
// passed, out of the worths of the tests given (all its cases, unless a
// --gtest_filter left some out).
TaskRecord score_task(const RubricTask& rule, std::vector<TestRecord> tests);
GradeReport make_report(std::string solution, std::vector<TaskRecord> tasks);

}  // namespace assg
