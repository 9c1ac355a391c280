// student_style_full_marks.cpp with zero_pad's result never zeroed. A new
// process's first allocations are usually zero pages, so this passes by luck
// unless the runner fills new memory with junk: task 2.1 must fail, with the
// uninitialised-memory hint.
#include "assg_tasks.hpp"

#include <algorithm>
#include <stdexcept>

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  int new_height = (height - kernel_size + 2 * pad) / stride + 1;
  int new_width = (width - kernel_size + 2 * pad) / stride + 1;
  return {new_height, new_width};
}

Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  auto [new_height, new_width] = calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  Tensor4 Z(A.dimension(0), new_height, new_width, A.dimension(3));
  for (int s = 0; s < A.dimension(0); s++) {
    for (int h = 0; h < new_height; h++) {
      for (int w = 0; w < new_width; w++) {
        for (int c = 0; c < A.dimension(3); c++) {
          double best = A(s, h * stride, w * stride, c);
          double total = 0;
          for (int i = 0; i < kernel_size; i++) {
            for (int j = 0; j < kernel_size; j++) {
              double value = A(s, h * stride + i, w * stride + j, c);
              best = std::max(best, value);
              total += value;
            }
          }
          Z(s, h, w, c) = mode == PoolMode::Max ? best : total / (kernel_size * kernel_size);
        }
      }
    }
  }
  return Z;
}

Tensor4 zero_pad(const Tensor4& X, int pad) {
  // Forgot padded.setZero(): the border is whatever memory held.
  Tensor4 padded(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad, X.dimension(3));
  for (int s = 0; s < X.dimension(0); s++)
    for (int h = 0; h < X.dimension(1); h++)
      for (int w = 0; w < X.dimension(2); w++)
        for (int c = 0; c < X.dimension(3); c++) padded(s, h + pad, w + pad, c) = X(s, h, w, c);
  return padded;
}

double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  Eigen::Tensor<double, 0, Eigen::RowMajor> total = (slice * W).sum();
  return total() + b;
}

Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  int kernel_size = W.dimension(0);
  int channels = W.dimension(3);
  auto [new_height, new_width] = calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, pad);
  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(A.dimension(0), new_height, new_width, channels);
  for (int s = 0; s < A.dimension(0); s++) {
    Tensor3 sample = A_pad.chip(s, 0);
    for (int h = 0; h < new_height; h++) {
      for (int w = 0; w < new_width; w++) {
        Eigen::array<Eigen::Index, 3> start{h * stride, w * stride, 0};
        Eigen::array<Eigen::Index, 3> size{kernel_size, kernel_size, A.dimension(3)};
        Tensor3 window = sample.slice(start, size);
        for (int c = 0; c < channels; c++) {
          Tensor3 kernel = W.chip(c, 3);
          Z(s, h, w, c) = conv_single_step(window, kernel, b(0, 0, 0, c));
        }
      }
    }
  }
  return Z;
}

ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                            int pad) {
  int kernel_size = W.dimension(0);
  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimensions());
  dA_pad.setZero();
  ConvGradients grads;
  grads.dW = Tensor4(W.dimensions());
  grads.dW.setZero();
  grads.db = Tensor4(b.dimensions());
  grads.db.setZero();
  for (int s = 0; s < dZ.dimension(0); s++)
    for (int h = 0; h < dZ.dimension(1); h++)
      for (int w = 0; w < dZ.dimension(2); w++)
        for (int c = 0; c < dZ.dimension(3); c++) {
          double g = dZ(s, h, w, c);
          for (int i = 0; i < kernel_size; i++)
            for (int j = 0; j < kernel_size; j++)
              for (int k = 0; k < A.dimension(3); k++) {
                dA_pad(s, h * stride + i, w * stride + j, k) += W(i, j, k, c) * g;
                grads.dW(i, j, k, c) += A_pad(s, h * stride + i, w * stride + j, k) * g;
              }
          grads.db(0, 0, 0, c) += g;
        }
  Eigen::array<Eigen::Index, 4> start{0, pad, pad, 0};
  Eigen::array<Eigen::Index, 4> size{A.dimension(0), A.dimension(1), A.dimension(2), A.dimension(3)};
  grads.dA = dA_pad.slice(start, size);
  return grads;
}

Mask2 create_mask_from_window(const Tensor2& x) {
  Eigen::Tensor<double, 0, Eigen::RowMajor> largest = x.maximum();
  Mask2 mask = x == x.constant(largest());
  return mask;
}

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  Tensor2 a(n_h, n_w);
  a.setConstant(dz / (n_h * n_w));
  return a;
}

Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  Tensor4 dA(A.dimensions());
  dA.setZero();
  for (int s = 0; s < dZ.dimension(0); s++)
    for (int h = 0; h < dZ.dimension(1); h++)
      for (int w = 0; w < dZ.dimension(2); w++)
        for (int c = 0; c < dZ.dimension(3); c++) {
          Tensor2 window(kernel_size, kernel_size);
          for (int i = 0; i < kernel_size; i++)
            for (int j = 0; j < kernel_size; j++) window(i, j) = A(s, h * stride + i, w * stride + j, c);
          Mask2 mask = create_mask_from_window(window);
          Tensor2 shares = distribute_value(dZ(s, h, w, c), kernel_size, kernel_size);
          for (int i = 0; i < kernel_size; i++)
            for (int j = 0; j < kernel_size; j++)
              dA(s, h * stride + i, w * stride + j, c) +=
                  mode == PoolMode::Max ? (mask(i, j) ? dZ(s, h, w, c) : 0.0) : shares(i, j);
        }
  return dA;
}
