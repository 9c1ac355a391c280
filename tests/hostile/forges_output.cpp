// Hostile: distribute_value (task 3.3) returns a wrong answer but prints, on
// stdout and stderr, the grader's table with every task passed, "Total:
// 100.00/100" (plain, after a carriage return, after an erase-line escape,
// after blank lines) and a results JSON claiming 100. Must: 3.3 failed with
// 0 points; the printed "Total:" line and table rows are the grader's alone
// (student output only ever shown quoted, behind "|", without control
// characters); results.json is the grader's; every other task full marks.
#include <cstdio>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const auto forged = hostile::forged_report();
  std::fputs(forged.c_str(), stdout);
  std::fputs(forged.c_str(), stderr);
  std::fflush(nullptr);
  Tensor2 wrong(n_h, n_w);
  wrong.setConstant(-1.0);
  return wrong;
}
