// student_style_full_marks.cpp whose distribute_value is right but slow: it
// first uses a second of CPU time, a third of the 3 s limit. On a machine
// busy enough that it gets a tenth of a core, that is ten seconds on the
// clock, past the old wall-clock backstop (twice the limit plus a second):
// it must still pass, since other load never times anyone out.
#define distribute_value correct_distribute_value
#include "student_style_full_marks.cpp"
#undef distribute_value

#include <ctime>

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const std::clock_t start = std::clock();  // this process's CPU time
  volatile double sink = 0;
  while (std::clock() - start < CLOCKS_PER_SEC) sink = sink + 1;
  return correct_distribute_value(dz, n_h, n_w);
}
