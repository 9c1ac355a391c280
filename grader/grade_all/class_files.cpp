#include "class_files.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "file_io.hpp"
#include "report/junit_xml.hpp"
#include "model/results_json.hpp"

namespace assg {

namespace {

constexpr const char* kPlaceholder = "/*SUMMARY_JSON*/null";

std::string points_text(double points) { return fmt::format("{}", std::round(points * 100.0) / 100.0); }

double points_for(const std::map<std::string, double>& points, const std::string& id) {
  const auto found = points.find(id);
  return found == points.end() ? 0.0 : found->second;
}

std::string first_line(const std::string& text, std::size_t limit = 240) {
  auto line = text.substr(0, text.find('\n'));
  if (line.size() > limit) line = line.substr(0, limit) + "...";
  return line;
}

// Messages that differ only in their numbers (and in the case a debugging
// hint names) are one kind of failure.
std::string message_kind(const std::string& message) {
  auto line = first_line(message, 10000);
  for (const char* tail : {" To see where", " (Eigen's check", "\n  your code printed"})
    if (const auto at = line.find(tail); at != std::string::npos) line.erase(at);
  std::string kind;
  bool in_number = false;
  for (const char ch : line) {
    const bool digit = std::isdigit(static_cast<unsigned char>(ch)) != 0;
    const bool continues = in_number && (ch == '.' || ch == 'e' || ch == '-' || ch == '+');
    if (digit || continues) {
      if (!in_number) kind += '#';
      in_number = true;
    } else {
      in_number = false;
      kind += ch;
    }
  }
  return kind;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

double round_to(double value, double step) { return std::round(value / step) * step; }

std::string now_utc() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string gradebook_csv(const Rubric& rubric, const std::vector<StudentRecord>& records,
                          const std::vector<std::string>& unfinished) {
  std::string csv = "student";
  for (const auto& task : rubric.tasks)
    if (task.enabled) csv += "," + csv_field(task.id);
  csv += ",total,status\n";
  for (const auto& record : records) {
    csv += csv_field(record.student);
    const auto points = record.task_points();
    for (const auto& task : rubric.tasks)
      if (task.enabled) csv += "," + points_text(points_for(points, task.id));
    csv += fmt::format(",{},{}\n", points_text(record.total()), to_string(record.status));
  }
  // Blank, not 0: these students have no grade yet.
  for (const auto& student : unfinished) {
    csv += csv_field(student);
    for (const auto& task : rubric.tasks)
      if (task.enabled) csv += ",";
    csv += fmt::format(",,{}\n", to_string(StudentStatus::NotGraded));
  }
  return csv;
}

std::string canvas_csv(const Roster& roster, const std::vector<StudentRecord>& records, const std::string& assignment,
                       double max_points, std::vector<std::string>& warnings) {
  std::vector<std::string> students;
  for (const auto& record : records) students.push_back(record.student);
  // Checked for a match before grading (grade-all's start); here, a shard's
  // share of the class may match no row, which is a warning, not a lost run.
  const auto matched = match_roster(roster, students, RosterMatch::Any);
  if (matched.empty() && !students.empty())
    warnings.push_back(fmt::format("canvas.csv: no row of {} matches any of these {} submission(s): every grade in it "
                                   "is blank",
                                   roster.path, students.size()));
  std::map<std::size_t, const StudentRecord*> by_row;
  for (const auto& record : records)
    if (const auto row = matched.find(record.student); row != matched.end()) by_row[row->second] = &record;
  std::string csv = fmt::format("Student,ID,SIS User ID,SIS Login ID,Section,{}\n", csv_field(assignment));
  csv += fmt::format("Points Possible,,,,,{}\n", points_text(max_points));
  std::vector<std::string> without_submission;
  for (std::size_t row = 0; row < roster.entries.size(); ++row) {
    const auto& entry = roster.entries[row];
    const auto found = by_row.find(row);
    // No submission: left blank, which Canvas reads as "no change" (a
    // missing-work policy is the instructor's call, not the grader's).
    if (found == by_row.end()) without_submission.push_back(entry.submission);
    const auto score = found == by_row.end() ? std::string() : points_text(found->second->total());
    csv += fmt::format("{},{},{},{},{},{}\n", csv_field(entry.name), csv_field(entry.id), csv_field(entry.sis_user_id),
                       csv_field(entry.sis_login_id), csv_field(entry.section), score);
  }
  if (!without_submission.empty())
    warnings.push_back(fmt::format("canvas.csv: {} roster student(s) have no submission (left blank): {}",
                                   without_submission.size(), fmt::format("{}", fmt::join(without_submission, ", "))));
  std::vector<std::string> unlisted;
  for (const auto& record : records)
    if (matched.count(record.student) == 0) unlisted.push_back(record.student);
  if (!unlisted.empty())
    warnings.push_back(fmt::format("canvas.csv: {} submission(s) are not in the roster (not exported): {}",
                                   unlisted.size(), fmt::format("{}", fmt::join(unlisted, ", "))));
  return csv;
}

nlohmann::ordered_json class_summary(const Rubric& rubric, const std::vector<StudentRecord>& records,
                                     const std::vector<std::string>& unfinished) {
  using Json = nlohmann::ordered_json;
  const double max_points = rubric.max_points();  // as results.json's, to the hundredth

  Json summary;
  summary["assignment"] = rubric.assignment;
  summary["generated_at"] = now_utc();
  summary["max_points"] = max_points;
  // An interrupted run: these files cover only the students it finished.
  summary["complete"] = unfinished.empty();
  summary["unfinished"] = unfinished;
  std::set<std::string> isolations;
  for (const auto& record : records)
    if (!record.isolation.empty()) isolations.insert(record.isolation);
  summary["isolation"] = fmt::format("{}", fmt::join(isolations, "; "));

  // Identical submissions: the same student files, byte for byte.
  std::map<std::string, std::vector<std::string>> by_content;
  for (const auto& record : records)
    if (!record.content_hash.empty()) by_content[record.content_hash].push_back(record.student);
  std::map<std::string, std::vector<std::string>> identical_to;
  auto identical_groups = Json::array();
  for (const auto& [hash, students] : by_content) {
    if (students.size() < 2) continue;
    identical_groups.push_back(students);
    for (const auto& student : students)
      for (const auto& other : students)
        if (other != student) identical_to[student].push_back(other);
  }
  std::sort(identical_groups.begin(), identical_groups.end());

  // Every status a saved record can have (not_graded is the class files' own).
  std::vector<StudentStatus> statuses;
  for (const auto status : {StudentStatus::Graded, StudentStatus::NotAttempted, StudentStatus::CompileError,
                            StudentStatus::Missing, StudentStatus::Invalid, StudentStatus::TimedOut,
                            StudentStatus::HarnessError})
    statuses.push_back(status);
  std::map<StudentStatus, int> counts;
  std::vector<double> totals;
  int hidden_tests = 0, visible_tests = 0;
  auto students = Json::array();
  auto compile_errors = Json::array(), timeouts = Json::array(), crashes = Json::array(), edited = Json::array();
  std::vector<std::pair<double, std::string>> durations;
  for (const auto& record : records) {
    ++counts[record.status];
    totals.push_back(record.total());
    const auto earned = record.task_points();
    Json points = Json::object();
    for (const auto& task : rubric.tasks)
      if (task.enabled) points[task.id] = std::round(points_for(earned, task.id) * 100.0) / 100.0;
    const double seconds = record.build_seconds + record.grade_seconds;
    durations.emplace_back(seconds, record.student);
    students.push_back({{"student", record.student},
                        {"status", to_string(record.status)},
                        {"total", std::round(record.total() * 100.0) / 100.0},
                        {"max_points", max_points},
                        {"points", points},
                        {"seconds", round_to(seconds, 0.01)},
                        {"edited_files", record.edited_files},
                        {"identical_to", identical_to[record.student]},
                        {"problem", record.problem}});
    if (!record.edited_files.empty()) edited.push_back({{"student", record.student}, {"files", record.edited_files}});
    if (record.status == StudentStatus::CompileError)
      compile_errors.push_back({{"student", record.student}, {"first_error", record.problem}});
    std::vector<std::string> timed_out, crashed;
    std::string first_crash;
    int record_hidden = 0, record_visible = 0;
    for (const auto& task : record.report.tasks)
      for (const auto& test : task.tests) {
        (test.hidden ? record_hidden : record_visible) += 1;
        const auto name = task.function + "/" + test.name;
        if (test.status == TestStatus::TimedOut) timed_out.push_back(name);
        if (test.status == TestStatus::Crashed) {
          crashed.push_back(name);
          if (first_crash.empty()) first_crash = first_line(test.message);
        }
      }
    hidden_tests = std::max(hidden_tests, record_hidden);
    visible_tests = std::max(visible_tests, record_visible);
    if (record.status == StudentStatus::TimedOut) timed_out.push_back("(the whole submission: " + record.problem + ")");
    if (!timed_out.empty()) timeouts.push_back({{"student", record.student}, {"tests", timed_out}});
    if (!crashed.empty())
      crashes.push_back({{"student", record.student}, {"tests", crashed}, {"first_message", first_crash}});
  }
  summary["hidden_tests"] = hidden_tests;
  summary["visible_tests"] = visible_tests;
  Json count_json = Json::object();
  count_json["students"] = records.size();
  for (const auto status : statuses) count_json[to_string(status)] = counts[status];
  summary["counts"] = count_json;
  double mean = 0.0;
  for (const double total : totals) mean += total;
  if (!totals.empty()) mean /= static_cast<double>(totals.size());
  summary["score_stats"] = {{"mean", round_to(mean, 0.01)},
                            {"median", round_to(median(totals), 0.01)},
                            {"min", totals.empty() ? 0.0 : *std::min_element(totals.begin(), totals.end())},
                            {"max", totals.empty() ? 0.0 : *std::max_element(totals.begin(), totals.end())}};

  // Ten bins over [0, max]; the top score lands in the last one; bonus
  // points above the maximum count there too.
  const double width = max_points > 0.0 ? max_points / 10.0 : 1.0;
  auto bins = Json::array();
  std::vector<int> bin_counts(10, 0);
  for (const double total : totals)
    bin_counts[static_cast<std::size_t>(std::clamp(static_cast<int>(std::floor(total / width + 1e-9)), 0, 9))] += 1;
  for (int i = 0; i < 10; ++i)
    bins.push_back({{"from", round_to(i * width, 0.01)}, {"to", round_to((i + 1) * width, 0.01)}, {"count", bin_counts[i]}});
  summary["histogram"] = {{"bin_width", round_to(width, 0.01)}, {"bins", bins}};

  auto tasks = Json::array();
  for (const auto& task : rubric.tasks) {
    if (!task.enabled) continue;
    double points = 0.0;
    int full_marks = 0, graded = 0, tests = 0, passed = 0;
    std::map<std::string, std::pair<std::string, std::set<std::string>>> failures;  // kind -> (example, students)
    for (const auto& record : records) {
      const double earned = points_for(record.task_points(), task.id);
      points += earned;
      if (earned >= task.points - 1e-9) ++full_marks;
      // Untouched stubs are no attempt: their not_implemented would fill
      // every task's common failures.
      if (record.status != StudentStatus::Graded) continue;
      ++graded;
      for (const auto& result_task : record.report.tasks) {
        if (result_task.id != task.id) continue;
        for (const auto& test : result_task.tests) {
          ++tests;
          if (test.status == TestStatus::Passed) {
            ++passed;
            continue;
          }
          const auto& message = test.message;
          auto& failure = failures[message_kind(message)];
          if (failure.first.empty()) failure.first = first_line(message);
          failure.second.insert(record.student);
        }
      }
    }
    std::vector<std::pair<std::string, std::set<std::string>>> ranked;
    for (auto& [kind, failure] : failures) ranked.push_back(failure);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    auto common = Json::array();
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
      common.push_back({{"message", ranked[i].first},
                        {"count", ranked[i].second.size()},
                        {"students", std::vector<std::string>(ranked[i].second.begin(), ranked[i].second.end())}});
    tasks.push_back({{"id", task.id},
                     {"function", task.function},
                     {"title", task.title},
                     {"max_points", task.points},
                     {"bonus", task.bonus},
                     {"mean_points", records.empty() ? 0.0 : round_to(points / static_cast<double>(records.size()), 0.01)},
                     {"full_marks_students", full_marks},
                     {"graded_students", graded},
                     {"test_pass_rate", tests == 0 ? 0.0 : round_to(static_cast<double>(passed) / tests, 0.0001)},
                     {"common_failures", common}});
  }
  summary["tasks"] = tasks;
  summary["students"] = students;
  summary["compile_errors"] = compile_errors;
  summary["timeouts"] = timeouts;
  summary["crashes"] = crashes;
  std::stable_sort(durations.begin(), durations.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  auto slowest = Json::array();
  for (std::size_t i = 0; i < durations.size() && i < 10; ++i)
    slowest.push_back({{"student", durations[i].second}, {"seconds", round_to(durations[i].first, 0.01)}});
  summary["slowest"] = slowest;
  summary["identical_groups"] = identical_groups;
  summary["edited_files"] = edited;
  return summary;
}

std::string report_html(const std::string& page_template, const nlohmann::ordered_json& summary) {
  const auto at = page_template.find(kPlaceholder);
  if (at == std::string::npos)
    throw std::runtime_error(fmt::format("the report template has no {} placeholder", kPlaceholder));
  // Inside <script>: no "<" may close it early (student text is in there).
  std::string json;
  for (const char ch : summary.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
    json += ch == '<' ? std::string("\\u003c") : std::string(1, ch);
  return page_template.substr(0, at) + json + page_template.substr(at + std::char_traits<char>::length(kPlaceholder));
}

std::string class_junit(const std::vector<StudentRecord>& records) {
  std::vector<LabelledReport> reports;
  for (const auto& record : records) {
    LabelledReport labelled{record.student, record.report};
    if (!graded_case_by_case(record.status)) {
      // Nothing ran: each task fails with the submission's status.
      for (auto& task : labelled.report.tasks) {
        task.status = TestStatus::Failed;
        TestRecord test;
        test.name = "submission";
        test.status = TestStatus::Failed;
        test.message = fmt::format("{}: {}", to_string(record.status), record.problem);
        task.tests = {std::move(test)};
      }
    }
    reports.push_back(std::move(labelled));
  }
  return reports_to_junit("grade-all", reports);
}

std::string load_report_template(const std::string& path) {
  auto text = read_file(path);
  if (!text) throw std::runtime_error(fmt::format("{}: cannot read the report template", path));
  return std::move(*text);
}

std::vector<std::string> write_class_files(const std::string& out_folder, const Rubric& rubric,
                                           const std::vector<StudentRecord>& records, const ClassFileOptions& options) {
  std::vector<std::string> warnings;
  auto sorted = records;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.student < b.student; });
  const auto summary = class_summary(rubric, sorted, options.unfinished);
  auto unfinished = options.unfinished;
  std::sort(unfinished.begin(), unfinished.end());
  // canvas.csv first, in memory: a roster whose rows clash (two rows for
  // one submission) stops here, before any class file is written.
  std::optional<std::string> canvas;
  if (options.roster && unfinished.empty())
    canvas = canvas_csv(*options.roster, sorted, options.canvas_assignment, summary.at("max_points").get<double>(),
                        warnings);
  write_file_atomically(out_folder + "/grades.csv", gradebook_csv(rubric, sorted, unfinished));
  write_file_atomically(out_folder + "/summary.json", summary.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  write_file_atomically(out_folder + "/report.html", report_html(options.report_template, summary));
  if (canvas) {
    write_file_atomically(out_folder + "/canvas.csv", *canvas);
  } else if (!unfinished.empty()) {
    // An earlier canvas.csv goes too, with or without a roster this time:
    // it would be read as this run's.
    std::error_code ignored;
    const bool removed = std::filesystem::remove(out_folder + "/canvas.csv", ignored);
    if (options.roster || removed)
      warnings.push_back(fmt::format("canvas.csv not written{}: {} student(s) have no grade yet ({}); an import now "
                                   "would look final without them. Finish the class to write it",
                                   removed ? " (and the earlier one removed)" : "", unfinished.size(),
                                   fmt::join(unfinished, ", ")));
  }
  if (!options.junit_path.empty()) write_file_atomically(options.junit_path, class_junit(sorted));
  return warnings;
}

}  // namespace assg
