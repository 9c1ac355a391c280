// feedback.md, what a student is handed back: their total and status, notes
// (hidden tests, edited files), then the failures worth reading and the
// per-task table, as `make test` prints them. Written from the student's
// results alone (results.json's data), so that one writer makes it however
// the student was graded, resumed or merged.
#pragma once

#include <string>

#include "student_result.hpp"

namespace assg {

std::string feedback_markdown(const StudentRecord& record);

// True if every task of these results is still at its own starting stub
// (a submission of the untouched stubs: nothing attempted).
bool untouched_stubs(const nlohmann::ordered_json& results);

}  // namespace assg
