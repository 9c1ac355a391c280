// A GoogleTest event listener (in the manner of GoogleTest's sample9) that
// replaces the default printer: it starts the scheduled runs, collects each
// test's status and message, prints a line per finished task, then the
// failures, the per-task table and `Total: X/Y`, and writes the results JSON.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "case_test.hpp"
#include "grading_plan.hpp"
#include "report/report_table.hpp"
#include "run_scheduler.hpp"
#include "model/scoring.hpp"

namespace assg {

class GradeListener : public ::testing::EmptyTestEventListener {
 public:
  GradeListener(const GradingPlan& plan, const CaseRegistry& registry, RunScheduler& scheduler,
                std::string solution_label, std::string results_path, TableStyle style,
                std::string junit_path = {});

  void OnTestIterationStart(const ::testing::UnitTest& unit_test, int iteration) override;
  void OnTestStart(const ::testing::TestInfo& test_info) override;
  void OnTestPartResult(const ::testing::TestPartResult& result) override;
  void OnTestEnd(const ::testing::TestInfo& test_info) override;
  void OnTestSuiteEnd(const ::testing::TestSuite& test_suite) override;
  void OnTestProgramEnd(const ::testing::UnitTest& unit_test) override;

  // False if the results file could not be written (the run then exits 2).
  bool results_written() const { return results_written_; }
  // True if the grader itself failed a test (e.g. could not start the
  // runner): the results are written, but the run exits 2.
  bool harness_failed() const { return harness_failed_; }
  const GradeReport& report() const { return report_; }
  // The instructor's view (grade-all --explain): hidden cases keep their
  // own names, descriptions and messages, data included.
  void reveal_hidden() { reveal_hidden_ = true; }

 private:
  const RegisteredCase* find(const ::testing::TestInfo& test_info) const;
  TaskRecord score(std::size_t task) const;

  const GradingPlan& plan_;
  const CaseRegistry& registry_;
  RunScheduler& scheduler_;
  std::string solution_label_;
  std::string results_path_;
  std::string junit_path_;  // also write JUnit XML there (empty: no)
  TableStyle style_;
  std::vector<std::string> current_messages_;
  std::map<std::size_t, std::vector<TestRecord>> records_;  // by task index
  GradeReport report_;
  bool results_written_ = false;
  bool harness_failed_ = false;
  bool reveal_hidden_ = false;
};

// Writes the report (table to stdout, JSON to `results_path`) for a solution
// that did not compile: every enabled task is compile_error. Returns false
// if the results file could not be written.
bool report_compile_error(const GradingPlan& plan, const std::string& solution_label,
                          const std::string& compiler_output, const std::string& results_path,
                          const TableStyle& style, const std::string& junit_path = {});

}  // namespace assg
