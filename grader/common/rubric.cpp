#include "rubric.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "task_catalog.hpp"
#include "validation.hpp"

namespace assg {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& problem) {
  fail_at<RubricError>(what, problem);
}

// A time limit beyond this is a typo, and would overflow the clock.
constexpr double kMaxTimeoutSeconds = 3600.0;

double number(const nlohmann::json& object, const char* key, double fallback, double minimum,
              bool strictly_greater, const std::string& what) {
  if (!object.contains(key)) return fallback;
  const auto& value = object.at(key);
  if (!value.is_number()) fail(what, fmt::format("\"{}\" must be a number, got {}", key, value.dump()));
  const double x = value.get<double>();
  if (!std::isfinite(x) || x < minimum || (strictly_greater && x == minimum))
    fail(what, fmt::format("\"{}\" must be {} {}, got {}", key, strictly_greater ? ">" : ">=",
                           minimum, value.dump()));
  return x;
}

double timeout(const nlohmann::json& object, double fallback, const std::string& what) {
  const double seconds = number(object, "timeout_seconds", fallback, 0.0, true, what);
  if (seconds > kMaxTimeoutSeconds)
    fail(what, fmt::format("\"timeout_seconds\" must be at most {:g}, got {:g}", kMaxTimeoutSeconds, seconds));
  return seconds;
}

bool boolean(const nlohmann::json& object, const char* key, bool fallback, const std::string& what) {
  if (!object.contains(key)) return fallback;
  if (!object.at(key).is_boolean()) fail(what, fmt::format("\"{}\" must be true or false", key));
  return object.at(key).get<bool>();
}

Tolerance read_tolerance(const nlohmann::json& object, const Tolerance& fallback,
                         const std::string& what) {
  return {number(object, "rtol", fallback.rtol, 0.0, false, what),
          number(object, "atol", fallback.atol, 0.0, false, what)};
}

}  // namespace

double RubricTask::case_weight(const std::string& name) const {
  auto rule = cases.find(name);
  return rule == cases.end() ? 1.0 : rule->second.weight;
}

double RubricTask::case_timeout(const std::string& name) const {
  auto rule = cases.find(name);
  return rule == cases.end() || !rule->second.timeout_seconds ? timeout_seconds
                                                              : *rule->second.timeout_seconds;
}

Tolerance RubricTask::case_tolerance(const std::string& name) const {
  auto rule = cases.find(name);
  return rule == cases.end() || !rule->second.tolerance ? tolerance : *rule->second.tolerance;
}

const RubricTask* Rubric::find(const std::string& id) const {
  for (const auto& task : tasks)
    if (task.id == id) return &task;
  return nullptr;
}

Rubric parse_rubric(const nlohmann::json& json, const std::string& path);

Rubric load_rubric(const std::string& path) {
  nlohmann::json json;
  try {
    json = read_json_file(path);
  } catch (const FixtureError& error) {
    throw RubricError(error.what());
  }
  try {
    return parse_rubric(json, path);
  } catch (const nlohmann::json::exception& error) {  // a value of an unexpected type somewhere
    throw RubricError(fmt::format("{}: {}", path, error.what()));
  }
}

Rubric parse_rubric(const nlohmann::json& json, const std::string& path) {
  if (!json.is_object()) fail(path, "the rubric must be a JSON object");
  require_known_keys<RubricError>(json, {"assignment", "comment", "student_files", "defaults", "tasks"}, path);

  Rubric rubric;
  rubric.path = path;
  if (json.contains("assignment")) {
    if (!json.at("assignment").is_string()) fail(path, "\"assignment\" must be a string");
    rubric.assignment = json.at("assignment").get<std::string>();
  }
  rubric.student_files = {"student/assg_tasks.cpp"};
  if (json.contains("student_files")) {
    const auto& files = json.at("student_files");
    if (!files.is_array() || files.empty()) fail(path, "\"student_files\" must be a non-empty array");
    rubric.student_files.clear();
    for (const auto& file : files) {
      if (!file.is_string() || file.get<std::string>().empty())
        fail(path, "\"student_files\" must hold file paths");
      rubric.student_files.push_back(file.get<std::string>());
    }
  }

  Tolerance default_tolerance;
  double default_timeout = 10.0;
  if (json.contains("defaults")) {
    const auto& defaults = json.at("defaults");
    const auto where = path + ": defaults";
    if (!defaults.is_object()) fail(where, "must be an object");
    require_known_keys<RubricError>(defaults, {"rtol", "atol", "timeout_seconds"}, where);
    default_tolerance = read_tolerance(defaults, default_tolerance, where);
    default_timeout = timeout(defaults, default_timeout, where);
  }

  if (!json.contains("tasks") || !json.at("tasks").is_array() || json.at("tasks").empty())
    fail(path, "\"tasks\" must be a non-empty array");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < json.at("tasks").size(); ++i) {
    const auto& entry = json.at("tasks")[i];
    auto where = fmt::format("{}: tasks[{}]", path, i);
    if (!entry.is_object()) fail(where, "must be an object");
    require_known_keys<RubricError>(entry, {"id", "function", "title", "comment", "fixture", "points", "bonus", "enabled", "rtol",
                         "atol", "timeout_seconds", "cases"},
                 where);
    RubricTask task;
    if (!entry.contains("id") || !entry.at("id").is_string() || entry.at("id").get<std::string>().empty())
      fail(where, "needs a string \"id\" such as \"2.3\"");
    task.id = entry.at("id").get<std::string>();
    where = fmt::format("{}: task {}", path, task.id);
    if (!ids.insert(task.id).second) fail(where, "the id is used twice");
    if (!entry.contains("function") || !entry.at("function").is_string())
      fail(where, "needs a \"function\"");
    task.function = entry.at("function").get<std::string>();
    if (find_task(task.function) == nullptr)
      fail(where, fmt::format("unknown function \"{}\"", task.function));
    if (entry.contains("title")) {
      if (!entry.at("title").is_string()) fail(where, "\"title\" must be a string");
      task.title = entry.at("title").get<std::string>();
    }
    task.fixture = task.function + ".json";
    if (entry.contains("fixture")) {
      if (!entry.at("fixture").is_string()) fail(where, "\"fixture\" must be a file name");
      task.fixture = entry.at("fixture").get<std::string>();
    }
    if (!entry.contains("points")) fail(where, "needs \"points\"");
    task.points = number(entry, "points", 0.0, 0.0, false, where);
    task.bonus = boolean(entry, "bonus", false, where);
    task.enabled = boolean(entry, "enabled", true, where);
    task.tolerance = read_tolerance(entry, default_tolerance, where);
    task.timeout_seconds = timeout(entry, default_timeout, where);
    if (entry.contains("cases")) {
      const auto& cases = entry.at("cases");
      if (!cases.is_object()) fail(where, "\"cases\" must map case names to settings");
      for (const auto& [name, rule_json] : cases.items()) {
        const auto case_where = fmt::format("{}: case \"{}\"", where, name);
        if (!rule_json.is_object()) fail(case_where, "must be an object");
        require_known_keys<RubricError>(rule_json, {"weight", "timeout_seconds", "rtol", "atol"}, case_where);
        CaseRule rule;
        rule.weight = number(rule_json, "weight", 1.0, 0.0, false, case_where);
        if (rule_json.contains("timeout_seconds"))
          rule.timeout_seconds = timeout(rule_json, 0.0, case_where);
        if (rule_json.contains("rtol") || rule_json.contains("atol"))
          rule.tolerance = read_tolerance(rule_json, task.tolerance, case_where);
        task.cases.emplace(name, rule);
      }
    }
    rubric.tasks.push_back(std::move(task));
  }
  const bool counts = std::any_of(rubric.tasks.begin(), rubric.tasks.end(), [](const RubricTask& task) {
    return task.enabled && !task.bonus && task.points > 0.0;
  });
  if (!counts) fail(path, "no enabled, non-bonus task has points: the maximum would be 0");
  return rubric;
}

}  // namespace assg
