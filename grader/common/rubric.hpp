// The rubric: the one file an instructor edits to set points, per-case
// weights, tolerances and time limits, and to switch tasks off or make them
// bonus. Unknown keys are errors, so a typo never silently changes a grade.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace assg {

class RubricError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Tolerance {
  double rtol = 1e-5;  // numpy.allclose's defaults
  double atol = 1e-8;
};

struct CaseRule {
  double weight = 1.0;
  std::optional<double> timeout_seconds;
  std::optional<Tolerance> tolerance;
};

struct RubricTask {
  std::string id;        // "2.3"
  std::string function;  // "conv_forward"
  std::string title;     // optional, for reports
  std::string fixture;   // file name under the fixtures folder
  double points = 0.0;   // whole hundredths (the loader refuses 2.505)
  bool bonus = false;    // earns points without raising the maximum
  bool enabled = true;   // switched-off tasks are not graded or shown
  Tolerance tolerance;
  double timeout_seconds = 10.0;  // per test
  std::map<std::string, CaseRule> cases;  // visible cases only
  // Hidden cases' rules, from the hidden rubric (load_hidden_rubric): kept
  // out of the student's rubric, which would otherwise publish their names.
  std::map<std::string, CaseRule> hidden_cases;

  long long points_in_hundredths() const;
  double case_weight(const std::string& name) const;
  double case_timeout(const std::string& name) const;
  Tolerance case_tolerance(const std::string& name) const;
};

struct Rubric {
  std::string path;
  std::string assignment;
  std::vector<std::string> student_files;
  std::vector<RubricTask> tasks;

  const RubricTask* find(const std::string& id) const;
  // The most a student can earn: the enabled, non-bonus tasks' points. The
  // one maximum every report uses (results.json, summary.json, grades.csv).
  double max_points() const;
};

// Throws RubricError naming the file, the task and the problem.
Rubric load_rubric(const std::string& path);

// The hidden rubric: per-case rules for hidden cases, kept with the hidden
// specs (fixtures/spec/hidden/rubric.json), never in the student's rubric:
//   {"comment"?, "tasks": [{"id": "2.3", "cases": {"<hidden case>": {"weight", ...}}}]}
// Each task id must be one of `rubric`'s. Throws RubricError naming the file.
void load_hidden_rubric(Rubric& rubric, const std::string& path);

}  // namespace assg
