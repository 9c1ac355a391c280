// --compare OLD_OUT: what an instructor checks before publishing a regrade:
// every student whose points changed since an earlier run, task by task.
#pragma once

#include <string>
#include <vector>

#include "student_result.hpp"

namespace assg {

struct RegradeChanges {
  std::string text;    // one block per changed student; empty if nothing changed
  std::size_t changed = 0;
};

// Every complete student record in a grade-all output folder. Throws
// std::runtime_error if it holds none (read it before a run overwrites it).
std::vector<StudentRecord> load_output_records(const std::string& out);

RegradeChanges compare_records(const std::vector<StudentRecord>& before, const std::vector<StudentRecord>& after);

}  // namespace assg
