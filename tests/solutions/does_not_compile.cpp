// A syntax error, as on any student's first attempt.
#include "assg_tasks.hpp"

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  return {(height - kernel_size + 2 * pad) / stride + 1, (width - kernel_size + 2 * pad) / stride + 1}
}
