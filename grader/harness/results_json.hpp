// The results file every grading run writes (default build/results/results.json):
// {"total_points", "max_points", "tasks": [{"id", "function", "points",
//  "max_points", "status", "tests": [{"name", "passed", "message", ...}]}]}
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "scoring.hpp"

namespace assg {

nlohmann::ordered_json report_to_json(const GradeReport& report);

}  // namespace assg
