// student_style_full_marks.cpp with conv_backward's dW never zeroed before
// it is summed into: small for the course's cases, so it comes from glibc's
// per-thread cache (tcache), where MALLOC_PERTURB_ alone leaves old bytes.
// Every case of task 3.1 must fail.
#define conv_backward correct_conv_backward
#include "student_style_full_marks.cpp"
#undef conv_backward

ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                            int pad) {
  ConvGradients grads = correct_conv_backward(dZ, A, W, b, stride, pad);
  const int kernel_size = static_cast<int>(W.dimension(0));
  Tensor4 A_pad = zero_pad(A, pad);
  // Recomputed without dW.setZero(): dW starts as whatever memory held.
  grads.dW = Tensor4(W.dimensions());
  for (int s = 0; s < dZ.dimension(0); s++)
    for (int h = 0; h < dZ.dimension(1); h++)
      for (int w = 0; w < dZ.dimension(2); w++)
        for (int c = 0; c < dZ.dimension(3); c++)
          for (int i = 0; i < kernel_size; i++)
            for (int j = 0; j < kernel_size; j++)
              for (int k = 0; k < A.dimension(3); k++)
                grads.dW(i, j, k, c) += A_pad(s, h * stride + i, w * stride + j, k) * dZ(s, h, w, c);
  return grads;
}
