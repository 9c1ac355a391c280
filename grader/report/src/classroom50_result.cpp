#include "report/classroom50_result.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "report/feedback_markdown.hpp"
#include "report/report_table.hpp"
#include "text.hpp"

namespace assg::classroom50 {

namespace {

long long units(double points) { return std::llround(points * static_cast<double>(kScoreUnitsPerPoint)); }

std::string test_name(const TaskRecord& task, const std::string& test) {
  const auto task_name = fmt::format("{} {}{}", task.id, task.function, task.bonus ? " (bonus)" : "");
  return test.empty() ? task_name : fmt::format("{} / {}", task_name, test);
}

nlohmann::ordered_json test_entry(const std::string& name, bool passed, long long score, long long max_score) {
  return {{"test-name", name}, {"passed", passed}, {"score", score}, {"max-score", max_score}};
}

// A task grade-all could not grade case by case has no tests: one entry
// stands for the whole task, so that its maximum is still counted.
void add_task_entries(const TaskRecord& task, nlohmann::ordered_json& tests, long long& score, long long& max_score) {
  if (task.tests.empty()) {
    tests.push_back(test_entry(test_name(task, ""), false, units(task.points), units(task.max_points)));
    score += units(task.points);
    max_score += units(task.max_points);
    return;
  }
  for (const auto& test : task.tests) {
    const bool passed = test.status == TestStatus::Passed;
    tests.push_back(test_entry(test_name(task, test.name), passed, units(test.points), units(test.max_points)));
    score += units(test.points);
    max_score += units(test.max_points);
  }
}

struct Entries {
  nlohmann::ordered_json tests = nlohmann::ordered_json::array();
  long long score = 0, max_score = 0;  // hundredths: the tests' sums
};

// The tests as Classroom 50 records them; result.json and the release body
// both take their totals from here, so that the two never disagree.
Entries entries_of(const GradeReport& report) {
  Entries entries;
  for (const auto& task : report.tasks) add_task_entries(task, entries.tests, entries.score, entries.max_score);
  return entries;
}

bool has_bonus(const GradeReport& report) {
  for (const auto& task : report.tasks)
    if (task.bonus) return true;
  return false;
}

}  // namespace

void check_submission(const Submission& submission) {
  const std::pair<const char*, const std::string*> required[] = {
      {"classroom", &submission.classroom}, {"assignment", &submission.assignment}, {"owner", &submission.owner},
      {"submission", &submission.submission}, {"commit", &submission.commit}, {"release", &submission.release},
      {"review", &submission.review},       {"datetime", &submission.datetime}};
  for (const auto& [name, value] : required)
    if (value->empty()) throw std::invalid_argument(fmt::format("{} is empty (Classroom 50 refuses the result)", name));
  if (submission.submission.rfind("submit/", 0) != 0)
    throw std::invalid_argument(
        fmt::format("the submission tag \"{}\" does not start with submit/ (Classroom 50 refuses the result)",
                    submission.submission));
  const auto& type = submission.assignment_type;
  if (type != "individual" && type != "group" && type != "team")
    throw std::invalid_argument(fmt::format("assignment type \"{}\" is not individual, group or team", type));
}

nlohmann::ordered_json result_json(const GradeReport& report, const Submission& submission) {
  check_submission(submission);
  auto [tests, score, max_score] = entries_of(report);
  // The tests' hundredths add up to the total by construction (scoring.hpp);
  // a file where they do not is refused by the model's reader, so this is a
  // check on this writer alone.
  if (score != units(report.total_points))
    throw std::logic_error(fmt::format("the tests add up to {} hundredths, the total is {}", score,
                                       units(report.total_points)));
  nlohmann::ordered_json result;
  result["schema"] = kResultSchema;
  result["classroom"] = submission.classroom;
  result["assignment"] = submission.assignment;
  result["owner"] = submission.owner;
  result["assignment_type"] = submission.assignment_type;
  result["submission"] = submission.submission;
  result["commit"] = submission.commit;
  result["release"] = submission.release;
  result["review"] = submission.review;
  result["datetime"] = submission.datetime;
  result["score"] = score;
  result["max-score"] = max_score;
  result["tests"] = std::move(tests);
  return result;
}

std::string summary_line(const GradeReport& report) {
  std::size_t complete = 0;
  for (const auto& task : report.tasks) complete += task.status == TestStatus::Passed ? 1 : 0;
  return fmt::format("{}/{} points ({} of {} tasks complete)", report.total_points, report.max_points, complete,
                     report.tasks.size());
}

std::string release_body(const GradedFile& graded, std::size_t limit) {
  const auto& report = graded.report;
  TableStyle style;
  style.color = false;
  style.width = 120;
  std::string head = fmt::format("### {}\n\n", summary_line(report));
  const auto entries = entries_of(report);
  head += fmt::format("Classroom 50's gradebook counts hundredths of a point: {} of {}{}.\n\n", entries.score,
                      entries.max_score,
                      has_bonus(report) ? " (a bonus task's points count in its maximum there, which may not be exceeded)"
                                        : "");
  if (graded.submission) head += notes_markdown(report, *graded.submission);
  const auto table = fenced(render_table(report, style));
  auto failures = render_failures(report, style);
  if (failures.empty()) return head + table;
  const std::string cut_note = "\n(cut here to fit a release; the full text is in feedback.md, a file of this release)\n";
  const std::size_t overhead = head.size() + table.size() + cut_note.size() + 64;
  if (overhead >= limit) return head + table;
  if (head.size() + table.size() + fenced(failures).size() + 1 > limit)
    failures = utf8_prefix(failures, limit - overhead) + cut_note;
  return head + fenced(failures) + "\n" + table;
}

}  // namespace assg::classroom50
