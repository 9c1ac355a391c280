// Hostile: distribute_value (task 3.3) prints without end, on stdout and
// stderr. Must: 3.3 earns 0 (timed_out, or crashed if the harness stops the
// flood); the grader's output and results.json stay small (the flood is
// capped); every other task full marks.
#include <cstdio>
#include <string>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const std::string line(200, 'x');
  for (unsigned long i = 0;; ++i) {
    std::fprintf(stdout, "flood %lu %s\n", i, line.c_str());
    std::fprintf(stderr, "flood %lu %s\n", i, line.c_str());
  }
}
