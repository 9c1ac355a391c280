// Task 2.1 mutant: pads the channel axis as well as height and width.
#define zero_pad reference_zero_pad
#include "assg_tasks_reference.cpp"
#undef zero_pad

Tensor4 zero_pad(const Tensor4& X, int pad) {
  Tensor4 padded(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad, X.dimension(3) + 2 * pad);
  padded.setZero();
  for (Eigen::Index s = 0; s < X.dimension(0); ++s)
    for (Eigen::Index h = 0; h < X.dimension(1); ++h)
      for (Eigen::Index w = 0; w < X.dimension(2); ++w)
        for (Eigen::Index c = 0; c < X.dimension(3); ++c) padded(s, h + pad, w + pad, c + pad) = X(s, h, w, c);
  return padded;
}
