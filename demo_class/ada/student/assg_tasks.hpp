// Assignment 05: Building Convolution and Pooling Layers from Scratch
// CSci 560, Neural Networks and Deep Learning (C++ edition).
//
// This header is the assignment's interface: read it, but do not edit it.
// You write your code in student/assg_tasks.cpp, which starts out as stubs
// that throw NotImplemented. Run `make test` at any time to see, task by
// task, which of your functions already give the right answers.
//
// Conventions (the same as the NumPy version of the assignment):
//   * Tensors are Eigen::Tensor in row-major order, so A(s, h, w, c) is laid
//     out exactly like the NumPy array A[s, h, w, c].
//   * Activations are (m, height, width, channels): m samples of
//     (height, width, channels) images.
//   * Convolution weights W are (kernel_size, kernel_size, channels_prev,
//     channels) and biases b are (1, 1, 1, channels): one kernel and one bias
//     per output channel.
//   * Output sizes follow
//         new_height = floor((height - kernel_size + 2 * pad) / stride) + 1
//         new_width  = floor((width  - kernel_size + 2 * pad) / stride) + 1
//   * Use loops, as the course asks: the point is to see what the layer does.
//
// Eigen tensor crib sheet:
//   Tensor4 Z(m, h, w, c);      // allocate (contents are NOT zeroed)
//   Z.setZero();                // ... so zero it when you accumulate
//   Z.dimension(1)              // size of axis 1 (NumPy: Z.shape[1])
//   Z(s, i, j, k) = 1.0;        // element access, checked by the grader
//   Tensor3 a = A.chip(s, 0);   // A[s] as a (height, width, channels) copy
//
// Your code is compiled with Eigen's index checks switched on, so reading or
// writing outside a tensor is reported as a failure with a clear message
// instead of silently producing garbage.
#pragma once

// Must come before Eigen: it configures Eigen's index checks.
#include "eigen_index_checks.hpp"

#include <stdexcept>
#include <string>
#include <unsupported/Eigen/CXX11/Tensor>
#include <utility>

using Tensor2 = Eigen::Tensor<double, 2, Eigen::RowMajor>;  // (height, width)
using Tensor3 = Eigen::Tensor<double, 3, Eigen::RowMajor>;  // (height, width, channels)
using Tensor4 = Eigen::Tensor<double, 4, Eigen::RowMajor>;  // (m, height, width, channels)
using Mask2 = Eigen::Tensor<bool, 2, Eigen::RowMajor>;

// Pooling flavour: keep the largest value of each window, or its mean.
enum class PoolMode { Max, Average };

// Thrown by the stubs you start from. The grader shows a task whose function
// still throws it as "not_implemented" rather than as a failure or a crash.
class NotImplemented : public std::logic_error {
 public:
  explicit NotImplemented(const std::string& function)
      : std::logic_error(function + " is not implemented yet") {}
};

// ---------------------------------------------------------------------------
// Task 1.1: output height and width of a sliding window.
//
// Sliding a kernel_size x kernel_size window over a height x width input,
// moving `stride` cells at a time over an input zero-padded by `pad` cells on
// every side, gives an output of
//     new_height = floor((height - kernel_size + 2 * pad) / stride) + 1
//     new_width  = floor((width  - kernel_size + 2 * pad) / stride) + 1
// For example a 5x5 input with a 3x3 kernel, stride 1 and no padding gives a
// 3x3 output; 12x21 with kernel 4, stride 2 and pad 2 gives 7x11.
// Returns {new_height, new_width}. Later tasks reuse this function.
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad);

// ---------------------------------------------------------------------------
// Task 1.2: forward pooling.
//
// A: input activations, shape (m, height, width, channels).
// Slides a kernel_size x kernel_size window over each sample and channel and
// keeps the window's maximum (PoolMode::Max) or its average
// (PoolMode::Average). Pooling never pads, so the output is
// (m, new_height, new_width, channels) with new_height, new_width from
// calc_new_height_width(height, width, kernel_size, stride, 0).
//
// Use four nested loops over s, h, w and c. For output cell (h, w) the window
// covers rows h*stride .. h*stride + kernel_size - 1 and columns
// w*stride .. w*stride + kernel_size - 1 of A(s, :, :, c).
//
// The course's version strides by the kernel size (non-overlapping windows),
// which is what the three-argument overload below does.
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode);
inline Tensor4 pool_forward(const Tensor4& A, int kernel_size, PoolMode mode = PoolMode::Max) {
  return pool_forward(A, kernel_size, kernel_size, mode);
}

// ---------------------------------------------------------------------------
// Task 2.1: zero padding.
//
// X: a batch of images, shape (m, height, width, channels).
// Returns X with `pad` rows of zeros added above and below each image and
// `pad` columns of zeros added left and right: shape
// (m, height + 2*pad, width + 2*pad, channels). Only height and width are
// padded, never the sample or channel axes. pad = 0 returns a copy of X.
// NumPy equivalent: np.pad(X, ((0,0), (pad,pad), (pad,pad), (0,0))).
Tensor4 zero_pad(const Tensor4& X, int pad = 1);

// ---------------------------------------------------------------------------
// Task 2.2: one step of convolution.
//
// slice: one window of the (padded) input, shape (kernel_size, kernel_size,
//        channels).
// W:     one kernel, the same shape as slice.
// b:     that kernel's bias.
// Multiplies slice and W element by element, sums all the products and adds
// the bias: a single number, the output of one neuron.
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b);

// ---------------------------------------------------------------------------
// Task 2.3: convolution forward pass.
//
// A: input activations, shape (m, height, width, channels_prev).
// W: kernels, shape (kernel_size, kernel_size, channels_prev, channels).
// b: biases, shape (1, 1, 1, channels).
// Returns Z, shape (m, new_height, new_width, channels), where
// Z(s, h, w, c) = conv_single_step(window of the padded A(s) at (h, w),
//                                  W(:, :, :, c), b(0, 0, 0, c)).
//
// Steps: get m, height, width from A and kernel_size, channels from W;
// reuse calc_new_height_width() for the output size; reuse zero_pad() on A;
// then loop over s, h, w and c. The window starts at row h*stride and column
// w*stride of the padded input and takes every input channel; only W and b
// are sliced by the output channel c.
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride = 1,
                     int pad = 0);

// ---------------------------------------------------------------------------
// Task 3.1: convolution backward pass.
//
// dZ: gradient of the cost with respect to conv_forward's output Z,
//     shape (m, new_height, new_width, channels).
// A, W, b, stride, pad: exactly what was given to conv_forward.
// Returns the gradients of the cost with respect to A, W and b, each the
// shape of what it differentiates:
//   for every s, h, w, c, with the window of the padded input at (h, w):
//     dA_pad(s, window, :) += W(:, :, :, c) * dZ(s, h, w, c)
//     dW(:, :, :, c)       += A_pad(s, window, :) * dZ(s, h, w, c)
//     db(0, 0, 0, c)       += dZ(s, h, w, c)
// then dA is dA_pad with the padding cropped off again. Everything
// accumulates (+=) over samples and over overlapping windows.
struct ConvGradients {
  Tensor4 dA;
  Tensor4 dW;
  Tensor4 db;
};
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad);

// ---------------------------------------------------------------------------
// Task 3.2: mask of a window's maximum.
//
// x: one pooling window, shape (kernel_size, kernel_size).
// Returns a mask of the same shape that is true where x equals its maximum
// and false elsewhere (NumPy: x == np.max(x)), e.g.
//   [[1, 3],        [[false, false],
//    [4, 2]]   ->    [true,  false]]
// If the maximum occurs more than once, every copy is true.
Mask2 create_mask_from_window(const Tensor2& x);

// ---------------------------------------------------------------------------
// Task 3.3: spread a gradient evenly over a window.
//
// Returns an (n_h, n_w) matrix whose every entry is dz / (n_h * n_w): in
// average pooling each input of the window contributed equally to the
// output, so each receives an equal share of its gradient.
// distribute_value(2, 2, 2) is [[0.5, 0.5], [0.5, 0.5]].
Tensor2 distribute_value(double dz, int n_h, int n_w);

// ---------------------------------------------------------------------------
// Task 3.4: pooling backward pass.
//
// dZ: gradient of the cost with respect to pool_forward's output,
//     shape (m, new_height, new_width, channels).
// A, kernel_size, stride, mode: exactly what was given to pool_forward.
// Returns dA, the gradient with respect to A (the shape of A, starting from
// zeros). For every s, h, w, c and the window of A(s, :, :, c) at (h, w):
//   Max:     dA(window) += create_mask_from_window(A(window)) * dZ(s, h, w, c)
//   Average: dA(window) += distribute_value(dZ(s, h, w, c), kernel_size,
//                                           kernel_size)
// Accumulate (+=): windows overlap when stride < kernel_size.
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode);
inline Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size,
                             PoolMode mode = PoolMode::Max) {
  return pool_backward(dZ, A, kernel_size, kernel_size, mode);
}
