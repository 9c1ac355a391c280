// The results file every grading run writes (default build/results/results.json):
// {"total_points", "max_points", "tasks": [{"id", "function", "points",
//  "max_points", "status", "tests": [{"name", "passed", "message", ...}]}]}
// and its reader, for the programs that turn a grade into another format
// (results-export: Gradescope, GitHub Actions, JUnit) without grading again.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "model/scoring.hpp"

namespace assg {

class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::ordered_json report_to_json(const GradeReport& report);

// The inverse of report_to_json: every field it writes is required and
// checked (types, statuses, points within their maximum, totals that add
// up), so a damaged or hand-edited file is refused, never half-read.
// Throws ResultsFileError naming `path` and the problem.
GradeReport report_from_json(const nlohmann::json& json, const std::string& path);

// Reads and parses a results file. Throws ResultsFileError naming the file.
GradeReport load_results_file(const std::string& path);
// Its JSON only (for readers that want more than the grade, e.g. grade-all's
// "submission"). Throws ResultsFileError naming the file.
nlohmann::json read_results_json(const std::string& path);

std::optional<TestStatus> parse_test_status(const std::string& text);

}  // namespace assg
