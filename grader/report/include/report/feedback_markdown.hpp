// feedback.md, what a student is handed back: their total and status, notes
// (hidden tests, edited files), then the failures worth reading and the
// per-task table, as `make test` prints them. Written from the results alone
// (the grade model), so that one writer makes it however the student was
// graded: by grade-all, resumed or merged, or by make test in CI.
#pragma once

#include <string>

#include "model/graded_file.hpp"

namespace assg {

// `student`: the name in the heading. A results file without grade-all's
// "submission" object (make test's) counts as graded, or not attempted when
// every task is still its own stub, or compile_error.
std::string feedback_markdown(const GradedFile& graded, const std::string& student);

// The submission's outcome: grade-all's, or, for make test's results
// (which record none), the status grade-all would give the same grade.
SubmissionOutcome submission_outcome(const GradedFile& graded, const std::string& student);

// What the student should know besides the grade, as Markdown paragraphs:
// where their files were found, how many tests are hidden, which of the
// assignment's own files they edited (never graded).
std::string notes_markdown(const GradeReport& report, const SubmissionOutcome& outcome);

// The failures and the table, without colour, as make test prints them on a
// terminal without a size.
std::string task_report_text(const GradeReport& report);

// True if every task of the report is still at its own starting stub
// (a submission of the untouched stubs: nothing attempted).
bool untouched_stubs(const GradeReport& report);

// `text` in a Markdown code fence longer than any run of backticks in it,
// so that text a student controls (a compiler message) cannot end the fence.
std::string fenced(const std::string& text);

}  // namespace assg
