// Correct everywhere, except that calc_new_height_width scribbles on the
// runner's reply pipe (fd 3): the grader must call that reply unreadable,
// fail task 1.1 only, and carry on.
#include <unistd.h>

#define calc_new_height_width reference_calc_new_height_width
#include "assg_tasks_reference.cpp"
#undef calc_new_height_width

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  static const char junk[] = "garbage";
  [[maybe_unused]] const auto written = ::write(3, junk, sizeof junk - 1);
  return reference_calc_new_height_width(height, width, kernel_size, stride, pad);
}
