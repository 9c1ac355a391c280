#include "report/report_table.hpp"

#include "task_catalog.hpp"
#include "text.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/color.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace assg {

namespace {

fmt::text_style status_style(TestStatus status) {
  switch (status) {
    case TestStatus::Passed: return fmt::fg(fmt::terminal_color::green);
    case TestStatus::NotImplemented: return fmt::fg(fmt::terminal_color::yellow);
    case TestStatus::Failed: return fmt::fg(fmt::terminal_color::red);
    case TestStatus::Crashed:
    case TestStatus::TimedOut:
    case TestStatus::CompileError: return fmt::fg(fmt::terminal_color::magenta) | fmt::emphasis::bold;
  }
  return {};
}

std::string paint(const std::string& text, fmt::text_style style, const TableStyle& table) {
  return table.color ? fmt::format(style, "{}", text) : text;
}

// Cuts to about `width` columns, never inside a UTF-8 character, marking the cut.
std::string clip(const std::string& text, std::size_t width) {
  const auto line = text.substr(0, text.find('\n'));
  if (line.size() <= width) return line;
  if (width <= 3) return utf8_prefix(line, width);
  return utf8_prefix(line, width - 3) + "...";
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += prefix;
  }
  return out;
}

std::string points_text(double points, double max_points) {
  return fmt::format("{:.2f}/{:g}", points, max_points);
}

}  // namespace

TableStyle detect_style(ColorChoice choice, int fd) {
  TableStyle style;
  const char* no_color = std::getenv("NO_COLOR");
  const bool terminal = ::isatty(fd) == 1;
  style.color = choice == ColorChoice::Always ||
                (choice == ColorChoice::Auto && terminal && (no_color == nullptr || *no_color == '\0'));
  winsize size{};
  if (terminal && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) {
    style.width = size.ws_col;
  } else if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && std::atoi(columns) >= 40) {
    style.width = static_cast<std::size_t>(std::atoi(columns));
  } else {
    style.width = 120;
  }
  return style;
}

std::string render_progress(const TaskRecord& task, const TableStyle& style) {
  const auto total = task.tests.size();
  const auto passed = static_cast<std::size_t>(task.passed_count());
  const auto status = to_string(task.status);
  return fmt::format("  {:<5} {:<24} {:>3}/{:<3} {}\n", task.id, task.function, passed, total,
                     paint(status, status_style(task.status), style));
}

std::string render_failures(const GradeReport& report, const TableStyle& style) {
  std::string out;
  for (const auto& task : report.tasks) {
    if (task.status == TestStatus::Passed) continue;
    if (task.status == TestStatus::CompileError) continue;  // the compiler's messages say it all
    // A task still at its own stub needs no detail; one waiting for another
    // task's stub, or missing from the file, gets its reason once.
    if (task.status == TestStatus::NotImplemented && task.passed_count() == 0) {
      // (A task without tests, as a results file may hold, has no reason to give.)
      if (const auto* failure = task.first_failure(); failure != nullptr && !task.still_at_own_stub())
        out += fmt::format("{} {} {}: {}\n", paint("TODO", status_style(TestStatus::NotImplemented), style), task.id,
                           task.function, failure->message);
      continue;
    }
    // The first few failures in full; the rest by name (all are in the results file).
    constexpr std::size_t kShownInFull = 3;
    std::size_t shown = 0;
    std::vector<std::string> more;
    for (const auto& test : task.tests) {
      if (test.status == TestStatus::Passed) continue;
      if (shown == kShownInFull) {
        more.push_back(test.name);
        continue;
      }
      ++shown;
      const auto label = test.status == TestStatus::Failed ? std::string("FAIL") : to_string(test.status);
      out += fmt::format("{} {} {} / {}", paint(label, status_style(test.status), style), task.id, task.function,
                         test.name);
      if (!test.description.empty()) out += fmt::format("  ({})", test.description);
      out += "\n" + indent(test.message, "    ") + "\n";
    }
    if (!more.empty())
      out += fmt::format("     ... and {} more failing case{} of {}: {}\n", more.size(), more.size() == 1 ? "" : "s",
                         task.id, fmt::join(more, ", "));
    // A function this task reuses may be what is wrong here.
    if (const auto* spec = find_task(task.function); spec != nullptr) {
      for (const auto& reused : spec->reuses) {
        const auto other = std::find_if(report.tasks.begin(), report.tasks.end(), [&](const TaskRecord& candidate) {
          return candidate.function == reused && candidate.status != TestStatus::Passed;
        });
        if (other != report.tasks.end())
          out += fmt::format("     Note: the course has {} reuse {} (task {}), which fails too: if yours calls it, "
                             "fix task {} first.\n",
                             task.function, reused, other->id, other->id);
      }
    }
  }
  return out;
}

std::string render_table(const GradeReport& report, const TableStyle& style) {
  struct Row {
    std::string id, function, tests, points, status, failure;
    TestStatus code;
  };
  std::vector<Row> rows;
  for (const auto& task : report.tasks) {
    Row row{task.id + (task.bonus ? "*" : ""),
            task.function,
            fmt::format("{}/{}", task.passed_count(), task.tests.size()),
            points_text(task.points, task.max_points),
            to_string(task.status),
            "",
            task.status};
    // A task still at its own stub needs no explanation; one waiting for
    // another task's stub, or missing from the file, does.
    if (const auto* failure = task.first_failure(); failure != nullptr && !task.still_at_own_stub())
      row.failure = failure->name + ": " + failure->message;
    rows.push_back(std::move(row));
  }
  std::size_t w_id = 4, w_function = 8, w_tests = 5, w_points = 6, w_status = 6;
  for (const auto& row : rows) {
    w_id = std::max(w_id, row.id.size());
    w_function = std::max(w_function, row.function.size());
    w_tests = std::max(w_tests, row.tests.size());
    w_points = std::max(w_points, row.points.size());
    w_status = std::max(w_status, row.status.size());
  }
  const std::size_t used = 2 + w_id + 2 + w_function + 2 + w_tests + 2 + w_points + 2 + w_status + 2;
  const std::size_t w_failure = style.width > used + 10 ? style.width - used - 1 : 10;

  std::string out;
  const auto header = fmt::format("  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {:<{}}  {}", "Task", w_id, "Function",
                                  w_function, "Tests", w_tests, "Points", w_points, "Status", w_status,
                                  "First failure");
  out += paint(header, fmt::emphasis::bold, style) + "\n";
  for (const auto& row : rows) {
    // Pad before painting: escape codes must not count towards the width.
    const auto status = fmt::format("{:<{}}", row.status, w_status);
    out += fmt::format("  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {}  {}", row.id, w_id, row.function, w_function, row.tests,
                       w_tests, row.points, w_points, paint(status, status_style(row.code), style),
                       clip(row.failure, w_failure));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  const bool any_bonus = std::any_of(report.tasks.begin(), report.tasks.end(),
                                     [](const TaskRecord& task) { return task.bonus; });
  if (any_bonus) out += "  (* bonus: its points count towards the total but not the maximum)\n";
  const auto total = fmt::format("Total: {:.2f}/{:g}", report.total_points, report.max_points);
  out += "\n" +
         paint(total, (report.all_passed() ? fmt::fg(fmt::terminal_color::green) : fmt::text_style()) |
                          fmt::emphasis::bold,
               style) +
         "\n";
  return out;
}

}  // namespace assg
