#include "regrade_compare.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "roster.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

// Points are hundredths: a change smaller than half of one is no change.
double hundredths(double points) { return std::round(points * 100.0) / 100.0; }

std::string points_text(const std::optional<double>& points) {
  return points ? fmt::format("{}", hundredths(*points)) : std::string("-");
}

std::string delta_text(double delta) { return fmt::format("{:+g}", hundredths(delta)); }

double difference(const std::optional<double>& before, const std::optional<double>& after) {
  return hundredths(after.value_or(0.0)) - hundredths(before.value_or(0.0));
}

bool moved(const std::optional<double>& before, const std::optional<double>& after) {
  return before.has_value() != after.has_value() || std::fabs(difference(before, after)) >= 0.005;
}

// A student in one run only, or in both: the tasks whose points moved.
StudentChange change_of(const StudentRecord* before, const StudentRecord* after) {
  StudentChange change;
  change.student = (after != nullptr ? after : before)->student;
  std::map<std::string, double> old_tasks, new_tasks;
  if (before != nullptr) {
    change.total_before = before->total();
    change.status_before = to_string(before->status);
    old_tasks = before->task_points();
  }
  if (after != nullptr) {
    change.total_after = after->total();
    change.status_after = to_string(after->status);
    new_tasks = after->task_points();
  }
  std::set<std::string> ids;
  for (const auto& task : old_tasks) ids.insert(task.first);
  for (const auto& task : new_tasks) ids.insert(task.first);
  for (const auto& id : ids) {
    StudentChange::Move move{id, std::nullopt, std::nullopt};
    if (const auto found = old_tasks.find(id); found != old_tasks.end()) move.before = found->second;
    if (const auto found = new_tasks.find(id); found != new_tasks.end()) move.after = found->second;
    // A task new to the rubric (or dropped) moves only if it has points.
    if (before != nullptr && after != nullptr && !move.before) move.before = 0.0;
    if (before != nullptr && after != nullptr && !move.after) move.after = 0.0;
    if (moved(move.before, move.after)) change.tasks.push_back(move);
  }
  return change;
}

double largest_task_move(const StudentChange& change) {
  double largest = 0.0;
  for (const auto& move : change.tasks) largest = std::max(largest, std::fabs(difference(move.before, move.after)));
  return largest;
}

}  // namespace

std::vector<StudentRecord> load_output_records(const std::string& out) {
  std::vector<StudentRecord> records;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(out, error)) {
    if (!entry.is_directory() || entry.path().filename().string().front() == '.') continue;
    try {
      if (auto record = load_record(entry.path().string())) records.push_back(std::move(*record));
    } catch (const std::exception&) {
      // A damaged result: that student shows as new in a comparison.
    }
  }
  if (error || records.empty()) throw std::runtime_error(fmt::format("{}: holds no grade-all results", out));
  return records;
}

double StudentChange::delta() const { return difference(total_before, total_after); }

RegradeChanges compare_records(const std::vector<StudentRecord>& previous, const std::vector<StudentRecord>& records) {
  std::map<std::string, std::pair<const StudentRecord*, const StudentRecord*>> students;
  for (const auto& record : previous) students[record.student].first = &record;
  for (const auto& record : records) students[record.student].second = &record;
  RegradeChanges changes;
  for (const auto& entry : students) {
    auto change = change_of(entry.second.first, entry.second.second);
    if (moved(change.total_before, change.total_after) || !change.tasks.empty())
      changes.moved.push_back(std::move(change));
    else if (change.status_before != change.status_after)
      changes.status_only.push_back(
          fmt::format("{} ({} -> {})", change.student, change.status_before, change.status_after));
  }
  // The biggest change of total first; then the biggest task's; then by name.
  std::stable_sort(changes.moved.begin(), changes.moved.end(), [](const StudentChange& a, const StudentChange& b) {
    if (std::fabs(a.delta()) != std::fabs(b.delta())) return std::fabs(a.delta()) > std::fabs(b.delta());
    return largest_task_move(a) > largest_task_move(b);
  });
  return changes;
}

std::string RegradeChanges::text() const {
  std::string text;
  for (const auto& change : moved) {
    if (!change.total_before) {
      text += fmt::format("{}: new, {} ({})\n", change.student, points_text(change.total_after), change.status_after);
      continue;
    }
    if (!change.total_after) {
      text += fmt::format("{}: no longer graded (was {})\n", change.student, points_text(change.total_before));
      continue;
    }
    text += fmt::format("{}: {} -> {} ({}){}\n", change.student, points_text(change.total_before),
                        points_text(change.total_after), delta_text(change.delta()),
                        change.status_before != change.status_after
                            ? fmt::format(", status {} -> {}", change.status_before, change.status_after)
                            : std::string());
    for (const auto& move : change.tasks)
      text += fmt::format("    task {}: {} -> {} ({})\n", move.task, points_text(move.before), points_text(move.after),
                          delta_text(difference(move.before, move.after)));
  }
  if (!status_only.empty())
    text += fmt::format("(status changed, points did not: {})\n", fmt::join(status_only, ", "));
  return text;
}

std::string RegradeChanges::csv() const {
  const auto cell = [](const std::optional<double>& points) {
    return points ? fmt::format("{}", hundredths(*points)) : std::string();
  };
  std::string csv = "student,task,before,after,delta\n";
  for (const auto& change : moved) {
    for (const auto& move : change.tasks)
      csv += fmt::format("{},{},{},{},{}\n", csv_field(change.student), csv_field(move.task), cell(move.before),
                         cell(move.after), delta_text(difference(move.before, move.after)));
    csv += fmt::format("{},total,{},{},{}\n", csv_field(change.student), cell(change.total_before),
                       cell(change.total_after), delta_text(change.delta()));
  }
  return csv;
}

}  // namespace assg
