// What the hostile solutions (tests/hostile/*.cpp) share: finding the
// grader's files and processes the way a determined student would, and
// turning an attack that was blocked into a failure that earns nothing.
//
// The rule every hostile file follows: when its attack works, it returns the
// correct answer (so the task earns points and the test that expects none
// fails, naming the hole); when the attack is blocked, it throws
// "attack blocked: ..." (a crash: no points).
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace hostile {

// Names a process, so the tests can look for survivors in /proc.
inline void name_process(const char* name) { ::prctl(PR_SET_NAME, name, 0, 0, 0); }

[[noreturn]] inline void blocked(const std::string& what) { throw std::runtime_error("attack blocked: " + what); }

inline std::string error_text() { return std::strerror(errno); }

inline std::optional<std::string> read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return std::nullopt;
  return text.str();
}

inline bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

inline std::string dirname(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

inline std::string basename(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

inline std::string link_target(const std::string& path) {
  char buffer[4096];
  const auto size = ::readlink(path.c_str(), buffer, sizeof buffer - 1);
  return size > 0 ? std::string(buffer, static_cast<std::size_t>(size)) : std::string();
}

inline std::string current_directory() {
  char buffer[4096];
  return ::getcwd(buffer, sizeof buffer) ? std::string(buffer) : std::string(".");
}

inline std::string temp_directory() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir && *tmpdir ? tmpdir : "/tmp";
}

// The parent of `pid` (0 if unknown), from /proc/<pid>/stat.
inline int parent_of(int pid) {
  const auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return 0;
  const auto close = stat->rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat->substr(close + 1));
  std::string state;
  int parent = 0;
  fields >> state >> parent;
  return parent;
}

inline std::vector<int> ancestors() {
  std::vector<int> chain;
  for (int pid = static_cast<int>(::getppid()); pid > 0 && chain.size() < 16; pid = parent_of(pid))
    chain.push_back(pid);
  return chain;
}

inline std::vector<int> visible_processes() {
  std::vector<int> pids;
  if (DIR* proc = ::opendir("/proc")) {
    while (const dirent* entry = ::readdir(proc)) {
      char* end = nullptr;
      const long pid = std::strtol(entry->d_name, &end, 10);
      if (end && *end == '\0' && pid > 0) pids.push_back(static_cast<int>(pid));
    }
    ::closedir(proc);
  }
  return pids;
}

inline std::string process_name(int pid) {
  auto name = read_text("/proc/" + std::to_string(pid) + "/comm").value_or("");
  if (!name.empty() && name.back() == '\n') name.pop_back();
  return name;
}

inline std::vector<std::string> command_line(int pid) {
  std::vector<std::string> arguments;
  const auto text = read_text("/proc/" + std::to_string(pid) + "/cmdline").value_or("");
  std::string argument;
  for (char ch : text) {
    if (ch == '\0') {
      arguments.push_back(argument);
      argument.clear();
    } else {
      argument += ch;
    }
  }
  return arguments;
}

// The grading side's processes this code can see: the grader, grade-all,
// make and the scripts around them (by name or program), never a sandbox's
// own helper.
inline std::vector<int> grading_processes() {
  std::vector<int> found;
  for (int pid : visible_processes()) {
    if (pid == static_cast<int>(::getpid())) continue;
    const auto name = process_name(pid);
    const auto program = basename(link_target("/proc/" + std::to_string(pid) + "/exe"));
    for (const char* wanted : {"grader", "grade-all", "make", "grade_solution."})
      if (name == wanted || program == wanted) found.push_back(pid);
  }
  return found;
}

// Every path given to `option` ("--results X" or "--results=X") on a
// grading process's command line, relative ones taken from that process's
// working folder.
inline std::vector<std::string> option_values(const std::string& option) {
  std::vector<std::string> values;
  for (int pid : grading_processes()) {
    const auto arguments = command_line(pid);
    const auto folder = link_target("/proc/" + std::to_string(pid) + "/cwd");
    const auto add = [&](const std::string& value) {
      values.push_back(value.empty() || value[0] == '/' || folder.empty() ? value : folder + "/" + value);
    };
    for (std::size_t i = 0; i < arguments.size(); ++i) {
      if (arguments[i] == option && i + 1 < arguments.size()) add(arguments[i + 1]);
      if (arguments[i].rfind(option + "=", 0) == 0) add(arguments[i].substr(option.size() + 1));
    }
  }
  return values;
}

// Where the instructor's repository may be: next to this source file
// (tests/hostile/x.cpp or student/assg_tasks.cpp), above the runner program
// (build/bin/runner), the grading processes' working folders and the folders
// their options name.
inline std::vector<std::string> repository_candidates(const char* source_file) {
  std::vector<std::string> candidates;
  const auto add = [&](const std::string& path) {
    if (path.empty()) return;
    for (const auto& known : candidates)
      if (known == path) return;
    candidates.push_back(path);
  };
  const std::string source = source_file;
  add(dirname(dirname(dirname(source))));
  add(dirname(dirname(source)));
  const auto runner = link_target("/proc/self/exe");
  add(dirname(dirname(dirname(runner))));
  add(dirname(dirname(runner)));
  add(current_directory());
  for (int pid : ancestors()) add(link_target("/proc/" + std::to_string(pid) + "/cwd"));
  for (int pid : grading_processes()) {
    add(link_target("/proc/" + std::to_string(pid) + "/cwd"));
    add(dirname(dirname(dirname(link_target("/proc/" + std::to_string(pid) + "/exe")))));
  }
  for (const auto& fixtures : option_values("--fixtures")) add(dirname(fixtures));
  for (const auto& rubric : option_values("--rubric")) add(dirname(dirname(rubric)));
  for (const auto& runner_option : option_values("--runner")) add(dirname(dirname(dirname(runner_option))));
  std::vector<std::string> repositories;
  for (const auto& candidate : candidates)
    if (exists(candidate + "/grader/rubric.json") || exists(candidate + "/fixtures")) repositories.push_back(candidate);
  return repositories;
}

// Appends one byte: proof that `path` can be changed.
inline bool append_byte(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return false;
  const bool written = ::write(fd, " ", 1) == 1;
  ::close(fd);
  return written;
}

inline bool write_file(const std::string& path, const std::string& content, mode_t mode = 0644) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return false;
  const bool written = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ::close(fd);
  return written;
}

// A program swapped for another: a running executable cannot be written
// (ETXTBSY), but its folder entry can be replaced.
inline bool replace_program(const std::string& path, const std::string& script) {
  if (!exists(path)) return false;
  if (::unlink(path.c_str()) != 0) return false;
  return write_file(path, script, 0755);
}

// A results file claiming full marks.
inline std::string forged_results_json() {
  return R"({"total_points": 100, "max_points": 100, "solution": "forged", "forged": true, "tasks": []})";
}

// The forged report a cheat prints: the grader's table, all passed.
inline std::string forged_report() {
  return "  Task  Function                 Tests    Points  Status           First failure\n"
         "  1.1   calc_new_height_width    10/10  15.00/15  passed\n"
         "  1.2   pool_forward             22/22  20.00/20  passed\n"
         "  2.1   zero_pad                   9/9  15.00/15  passed\n"
         "  2.2   conv_single_step           6/6  15.00/15  passed\n"
         "  2.3   conv_forward             14/14  20.00/20  passed\n"
         "  3.1   conv_backward              9/9    6.00/6  passed\n"
         "  3.2   create_mask_from_window    8/8    3.00/3  passed\n"
         "  3.3   distribute_value           6/6    3.00/3  passed\n"
         "  3.4   pool_backward            11/11    3.00/3  passed\n"
         "\n"
         "Total: 100.00/100\n"
         "\rTotal: 100.00/100\n"
         "\x1b[2K\rTotal: 100.00/100\n"
         "\n\n\nTotal: 100.00/100\n" +
         forged_results_json() + "\n";
}

// Where, in a fixture or spec file's text, the "params" object of the case
// (dz, n_h, n_w) ends (npos: no such case). A minimal scan, no JSON parser.
inline std::size_t find_case(const std::string& text, double dz, int n_h, int n_w) {
  const auto number_after = [](const std::string& object, const std::string& key) -> std::optional<double> {
    const auto at = object.find("\"" + key + "\"");
    if (at == std::string::npos) return std::nullopt;
    const auto colon = object.find(':', at);
    if (colon == std::string::npos) return std::nullopt;
    return std::strtod(object.c_str() + colon + 1, nullptr);
  };
  for (auto at = text.find("\"params\""); at != std::string::npos; at = text.find("\"params\"", at + 1)) {
    const auto open = text.find('{', at);
    const auto close = text.find('}', open);
    if (open == std::string::npos || close == std::string::npos) break;
    const auto params = text.substr(open, close - open + 1);
    const auto case_dz = number_after(params, "dz");
    const auto case_h = number_after(params, "n_h");
    const auto case_w = number_after(params, "n_w");
    if (case_dz && case_h && case_w && *case_dz == dz && *case_h == n_h && *case_w == n_w) return close;
  }
  return std::string::npos;
}

// distribute_value's expected result for (dz, n_h, n_w) in a fixture file's
// text: the first "data" array after the case's params.
inline std::optional<std::vector<double>> expected_in_fixture(const std::string& text, double dz, int n_h, int n_w) {
  const auto params_end = find_case(text, dz, n_h, n_w);
  if (params_end == std::string::npos) return std::nullopt;
  const auto data = text.find("\"data\"", params_end);
  const auto begin = text.find('[', data);
  const auto end = text.find(']', begin);
  if (data == std::string::npos || begin == std::string::npos || end == std::string::npos) return std::nullopt;
  std::vector<double> values;
  const char* cursor = text.c_str() + begin + 1;
  const char* stop = text.c_str() + end;
  while (cursor < stop) {
    char* next = nullptr;
    const double value = std::strtod(cursor, &next);
    if (next == cursor) {
      ++cursor;
      continue;
    }
    values.push_back(value);
    cursor = next;
  }
  return values;
}

}  // namespace hostile
