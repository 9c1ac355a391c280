#include "grade_listener.hpp"

#include <algorithm>

#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "compile_diagnosis.hpp"
#include "report/junit_xml.hpp"
#include "model/results_json.hpp"

namespace assg {

namespace {

// A neutral name for hidden case `index` of `cases` ("hidden_test_2": the
// task's second hidden case): a hidden case's own name may describe its data.
std::string hidden_test_name(const std::vector<FixtureCase>& cases, std::size_t index) {
  const auto number = std::count_if(cases.begin(), cases.begin() + static_cast<std::ptrdiff_t>(index) + 1,
                                    [](const FixtureCase& other) { return other.hidden; });
  return fmt::format("hidden_test_{}", number);
}

TestStatus status_from_property(const std::string& value) {
  if (value == "not_implemented") return TestStatus::NotImplemented;
  if (value == "crashed") return TestStatus::Crashed;
  if (value == "timed_out") return TestStatus::TimedOut;
  return TestStatus::Failed;
}

std::string property(const ::testing::TestResult& result, const std::string& key) {
  for (int i = 0; i < result.test_property_count(); ++i)
    if (result.GetTestProperty(i).key() == key) return result.GetTestProperty(i).value();
  return {};
}

bool write_results(const GradeReport& report, const std::string& path, const std::string& junit_path) {
  try {
    // Messages are valid UTF-8 already; replacing any bad byte anyway means
    // no student text can ever stop the results from being written.
    write_file_atomically(path, report_to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    std::cout << fmt::format("Results: {}\n", path);
    if (!junit_path.empty()) {
      write_file_atomically(junit_path, report_to_junit(report));
      std::cout << fmt::format("JUnit XML: {}\n", junit_path);
    }
    return true;
  } catch (const std::exception& error) {
    std::cerr << fmt::format("grader: error: could not write the results: {}\n", error.what());
    return false;
  }
}

// The first line of the compiler's output that names an error.
std::string first_compiler_error(const std::string& output) {
  std::istringstream stream(output);
  for (std::string line; std::getline(stream, line);) {
    std::string plain;  // without colour escape sequences
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\x1b') {
        while (i < line.size() && line[i] != 'm') ++i;
        continue;
      }
      plain += line[i];
    }
    if (plain.find("error:") != std::string::npos || plain.find("undefined reference") != std::string::npos)
      return plain;
  }
  return "see the compiler's messages above";
}

}  // namespace

GradeListener::GradeListener(const GradingPlan& plan, const CaseRegistry& registry, RunScheduler& scheduler,
                             std::string solution_label, std::string results_path, TableStyle style,
                             std::string junit_path)
    : plan_(plan),
      registry_(registry),
      scheduler_(scheduler),
      solution_label_(std::move(solution_label)),
      results_path_(std::move(results_path)),
      junit_path_(std::move(junit_path)),
      style_(style) {}

const RegisteredCase* GradeListener::find(const ::testing::TestInfo& test_info) const {
  auto found = registry_.find({test_info.test_suite_name(), test_info.name()});
  return found == registry_.end() ? nullptr : &found->second;
}

void GradeListener::OnTestIterationStart(const ::testing::UnitTest& unit_test, int) {
  records_.clear();
  std::vector<int> order;
  std::size_t registered = 0;
  for (int s = 0; s < unit_test.total_test_suite_count(); ++s) {
    const auto* suite = unit_test.GetTestSuite(s);
    for (int t = 0; t < suite->total_test_count(); ++t) {
      const auto* info = suite->GetTestInfo(t);
      const auto* found = find(*info);
      if (found == nullptr) continue;
      ++registered;
      if (info->should_run()) order.push_back(found->job);
    }
  }
  if (order.size() < registered)
    std::cerr << fmt::format("grader: warning: only {} of {} cases will run (--gtest_filter): a case that does not "
                             "run counts towards neither the points nor the maximum; use --task to grade whole "
                             "tasks\n",
                             order.size(), registered);
  std::cout << fmt::format("Grading {}: {} test{} in {} task{} (sandbox: {})\n", solution_label_, order.size(),
                           order.size() == 1 ? "" : "s", plan_.tasks.size(), plan_.tasks.size() == 1 ? "" : "s",
                           scheduler_.sandbox_description())
            << std::flush;
  scheduler_.start(order);
}

void GradeListener::OnTestStart(const ::testing::TestInfo&) { current_messages_.clear(); }

void GradeListener::OnTestPartResult(const ::testing::TestPartResult& result) {
  if (result.failed()) current_messages_.push_back(result.message());
}

void GradeListener::OnTestEnd(const ::testing::TestInfo& test_info) {
  const auto* registered = find(test_info);
  if (registered == nullptr) return;
  const auto& fixture_case = plan_.tasks[registered->task].fixture.cases[registered->fixture_case];
  const auto& rule = plan_.tasks[registered->task].rule;
  const auto* result = test_info.result();
  if (result->Skipped()) return;  // not run (e.g. --gtest_fail_fast): not a failure either
  if (const auto error = property(*result, kHarnessErrorProperty); !error.empty()) {
    if (!harness_failed_) std::cerr << "grader: error: " << error << "\n";
    harness_failed_ = true;
  }
  TestRecord record;
  record.name = test_info.name();
  record.description = fixture_case.description;
  record.weight = rule.case_weight(fixture_case.name);
  record.max_points = plan_.tasks[registered->task].case_points[registered->fixture_case];
  const auto seconds = property(*result, kSecondsProperty);
  record.seconds = seconds.empty() ? static_cast<double>(result->elapsed_time()) / 1000.0 : std::stod(seconds);
  if (result->Passed()) {
    record.status = TestStatus::Passed;
  } else {
    record.status = status_from_property(property(*result, kStatusProperty));
    std::string message;
    for (const auto& part : current_messages_) message += (message.empty() ? "" : "\n") + part;
    if (const auto diagnosis = property(*result, kDiagnosisProperty); !diagnosis.empty())
      message += "\n" + diagnosis;
    if (const auto printed = property(*result, kPrintedProperty); !printed.empty()) message += "\n" + printed;
    record.message = message;
  }
  if (fixture_case.hidden && reveal_hidden_) {
    record.hidden = true;
  } else if (fixture_case.hidden) {
    record.name = hidden_test_name(plan_.tasks[registered->task].fixture.cases, registered->fixture_case);
    record.hidden = true;
    record.description.clear();
    record.message = hidden_test_message(record.status);
    // No time either: a solution could encode the hidden inputs in how long
    // it takes (or, in its reply, says it took).
    record.seconds = 0.0;
  }
  records_[registered->task].push_back(std::move(record));
}

TaskRecord GradeListener::score(std::size_t task) const {
  auto found = records_.find(task);
  return score_task(plan_.tasks[task].rule, found == records_.end() ? std::vector<TestRecord>{} : found->second);
}

void GradeListener::OnTestSuiteEnd(const ::testing::TestSuite& test_suite) {
  for (std::size_t t = 0; t < plan_.tasks.size(); ++t)
    if (suite_name(plan_, t) == test_suite.name() && records_.count(t) != 0)
      std::cout << render_progress(score(t), style_) << std::flush;
}

void GradeListener::OnTestProgramEnd(const ::testing::UnitTest&) {
  std::vector<TaskRecord> tasks;
  for (std::size_t t = 0; t < plan_.tasks.size(); ++t)
    if (records_.count(t) != 0) tasks.push_back(score(t));
  report_ = make_report(solution_label_, std::move(tasks));
  report_.sandbox = scheduler_.sandbox_description();
  const auto failures = render_failures(report_, style_);
  if (!failures.empty()) std::cout << "\n" << failures;
  std::cout << "\n" << render_table(report_, style_);
  results_written_ = write_results(report_, results_path_, junit_path_);
  std::cout << std::flush;
}

bool report_compile_error(const GradingPlan& plan, const std::string& solution_label,
                          const std::string& compiler_output, const std::string& results_path,
                          const TableStyle& style, const std::string& junit_path) {
  const auto first_error = first_compiler_error(compiler_output);
  const bool link_error = first_error.find("undefined reference") != std::string::npos ||
                          first_error.find("ld returned") != std::string::npos;
  const auto advice = compile_error_advice(diagnose_compile_error(first_error));
  const auto what = link_error ? "does not link" : "does not compile";
  const auto message = advice.empty() ? fmt::format("{}: {}", what, first_error)
                                      : fmt::format("{}: {} (the compiler: {})", what, advice, first_error);
  std::vector<TaskRecord> tasks;
  for (const auto& task : plan.tasks) {
    std::vector<TestRecord> tests;
    for (std::size_t index = 0; index < task.fixture.cases.size(); ++index) {
      const auto& fixture_case = task.fixture.cases[index];
      TestRecord record;
      record.name = fixture_case.name;
      record.description = fixture_case.description;
      record.status = TestStatus::CompileError;
      record.message = message;
      record.hidden = fixture_case.hidden;
      if (record.hidden) {
        // Named as when the solution compiles, never by the case's own name.
        record.name = hidden_test_name(task.fixture.cases, index);
        record.description.clear();
        record.message = hidden_test_message(record.status);
      }
      record.weight = task.rule.case_weight(fixture_case.name);
      record.max_points = task.case_points[index];
      tests.push_back(std::move(record));
    }
    tasks.push_back(score_task(task.rule, std::move(tests)));
  }
  const auto report = make_report(solution_label, std::move(tasks));
  std::cout << fmt::format("\n{} {}, so no task can be graded.\nFirst error: {}\n", solution_label, what, first_error);
  if (!advice.empty()) std::cout << fmt::format("Why: {}.\n", advice);
  std::cout << "\n";
  std::cout << render_table(report, style);
  return write_results(report, results_path, junit_path);
}

}  // namespace assg
