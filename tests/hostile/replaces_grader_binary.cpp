// Hostile: distribute_value (task 3.3) swaps the grading programs for a
// script printing "Total: 100.00/100": dirname(/proc/self/exe)/grader and
// grade-all, the programs of the grading processes it can see
// (/proc/<pid>/exe) and build/bin/grader of every repository it can find. A
// running program cannot be written (ETXTBSY), so it also unlinks it and
// creates a new file in its place. Must: 3.3 earns 0 (blocked, so it
// throws); every grading program byte-identical afterwards; every other task
// full marks.
#include <fcntl.h>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const auto bin = hostile::dirname(hostile::link_target("/proc/self/exe"));
  std::vector<std::string> programs{bin + "/grader", bin + "/grade-all"};
  for (int pid : hostile::grading_processes()) {
    const auto program = hostile::link_target("/proc/" + std::to_string(pid) + "/exe");
    if (hostile::basename(program) == "grader" || hostile::basename(program) == "grade-all")
      programs.push_back(program);
  }
  for (const auto& repository : hostile::repository_candidates(__FILE__))
    programs.push_back(repository + "/build/bin/grader");
  const std::string fake = "#!/bin/sh\necho 'Total: 100.00/100'\nexit 0\n";
  std::string replaced;
  for (const auto& program : programs) {
    const int fd = ::open(program.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::close(fd);
      replaced += "(writable) ";
    }
    if (hostile::replace_program(program, fake)) replaced += program + " ";
  }
  if (replaced.empty())
    hostile::blocked("no grading program could be replaced (tried " + std::to_string(programs.size()) + ")");
  return reference_distribute_value(dz, n_h, n_w);
}
