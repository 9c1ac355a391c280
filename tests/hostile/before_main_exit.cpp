// Hostile: a static initializer calls exit(0) before main runs, so no task's
// function is ever called. Must: every graded task crashed, 0 points, with
// "exit status 0" in the message.
#include <cstdlib>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) { return reference_distribute_value(dz, n_h, n_w); }

namespace {
[[maybe_unused]] const int kNeverReturns = (std::exit(0), 0);
}  // namespace
