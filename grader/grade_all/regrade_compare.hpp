// --compare OLD_OUT: what an instructor checks before publishing a regrade:
// the students whose points moved since an earlier run, the biggest change
// first, with the tasks that moved; printed, and written to OUT/compare.csv.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "student_result.hpp"

namespace assg {

// One student whose points moved (or who is new, or no longer graded).
struct StudentChange {
  struct Move {
    std::string task;                  // a task id
    std::optional<double> before, after;  // empty: the student was not in that run
  };
  std::string student;
  std::optional<double> total_before, total_after;
  std::string status_before, status_after;  // empty: not in that run
  std::vector<Move> tasks;  // the tasks that moved, in the rubric's order

  double delta() const;  // total_after - total_before (missing counts as 0)
};

struct RegradeChanges {
  std::vector<StudentChange> moved;  // sorted: the biggest change of total first
  // Status changed but not a single point moved ("ada: graded -> not_attempted").
  std::vector<std::string> status_only;

  std::string text() const;  // the console's report; "" if nothing moved
  std::string csv() const;   // student,task,before,after,delta: a row per task moved, then "total"
};

// Every complete student record in a grade-all output folder. Throws
// std::runtime_error if it holds none (read it before a run overwrites it).
std::vector<StudentRecord> load_output_records(const std::string& out);

RegradeChanges compare_records(const std::vector<StudentRecord>& before, const std::vector<StudentRecord>& after);

}  // namespace assg
