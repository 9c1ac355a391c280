// Hostile: a static initializer prints a forged passing table, "Total:
// 100.00/100" and a forged results JSON on stdout and stderr before main
// runs; every function is the reference. Must: every graded task passed with
// full marks, and the only unquoted "Total:" line and table rows are the
// grader's; results.json is the grader's.
#include <cstdio>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) { return reference_distribute_value(dz, n_h, n_w); }

namespace {
[[maybe_unused]] const bool kForged = [] {
  const auto forged = hostile::forged_report();
  std::fputs(forged.c_str(), stdout);
  std::fputs(forged.c_str(), stderr);
  std::fflush(nullptr);
  return true;
}();
}  // namespace
