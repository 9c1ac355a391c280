// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  // int division = floor (for positive numbers)
  return std::make_pair((height + 2 * pad - kernel_size) / stride + 1,
                        (width + 2 * pad - kernel_size) / stride + 1);
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  auto dims = calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  int out_h = dims.first, out_w = dims.second;
  Tensor4 out(A.dimension(0), out_h, out_w, A.dimension(3));

  Eigen::array<Eigen::Index, 2> win_size = {kernel_size, kernel_size};
  for (int s = 0; s < A.dimension(0); ++s) {
    for (int c = 0; c < A.dimension(3); ++c) {
      // one (height, width) image: A[s, :, :, c]
      Tensor2 img = A.chip(s, 0).chip(c, 2);
      for (int h = 0; h < out_h; ++h) {
        for (int w = 0; w < out_w; ++w) {
          Eigen::array<Eigen::Index, 2> start = {h * stride, w * stride};
          Tensor2 win = img.slice(start, win_size);
          Eigen::Tensor<double, 0, Eigen::RowMajor> r;
          if (mode == PoolMode::Max)
            r = win.maximum();
          else
            r = win.mean();
          out(s, h, w, c) = r();
        }
      }
    }
  }
  return out;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  // same as np.pad(X, ((0,0), (pad,pad), (pad,pad), (0,0)))
  Eigen::array<std::pair<int, int>, 4> paddings;
  paddings[0] = std::make_pair(0, 0);
  paddings[1] = std::make_pair(pad, pad);
  paddings[2] = std::make_pair(pad, pad);
  paddings[3] = std::make_pair(0, 0);
  Tensor4 padded = X.pad(paddings);
  return padded;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  Eigen::Tensor<double, 0, Eigen::RowMajor> s = (slice * W).sum();
  return s() + b;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const int m = A.dimension(0);
  const int f = W.dimension(0);
  const int n_c = W.dimension(3);
  auto [out_h, out_w] = calc_new_height_width(A.dimension(1), A.dimension(2), f, stride, pad);

  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(m, out_h, out_w, n_c);

  Eigen::array<Eigen::Index, 3> win_size = {f, f, A.dimension(3)};
  for (int i = 0; i < m; ++i) {
    Tensor3 a = A_pad.chip(i, 0);
    for (int h = 0; h < out_h; ++h) {
      for (int w = 0; w < out_w; ++w) {
        Eigen::array<Eigen::Index, 3> start = {h * stride, w * stride, 0};
        Tensor3 a_slice = a.slice(start, win_size);
        for (int c = 0; c < n_c; ++c) {
          Tensor3 kernel = W.chip(c, 3);
          Z(i, h, w, c) = conv_single_step(a_slice, kernel, b(0, 0, 0, c));
        }
      }
    }
  }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  throw NotImplemented("conv_backward");
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  throw NotImplemented("create_mask_from_window");
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  throw NotImplemented("distribute_value");
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  throw NotImplemented("pool_backward");
}
