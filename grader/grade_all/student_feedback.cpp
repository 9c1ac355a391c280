#include "student_feedback.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "report_table.hpp"
#include "results_json.hpp"

namespace assg {

namespace {

// The failures and the table, without colour, at the width of `make test`
// on a terminal without a size.
std::string task_report(const GradeReport& report) {
  TableStyle style;
  style.color = false;
  style.width = 120;
  const auto failures = render_failures(report, style);
  return (failures.empty() ? std::string() : failures + "\n") + render_table(report, style);
}

// Where each student file was found: "Graded X of your submission.", so
// that a file found in an unusual place is never a surprise.
std::string found_at_text(const std::map<std::string, std::string>& found_at) {
  std::string text;
  for (const auto& [path, where] : found_at)
    text += where == path ? fmt::format("Graded `{}` of your submission.\n\n", where)
                          : fmt::format("Graded `{}` of your submission (as your `{}`).\n\n", where, path);
  return text;
}

std::string fenced(const std::string& text) {
  return "```text\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + "```\n";
}

}  // namespace

bool untouched_stubs(const nlohmann::ordered_json& results) {
  try {
    const auto report = report_from_json(results, "results.json");
    return !report.tasks.empty() && std::all_of(report.tasks.begin(), report.tasks.end(),
                                                [](const TaskRecord& task) { return task.still_at_own_stub(); });
  } catch (const ResultsFileError&) {
    return false;  // unreadable results are the caller's problem, not a verdict on the student
  }
}

std::string feedback_markdown(const StudentRecord& record) {
  const auto& results = record.results;
  std::string text = fmt::format("# Assignment feedback: {}\n\n", record.student);
  text += fmt::format("**Total: {}/{}** (status: {})\n\n", results.value("total_points", 0.0),
                      results.value("max_points", 0.0), to_string(record.status));
  text += found_at_text(record.found_at);
  // Read once, as every reader of results.json does (a student who could
  // not be graded has results without tests, which read as well).
  std::optional<GradeReport> report;
  std::string unreadable;
  try {
    report = report_from_json(results, record.student + "/results.json");
  } catch (const ResultsFileError& error) {
    unreadable = error.what();
  }
  std::size_t hidden = 0;
  if (report)
    for (const auto& task : report->tasks)
      hidden += static_cast<std::size_t>(
          std::count_if(task.tests.begin(), task.tests.end(), [](const TestRecord& test) { return test.hidden; }));
  if (hidden > 0)
    text += fmt::format("{} of the tests are hidden tests: they are shown as passed or failed, without their data.\n\n",
                        hidden);
  for (const auto& file : record.edited_files)
    text += fmt::format("Note: your copy of `{}` differs from the assignment's (from the current one and from "
                        "every one released to students). Only your own files are graded, so grading used the "
                        "assignment's original.\n\n",
                        file);
  switch (record.status) {
    case StudentStatus::Missing:
      return text + fmt::format("There is {}, so nothing could be graded. {}\n", record.problem,
                                "Check that your work is committed and pushed at that path.");
    case StudentStatus::Invalid: return text + fmt::format("Your submission could not be graded: {}.\n", record.problem);
    case StudentStatus::TimedOut:
      return text + fmt::format("Grading your submission was stopped: {}.\n", record.problem);
    case StudentStatus::HarnessError:
    case StudentStatus::NotGraded:
      return text + "The grader failed on your submission (not your fault); your instructor has been told.\n";
    case StudentStatus::CompileError:
      text += fmt::format("Your file {}, so no task could be graded.\n\n", record.problem);
      break;
    case StudentStatus::NotAttempted:
      text += "Every task is still its starting stub: nothing has been attempted yet.\n\n";
      break;
    case StudentStatus::Graded: break;
  }
  if (!report) return text + fmt::format("The results could not be read ({}); your instructor has been told.\n", unreadable);
  return text + fenced(task_report(*report));
}

}  // namespace assg
