#include "regrade_compare.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace assg {

namespace fs = std::filesystem;

namespace {

struct Scores {
  std::map<std::string, double> tasks;
  double total = 0.0;
  std::string status;
};

Scores scores_of(const StudentRecord& record) {
  Scores scores;
  scores.tasks = record.task_points();
  scores.total = record.total();
  scores.status = to_string(record.status);
  return scores;
}

bool same(double a, double b) { return std::fabs(a - b) < 0.005; }

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

RegradeChanges compare_records(const std::vector<StudentRecord>& previous, const std::vector<StudentRecord>& records) {
  std::map<std::string, Scores> before;
  for (const auto& record : previous) before[record.student] = scores_of(record);
  RegradeChanges changes;
  std::set<std::string> now;
  for (const auto& record : records) {
    now.insert(record.student);
    const auto after = scores_of(record);
    const auto found = before.find(record.student);
    if (found == before.end()) {
      changes.text += fmt::format("{}: new, {} ({})\n", record.student, after.total, after.status);
      ++changes.changed;
      continue;
    }
    const auto& old = found->second;
    std::string lines;
    for (const auto& [id, points] : after.tasks) {
      const auto was = old.tasks.count(id) != 0 ? old.tasks.at(id) : 0.0;
      if (!same(was, points)) lines += fmt::format("    task {}: {} -> {} ({:+g})\n", id, was, points, points - was);
    }
    if (same(old.total, after.total) && old.status == after.status && lines.empty()) continue;
    ++changes.changed;
    changes.text += fmt::format("{}: {} -> {} ({:+g}){}\n", record.student, old.total, after.total,
                                std::round((after.total - old.total) * 100.0) / 100.0,
                                old.status != after.status ? fmt::format(", status {} -> {}", old.status, after.status)
                                                           : std::string());
    changes.text += lines;
  }
  for (const auto& [student, old] : before)
    if (now.count(student) == 0) {
      changes.text += fmt::format("{}: no longer graded (was {})\n", student, old.total);
      ++changes.changed;
    }
  return changes;
}

}  // namespace assg
