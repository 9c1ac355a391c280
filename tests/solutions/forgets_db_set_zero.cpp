// student_style_full_marks.cpp with conv_backward's db never zeroed before
// it is summed into. db is tiny (one value per filter), so glibc hands it
// out from its per-thread cache (tcache), which MALLOC_PERTURB_ alone never
// fills with junk: the block often holds zeros left over, and this earned
// partial credit. Every case of task 3.1 must fail.
#define conv_backward correct_conv_backward
#include "student_style_full_marks.cpp"
#undef conv_backward

ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                            int pad) {
  ConvGradients grads = correct_conv_backward(dZ, A, W, b, stride, pad);
  // Recomputed without db.setZero(): db starts as whatever memory held.
  grads.db = Tensor4(b.dimensions());
  for (int s = 0; s < dZ.dimension(0); s++)
    for (int h = 0; h < dZ.dimension(1); h++)
      for (int w = 0; w < dZ.dimension(2); w++)
        for (int c = 0; c < dZ.dimension(3); c++) grads.db(0, 0, 0, c) += dZ(s, h, w, c);
  return grads;
}
