// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

#include <algorithm>
#include <vector>

// ----- helpers --------------------------------------------------------------

// The kernel_size x kernel_size window of sample s (all channels) with its
// top-left corner at (top, left).
Tensor3 window_at(const Tensor4& A_pad, int s, int top, int left, int kernel_size) {
  Eigen::array<Eigen::Index, 4> offsets{s, top, left, 0};
  Eigen::array<Eigen::Index, 4> extents{1, kernel_size, kernel_size, A_pad.dimension(3)};
  Eigen::array<Eigen::Index, 3> shape{kernel_size, kernel_size, A_pad.dimension(3)};
  return A_pad.slice(offsets, extents).reshape(shape);
}

// One channel of one sample's pooling window, as a 2-D tensor.
static Tensor2 pool_window(const Tensor4& A, int s, int top, int left, int c, int kernel_size) {
  Tensor2 win(kernel_size, kernel_size);
  for (int i = 0; i < kernel_size; ++i)
    for (int j = 0; j < kernel_size; ++j) win(i, j) = A(s, top + i, left + j, c);
  return win;
}

// ----- tasks ----------------------------------------------------------------

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  return {(height - kernel_size + 2 * pad) / stride + 1,
          (width - kernel_size + 2 * pad) / stride + 1};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  auto [H, Wd] = calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  Tensor4 Z(A.dimension(0), H, Wd, A.dimension(3));
  for (int s = 0; s < A.dimension(0); ++s)
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < Wd; ++w)
        for (int c = 0; c < A.dimension(3); ++c) {
          Tensor2 win = pool_window(A, s, h * stride, w * stride, c, kernel_size);
          Eigen::Tensor<double, 0, Eigen::RowMajor> v;
          if (mode == PoolMode::Max)
            v = win.maximum();
          else
            v = win.mean();
          Z(s, h, w, c) = v();
        }
  return Z;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  Tensor4 out(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad, X.dimension(3));
  out.setZero();
  Eigen::array<Eigen::Index, 4> offsets{0, pad, pad, 0};
  out.slice(offsets, X.dimensions()) = X;
  return out;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  Eigen::Tensor<double, 0, Eigen::RowMajor> total = (slice * W).sum();
  return total() + b;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const int f = W.dimension(0);
  auto [H, Wd] = calc_new_height_width(A.dimension(1), A.dimension(2), f, stride, pad);
  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(A.dimension(0), H, Wd, W.dimension(3));

  std::vector<Tensor3> kernels;
  for (int c = 0; c < W.dimension(3); ++c) kernels.push_back(W.chip(c, 3));

  for (int s = 0; s < A.dimension(0); ++s)
    for (int h = 0; h < H; ++h)
      for (int w = 0; w < Wd; ++w) {
        Tensor3 win = window_at(A_pad, s, h * stride, w * stride, f);
        for (int c = 0; c < W.dimension(3); ++c)
          Z(s, h, w, c) = conv_single_step(win, kernels[c], b(0, 0, 0, c));
      }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  const int f = W.dimension(0);
  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimensions());
  dA_pad.setZero();

  ConvGradients g;
  g.dW = Tensor4(W.dimensions());
  g.dW.setZero();
  g.db = Tensor4(b.dimensions());
  g.db.setZero();

  for (int s = 0; s < dZ.dimension(0); ++s)
    for (int h = 0; h < dZ.dimension(1); ++h)
      for (int w = 0; w < dZ.dimension(2); ++w) {
        Tensor3 win = window_at(A_pad, s, h * stride, w * stride, f);
        for (int c = 0; c < dZ.dimension(3); ++c) {
          const double d = dZ(s, h, w, c);
          for (int i = 0; i < f; ++i)
            for (int j = 0; j < f; ++j)
              for (int k = 0; k < A.dimension(3); ++k) {
                dA_pad(s, h * stride + i, w * stride + j, k) += W(i, j, k, c) * d;
                g.dW(i, j, k, c) += win(i, j, k) * d;
              }
          g.db(0, 0, 0, c) += d;
        }
      }

  Eigen::array<Eigen::Index, 4> offsets{0, pad, pad, 0};
  g.dA = dA_pad.slice(offsets, A.dimensions());
  return g;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  Eigen::Tensor<double, 0, Eigen::RowMajor> mx = x.maximum();
  Mask2 mask = (x == x.constant(mx()));
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
  for (int s = 0; s < dZ.dimension(0); ++s)
    for (int h = 0; h < dZ.dimension(1); ++h)
      for (int w = 0; w < dZ.dimension(2); ++w)
        for (int c = 0; c < dZ.dimension(3); ++c) {
          const int top = h * stride, left = w * stride;
          Tensor2 share;
          if (mode == PoolMode::Max) {
            Mask2 mask = create_mask_from_window(pool_window(A, s, top, left, c, kernel_size));
            share = mask.cast<double>() * mask.cast<double>().constant(dZ(s, h, w, c));
          } else {
            share = distribute_value(dZ(s, h, w, c), kernel_size, kernel_size);
          }
          for (int i = 0; i < kernel_size; ++i)
            for (int j = 0; j < kernel_size; ++j) dA(s, top + i, left + j, c) += share(i, j);
        }
  return dA;
}
