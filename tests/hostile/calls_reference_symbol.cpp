// Hostile: distribute_value (task 3.3) calls the instructor's reference
// through the name the grader's own copy has, declaring it itself:
// assg::reference::distribute_value. Must: never succeed: the file fails to
// link (every task compile_error, 0 points) or is refused.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

namespace assg::reference {
Tensor2 distribute_value(double dz, int n_h, int n_w);
}  // namespace assg::reference

Tensor2 distribute_value(double dz, int n_h, int n_w) { return assg::reference::distribute_value(dz, n_h, n_w); }
