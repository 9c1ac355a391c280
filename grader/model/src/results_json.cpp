#include "model/results_json.hpp"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

namespace assg {

std::optional<TestStatus> parse_test_status(const std::string& text) {
  for (const auto status : {TestStatus::Passed, TestStatus::Failed, TestStatus::NotImplemented, TestStatus::Crashed,
                            TestStatus::TimedOut, TestStatus::CompileError})
    if (to_string(status) == text) return status;
  return std::nullopt;
}

namespace {

// Points are hundredths: sums are compared to the hundredth.
bool same_points(double a, double b) { return std::abs(a - b) < 0.005; }

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw ResultsFileError(fmt::format("{}: {}{}{}", path_, where, where.empty() ? "" : ": ", problem));
  }

  const nlohmann::json& field(const nlohmann::json& object, const char* name, const std::string& where) const {
    if (!object.is_object()) fail(where, "is not a JSON object");
    const auto found = object.find(name);
    if (found == object.end()) fail(where, fmt::format("\"{}\" is missing", name));
    return *found;
  }
  std::string text(const nlohmann::json& object, const char* name, const std::string& where) const {
    const auto& value = field(object, name, where);
    if (!value.is_string()) fail(where, fmt::format("\"{}\" is not a string", name));
    return value.get<std::string>();
  }
  double number(const nlohmann::json& object, const char* name, const std::string& where) const {
    const auto& value = field(object, name, where);
    if (!value.is_number()) fail(where, fmt::format("\"{}\" is not a number", name));
    const double result = value.get<double>();
    if (!std::isfinite(result) || result < 0) fail(where, fmt::format("\"{}\" is {}", name, result));
    return result;
  }
  bool flag(const nlohmann::json& object, const char* name, const std::string& where) const {
    const auto& value = field(object, name, where);
    if (!value.is_boolean()) fail(where, fmt::format("\"{}\" is not true or false", name));
    return value.get<bool>();
  }
  TestStatus status(const nlohmann::json& object, const std::string& where) const {
    const auto name = text(object, "status", where);
    const auto status = parse_test_status(name);
    if (!status) fail(where, fmt::format("unknown status \"{}\"", name));
    return *status;
  }

  TestRecord test(const nlohmann::json& json, const std::string& where) const {
    TestRecord test;
    test.name = text(json, "name", where);
    const auto visibility = text(json, "visibility", where);
    if (visibility != "visible" && visibility != "hidden")
      fail(where, fmt::format("visibility is \"{}\", not visible or hidden", visibility));
    test.hidden = visibility == "hidden";
    test.status = status(json, where);
    if (flag(json, "passed", where) != (test.status == TestStatus::Passed))
      fail(where, "\"passed\" disagrees with \"status\"");
    test.message = text(json, "message", where);
    test.points = number(json, "points", where);
    test.max_points = number(json, "max_points", where);
    if (test.points > test.max_points + 0.005) fail(where, "more points than its maximum");
    test.seconds = number(json, "seconds", where);
    return test;
  }

  TaskRecord task(const nlohmann::json& json, const std::string& where) const {
    TaskRecord task;
    task.id = text(json, "id", where);
    const std::string named = fmt::format("task {}", task.id);
    task.function = text(json, "function", named);
    task.points = number(json, "points", named);
    task.max_points = number(json, "max_points", named);
    task.status = status(json, named);
    task.bonus = flag(json, "bonus", named);
    if (task.points > task.max_points + 0.005) fail(named, "more points than its maximum");
    const auto& tests = field(json, "tests", named);
    if (!tests.is_array()) fail(named, "\"tests\" is not a list");
    double sum = 0.0;
    for (std::size_t i = 0; i < tests.size(); ++i) {
      task.tests.push_back(test(tests[i], fmt::format("{}, test {}", named, i + 1)));
      sum += task.tests.back().points;
    }
    if (!task.tests.empty() && !same_points(sum, task.points))
      fail(named, fmt::format("its tests' points add up to {:.2f}, not its {:.2f}", sum, task.points));
    return task;
  }

 private:
  const std::string& path_;
};

}  // namespace

GradeReport report_from_json(const nlohmann::json& json, const std::string& path) {
  const Reader reader(path);
  if (!json.is_object()) reader.fail("", "is not a JSON object");
  GradeReport report;
  report.total_points = reader.number(json, "total_points", "");
  report.max_points = reader.number(json, "max_points", "");
  report.solution = reader.text(json, "solution", "");
  if (json.contains("sandbox")) report.sandbox = reader.text(json, "sandbox", "");
  const auto& tasks = reader.field(json, "tasks", "");
  if (!tasks.is_array()) reader.fail("", "\"tasks\" is not a list");
  double total = 0.0, max = 0.0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    report.tasks.push_back(reader.task(tasks[i], fmt::format("task {}", i + 1)));
    total += report.tasks.back().points;
    if (!report.tasks.back().bonus) max += report.tasks.back().max_points;
  }
  if (!same_points(total, report.total_points))
    reader.fail("", fmt::format("the tasks' points add up to {:.2f}, not total_points {:.2f}", total, report.total_points));
  if (!same_points(max, report.max_points))
    reader.fail("", fmt::format("the tasks' maxima add up to {:.2f}, not max_points {:.2f}", max, report.max_points));
  return report;
}

nlohmann::json read_results_json(const std::string& path) {
  const auto content = read_file(path);
  if (!content) throw ResultsFileError(fmt::format("{}: cannot be read", path));
  auto json = nlohmann::json::parse(*content, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw ResultsFileError(fmt::format("{}: is not valid JSON", path));
  return json;
}

GradeReport load_results_file(const std::string& path) { return report_from_json(read_results_json(path), path); }

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
