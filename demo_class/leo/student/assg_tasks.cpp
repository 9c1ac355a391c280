// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

#include <algorithm>

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  int new_height = (height - kernel_size + 2 * pad) / stride + 1;
  int new_width = (width - kernel_size + 2 * pad) / stride + 1;
  return {new_height, new_width};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  const auto [new_height, new_width] =
      calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  Tensor4 result(A.dimension(0), new_height, new_width, A.dimension(3));

  const Eigen::array<Eigen::Index, 4> extent{1, kernel_size, kernel_size, 1};
  for (Eigen::Index s = 0; s < A.dimension(0); ++s) {
    for (Eigen::Index h = 0; h < new_height; ++h) {
      for (Eigen::Index w = 0; w < new_width; ++w) {
        for (Eigen::Index c = 0; c < A.dimension(3); ++c) {
          const Eigen::array<Eigen::Index, 4> start{s, h * stride, w * stride, c};
          Eigen::Tensor<double, 0, Eigen::RowMajor> pooled;
          if (mode == PoolMode::Max) {
            pooled = A.slice(start, extent).maximum();
          } else {
            pooled = A.slice(start, extent).mean();
          }
          result(s, h, w, c) = pooled();
        }
      }
    }
  }
  return result;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  const Eigen::array<std::pair<Eigen::Index, Eigen::Index>, 4> paddings{
      std::make_pair(0, 0), std::make_pair(pad, pad), std::make_pair(pad, pad), std::make_pair(0, 0)};
  return X.pad(paddings);
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  const Eigen::Tensor<double, 0, Eigen::RowMajor> s = (slice * W).sum();
  return s() + b;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const Eigen::Index f = W.dimension(0);
  const Eigen::Index n_C_prev = A.dimension(3);
  const Eigen::Index n_C = W.dimension(3);
  const auto [new_height, new_width] =
      calc_new_height_width(A.dimension(1), A.dimension(2), f, stride, pad);

  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(A.dimension(0), new_height, new_width, n_C);

  const Eigen::array<Eigen::Index, 4> extent{1, f, f, n_C_prev};
  const Eigen::array<Eigen::Index, 3> window_shape{f, f, n_C_prev};
  for (Eigen::Index s = 0; s < A.dimension(0); ++s) {
    for (Eigen::Index h = 0; h < new_height; ++h) {
      for (Eigen::Index w = 0; w < new_width; ++w) {
        // window of the padded input for output (h, w)
        const Eigen::array<Eigen::Index, 4> start{s, h, w, 0};
        const Tensor3 a_slice = A_pad.slice(start, extent).reshape(window_shape);
        for (Eigen::Index c = 0; c < n_C; ++c) {
          const Tensor3 kernel = W.chip(c, 3);
          Z(s, h, w, c) = conv_single_step(a_slice, kernel, b(0, 0, 0, c));
        }
      }
    }
  }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  const Eigen::Index f = W.dimension(0);
  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimensions());
  dA_pad.setZero();

  ConvGradients grads;
  grads.dW = Tensor4(W.dimensions());
  grads.dW.setZero();
  grads.db = Tensor4(b.dimensions());
  grads.db.setZero();

  for (Eigen::Index s = 0; s < dZ.dimension(0); ++s) {
    for (Eigen::Index h = 0; h < dZ.dimension(1); ++h) {
      for (Eigen::Index w = 0; w < dZ.dimension(2); ++w) {
        for (Eigen::Index c = 0; c < dZ.dimension(3); ++c) {
          const double g = dZ(s, h, w, c);
          for (Eigen::Index i = 0; i < f; ++i) {
            for (Eigen::Index j = 0; j < f; ++j) {
              for (Eigen::Index k = 0; k < A.dimension(3); ++k) {
                dA_pad(s, h * stride + i, w * stride + j, k) += W(i, j, k, c) * g;
                grads.dW(i, j, k, c) += A_pad(s, h * stride + i, w * stride + j, k) * g;
              }
            }
          }
          grads.db(0, 0, 0, c) += g;
        }
      }
    }
  }

  const Eigen::array<Eigen::Index, 4> start{0, pad, pad, 0};
  grads.dA = dA_pad.slice(start, A.dimensions());
  return grads;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  const Eigen::Tensor<double, 0, Eigen::RowMajor> largest = x.maximum();
  return x == x.constant(largest());
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  Tensor2 result(n_h, n_w);
  result.setConstant(dz / static_cast<double>(n_h * n_w));
  return result;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  Tensor4 dA(A.dimensions());
  dA.setZero();
  const Eigen::array<Eigen::Index, 2> extent{kernel_size, kernel_size};
  for (Eigen::Index s = 0; s < dZ.dimension(0); ++s) {
    for (Eigen::Index h = 0; h < dZ.dimension(1); ++h) {
      for (Eigen::Index w = 0; w < dZ.dimension(2); ++w) {
        for (Eigen::Index c = 0; c < dZ.dimension(3); ++c) {
          const Eigen::array<Eigen::Index, 2> start{h * stride, w * stride};
          Tensor2 contribution;
          if (mode == PoolMode::Max) {
            const Tensor2 channel = A.chip(s, 0).chip(c, 2);
            const Tensor2 window = channel.slice(start, extent);
            const Mask2 mask = create_mask_from_window(window);
            contribution = mask.cast<double>() * dZ(s, h, w, c);
          } else {
            contribution = distribute_value(dZ(s, h, w, c), kernel_size, kernel_size);
          }
          for (Eigen::Index i = 0; i < kernel_size; ++i)
            for (Eigen::Index j = 0; j < kernel_size; ++j)
              dA(s, h * stride + i, w * stride + j, c) += contribution(i, j);
        }
      }
    }
  }
  return dA;
}
