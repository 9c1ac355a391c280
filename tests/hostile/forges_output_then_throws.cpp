// Hostile: distribute_value (task 3.3) prints a forged passing table, Total
// line and results JSON, then throws an exception whose message is the same
// forged report (so it lands in the failure message itself). Must: 3.3
// crashed with 0 points; no forged line appears unquoted in the grader's
// output; results.json is the grader's; every other task full marks.
#include <cstdio>
#include <stdexcept>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const auto forged = hostile::forged_report();
  std::fputs(forged.c_str(), stdout);
  std::fputs(forged.c_str(), stderr);
  throw std::runtime_error("\n" + forged);
}
