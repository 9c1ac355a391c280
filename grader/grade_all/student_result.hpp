// One student's outcome, as grade-all keeps it in OUT/<student>/:
//   results.json  the grader's results (the schema `make test` writes), plus
//                 a "submission" object: status, where the student's files
//                 were found, edited files, problem
//   feedback.md   what to hand back: the per-task table and messages
//   grading.json  grade-all's own record: the fingerprint that decides
//                 whether the student must be regraded, the content hash
//                 that finds identical submissions, timings
// grading.json is written last: a student whose grading.json is missing or
// stale is graded again.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/graded_file.hpp"
#include "rubric.hpp"

namespace assg {

struct StudentRecord {
  std::string student;
  StudentStatus status = StudentStatus::HarnessError;
  std::string fingerprint;   // the submission and the harness it was graded with
  std::string content_hash;  // the student's files alone
  // Where each student file was found in the submission (path in the repo
  // -> path in the submission), as its feedback and Gradescope say.
  std::map<std::string, std::string> found_at;
  std::vector<std::string> edited_files;
  std::string problem;       // why it could not be graded, for the instructor
  std::string isolation;     // how its code was run (the sandbox)
  double build_seconds = 0.0;
  double grade_seconds = 0.0;
  nlohmann::ordered_json results;  // results.json's content, as saved
  GradeReport report;              // the same grade, read by the model's strict reader (set_results)
  std::string feedback;            // feedback.md's content

  // Sets `results` and `report` together. Throws ResultsFileError naming
  // `path` and the key when the JSON does not match the grade model.
  void set_results(nlohmann::ordered_json json, const std::string& path);

  double total() const;
  std::map<std::string, double> task_points() const;  // task id -> points, from the results
};

// Results for a student who could not be graded: every task 0 points, with
// the student's status.
nlohmann::ordered_json ungraded_results(const Rubric& rubric, StudentStatus status, const std::string& message);

// Writes results.json, feedback.md, then grading.json, each atomically.
void save_record(const std::string& out_folder, const StudentRecord& record);

// Reads a student's folder; std::nullopt if it holds no complete record.
// Throws std::runtime_error naming the file if a file is damaged.
std::optional<StudentRecord> load_record(const std::string& student_folder);

}  // namespace assg
