#include "student_result.hpp"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "file_io.hpp"
#include "model/graded_file.hpp"
#include "model/results_json.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  auto text = read_file(path.string());
  if (!text) throw std::runtime_error(fmt::format("{}: cannot read", path.string()));
  return std::move(*text);
}

template <typename Json>
Json parse(const fs::path& path) {
  try {
    return Json::parse(read_text(path));
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(fmt::format("{}: damaged ({}); delete it to grade the student again", path.string(),
                                         error.what()));
  }
}

}  // namespace

double StudentRecord::total() const { return report.total_points; }

std::map<std::string, double> StudentRecord::task_points() const {
  std::map<std::string, double> points;
  for (const auto& task : report.tasks) points[task.id] = task.points;
  return points;
}

void StudentRecord::set_results(nlohmann::ordered_json json, const std::string& path) {
  report = submission_report_from_json(json, status, path);
  results = std::move(json);
}

nlohmann::ordered_json ungraded_results(const Rubric& rubric, StudentStatus status, const std::string& message) {
  nlohmann::ordered_json json;
  auto tasks = nlohmann::ordered_json::array();
  for (const auto& task : rubric.tasks) {
    if (!task.enabled) continue;
    tasks.push_back({{"id", task.id},
                     {"function", task.function},
                     {"points", 0.0},
                     {"max_points", task.points},
                     {"status", to_string(status)},
                     {"bonus", task.bonus},
                     {"message", message},
                     {"tests", nlohmann::ordered_json::array()}});
  }
  json["total_points"] = 0.0;
  json["max_points"] = rubric.max_points();
  json["solution"] = "";
  json["tasks"] = std::move(tasks);
  return json;
}

void save_record(const std::string& out_folder, const StudentRecord& record) {
  const auto folder = fs::path(out_folder) / record.student;
  auto results = record.results;
  results["submission"] = {{"student", record.student},
                           {"status", to_string(record.status)},
                           {"found_at", record.found_at},
                           {"edited_files", record.edited_files},
                           {"problem", record.problem}};
  write_file_atomically((folder / "results.json").string(), results.dump(2) + "\n");
  write_file_atomically((folder / "feedback.md").string(), record.feedback);
  nlohmann::ordered_json grading{{"student", record.student},
                                 {"status", to_string(record.status)},
                                 {"fingerprint", record.fingerprint},
                                 {"content_hash", record.content_hash},
                                 {"found_at", record.found_at},
                                 {"edited_files", record.edited_files},
                                 {"problem", record.problem},
                                 {"isolation", record.isolation},
                                 {"build_seconds", record.build_seconds},
                                 {"grade_seconds", record.grade_seconds}};
  write_file_atomically((folder / "grading.json").string(), grading.dump(2) + "\n");
}

std::optional<StudentRecord> load_record(const std::string& student_folder) {
  const fs::path folder(student_folder);
  if (!fs::exists(folder / "grading.json")) return std::nullopt;
  const auto grading = parse<nlohmann::json>(folder / "grading.json");
  StudentRecord record;
  try {
    record.student = grading.at("student").get<std::string>();
    const auto status = parse_student_status(grading.at("status").get<std::string>());
    if (!status || *status == StudentStatus::NotGraded) throw std::runtime_error("unknown status");
    record.status = *status;
    record.fingerprint = grading.at("fingerprint").get<std::string>();
    record.content_hash = grading.value("content_hash", std::string());
    record.found_at = grading.value("found_at", std::map<std::string, std::string>{});
    record.edited_files = grading.value("edited_files", std::vector<std::string>{});
    record.problem = grading.value("problem", std::string());
    record.isolation = grading.value("isolation", std::string());
    record.build_seconds = grading.value("build_seconds", 0.0);
    record.grade_seconds = grading.value("grade_seconds", 0.0);
  } catch (const std::exception& error) {
    throw std::runtime_error(fmt::format("{}: damaged ({}); delete it to grade the student again",
                                         (folder / "grading.json").string(), error.what()));
  }
  if (!fs::exists(folder / "results.json") || !fs::exists(folder / "feedback.md")) return std::nullopt;
  auto results = parse<nlohmann::ordered_json>(folder / "results.json");
  results.erase("submission");
  // The one strict reader: a results file that does not match the model is
  // refused here, naming the file and the key, rather than half-read by
  // every class file after it.
  record.set_results(std::move(results), (folder / "results.json").string());
  record.feedback = read_text(folder / "feedback.md");
  return record;
}

}  // namespace assg
