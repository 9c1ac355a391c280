// Hostile: distribute_value (task 3.3) calls exit(0) in the middle of the
// call, hoping an exit status of 0 passes for success. Must: every 3.3 case
// crashed, 0 points, "the program ended (exit status 0) before
// distribute_value returned"; every other task full marks.
#include <cstdlib>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) { std::exit(0); }
