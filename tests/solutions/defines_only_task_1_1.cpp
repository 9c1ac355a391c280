// Task 1.1 done; every other stub deleted, and conv_forward misspelled.
// It must still link (the runner's fallback definitions stand in) and earn
// task 1.1's points, with the others "not defined in your file".
#include "assg_tasks.hpp"

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  return {(height - kernel_size + 2 * pad) / stride + 1, (width - kernel_size + 2 * pad) / stride + 1};
}

Tensor4 conv_foward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) { return A; }
