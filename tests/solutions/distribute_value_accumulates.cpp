// student_style_full_marks.cpp with distribute_value adding its share into
// a tensor it never zeroed. A window is a few doubles: glibc's per-thread
// cache (tcache) hands such blocks back without MALLOC_PERTURB_'s junk, so
// this often read as zeros and passed. Every case of task 3.3 must fail.
#define distribute_value correct_distribute_value
#include "student_style_full_marks.cpp"
#undef distribute_value

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  Tensor2 a(n_h, n_w);  // no setZero()
  for (int i = 0; i < n_h; i++)
    for (int j = 0; j < n_w; j++) a(i, j) += dz / (n_h * n_w);
  return a;
}
