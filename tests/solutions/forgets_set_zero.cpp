// student_style_full_marks.cpp with zero_pad's result never zeroed. A new
// process's first allocations are usually zero pages, so this passes by luck
// unless the runner fills new memory with junk: task 2.1 must fail, with the
// uninitialised-memory hint.
#define zero_pad correct_zero_pad
#include "student_style_full_marks.cpp"
#undef zero_pad

Tensor4 zero_pad(const Tensor4& X, int pad) {
  // Forgot padded.setZero(): the border is whatever memory held.
  Tensor4 padded(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad, X.dimension(3));
  for (int s = 0; s < X.dimension(0); s++)
    for (int h = 0; h < X.dimension(1); h++)
      for (int w = 0; w < X.dimension(2); w++)
        for (int c = 0; c < X.dimension(3); c++) padded(s, h + pad, w + pad, c) = X(s, h, w, c);
  return padded;
}
