#include "report/github_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "text.hpp"

namespace assg::github {

namespace {

std::string replaced(const std::string& text, const std::map<char, const char*>& replacements) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto found = replacements.find(c);
    if (found == replacements.end()) out += c;
    else out += found->second;
  }
  return out;
}

// What the student is told about a task: its first failing case and the
// first line of why, as in make test's table (a task still at its own
// stub: the stub's message, since nothing else explains it).
std::string first_failure_text(const TaskRecord& task) {
  const auto* failure = task.first_failure();
  if (failure == nullptr) return {};
  const auto first_line = failure->message.substr(0, failure->message.find('\n'));
  if (task.still_at_own_stub()) return first_line;
  return failure->name + ": " + first_line;
}

// Student text on one line, control and bidi characters visible, clipped.
std::string one_line(const std::string& text, std::size_t max_bytes) {
  const auto shown = shown_text(text, /*keep_newlines=*/false);
  if (shown.size() <= max_bytes) return shown;
  return utf8_prefix(shown, max_bytes) + "\u2026";
}

std::string points_text(double points, double max_points) { return fmt::format("{:.2f}/{:g}", points, max_points); }

// The line of a compiler message ("/path/student/assg_tasks.cpp:94:7: error: ...")
// when it is in the student's file, else 0.
int compiler_message_line(const std::string& message, const std::string& source_path) {
  const auto slash = source_path.find_last_of('/');
  const auto name = slash == std::string::npos ? source_path : source_path.substr(slash + 1);
  if (name.empty()) return 0;
  for (auto at = message.find(name + ":"); at != std::string::npos; at = message.find(name + ":", at + 1)) {
    // Only a whole file name: "my_assg_tasks.cpp" is another file.
    if (at > 0 && message[at - 1] != '/' && message[at - 1] != ' ') continue;
    std::size_t i = at + name.size() + 1, digits = 0;
    long line = 0;
    while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i])) && digits < 9) {
      line = line * 10 + (message[i++] - '0');
      ++digits;
    }
    if (digits > 0 && i < message.size() && message[i] == ':' && line > 0) return static_cast<int>(line);
  }
  return 0;
}

int task_line(const TaskRecord& task, const std::string& source_path, const std::string& source) {
  if (task.status == TestStatus::CompileError) {
    if (const auto* failure = task.first_failure(); failure != nullptr)
      if (const int line = compiler_message_line(failure->message, source_path); line > 0) return line;
  }
  return definition_line(source, task.function);
}

nlohmann::ordered_json reporter_test(const TaskRecord& task, const std::string& source_path,
                                     const std::string& source) {
  const bool passed = task.status == TestStatus::Passed;
  double seconds = 0.0;
  for (const auto& test : task.tests) seconds += test.seconds;
  nlohmann::ordered_json test;
  // The reporter prints the name (and, for some statuses, the message) in
  // its log as they are: both are one line, so that no student text can
  // start a line of its own there (a line starting "::" is a workflow command).
  test["name"] = one_line(fmt::format("Task {} {}{}: {} points{} ({}/{} cases passed)", task.id, task.function,
                                      task.bonus ? " (bonus)" : "", points_text(task.points, task.max_points),
                                      passed ? "" : ", " + to_string(task.status), task.passed_count(),
                                      task.tests.size()),
                          300);
  test["status"] = passed ? "pass" : "fail";
  test["score"] = task.points;
  test["message"] = passed ? std::string() : one_line(first_failure_text(task), 500);
  test["test_code"] = "";
  test["filename"] = valid_utf8(source_path);
  test["line_no"] = task_line(task, source_path, source);
  test["execution_time"] = std::round(seconds * 1000.0) / 1000.0;
  return test;
}

// The reporter adds the scores up as JavaScript numbers (doubles), runner
// by runner, test by test, from 0: hundredths are not exact in binary, so
// the sum can miss the grade by an ulp (4.29 + 1.92 + ... + 2.28 gives
// 43.559999999999995). The last score is nudged by as little so that the
// sum Classroom gets is exactly the double results.json's total reads as.
void match_reporter_total(std::vector<Runner>& runners, double total) {
  std::vector<nlohmann::ordered_json*> scores;
  for (auto& runner : runners)
    if (runner.results["max_score"].get<double>() != 0.0)
      for (auto& test : runner.results["tests"]) scores.push_back(&test["score"]);
  if (scores.empty()) return;
  double before_last = 0.0;
  for (std::size_t i = 0; i + 1 < scores.size(); ++i) before_last += scores[i]->get<double>();
  if (before_last + scores.back()->get<double>() == total) return;
  const double guess = total - before_last;
  double below = guess, above = guess;
  for (int step = 0; step < 8; ++step) {
    for (const double last : {below, above}) {
      if (before_last + last == total) {
        *scores.back() = last;
        return;
      }
    }
    below = std::nextafter(below, -HUGE_VAL);
    above = std::nextafter(above, HUGE_VAL);
  }
}

}  // namespace

std::string command_data(const std::string& text) {
  return replaced(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}});
}

std::string command_property(const std::string& text) {
  return replaced(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}});
}

std::string markdown_cell(const std::string& text, std::size_t max_bytes) {
  std::string out;
  for (const char c : one_line(text, max_bytes)) {
    // CommonMark lets any ASCII punctuation be escaped with a backslash;
    // escaped, none of it can start markup, and GFM tables honour \|.
    if (std::ispunct(static_cast<unsigned char>(c))) out += '\\';
    out += c;
  }
  return out;
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t chunk = 0;
    for (std::size_t k = 0; k < 3; ++k)
      chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(chunk >> (18 - 6 * k)) & 0x3F] : '=';
  }
  return out;
}

std::string runner_id(const std::string& task_id) {
  std::string id = "task_";
  for (const char c : task_id)
    id += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  return id;
}

int definition_line(const std::string& source, const std::string& function) {
  if (function.empty()) return 0;
  // The code without comments and literals (blanked, newlines kept), so that
  // a name in a comment or a string, and braces in either, do not count.
  std::string code = source;
  for (std::size_t i = 0; i < code.size();) {
    const auto blank_until = [&](std::size_t end) {
      for (; i < end && i < code.size(); ++i)
        if (code[i] != '\n') code[i] = ' ';
    };
    const bool identifier_before =
        i > 0 && (std::isalnum(static_cast<unsigned char>(source[i - 1])) || source[i - 1] == '_');
    if (source.compare(i, 2, "//") == 0) {
      blank_until(source.find('\n', i));
    } else if (source.compare(i, 2, "/*") == 0) {
      const auto end = source.find("*/", i + 2);
      blank_until(end == std::string::npos ? source.size() : end + 2);
    } else if (source[i] == 'R' && source.compare(i + 1, 1, "\"") == 0 && !identifier_before) {
      // A raw string: R"delimiter( ... )delimiter".
      const auto open = source.find('(', i + 2);
      if (open == std::string::npos) break;
      const auto closing = ")" + source.substr(i + 2, open - i - 2) + "\"";
      const auto close = source.find(closing, open);
      blank_until(close == std::string::npos ? source.size() : close + closing.size());
    } else if (source[i] == '"' || (source[i] == '\'' && !identifier_before)) {
      // A string or character literal (a ' after a digit or letter is a
      // digit separator, 1'000).
      const char quote = source[i];
      std::size_t end = i + 1;
      while (end < source.size() && source[end] != quote && source[end] != '\n') end += source[end] == '\\' ? 2 : 1;
      blank_until(std::min(end + 1, source.size()));
    } else {
      ++i;
    }
  }

  // Braces: a namespace's or an extern "C" block's keep their content at the
  // top level; any other (a function's, a class's) hides it.
  std::vector<bool> transparent;
  std::size_t statement_start = 0;
  const auto at_top_level = [&] {
    for (const bool open : transparent)
      if (!open) return false;
    return true;
  };
  const auto is_identifier_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '{') {
      const auto head = code.substr(statement_start, i - statement_start);
      const auto first = head.find_first_not_of(" \t\r\n");
      const auto trimmed = first == std::string::npos
                               ? std::string()
                               : head.substr(first, head.find_last_not_of(" \t\r\n") + 1 - first);
      const auto starts_with_word = [&](const std::string& word) {
        return trimmed.compare(0, word.size(), word) == 0 &&
               (trimmed.size() == word.size() || !is_identifier_char(trimmed[word.size()]));
      };
      const auto after_inline = trimmed.find_first_not_of(" \t\r\n", 6);
      const bool inline_namespace = starts_with_word("inline") && after_inline != std::string::npos &&
                                    trimmed.compare(after_inline, 9, "namespace") == 0;
      // extern "C" { has its string blanked: "extern" alone.
      transparent.push_back(starts_with_word("namespace") || inline_namespace || trimmed == "extern");
      statement_start = i + 1;
    } else if (c == '}') {
      if (!transparent.empty()) transparent.pop_back();
      statement_start = i + 1;
    } else if (c == ';') {
      statement_start = i + 1;
    } else if (code.compare(i, function.size(), function) == 0 && (i == 0 || !is_identifier_char(code[i - 1])) &&
               (i + function.size() == code.size() || !is_identifier_char(code[i + function.size()])) &&
               at_top_level()) {
      // The name, then its parameter list, then a body rather than a ';'.
      std::size_t k = code.find_first_not_of(" \t\r\n", i + function.size());
      if (k == std::string::npos || code[k] != '(') continue;
      int depth = 0;
      for (; k < code.size(); ++k) {
        if (code[k] == '(') ++depth;
        else if (code[k] == ')' && --depth == 0) break;
      }
      const auto body = code.find_first_of("{;", k);
      if (body != std::string::npos && code[body] == '{')
        return 1 + static_cast<int>(std::count(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
      i += function.size() - 1;
    }
  }
  return 0;
}

std::vector<Runner> classroom_runners(const GradeReport& report, const std::string& source_path,
                                      const std::string& source) {
  std::vector<Runner> runners;
  std::map<std::string, std::string> task_of_runner;
  for (const auto& task : report.tasks) {
    if (task.bonus) continue;
    Runner runner{runner_id(task.id), {}};
    if (const auto [at, added] = task_of_runner.emplace(runner.id, task.id); !added)
      throw std::runtime_error(fmt::format("tasks {} and {} would both be GitHub Classroom's runner {}", at->second,
                                           task.id, runner.id));
    runner.results["version"] = 1;
    runner.results["status"] = "pass";
    runner.results["max_score"] = task.max_points;
    runner.results["tests"] = nlohmann::ordered_json::array({reporter_test(task, source_path, source)});
    runners.push_back(std::move(runner));
  }
  if (runners.empty())
    throw std::runtime_error("no task counts towards the maximum: GitHub Classroom's reporter would ignore them all");
  // The reporter adds up the tests of runners whose max_score is not 0: a
  // bonus test there counts towards the total and leaves the maximum alone.
  for (const auto& task : report.tasks)
    if (task.bonus) runners.back().results["tests"].push_back(reporter_test(task, source_path, source));
  for (auto& runner : runners)
    for (const auto& test : runner.results["tests"])
      if (test["status"] != "pass") runner.results["status"] = "fail";
  match_reporter_total(runners, report.total_points);
  return runners;
}

std::string step_outputs(const std::vector<Runner>& runners) {
  std::string out;
  for (const auto& runner : runners)
    out += runner.id + "=" +
           base64(runner.results.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
  return out;
}

std::string job_summary(const GradeReport& report) {
  std::string out = fmt::format("## Autograder: {:.2f} / {:g} points\n\n", report.total_points, report.max_points);
  out += fmt::format("Graded {}", markdown_cell(report.solution));
  if (!report.sandbox.empty()) out += fmt::format(" (sandbox: {})", markdown_cell(report.sandbox));
  out += ".\n\n";
  out += "| Task | Function | Tests passed | Points | Status | First failure |\n";
  out += "|:--|:--|--:|--:|:--|:--|\n";
  bool any_bonus = false;
  for (const auto& task : report.tasks) {
    any_bonus = any_bonus || task.bonus;
    const bool passed = task.status == TestStatus::Passed;
    out += fmt::format("| {}{} | {} | {}/{} | {} | {} {} | {} |\n", markdown_cell(task.id), task.bonus ? "\\*" : "",
                       markdown_cell(task.function), task.passed_count(), task.tests.size(),
                       points_text(task.points, task.max_points), passed ? "\u2705" : "\u274C",
                       markdown_cell(to_string(task.status)), markdown_cell(first_failure_text(task)));
  }
  if (any_bonus) out += "\n\\* bonus: its points count towards the total but not the maximum.\n";
  out += "\nEvery case's message is in `results.json` (this run's artifact); `make test` prints the same on your "
         "machine.\n";
  return out;
}

std::string annotations(const GradeReport& report, const std::string& source_path, const std::string& source) {
  std::string out;
  for (const auto& task : report.tasks) {
    if (task.status == TestStatus::Passed) continue;
    std::string properties;
    if (!source_path.empty()) {
      properties += "file=" + command_property(valid_utf8(source_path));
      if (const int line = task_line(task, source_path, source); line > 0) properties += fmt::format(",line={}", line);
      properties += ",";
    }
    properties += "title=" + command_property(fmt::format("Task {} {}: {} ({} points)", task.id, task.function,
                                                          to_string(task.status),
                                                          points_text(task.points, task.max_points)));
    const auto failed = task.tests.size() - static_cast<std::size_t>(task.passed_count());
    const auto message = fmt::format("{} of {} cases not passed. {}", failed, task.tests.size(),
                                     one_line(first_failure_text(task), 1000));
    out += fmt::format("::error {}::{}\n", properties, command_data(message));
  }
  return out;
}

}  // namespace assg::github
