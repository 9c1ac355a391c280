// Task 1.1 mutant: rounds the output size up (ceil) instead of down (floor).
#define calc_new_height_width reference_calc_new_height_width
#include "assg_tasks_reference.cpp"
#undef calc_new_height_width

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  return {(height - kernel_size + 2 * pad + stride - 1) / stride + 1,
          (width - kernel_size + 2 * pad + stride - 1) / stride + 1};
}
