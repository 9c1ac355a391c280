// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

#include <algorithm>
#include <limits>

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  const int new_height = (height - kernel_size + 2 * pad) / stride + 1;
  const int new_width = (width - kernel_size + 2 * pad) / stride + 1;
  return {new_height, new_width};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  const Eigen::Index m = A.dimension(0), channels = A.dimension(3);
  const auto [new_height, new_width] =
      calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);

  Tensor4 result(m, new_height, new_width, channels);
  for (Eigen::Index n = 0; n < m; ++n) {
    for (Eigen::Index row = 0; row < new_height; ++row) {
      for (Eigen::Index col = 0; col < new_width; ++col) {
        for (Eigen::Index ch = 0; ch < channels; ++ch) {
          double acc = (mode == PoolMode::Max) ? -std::numeric_limits<double>::infinity() : 0.0;
          for (Eigen::Index i = row * stride; i < row * stride + kernel_size; ++i) {
            for (Eigen::Index j = col * stride; j < col * stride + kernel_size; ++j) {
              if (mode == PoolMode::Max)
                acc = std::max(acc, A(n, i, j, ch));
              else
                acc += A(n, i, j, ch);
            }
          }
          if (mode == PoolMode::Average) acc /= kernel_size * kernel_size;
          result(n, row, col, ch) = acc;
        }
      }
    }
  }
  return result;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  Tensor4 out(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad,
              X.dimension(3));
  out.setZero();
  for (Eigen::Index n = 0; n < X.dimension(0); ++n)
    for (Eigen::Index i = 0; i < X.dimension(1); ++i)
      for (Eigen::Index j = 0; j < X.dimension(2); ++j)
        for (Eigen::Index ch = 0; ch < X.dimension(3); ++ch)
          out(n, i + pad, j + pad, ch) = X(n, i, j, ch);
  return out;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  double z = b;
  for (Eigen::Index i = 0; i < slice.dimension(0); ++i)
    for (Eigen::Index j = 0; j < slice.dimension(1); ++j)
      for (Eigen::Index ch = 0; ch < slice.dimension(2); ++ch)
        z += slice(i, j, ch) * W(i, j, ch);
  return z;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const Eigen::Index m = A.dimension(0);
  const Eigen::Index f = W.dimension(0);
  const Eigen::Index in_channels = A.dimension(3);
  const Eigen::Index out_channels = W.dimension(3);
  const auto [new_height, new_width] =
      calc_new_height_width(A.dimension(1), A.dimension(2), f, stride, pad);

  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(m, new_height, new_width, out_channels);

  Tensor3 window(f, f, in_channels);
  Tensor3 kernel(f, f, in_channels);
  for (Eigen::Index n = 0; n < m; ++n)
    for (Eigen::Index row = 0; row < new_height; ++row)
      for (Eigen::Index col = 0; col < new_width; ++col)
        for (Eigen::Index oc = 0; oc < out_channels; ++oc) {
          for (Eigen::Index i = 0; i < f; ++i)
            for (Eigen::Index j = 0; j < f; ++j)
              for (Eigen::Index ic = 0; ic < in_channels; ++ic) {
                window(i, j, ic) = A_pad(n, row * stride + i, col * stride + j, ic);
                kernel(i, j, ic) = W(i, j, ic, oc);
              }
          Z(n, row, col, oc) = conv_single_step(window, kernel, b(0, 0, 0, oc));
        }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  const Eigen::Index m = A.dimension(0);
  const Eigen::Index f = W.dimension(0);
  const Eigen::Index in_channels = A.dimension(3);

  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimensions());
  dA_pad.setZero();

  ConvGradients g{Tensor4(A.dimensions()), Tensor4(W.dimensions()), Tensor4(b.dimensions())};
  g.dW.setZero();
  g.db.setZero();

  for (Eigen::Index n = 0; n < m; ++n)
    for (Eigen::Index row = 0; row < dZ.dimension(1); ++row)
      for (Eigen::Index col = 0; col < dZ.dimension(2); ++col)
        for (Eigen::Index oc = 0; oc < dZ.dimension(3); ++oc) {
          const double grad = dZ(n, row, col, oc);
          for (Eigen::Index i = 0; i < f; ++i)
            for (Eigen::Index j = 0; j < f; ++j)
              for (Eigen::Index ic = 0; ic < n_C_prev; ++ic) {
                dA_pad(n, row * stride + i, col * stride + j, ic) += W(i, j, ic, oc) * grad;
                g.dW(i, j, ic, oc) += A_pad(n, row * stride + i, col * stride + j, ic) * grad;
              }
          g.db(0, 0, 0, oc) += grad;
        }

  // remove the padding
  for (Eigen::Index n = 0; n < m; ++n)
    for (Eigen::Index i = 0; i < A.dimension(1); ++i)
      for (Eigen::Index j = 0; j < A.dimension(2); ++j)
        for (Eigen::Index ic = 0; ic < in_channels; ++ic)
          g.dA(n, i, j, ic) = dA_pad(n, i + pad, j + pad, ic);
  return g;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  double biggest = -std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < x.dimension(0); ++i)
    for (Eigen::Index j = 0; j < x.dimension(1); ++j) biggest = std::max(biggest, x(i, j));
  Mask2 mask(x.dimension(0), x.dimension(1));
  for (Eigen::Index i = 0; i < x.dimension(0); ++i)
    for (Eigen::Index j = 0; j < x.dimension(1); ++j) mask(i, j) = x(i, j) == biggest;
  return mask;
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  Tensor2 out(n_h, n_w);
  out.setConstant(dz / (n_h * n_w));
  return out;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  Tensor4 dA(A.dimensions());
  dA.setZero();
  Tensor2 window(kernel_size, kernel_size);
  for (Eigen::Index n = 0; n < dZ.dimension(0); ++n)
    for (Eigen::Index row = 0; row < dZ.dimension(1); ++row)
      for (Eigen::Index col = 0; col < dZ.dimension(2); ++col)
        for (Eigen::Index ch = 0; ch < dZ.dimension(3); ++ch) {
          const Eigen::Index top = row * stride, left = col * stride;
          if (mode == PoolMode::Max) {
            for (Eigen::Index i = 0; i < kernel_size; ++i)
              for (Eigen::Index j = 0; j < kernel_size; ++j) window(i, j) = A(n, top + i, left + j, ch);
            const Mask2 mask = create_mask_from_window(window);
            for (Eigen::Index i = 0; i < kernel_size; ++i)
              for (Eigen::Index j = 0; j < kernel_size; ++j)
                if (mask(i, j)) dA(n, top + i, left + j, ch) += dZ(n, row, col, ch);
          } else {
            const Tensor2 share = distribute_value(dZ(n, row, col, ch), kernel_size, kernel_size);
            for (Eigen::Index i = 0; i < kernel_size; ++i)
              for (Eigen::Index j = 0; j < kernel_size; ++j) dA(n, top + i, left + j, ch) += share(i, j);
          }
        }
  return dA;
}
