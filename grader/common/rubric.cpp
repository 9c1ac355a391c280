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

[[noreturn]] void fail_rubric(const std::string& what, const std::string& problem) {
  fail_at<RubricError>(what, problem);
}

// A time limit beyond this is a typo, and would overflow the clock.
constexpr double kMaxTimeoutSeconds = 3600.0;

double number(const nlohmann::json& object, const char* key, double fallback, double minimum,
              bool strictly_greater, const std::string& what) {
  if (!object.contains(key)) return fallback;
  const auto& value = object.at(key);
  if (!value.is_number()) fail_rubric(what, fmt::format("\"{}\" must be a number, got {}", key, value.dump()));
  const double x = value.get<double>();
  if (!std::isfinite(x) || x < minimum || (strictly_greater && x == minimum))
    fail_rubric(what, fmt::format("\"{}\" must be {} {}, got {}", key, strictly_greater ? ">" : ">=",
                           minimum, value.dump()));
  return x;
}

double timeout(const nlohmann::json& object, double fallback, const std::string& what) {
  const double seconds = number(object, "timeout_seconds", fallback, 0.0, true, what);
  if (seconds > kMaxTimeoutSeconds)
    fail_rubric(what, fmt::format("\"timeout_seconds\" must be at most {:g}, got {:g}", kMaxTimeoutSeconds, seconds));
  return seconds;
}

bool boolean(const nlohmann::json& object, const char* key, bool fallback, const std::string& what) {
  if (!object.contains(key)) return fallback;
  if (!object.at(key).is_boolean()) fail_rubric(what, fmt::format("\"{}\" must be true or false", key));
  return object.at(key).get<bool>();
}

Tolerance read_tolerance(const nlohmann::json& object, const Tolerance& fallback,
                         const std::string& what) {
  return {number(object, "rtol", fallback.rtol, 0.0, false, what),
          number(object, "atol", fallback.atol, 0.0, false, what)};
}

// Points are graded in whole hundredths: 2.505 would be 2.50 in one report
// and 2.51 in another, so it is refused where it is written.
double points_value(const nlohmann::json& entry, const std::string& where) {
  const double points = number(entry, "points", 0.0, 0.0, false, where);
  const double hundredths = points * 100.0;
  if (std::fabs(hundredths - std::round(hundredths)) > 1e-6)
    fail_rubric(where, fmt::format("\"points\" must be whole hundredths of a point (such as 2.5 or 2.51), got {}",
                            entry.at("points").dump()));
  return std::round(hundredths) / 100.0;
}

// One case's rule, as the rubric and the hidden rubric both write it.
CaseRule read_case_rule(const nlohmann::json& rule_json, const Tolerance& task_tolerance, const std::string& where) {
  if (!rule_json.is_object()) fail_rubric(where, "must be an object");
  require_known_keys<RubricError>(rule_json, {"weight", "timeout_seconds", "rtol", "atol"}, where);
  CaseRule rule;
  rule.weight = number(rule_json, "weight", 1.0, 0.0, false, where);
  if (rule_json.contains("timeout_seconds")) rule.timeout_seconds = timeout(rule_json, 0.0, where);
  if (rule_json.contains("rtol") || rule_json.contains("atol"))
    rule.tolerance = read_tolerance(rule_json, task_tolerance, where);
  return rule;
}

std::map<std::string, CaseRule> read_case_rules(const nlohmann::json& entry, const Tolerance& task_tolerance,
                                                const std::string& where) {
  std::map<std::string, CaseRule> rules;
  if (!entry.contains("cases")) return rules;
  const auto& cases = entry.at("cases");
  if (!cases.is_object()) fail_rubric(where, "\"cases\" must map case names to settings");
  for (const auto& [name, rule_json] : cases.items())
    rules.emplace(name, read_case_rule(rule_json, task_tolerance, fmt::format("{}: case \"{}\"", where, name)));
  return rules;
}

// A case's own rule: a visible case's from the rubric, a hidden case's from
// the hidden rubric (their names never clash: the plan refuses that).
const CaseRule* find_case_rule(const RubricTask& task, const std::string& name) {
  if (auto rule = task.cases.find(name); rule != task.cases.end()) return &rule->second;
  if (auto rule = task.hidden_cases.find(name); rule != task.hidden_cases.end()) return &rule->second;
  return nullptr;
}

}  // namespace

long long RubricTask::points_in_hundredths() const { return std::llround(points * 100.0); }

double RubricTask::case_weight(const std::string& name) const {
  const auto* rule = find_case_rule(*this, name);
  return rule == nullptr ? 1.0 : rule->weight;
}

double RubricTask::case_timeout(const std::string& name) const {
  const auto* rule = find_case_rule(*this, name);
  return rule == nullptr || !rule->timeout_seconds ? timeout_seconds : *rule->timeout_seconds;
}

Tolerance RubricTask::case_tolerance(const std::string& name) const {
  const auto* rule = find_case_rule(*this, name);
  return rule == nullptr || !rule->tolerance ? tolerance : *rule->tolerance;
}

double Rubric::max_points() const {
  long long hundredths = 0;
  for (const auto& task : tasks)
    if (task.enabled && !task.bonus) hundredths += task.points_in_hundredths();
  return static_cast<double>(hundredths) / 100.0;
}

const RubricTask* Rubric::find(const std::string& id) const {
  for (const auto& task : tasks)
    if (task.id == id) return &task;
  return nullptr;
}

Rubric parse_rubric(const nlohmann::json& json, const std::string& path);
void parse_hidden_rubric(Rubric& rubric, const nlohmann::json& json, const std::string& path);

// Both rubrics are read the same way: a file that is not JSON, or a value
// of an unexpected type somewhere, is a RubricError naming the file.
template <typename Parse>
auto read_rubric_file(const std::string& path, Parse parse) {
  nlohmann::json json;
  try {
    json = read_json_file(path);
  } catch (const FixtureError& error) {
    throw RubricError(error.what());
  }
  try {
    return parse(json);
  } catch (const nlohmann::json::exception& error) {
    throw RubricError(fmt::format("{}: {}", path, error.what()));
  }
}

void load_hidden_rubric(Rubric& rubric, const std::string& path) {
  read_rubric_file(path, [&](const nlohmann::json& json) { parse_hidden_rubric(rubric, json, path); });
}

void parse_hidden_rubric(Rubric& rubric, const nlohmann::json& json, const std::string& path) {
  if (!json.is_object()) fail_rubric(path, "the hidden rubric must be a JSON object");
  require_known_keys<RubricError>(json, {"comment", "tasks"}, path);
  if (!json.contains("tasks") || !json.at("tasks").is_array()) fail_rubric(path, "\"tasks\" must be an array");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < json.at("tasks").size(); ++i) {
    const auto& entry = json.at("tasks")[i];
    auto where = fmt::format("{}: tasks[{}]", path, i);
    if (!entry.is_object()) fail_rubric(where, "must be an object");
    require_known_keys<RubricError>(entry, {"id", "comment", "cases"}, where);
    if (!entry.contains("id") || !entry.at("id").is_string()) fail_rubric(where, "needs a string \"id\" such as \"2.3\"");
    const auto id = entry.at("id").get<std::string>();
    where = fmt::format("{}: task {}", path, id);
    if (!ids.insert(id).second) fail_rubric(where, "the id is used twice");
    auto task = std::find_if(rubric.tasks.begin(), rubric.tasks.end(),
                             [&](const RubricTask& candidate) { return candidate.id == id; });
    if (task == rubric.tasks.end()) fail_rubric(where, fmt::format("{} has no task \"{}\"", rubric.path, id));
    task->hidden_cases = read_case_rules(entry, task->tolerance, where);
  }
}

Rubric load_rubric(const std::string& path) {
  return read_rubric_file(path, [&](const nlohmann::json& json) { return parse_rubric(json, path); });
}

Rubric parse_rubric(const nlohmann::json& json, const std::string& path) {
  if (!json.is_object()) fail_rubric(path, "the rubric must be a JSON object");
  require_known_keys<RubricError>(json, {"assignment", "comment", "student_files", "defaults", "tasks"}, path);

  Rubric rubric;
  rubric.path = path;
  if (json.contains("assignment")) {
    if (!json.at("assignment").is_string()) fail_rubric(path, "\"assignment\" must be a string");
    rubric.assignment = json.at("assignment").get<std::string>();
  }
  rubric.student_files = {"student/assg_tasks.cpp"};
  if (json.contains("student_files")) {
    const auto& files = json.at("student_files");
    if (!files.is_array() || files.empty()) fail_rubric(path, "\"student_files\" must be a non-empty array");
    rubric.student_files.clear();
    for (const auto& file : files) {
      if (!file.is_string() || file.get<std::string>().empty())
        fail_rubric(path, "\"student_files\" must hold file paths");
      rubric.student_files.push_back(file.get<std::string>());
    }
  }

  Tolerance default_tolerance;
  double default_timeout = 10.0;
  if (json.contains("defaults")) {
    const auto& defaults = json.at("defaults");
    const auto where = path + ": defaults";
    if (!defaults.is_object()) fail_rubric(where, "must be an object");
    require_known_keys<RubricError>(defaults, {"rtol", "atol", "timeout_seconds"}, where);
    default_tolerance = read_tolerance(defaults, default_tolerance, where);
    default_timeout = timeout(defaults, default_timeout, where);
  }

  if (!json.contains("tasks") || !json.at("tasks").is_array() || json.at("tasks").empty())
    fail_rubric(path, "\"tasks\" must be a non-empty array");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < json.at("tasks").size(); ++i) {
    const auto& entry = json.at("tasks")[i];
    auto where = fmt::format("{}: tasks[{}]", path, i);
    if (!entry.is_object()) fail_rubric(where, "must be an object");
    require_known_keys<RubricError>(entry, {"id", "function", "title", "comment", "fixture", "points", "bonus", "enabled", "rtol",
                         "atol", "timeout_seconds", "cases"},
                 where);
    RubricTask task;
    if (!entry.contains("id") || !entry.at("id").is_string() || entry.at("id").get<std::string>().empty())
      fail_rubric(where, "needs a string \"id\" such as \"2.3\"");
    task.id = entry.at("id").get<std::string>();
    where = fmt::format("{}: task {}", path, task.id);
    if (!ids.insert(task.id).second) fail_rubric(where, "the id is used twice");
    if (!entry.contains("function") || !entry.at("function").is_string())
      fail_rubric(where, "needs a \"function\"");
    task.function = entry.at("function").get<std::string>();
    if (find_task(task.function) == nullptr)
      fail_rubric(where, fmt::format("unknown function \"{}\"", task.function));
    if (entry.contains("title")) {
      if (!entry.at("title").is_string()) fail_rubric(where, "\"title\" must be a string");
      task.title = entry.at("title").get<std::string>();
    }
    task.fixture = task.function + ".json";
    if (entry.contains("fixture")) {
      if (!entry.at("fixture").is_string()) fail_rubric(where, "\"fixture\" must be a file name");
      task.fixture = entry.at("fixture").get<std::string>();
    }
    if (!entry.contains("points")) fail_rubric(where, "needs \"points\"");
    task.points = points_value(entry, where);
    task.bonus = boolean(entry, "bonus", false, where);
    task.enabled = boolean(entry, "enabled", true, where);
    task.tolerance = read_tolerance(entry, default_tolerance, where);
    task.timeout_seconds = timeout(entry, default_timeout, where);
    task.cases = read_case_rules(entry, task.tolerance, where);
    rubric.tasks.push_back(std::move(task));
  }
  const bool counts = std::any_of(rubric.tasks.begin(), rubric.tasks.end(), [](const RubricTask& task) {
    return task.enabled && !task.bonus && task.points > 0.0;
  });
  if (!counts) fail_rubric(path, "no enabled, non-bonus task has points: the maximum would be 0");
  return rubric;
}

}  // namespace assg
