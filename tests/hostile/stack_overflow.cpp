// Hostile: distribute_value (task 3.3) recurses without end, 4 KiB of stack
// per call. Must: 3.3 crashed, 0 points, the message names a stack overflow
// (or SIGSEGV); every other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value

namespace {

__attribute__((noinline)) long deeper(long depth) {
  volatile char frame[4096];
  frame[depth % 4096] = static_cast<char>(depth);
  if (depth < 0) return 0;  // never: keeps the recursion from being an endless one the compiler may remove
  return deeper(depth + 1) + frame[(depth * 7) % 4096];
}

}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const long depth = deeper(1);
  Tensor2 result = reference_distribute_value(dz, n_h, n_w);
  result(0, 0) += static_cast<double>(depth);
  return result;
}
