#include "results_json.hpp"

#include <cmath>

namespace assg {

nlohmann::ordered_json report_to_json(const GradeReport& report) {
  nlohmann::ordered_json json;
  json["total_points"] = report.total_points;
  json["max_points"] = report.max_points;
  json["solution"] = report.solution;
  if (!report.sandbox.empty()) json["sandbox"] = report.sandbox;
  auto tasks = nlohmann::ordered_json::array();
  for (const auto& task : report.tasks) {
    nlohmann::ordered_json entry;
    entry["id"] = task.id;
    entry["function"] = task.function;
    entry["points"] = task.points;
    entry["max_points"] = task.max_points;
    entry["status"] = to_string(task.status);
    entry["bonus"] = task.bonus;
    auto tests = nlohmann::ordered_json::array();
    for (const auto& test : task.tests) {
      nlohmann::ordered_json record;
      record["name"] = test.name;
      record["visibility"] = test.hidden ? "hidden" : "visible";
      record["passed"] = test.status == TestStatus::Passed;
      record["status"] = to_string(test.status);
      record["message"] = test.message;
      record["points"] = test.points;
      record["max_points"] = test.max_points;
      record["seconds"] = std::round(test.seconds * 1000.0) / 1000.0;
      tests.push_back(std::move(record));
    }
    entry["tests"] = std::move(tests);
    tasks.push_back(std::move(entry));
  }
  json["tasks"] = std::move(tasks);
  return json;
}

}  // namespace assg
