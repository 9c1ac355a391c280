// feedback.md for a student grade-all graded: the grade model's one
// feedback writer (report/feedback_markdown.hpp), given the student's
// record (results.json's data and how the submission fared).
#pragma once

#include <string>

#include "student_result.hpp"

namespace assg {

std::string feedback_markdown(const StudentRecord& record);

// True if every task of these results is still at its own starting stub
// (a submission of the untouched stubs: nothing attempted). Unreadable
// results are the caller's problem, not a verdict on the student: false.
bool untouched_stubs(const nlohmann::ordered_json& results);

}  // namespace assg
