// Hostile: distribute_value (task 3.3) calls abort(). Must: every 3.3 case
// crashed with SIGABRT named, 0 points; every other task full marks.
#include <cstdlib>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) { std::abort(); }
