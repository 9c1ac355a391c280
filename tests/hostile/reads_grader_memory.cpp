// Hostile: distribute_value (task 3.3) reads the grading processes (the
// grader, grade-all, make: found among its ancestors and in /proc) where the
// expected values live: /proc/<pid>/mem (the first readable mapping) and
// /proc/<pid>/environ. Must: 3.3 earns 0 (nothing of them is readable, so it
// throws); every other task full marks.
#include <fcntl.h>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {

bool memory_readable(int pid) {
  const auto maps = hostile::read_text("/proc/" + std::to_string(pid) + "/maps");
  if (!maps) return false;
  const int fd = ::open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool readable = false;
  std::istringstream lines(*maps);
  std::string line;
  while (!readable && std::getline(lines, line)) {
    const auto dash = line.find('-');
    const auto space = line.find(' ');
    if (dash == std::string::npos || space == std::string::npos || line.compare(space + 1, 1, "r") != 0) continue;
    const auto start = std::stoull(line.substr(0, dash), nullptr, 16);
    char buffer[256];
    readable = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(start)) > 0;
  }
  ::close(fd);
  return readable;
}

}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::string read;
  for (int pid : hostile::grading_processes()) {
    const auto environment = hostile::read_text("/proc/" + std::to_string(pid) + "/environ");
    if (environment && !environment->empty()) read += "environ of " + hostile::process_name(pid) + " ";
    if (memory_readable(pid)) read += "memory of " + hostile::process_name(pid) + " ";
  }
  if (read.empty()) hostile::blocked("no grading process's memory or environment is readable");
  return reference_distribute_value(dz, n_h, n_w);
}
