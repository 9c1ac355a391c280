// Reference solution: the instructor's implementation of student/assg_tasks.hpp.
//
// It is written the way the course asks students to write theirs (explicit
// loops over samples, rows, columns and channels) and is graded by the same
// grader (`make test SOLUTION=reference`). Where NumPy's order of floating
// point additions differs from a plain loop, it follows NumPy's, so that the
// golden values it produces equal the numbers printed in the course notebook.
// Bad arguments throw std::invalid_argument naming the problem, which is what
// an instructor sees when a fixture spec asks for an impossible case.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "assg_tasks.hpp"
#include "numpy_summation.hpp"

namespace {

using Index = Eigen::Index;

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

// Window geometry shared by every sliding-window task.
void require_window(int kernel_size, int stride, int pad) {
  require(kernel_size >= 1, "kernel_size must be at least 1, got " + std::to_string(kernel_size));
  require(stride >= 1, "stride must be at least 1, got " + std::to_string(stride));
  require(pad >= 0, "pad must not be negative, got " + std::to_string(pad));
}

// Output size along one axis, or an error if the window does not fit once.
int sliding_output_size(int input, int kernel_size, int stride, int pad, const char* axis) {
  const int span = input - kernel_size + 2 * pad;
  require(span >= 0, std::string("the kernel (") + std::to_string(kernel_size) + ") is larger than the " +
                         (pad > 0 ? "padded " : "") + axis + " (" + std::to_string(input + 2 * pad) + ")");
  return span / stride + 1;  // span >= 0, so integer division is the floor
}

}  // namespace

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  require_window(kernel_size, stride, pad);
  return {sliding_output_size(height, kernel_size, stride, pad, "height"),
          sliding_output_size(width, kernel_size, stride, pad, "width")};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  const auto m = A.dimension(0), channels = A.dimension(3);
  const auto [new_height, new_width] = calc_new_height_width(
      static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)), kernel_size, stride, 0);

  Tensor4 Z(m, new_height, new_width, channels);
  std::vector<double> window(static_cast<std::size_t>(kernel_size * kernel_size));
  for (Index s = 0; s < m; ++s) {
    for (Index h = 0; h < new_height; ++h) {
      const Index row_start = h * stride;
      for (Index w = 0; w < new_width; ++w) {
        const Index col_start = w * stride;
        for (Index c = 0; c < channels; ++c) {
          if (mode == PoolMode::Max) {
            double largest = A(s, row_start, col_start, c);
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                largest = std::max(largest, A(s, row_start + i, col_start + j, c));
            Z(s, h, w, c) = largest;
          } else {
            // np.mean of the window: NumPy copies the strided window into a
            // contiguous buffer (row-major) and sums that.
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                window[static_cast<std::size_t>(i * kernel_size + j)] = A(s, row_start + i, col_start + j, c);
            Z(s, h, w, c) = assg::numpy_order::sum(window.data(), kernel_size * kernel_size) /
                            static_cast<double>(kernel_size * kernel_size);
          }
        }
      }
    }
  }
  return Z;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  require(pad >= 0, "pad must not be negative, got " + std::to_string(pad));
  const auto m = X.dimension(0), height = X.dimension(1), width = X.dimension(2),
             channels = X.dimension(3);
  Tensor4 padded(m, height + 2 * pad, width + 2 * pad, channels);
  padded.setZero();
  for (Index s = 0; s < m; ++s)
    for (Index h = 0; h < height; ++h)
      for (Index w = 0; w < width; ++w)
        for (Index c = 0; c < channels; ++c) padded(s, h + pad, w + pad, c) = X(s, h, w, c);
  return padded;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  require(slice.dimensions() == W.dimensions(),
          "conv_single_step: slice and W must have the same shape");
  // np.sum(slice * W) + b: the element-wise products of the two row-major
  // volumes, summed in NumPy's order, plus the bias.
  return assg::numpy_order::sum_of_products(slice.data(), W.data(), slice.size()) + b;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const auto m = A.dimension(0), channels_prev = A.dimension(3);
  const auto kernel_size = W.dimension(0), channels = W.dimension(3);
  require(W.dimension(1) == kernel_size, "conv_forward: W must be square in its first two axes");
  require(W.dimension(2) == channels_prev,
          "conv_forward: W.shape[2] must equal the channels of A (" +
              std::to_string(channels_prev) + "), got " + std::to_string(W.dimension(2)));
  require(b.dimension(0) == 1 && b.dimension(1) == 1 && b.dimension(2) == 1 &&
              b.dimension(3) == channels,
          "conv_forward: b must have shape (1, 1, 1, " + std::to_string(channels) + ")");
  const auto [new_height, new_width] =
      calc_new_height_width(static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)),
                            static_cast<int>(kernel_size), stride, pad);

  // W(:, :, :, c) for every output channel, sliced once rather than per window.
  std::vector<Tensor3> kernels(static_cast<std::size_t>(channels),
                               Tensor3(kernel_size, kernel_size, channels_prev));
  for (Index c = 0; c < channels; ++c)
    for (Index i = 0; i < kernel_size; ++i)
      for (Index j = 0; j < kernel_size; ++j)
        for (Index k = 0; k < channels_prev; ++k) kernels[static_cast<std::size_t>(c)](i, j, k) = W(i, j, k, c);

  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(m, new_height, new_width, channels);
  Tensor3 window(kernel_size, kernel_size, channels_prev);
  for (Index s = 0; s < m; ++s) {
    for (Index h = 0; h < new_height; ++h) {
      const Index row_start = h * stride;
      for (Index w = 0; w < new_width; ++w) {
        const Index col_start = w * stride;
        for (Index i = 0; i < kernel_size; ++i)
          for (Index j = 0; j < kernel_size; ++j)
            for (Index k = 0; k < channels_prev; ++k)
              window(i, j, k) = A_pad(s, row_start + i, col_start + j, k);
        for (Index c = 0; c < channels; ++c)
          Z(s, h, w, c) = conv_single_step(window, kernels[static_cast<std::size_t>(c)], b(0, 0, 0, c));
      }
    }
  }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  const auto m = A.dimension(0), channels_prev = A.dimension(3);
  const auto kernel_size = W.dimension(0), channels = W.dimension(3);
  require(W.dimension(2) == channels_prev, "conv_backward: W.shape[2] must equal A.shape[3]");
  require(b.dimension(3) == channels, "conv_backward: b.shape[3] must equal W.shape[3]");
  const auto [new_height, new_width] =
      calc_new_height_width(static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)),
                            static_cast<int>(kernel_size), stride, pad);
  require(dZ.dimension(0) == m && dZ.dimension(1) == new_height && dZ.dimension(2) == new_width &&
              dZ.dimension(3) == channels,
          "conv_backward: dZ must have the shape of conv_forward's output");

  const Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimensions());
  dA_pad.setZero();
  ConvGradients grads;
  grads.dW = Tensor4(W.dimensions());
  grads.dW.setZero();
  grads.db = Tensor4(b.dimensions());
  grads.db.setZero();

  for (Index s = 0; s < m; ++s) {
    for (Index h = 0; h < new_height; ++h) {
      for (Index w = 0; w < new_width; ++w) {
        for (Index c = 0; c < channels; ++c) {
          const Index row_start = h * stride, col_start = w * stride;
          const double g = dZ(s, h, w, c);
          for (Index i = 0; i < kernel_size; ++i) {
            for (Index j = 0; j < kernel_size; ++j) {
              for (Index k = 0; k < channels_prev; ++k) {
                dA_pad(s, row_start + i, col_start + j, k) += W(i, j, k, c) * g;
                grads.dW(i, j, k, c) += A_pad(s, row_start + i, col_start + j, k) * g;
              }
            }
          }
          grads.db(0, 0, 0, c) += g;
        }
      }
    }
  }

  // Crop the padding off again (written out so that pad = 0 works too).
  grads.dA = Tensor4(A.dimensions());
  for (Index s = 0; s < m; ++s)
    for (Index h = 0; h < A.dimension(1); ++h)
      for (Index w = 0; w < A.dimension(2); ++w)
        for (Index k = 0; k < channels_prev; ++k)
          grads.dA(s, h, w, k) = dA_pad(s, h + pad, w + pad, k);
  return grads;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  require(x.size() > 0, "create_mask_from_window: the window is empty");
  double largest = x(0, 0);
  for (Index i = 0; i < x.dimension(0); ++i)
    for (Index j = 0; j < x.dimension(1); ++j) largest = std::max(largest, x(i, j));
  Mask2 mask(x.dimensions());
  for (Index i = 0; i < x.dimension(0); ++i)
    for (Index j = 0; j < x.dimension(1); ++j) mask(i, j) = (x(i, j) == largest);
  return mask;
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  require(n_h >= 1 && n_w >= 1, "distribute_value: n_h and n_w must be at least 1");
  Tensor2 shares(n_h, n_w);
  shares.setConstant(dz / static_cast<double>(n_h * n_w));
  return shares;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  const auto m = A.dimension(0), channels = A.dimension(3);
  const auto [new_height, new_width] = calc_new_height_width(
      static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)), kernel_size, stride, 0);
  require(dZ.dimension(0) == m && dZ.dimension(1) == new_height && dZ.dimension(2) == new_width &&
              dZ.dimension(3) == channels,
          "pool_backward: dZ must have the shape of pool_forward's output");

  Tensor4 dA(A.dimensions());
  dA.setZero();
  Tensor2 window(kernel_size, kernel_size);
  for (Index s = 0; s < m; ++s) {
    for (Index h = 0; h < new_height; ++h) {
      for (Index w = 0; w < new_width; ++w) {
        for (Index c = 0; c < channels; ++c) {
          const Index row_start = h * stride, col_start = w * stride;
          const double g = dZ(s, h, w, c);
          if (mode == PoolMode::Max) {
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                window(i, j) = A(s, row_start + i, col_start + j, c);
            const Mask2 mask = create_mask_from_window(window);
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                dA(s, row_start + i, col_start + j, c) += (mask(i, j) ? 1.0 : 0.0) * g;
          } else {
            const Tensor2 shares = distribute_value(g, kernel_size, kernel_size);
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                dA(s, row_start + i, col_start + j, c) += shares(i, j);
          }
        }
      }
    }
  }
  return dA;
}
