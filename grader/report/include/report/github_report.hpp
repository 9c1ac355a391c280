// A grade (results.json) as GitHub Actions and GitHub Classroom show it
// (`results-export github`): a Markdown job summary, one error annotation
// per failing task at the line of the student's file that defines its
// function, and one step output per Classroom "runner" in the JSON that
// classroom-resources/autograding-grading-reporter reads, so that the
// Classroom dashboard gets the same points as results.json.
//
// The reporter (src/main.js, src/notify-classroom.js) reads, for each
// runner id in its `runners` input, the environment variable
// <ID>_RESULTS (upper case), base64-decodes and JSON-parses it, and sends
// Classroom the sum of every test's `score` over the runners whose
// `max_score` is not 0, out of the sum of those `max_score`s. So each task
// is one runner whose one test scores the task's points: partial credit
// arrives as it is. A runner with max_score 0 is skipped whole, so a bonus
// task (points without maximum) cannot be a runner of its own: its test
// rides in the runner of the last task that is not a bonus.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

std::string base64(const std::string& bytes);

// "1.1" -> "task_1_1": the runner id, the step output's name and, upper
// case, the reporter's environment variable (TASK_1_1_RESULTS).
std::string runner_id(const std::string& task_id);

// The 1-based line where `function` is defined (not declared or called) in
// C++ `source`, outside any function or class, or 0 if it is not found.
int definition_line(const std::string& source, const std::string& function);

struct Runner {
  std::string id;
  nlohmann::ordered_json results;  // the reporter's {"version", "status", "max_score", "tests"}
};

// One runner per task that is not a bonus, in the report's order; a bonus
// task's test joins the last of them. `source_path` and `source` (the
// student's file and its text, may be empty) give each test its line. The
// last test's score may differ from its task's points in the last binary
// digit: the reporter's floating-point sum is then exactly the report's total.
// Throws std::runtime_error if no task counts towards the maximum, or two
// task ids make the same runner id.
std::vector<Runner> classroom_runners(const GradeReport& report, const std::string& source_path,
                                      const std::string& source);

// `task_1_1=<base64 of the runner's JSON>` lines, for $GITHUB_OUTPUT.
std::string step_outputs(const std::vector<Runner>& runners);

// The job summary: the total, then a table of the tasks.
std::string job_summary(const GradeReport& report);

// One `::error` line per task not passed, at the line that defines its
// function (a compile error: the compiler's line, when it is in the file).
std::string annotations(const GradeReport& report, const std::string& source_path, const std::string& source);

}  // namespace assg::github
