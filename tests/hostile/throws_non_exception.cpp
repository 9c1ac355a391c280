// Hostile: distribute_value (task 3.3) throws an object that is not a
// std::exception. Must: 3.3 crashed, 0 points, the message says what was
// thrown; every other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

struct NotAStdException {
  int code;
};

Tensor2 distribute_value(double dz, int n_h, int n_w) { throw NotAStdException{42}; }
