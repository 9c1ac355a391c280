// A results file as every output format reads it: the grade (GradeReport)
// and, for a file grade-all wrote, how the submission itself fared (its
// "submission" object). One reader, strict: a file that does not match the
// model is refused with its path and the key, never half-read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/scoring.hpp"

namespace assg {

// A submission's outcome in grade-all. NotAttempted: graded, and every task
// is still its own starting stub (the untouched stubs). NotGraded: only in
// the class files, for a student a run has no result for; never saved.
enum class StudentStatus { Graded, NotAttempted, CompileError, Missing, Invalid, TimedOut, HarnessError, NotGraded };

std::string to_string(StudentStatus status);
std::optional<StudentStatus> parse_student_status(const std::string& text);

// Graded case by case (its results hold every test), as opposed to a
// submission grade-all could not grade (missing, invalid, timed out, ...),
// whose tasks hold no tests, only their zero.
bool graded_case_by_case(StudentStatus status);

// grade-all's "submission" object (a make test results file has none).
struct SubmissionOutcome {
  std::string student;
  StudentStatus status = StudentStatus::Graded;
  std::map<std::string, std::string> found_at;  // path in the repo -> where grade-all found it in the submission
  std::vector<std::string> edited_files;
  std::string problem;  // for the instructor; may quote the grader's own output
};

struct GradedFile {
  GradeReport report;
  std::optional<SubmissionOutcome> submission;
};

// Parses a results file. Throws ResultsFileError naming `path` and the
// problem (report_from_json's checks, and the submission object's).
GradedFile graded_file_from_json(const nlohmann::json& json, const std::string& path);
GradedFile load_graded_file(const std::string& path);

// The grade of a submission with grade-all's `status`: its tasks' own
// status, when it was not graded case by case, reads as failed.
GradeReport submission_report_from_json(const nlohmann::json& json, StudentStatus status, const std::string& path);

}  // namespace assg
