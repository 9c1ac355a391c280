#include "student_feedback.hpp"

#include <fmt/format.h>

#include "model/graded_file.hpp"
#include "model/results_json.hpp"
#include "report/feedback_markdown.hpp"

namespace assg {

bool untouched_stubs(const nlohmann::ordered_json& results) {
  try {
    return untouched_stubs(report_from_json(results, "results.json"));
  } catch (const ResultsFileError&) {
    return false;
  }
}

std::string feedback_markdown(const StudentRecord& record) {
  GradedFile graded;
  graded.submission = SubmissionOutcome{record.student, record.status, record.found_at, record.edited_files,
                                        record.problem};
  try {
    graded.report = submission_report_from_json(record.results, record.status, record.student + "/results.json");
  } catch (const ResultsFileError& error) {
    // The heading and status still reach the student; the grade cannot.
    return fmt::format("# Assignment feedback: {}\n\n(status: {})\n\nThe results could not be read ({}); your "
                       "instructor has been told.\n",
                       record.student, to_string(record.status), error.what());
  }
  return feedback_markdown(graded, record.student);
}

}  // namespace assg
