// The class-level files, all derived from the student records alone (so a
// merge of shards writes exactly what one run writes):
//   grades.csv    student, one column per task id, total, status
//   summary.json  the class in numbers (the report's data)
//   report.html   one self-contained page with the class's charts
//   canvas.csv    with a roster: Canvas's gradebook import format
//   --junit PATH  every student's grade as JUnit XML (suites "<student> / <task>")
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "roster.hpp"
#include "rubric.hpp"
#include "student_result.hpp"

namespace assg {

struct ClassFileOptions {
  std::optional<Roster> roster;
  std::string canvas_assignment = "Assignment 05";  // the Canvas column's title
  std::string report_template;                     // report_page.html's text
  std::vector<std::string> unfinished;             // students an interrupted run did not grade
  std::string junit_path;                          // empty: no JUnit XML
};

// `unfinished` students get a row of their own: no points, status not_graded.
std::string gradebook_csv(const Rubric& rubric, const std::vector<StudentRecord>& records,
                          const std::vector<std::string>& unfinished = {});
// `warnings` receives students in one list and not the other. Throws
// std::runtime_error as match_roster does.
std::string canvas_csv(const Roster& roster, const std::vector<StudentRecord>& records, const std::string& assignment,
                       double max_points, std::vector<std::string>& warnings);
nlohmann::ordered_json class_summary(const Rubric& rubric, const std::vector<StudentRecord>& records,
                                     const std::vector<std::string>& unfinished = {});
// The class as one JUnit document; a student whose file was never run
// (missing, invalid, ...) gets one failing case per task saying why. The
// records' grades were read by the model's strict reader when loaded.
std::string class_junit(const std::vector<StudentRecord>& records);
// The page: the template with the summary in place of its placeholder.
// Throws std::runtime_error if the template has no placeholder.
std::string report_html(const std::string& page_template, const nlohmann::ordered_json& summary);

// Writes every class file atomically; returns warnings for the log. With
// students unfinished, canvas.csv is not written (and an earlier one is
// removed): an LMS import must not look final while grades are missing.
// Throws std::runtime_error before writing anything if the roster matches
// no student (or ambiguously).
std::vector<std::string> write_class_files(const std::string& out_folder, const Rubric& rubric,
                                           const std::vector<StudentRecord>& records, const ClassFileOptions& options);

// Loads report_page.html. Throws std::runtime_error naming the file.
std::string load_report_template(const std::string& path);

}  // namespace assg
