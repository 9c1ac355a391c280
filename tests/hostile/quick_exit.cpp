// Hostile: distribute_value (task 3.3) calls std::quick_exit(0). Must: every
// 3.3 case crashed, 0 points, "exit status 0" before distribute_value
// returned; every other task full marks.
#include <cstdlib>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) { std::quick_exit(0); }
