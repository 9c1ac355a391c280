#include "report/github_report.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

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

std::string grade_outputs(const GradeReport& report) {
  return fmt::format("points={:.2f}\nmax_points={:g}\nfull_marks={}\n", report.total_points, report.max_points,
                     report.all_passed() ? "true" : "false");
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
