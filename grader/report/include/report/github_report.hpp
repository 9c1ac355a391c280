// A grade (results.json) as GitHub Actions shows it (`results-export
// github`): a Markdown job summary, one error annotation per failing task
// at the line of the student's file that defines its function, and three
// step outputs (points, max_points, full_marks) from which the workflow's
// last step passes or fails the job.
#pragma once

#include <string>

#include "model/scoring.hpp"

namespace assg::github {

// Workflow commands (`::error file=...::message`): data escaped as
// GitHub's toolkit does (% CR LF), properties also ':' and ','.
std::string command_data(const std::string& text);
std::string command_property(const std::string& text);

// Student text made inert in a Markdown table cell: one line, control and
// bidi characters made visible, every ASCII punctuation character
// backslash-escaped (no HTML, links, code spans, emphasis, mentions or cell
// breaks can form), at most `max_bytes` bytes of it.
std::string markdown_cell(const std::string& text, std::size_t max_bytes = 300);

// The 1-based line where `function` is defined (not declared or called) in
// C++ `source`, outside any function or class, or 0 if it is not found.
int definition_line(const std::string& source, const std::string& function);

// `points=72.58`, `max_points=100` and `full_marks=true|false` lines, for
// $GITHUB_OUTPUT: the points as the job summary writes them, and whether
// every task passed (what make test's exit status 0 means).
std::string grade_outputs(const GradeReport& report);

// The job summary: the total, then a table of the tasks.
std::string job_summary(const GradeReport& report);

// One `::error` line per task not passed, at the line that defines its
// function (a compile error: the compiler's line, when it is in the file).
std::string annotations(const GradeReport& report, const std::string& source_path, const std::string& source);

}  // namespace assg::github
