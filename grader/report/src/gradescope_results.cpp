#include "report/gradescope_results.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/report_table.hpp"
#include "model/results_json.hpp"

namespace assg::gradescope {

namespace {

std::string test_name(const TaskRecord& task, const std::string& test) {
  const auto task_name = fmt::format("{} {}{}", task.id, task.function, task.bonus ? " (bonus)" : "");
  return test.empty() ? task_name : fmt::format("{} / {}", task_name, test);
}

// Why a submission got no tests, in plain words (HTML).
std::string not_graded_html(const SubmissionOutcome& submission) {
  const auto problem = fmt::format("<pre>{}</pre>\n", html_escaped(submission.problem));
  if (submission.status == StudentStatus::Missing)
    return "<p><strong>Not graded: no assg_tasks.cpp to grade</strong> (0 points). Submit either "
           "your file assg_tasks.cpp on its own, or your whole repository with student/assg_tasks.cpp in it.</p>\n" +
           problem;
  if (submission.status == StudentStatus::Invalid)
    return "<p><strong>Not graded: your submission could not be graded as it is</strong> (0 points), for the reason "
           "below. Submit your file assg_tasks.cpp on its own, or your whole repository.</p>\n" +
           problem;
  if (submission.status == StudentStatus::TimedOut)
    return "<p><strong>Not graded: grading your submission took longer than its time limit</strong> (0 points). "
           "Look for a loop that never ends: make test on your machine shows which task runs too long.</p>\n" +
           problem;
  // harness_error: the autograder's fault. Its details (which may quote the
  // grader's output, hidden tests included) go to the instructor only.
  return "<p><strong>Not graded because of an error in the autograder, not in your code</strong> (0 points for "
         "now). Please tell your instructor, who can see the details and will grade it again.</p>\n";
}

std::string one_line_outcome(const SubmissionOutcome& submission) {
  if (submission.status == StudentStatus::Missing) return "not graded: assg_tasks.cpp was not found in the submission";
  if (submission.status == StudentStatus::Invalid) return "not graded: the submission could not be graded as it is";
  if (submission.status == StudentStatus::TimedOut) return "not graded: grading took longer than its time limit";
  return "not graded: an error in the autograder, not in your code (tell your instructor)";
}

std::string graded_html(const GradeReport& report) {
  const auto visible = visible_part(report);
  std::size_t visible_tests = 0, visible_passed = 0, hidden_tests = 0;
  double hidden_max = 0.0;
  for (const auto& task : report.tasks)
    for (const auto& test : task.tests) {
      if (test.hidden) {
        ++hidden_tests;
        if (!task.bonus) hidden_max += test.max_points;
      } else {
        ++visible_tests;
        visible_passed += test.status == TestStatus::Passed ? 1 : 0;
      }
    }

  std::string out;
  if (hidden_tests == 0) {
    out += fmt::format("<p><strong>Total: {:.2f}/{:g}</strong>: {} of {} tests passed.</p>\n", report.total_points,
                       report.max_points, visible_passed, visible_tests);
  } else {
    out += fmt::format(
        "<p><strong>Visible tests: {:.2f} of {:g} points</strong>, {} of {} tests passed. Your {} hidden tests, worth "
        "{:g} points, are graded too: their results and your total are shown when your instructor publishes the "
        "grades.</p>\n",
        visible.total_points, visible.max_points, visible_passed, visible_tests, hidden_tests,
        round_points(hidden_max));
  }

  const TableStyle style{/*color=*/false, /*width=*/120};
  auto table = render_table(visible, style);
  // Its "Total:" line would be the visible tests' total under the name of the grade's.
  if (const auto total = table.rfind("\nTotal: "); total != std::string::npos) table.erase(total);
  out += fmt::format("<pre>{}</pre>\n", html_escaped(table));
  if (const auto failures = render_failures(visible, style); !failures.empty())
    out += fmt::format("<p>The visible tests that failed (make test shows the same on your machine):</p>\n<pre>{}</pre>\n",
                       html_escaped(failures));
  return out;
}

std::string compile_error_html(const GradeReport& report) {
  std::string message;
  for (const auto& task : report.tasks)
    for (const auto& test : task.tests)
      if (message.empty() && !test.hidden && test.status == TestStatus::CompileError) message = test.message;
  return fmt::format("<p><strong>Your file does not compile</strong>, so no test could run (0 points). The "
                     "compiler said:</p>\n<pre>{}</pre>\n",
                     html_escaped(message.empty() ? std::string("(no message)") : message));
}

std::string summary_html(const GradedFile& graded, const std::vector<std::string>& notes) {
  std::string out;
  for (const auto& note : notes) out += fmt::format("<p>{}</p>\n", html_escaped(note));
  const auto& submission = graded.submission;
  if (submission)
    for (const auto& [path, where] : submission->found_at)
      out += where == path ? fmt::format("<p>Graded {} of your submission.</p>\n", html_escaped(where))
                           : fmt::format("<p>Graded {} of your submission (as your {}).</p>\n", html_escaped(where),
                                         html_escaped(path));
  if (submission && !submission->edited_files.empty()) {
    std::string files;
    for (const auto& file : submission->edited_files) files += (files.empty() ? "" : ", ") + file;
    out += fmt::format("<p>You changed files that are the course's, not yours: {}. They were not used: your code was "
                       "graded with the course's own copies.</p>\n",
                       html_escaped(files));
  }
  const auto status = submission ? submission->status : StudentStatus::Graded;
  if (!graded_case_by_case(status)) return out + not_graded_html(*submission);
  const bool compile_error = std::any_of(graded.report.tasks.begin(), graded.report.tasks.end(), [](const TaskRecord& task) {
    return task.status == TestStatus::CompileError;
  });
  return out + (compile_error ? compile_error_html(graded.report) : graded_html(graded.report));
}

}  // namespace

std::string html_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

GradeReport visible_part(const GradeReport& report) {
  std::vector<TaskRecord> tasks;
  for (const auto& task : report.tasks) {
    auto visible = task;
    visible.tests.clear();
    double points = 0.0, max_points = 0.0;
    for (const auto& test : task.tests) {
      if (test.hidden) continue;
      points += test.points;
      max_points += test.max_points;
      visible.tests.push_back(test);
    }
    // A task graded without cases (grade-all's zeros) keeps its own figures.
    if (!task.tests.empty()) {
      visible.points = round_points(points);
      visible.max_points = round_points(max_points);
      visible.status = task_status(visible.tests);
    }
    tasks.push_back(std::move(visible));
  }
  auto visible = make_report(report.solution, std::move(tasks));
  visible.sandbox = report.sandbox;
  return visible;
}

nlohmann::ordered_json gradescope_results(const GradedFile& graded, const std::vector<std::string>& notes) {
  const auto& report = graded.report;
  const bool not_graded = graded.submission && !graded_case_by_case(graded.submission->status);
  auto tests = nlohmann::ordered_json::array();
  for (const auto& task : report.tasks) {
    // A task without cases (grade-all could not grade the submission):
    // one test for the whole task, so that the scores still add up.
    if (task.tests.empty()) {
      const bool passed = !not_graded && task.points >= task.max_points;
      nlohmann::ordered_json entry{{"name", test_name(task, "")},
                                   {"score", task.points},
                                   {"max_score", task.max_points},
                                   {"status", passed ? "passed" : "failed"},
                                   {"visibility", "visible"}};
      if (not_graded) entry["output"] = one_line_outcome(*graded.submission);
      entry["extra_data"] = {{"task", task.id}, {"status", not_graded ? to_string(graded.submission->status) : to_string(task.status)}};
      tests.push_back(std::move(entry));
      continue;
    }
    for (const auto& test : task.tests) {
      nlohmann::ordered_json entry{{"name", test_name(task, test.name)},
                                   {"score", test.points},
                                   {"max_score", test.max_points},
                                   {"status", test.status == TestStatus::Passed ? "passed" : "failed"}};
      if (!test.message.empty()) entry["output"] = test.message;
      entry["visibility"] = test.hidden ? "after_published" : "visible";
      entry["extra_data"] = {{"task", task.id}, {"status", to_string(test.status)}};
      tests.push_back(std::move(entry));
    }
  }

  nlohmann::ordered_json results;
  results["score"] = round_points(report.total_points);
  results["output"] = summary_html(graded, notes);
  // Student text is escaped into the HTML above; the tests' names and
  // outputs are shown as plain text (in a <pre>), never rendered.
  results["output_format"] = "html";
  results["test_output_format"] = "text";
  results["test_name_format"] = "text";
  // run_autograder's log names hidden tests' outcomes: the instructor's only.
  results["stdout_visibility"] = "hidden";
  nlohmann::ordered_json extra{{"max_points", report.max_points}, {"solution", report.solution}, {"sandbox", report.sandbox}};
  if (graded.submission) {
    extra["submission_status"] = to_string(graded.submission->status);
    extra["found_at"] = graded.submission->found_at;
    extra["edited_files"] = graded.submission->edited_files;
    extra["problem"] = graded.submission->problem;
  }
  results["extra_data"] = std::move(extra);
  results["tests"] = std::move(tests);
  return results;
}

}  // namespace assg::gradescope
