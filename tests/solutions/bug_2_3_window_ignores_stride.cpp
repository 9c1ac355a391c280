// Task 2.3 mutant: sizes the output with the stride but slides the window
// one cell at a time (window start h instead of h * stride).
#define conv_forward reference_conv_forward
#include "assg_tasks_reference.cpp"
#undef conv_forward

Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const auto k = W.dimension(0);
  const auto [new_height, new_width] = calc_new_height_width(
      static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)), static_cast<int>(k), stride, pad);
  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(A.dimension(0), new_height, new_width, W.dimension(3));
  Tensor3 window(k, k, A.dimension(3)), kernel(k, k, A.dimension(3));
  for (Eigen::Index s = 0; s < A.dimension(0); ++s)
    for (Eigen::Index h = 0; h < new_height; ++h)
      for (Eigen::Index w = 0; w < new_width; ++w)
        for (Eigen::Index c = 0; c < W.dimension(3); ++c) {
          for (Eigen::Index i = 0; i < k; ++i)
            for (Eigen::Index j = 0; j < k; ++j)
              for (Eigen::Index q = 0; q < A.dimension(3); ++q) {
                window(i, j, q) = A_pad(s, h + i, w + j, q);
                kernel(i, j, q) = W(i, j, q, c);
              }
          Z(s, h, w, c) = conv_single_step(window, kernel, b(0, 0, 0, c));
        }
  return Z;
}
