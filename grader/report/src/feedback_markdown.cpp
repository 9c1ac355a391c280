#include "report/feedback_markdown.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/report_table.hpp"

namespace assg {

namespace {

// Where each student file was found: "Graded X of your submission.", so
// that a file found in an unusual place is never a surprise.
std::string found_at_text(const std::map<std::string, std::string>& found_at) {
  std::string text;
  for (const auto& [path, where] : found_at)
    text += where == path ? fmt::format("Graded `{}` of your submission.\n\n", where)
                          : fmt::format("Graded `{}` of your submission (as your `{}`).\n\n", where, path);
  return text;
}

std::size_t hidden_count(const GradeReport& report) {
  std::size_t hidden = 0;
  for (const auto& task : report.tasks)
    hidden += static_cast<std::size_t>(
        std::count_if(task.tests.begin(), task.tests.end(), [](const TestRecord& test) { return test.hidden; }));
  return hidden;
}

}  // namespace

SubmissionOutcome submission_outcome(const GradedFile& graded, const std::string& student) {
  if (graded.submission) return *graded.submission;
  SubmissionOutcome outcome;
  outcome.student = student;
  const auto& tasks = graded.report.tasks;
  if (untouched_stubs(graded.report)) outcome.status = StudentStatus::NotAttempted;
  if (!tasks.empty() && std::all_of(tasks.begin(), tasks.end(), [](const TaskRecord& task) {
        return task.status == TestStatus::CompileError;
      })) {
    outcome.status = StudentStatus::CompileError;
    outcome.problem = "does not compile";
  }
  return outcome;
}

std::string notes_markdown(const GradeReport& report, const SubmissionOutcome& outcome) {
  std::string text = found_at_text(outcome.found_at);
  if (const auto hidden = hidden_count(report); hidden > 0)
    text += fmt::format("{} of the tests are hidden tests: they are shown as passed or failed, without their data.\n\n",
                        hidden);
  for (const auto& file : outcome.edited_files)
    text += fmt::format("Note: your copy of `{}` differs from the assignment's (from the current one and from "
                        "every one released to students). Only your own files are graded, so grading used the "
                        "assignment's original.\n\n",
                        file);
  return text;
}

bool untouched_stubs(const GradeReport& report) {
  return !report.tasks.empty() && std::all_of(report.tasks.begin(), report.tasks.end(),
                                              [](const TaskRecord& task) { return task.still_at_own_stub(); });
}

std::string task_report_text(const GradeReport& report) {
  TableStyle style;
  style.color = false;
  style.width = 120;
  const auto failures = render_failures(report, style);
  return (failures.empty() ? std::string() : failures + "\n") + render_table(report, style);
}

std::string fenced(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (const char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fence + "text\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
}

std::string feedback_markdown(const GradedFile& graded, const std::string& student) {
  const auto& report = graded.report;
  const auto outcome = submission_outcome(graded, student);
  std::string text = fmt::format("# Assignment feedback: {}\n\n", student);
  text += fmt::format("**Total: {}/{}** (status: {})\n\n", report.total_points, report.max_points,
                      to_string(outcome.status));
  text += notes_markdown(report, outcome);
  switch (outcome.status) {
    case StudentStatus::Missing:
      return text + fmt::format("There is {}, so nothing could be graded. {}\n", outcome.problem,
                                "Check that your work is committed and pushed at that path.");
    case StudentStatus::Invalid: return text + fmt::format("Your submission could not be graded: {}.\n", outcome.problem);
    case StudentStatus::TimedOut:
      return text + fmt::format("Grading your submission was stopped: {}.\n", outcome.problem);
    case StudentStatus::HarnessError:
    case StudentStatus::NotGraded:
      return text + "The grader failed on your submission (not your fault); your instructor has been told.\n";
    case StudentStatus::CompileError:
      text += fmt::format("Your file {}, so no task could be graded.\n\n", outcome.problem);
      break;
    case StudentStatus::NotAttempted:
      text += "Every task is still its starting stub: nothing has been attempted yet.\n\n";
      break;
    case StudentStatus::Graded: break;
  }
  return text + fenced(task_report_text(report));
}

}  // namespace assg
