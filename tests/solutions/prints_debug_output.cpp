// Correct, but chatty: prints to stdout and stderr in every call, the way
// students debug. The grader must still read its answers and give full marks.
#include <cstdio>
#include <iostream>

#define calc_new_height_width reference_calc_new_height_width
#define conv_forward reference_conv_forward
#include "assg_tasks_reference.cpp"
#undef calc_new_height_width
#undef conv_forward

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  std::cout << "debug: calc_new_height_width(" << height << ", " << width << ")" << std::endl;
  std::printf("{\"total_points\": 100}\n");
  return reference_calc_new_height_width(height, width, kernel_size, stride, pad);
}

Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  std::cerr << "debug: A is " << A.dimension(0) << "x" << A.dimension(1) << "\n";
  for (int line = 0; line < 2000; ++line) std::cout << "a long debugging line number " << line << "\n";
  return reference_conv_forward(A, W, b, stride, pad);
}
