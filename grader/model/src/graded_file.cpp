#include "model/graded_file.hpp"

#include <utility>

#include <fmt/format.h>

#include "model/results_json.hpp"

namespace assg {

namespace {

constexpr std::pair<StudentStatus, const char*> kStatusNames[] = {
    {StudentStatus::Graded, "graded"},       {StudentStatus::NotAttempted, "not_attempted"},
    {StudentStatus::CompileError, "compile_error"},
    {StudentStatus::Missing, "missing"},     {StudentStatus::Invalid, "invalid"},
    {StudentStatus::TimedOut, "timed_out"},  {StudentStatus::HarnessError, "harness_error"},
    {StudentStatus::NotGraded, "not_graded"}};

class SubmissionReader {
 public:
  SubmissionReader(const nlohmann::json& json, const std::string& path) : json_(json), path_(path) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw ResultsFileError(fmt::format("{}: submission: {}", path_, problem));
  }
  const nlohmann::json& field(const char* name) const {
    if (!json_.is_object()) fail("is not a JSON object");
    const auto found = json_.find(name);
    if (found == json_.end()) fail(fmt::format("\"{}\" is missing", name));
    return *found;
  }
  std::string text(const char* name) const {
    const auto& value = field(name);
    if (!value.is_string()) fail(fmt::format("\"{}\" is not a string", name));
    return value.get<std::string>();
  }
  StudentStatus status() const {
    const auto name = text("status");
    const auto status = parse_student_status(name);
    // NotGraded is the class files' word for "no result": never in a file.
    if (!status || *status == StudentStatus::NotGraded) fail(fmt::format("unknown status \"{}\"", name));
    return *status;
  }
  std::vector<std::string> edited_files() const {
    const auto& edited = field("edited_files");
    if (!edited.is_array()) fail("\"edited_files\" is not a list");
    std::vector<std::string> files;
    for (const auto& file : edited) {
      if (!file.is_string()) fail("\"edited_files\" holds something that is not a string");
      files.push_back(file.get<std::string>());
    }
    return files;
  }
  // Where grade-all found the student's files (results of an older
  // grade-all have no record of it, so this one key may be absent).
  std::map<std::string, std::string> found_at() const {
    std::map<std::string, std::string> found_at;
    const auto found = json_.find("found_at");
    if (found == json_.end()) return found_at;
    if (!found->is_object()) fail("\"found_at\" is not an object");
    for (const auto& [file, where] : found->items()) {
      if (!where.is_string()) fail(fmt::format("\"found_at\".\"{}\" is not a string", file));
      found_at[file] = where.get<std::string>();
    }
    return found_at;
  }

  SubmissionOutcome read() const {
    SubmissionOutcome outcome;
    outcome.student = text("student");
    outcome.status = status();
    outcome.problem = text("problem");
    outcome.edited_files = edited_files();
    outcome.found_at = found_at();
    return outcome;
  }

 private:
  const nlohmann::json& json_;
  const std::string& path_;
};

}  // namespace

std::string to_string(StudentStatus status) {
  for (const auto& [value, name] : kStatusNames)
    if (value == status) return name;
  return "harness_error";
}

std::optional<StudentStatus> parse_student_status(const std::string& text) {
  for (const auto& [value, name] : kStatusNames)
    if (text == name) return value;
  return std::nullopt;
}

bool graded_case_by_case(StudentStatus status) {
  return status == StudentStatus::Graded || status == StudentStatus::NotAttempted ||
         status == StudentStatus::CompileError;
}

GradeReport submission_report_from_json(const nlohmann::json& json, StudentStatus status, const std::string& path) {
  if (graded_case_by_case(status)) return report_from_json(json, path);
  // grade-all gives every task of a submission it could not grade the
  // student's status (missing, invalid, ...), which is no test status:
  // read as failed, the points and the rest checked as usual.
  const auto status_name = to_string(status);
  auto copy = json;
  if (copy.contains("tasks") && copy["tasks"].is_array())
    for (auto& task : copy["tasks"])
      if (task.is_object() && task.contains("status") && task["status"] == status_name) task["status"] = "failed";
  return report_from_json(copy, path);
}

GradedFile graded_file_from_json(const nlohmann::json& json, const std::string& path) {
  GradedFile graded;
  if (json.is_object() && json.contains("submission"))
    graded.submission = SubmissionReader(json["submission"], path).read();
  graded.report = graded.submission ? submission_report_from_json(json, graded.submission->status, path)
                                    : report_from_json(json, path);
  return graded;
}

GradedFile load_graded_file(const std::string& path) { return graded_file_from_json(read_results_json(path), path); }

}  // namespace assg
