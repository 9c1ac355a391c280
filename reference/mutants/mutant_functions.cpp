// The mutants: for each assignment function, one copy of the reference's
// code (reference/assg_tasks_reference.cpp) taking a `Mistake`; every line a
// mistake changes says "MISTAKE", the rest is the reference's. The small
// named functions at the end are the mutants, one mistake each. Other tasks
// are always called as assg::reference::*, so that only the mutated task
// goes wrong (an unqualified call would name the student API, which the
// grader never links). The reference's argument checks are left out: mutants
// only ever run on cases the grader has already validated.
#include "mutant_functions.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "numpy_summation.hpp"
#include "reference_in_namespace.hpp"

namespace assg::mutants {

namespace {

using Index = Eigen::Index;

// ---------------------------------------------------------------- 1.1
enum class SizeMistake { RoundsUp, SwapsHeightAndWidth, WidthFromHeight };

std::pair<int, int> calc_new_height_width_with(SizeMistake mistake, int height, int width, int kernel_size, int stride,
                                               int pad) {
  const auto size = [&](int input) {
    const int span = input - kernel_size + 2 * pad;
    if (mistake == SizeMistake::RoundsUp) return (span + stride - 1) / stride + 1;  // MISTAKE: ceil, not floor
    return span / stride + 1;
  };
  if (mistake == SizeMistake::SwapsHeightAndWidth) return {size(width), size(height)};  // MISTAKE
  if (mistake == SizeMistake::WidthFromHeight) return {size(height), size(height)};     // MISTAKE
  return {size(height), size(width)};
}

// ---------------------------------------------------------------- 1.2
enum class PoolForwardMistake { IgnoresStride, AverageDividedByKernelSize, MaxStartsAtZero };

Tensor4 pool_forward_with(PoolForwardMistake mistake, const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  if (mistake == PoolForwardMistake::IgnoresStride) stride = kernel_size;  // MISTAKE: steps by the kernel size
  const auto m = A.dimension(0), channels = A.dimension(3);
  const auto [new_height, new_width] = reference::calc_new_height_width(
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
            if (mistake == PoolForwardMistake::MaxStartsAtZero) largest = 0.0;  // MISTAKE
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                largest = std::max(largest, A(s, row_start + i, col_start + j, c));
            Z(s, h, w, c) = largest;
          } else {
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                window[static_cast<std::size_t>(i * kernel_size + j)] = A(s, row_start + i, col_start + j, c);
            const double count = mistake == PoolForwardMistake::AverageDividedByKernelSize
                                     ? static_cast<double>(kernel_size)  // MISTAKE: not kernel_size squared
                                     : static_cast<double>(kernel_size * kernel_size);
            Z(s, h, w, c) = numpy_order::sum(window.data(), kernel_size * kernel_size) / count;
          }
        }
      }
    }
  }
  return Z;
}

// ---------------------------------------------------------------- 2.1
enum class ZeroPadMistake { PadsChannels, PadsSamples, PadsEveryAxis };

Tensor4 zero_pad_with(ZeroPadMistake mistake, const Tensor4& X, int pad) {
  const auto m = X.dimension(0), height = X.dimension(1), width = X.dimension(2), channels = X.dimension(3);
  // MISTAKE: pad cells added to an axis that must not be padded.
  const Index sample_pad = mistake == ZeroPadMistake::PadsSamples || mistake == ZeroPadMistake::PadsEveryAxis ? pad : 0;
  const Index channel_pad =
      mistake == ZeroPadMistake::PadsChannels || mistake == ZeroPadMistake::PadsEveryAxis ? pad : 0;
  Tensor4 padded(m + 2 * sample_pad, height + 2 * pad, width + 2 * pad, channels + 2 * channel_pad);
  padded.setZero();
  for (Index s = 0; s < m; ++s)
    for (Index h = 0; h < height; ++h)
      for (Index w = 0; w < width; ++w)
        for (Index c = 0; c < channels; ++c) padded(s + sample_pad, h + pad, w + pad, c + channel_pad) = X(s, h, w, c);
  return padded;
}

// ---------------------------------------------------------------- 2.3
enum class ConvForwardMistake { NoBias, WindowIgnoresStride, WindowOneShort };

Tensor4 conv_forward_with(ConvForwardMistake mistake, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                          int pad) {
  const auto m = A.dimension(0), channels_prev = A.dimension(3);
  const auto kernel_size = W.dimension(0), channels = W.dimension(3);
  const auto [new_height, new_width] = reference::calc_new_height_width(
      static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)), static_cast<int>(kernel_size), stride, pad);

  std::vector<Tensor3> kernels(static_cast<std::size_t>(channels), Tensor3(kernel_size, kernel_size, channels_prev));
  for (Index c = 0; c < channels; ++c)
    for (Index i = 0; i < kernel_size; ++i)
      for (Index j = 0; j < kernel_size; ++j)
        for (Index k = 0; k < channels_prev; ++k) kernels[static_cast<std::size_t>(c)](i, j, k) = W(i, j, k, c);

  // MISTAKE (WindowOneShort): the loop stops one row and one column early;
  // the cells it skips count as zero, as in a student's running sum.
  const Index window_end = mistake == ConvForwardMistake::WindowOneShort ? kernel_size - 1 : kernel_size;
  const Tensor4 A_pad = reference::zero_pad(A, pad);
  Tensor4 Z(m, new_height, new_width, channels);
  Tensor3 window(kernel_size, kernel_size, channels_prev);
  for (Index s = 0; s < m; ++s) {
    for (Index h = 0; h < new_height; ++h) {
      const Index row_start = mistake == ConvForwardMistake::WindowIgnoresStride ? h : h * stride;  // MISTAKE
      for (Index w = 0; w < new_width; ++w) {
        const Index col_start = mistake == ConvForwardMistake::WindowIgnoresStride ? w : w * stride;  // MISTAKE
        window.setZero();
        for (Index i = 0; i < window_end; ++i)
          for (Index j = 0; j < window_end; ++j)
            for (Index k = 0; k < channels_prev; ++k) window(i, j, k) = A_pad(s, row_start + i, col_start + j, k);
        for (Index c = 0; c < channels; ++c) {
          const double bias = mistake == ConvForwardMistake::NoBias ? 0.0 : b(0, 0, 0, c);  // MISTAKE
          Z(s, h, w, c) = reference::conv_single_step(window, kernels[static_cast<std::size_t>(c)], bias);
        }
      }
    }
  }
  return Z;
}

// ---------------------------------------------------------------- 3.1
enum class ConvBackwardMistake { DAAssigned, DWLastSampleOnly, DbLastSampleOnly, DANotCropped };

ConvGradients conv_backward_with(ConvBackwardMistake mistake, const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                                 const Tensor4& b, int stride, int pad) {
  const auto m = A.dimension(0), channels_prev = A.dimension(3);
  const auto kernel_size = W.dimension(0), channels = W.dimension(3);
  const auto [new_height, new_width] = reference::calc_new_height_width(
      static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)), static_cast<int>(kernel_size), stride, pad);

  const Tensor4 A_pad = reference::zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimensions());
  dA_pad.setZero();
  ConvGradients grads;
  grads.dW = Tensor4(W.dimensions());
  grads.dW.setZero();
  grads.db = Tensor4(b.dimensions());
  grads.db.setZero();

  for (Index s = 0; s < m; ++s) {
    // MISTAKE: starting dW or db afresh for each sample keeps only the last one's.
    if (mistake == ConvBackwardMistake::DWLastSampleOnly) grads.dW.setZero();
    if (mistake == ConvBackwardMistake::DbLastSampleOnly) grads.db.setZero();
    for (Index h = 0; h < new_height; ++h) {
      for (Index w = 0; w < new_width; ++w) {
        for (Index c = 0; c < channels; ++c) {
          const Index row_start = h * stride, col_start = w * stride;
          const double g = dZ(s, h, w, c);
          for (Index i = 0; i < kernel_size; ++i) {
            for (Index j = 0; j < kernel_size; ++j) {
              for (Index k = 0; k < channels_prev; ++k) {
                if (mistake == ConvBackwardMistake::DAAssigned)
                  dA_pad(s, row_start + i, col_start + j, k) = W(i, j, k, c) * g;  // MISTAKE: = for +=
                else
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

  if (mistake == ConvBackwardMistake::DANotCropped) {
    grads.dA = dA_pad;  // MISTAKE: the padding is left on
    return grads;
  }
  grads.dA = Tensor4(A.dimensions());
  for (Index s = 0; s < m; ++s)
    for (Index h = 0; h < A.dimension(1); ++h)
      for (Index w = 0; w < A.dimension(2); ++w)
        for (Index k = 0; k < channels_prev; ++k) grads.dA(s, h, w, k) = dA_pad(s, h + pad, w + pad, k);
  return grads;
}

// ---------------------------------------------------------------- 3.2
enum class MaskMistake { FirstMaximumOnly, MaxStartsAtZero };

Mask2 create_mask_from_window_with(MaskMistake mistake, const Tensor2& x) {
  double largest = x(0, 0);
  if (mistake == MaskMistake::MaxStartsAtZero) largest = 0.0;  // MISTAKE
  for (Index i = 0; i < x.dimension(0); ++i)
    for (Index j = 0; j < x.dimension(1); ++j) largest = std::max(largest, x(i, j));
  Mask2 mask(x.dimensions());
  bool marked = false;
  for (Index i = 0; i < x.dimension(0); ++i)
    for (Index j = 0; j < x.dimension(1); ++j) {
      mask(i, j) = (x(i, j) == largest);
      if (mistake == MaskMistake::FirstMaximumOnly) mask(i, j) = mask(i, j) && !marked;  // MISTAKE: one cell only
      marked = marked || mask(i, j);
    }
  return mask;
}

// ---------------------------------------------------------------- 3.3
enum class DistributeMistake { DividedBySum, NotDivided };

Tensor2 distribute_value_with(DistributeMistake mistake, double dz, int n_h, int n_w) {
  Tensor2 shares(n_h, n_w);
  if (mistake == DistributeMistake::DividedBySum)
    shares.setConstant(dz / static_cast<double>(n_h + n_w));  // MISTAKE: + for *
  else
    shares.setConstant(dz);  // MISTAKE: not divided at all
  return shares;
}

// ---------------------------------------------------------------- 3.4
enum class PoolBackwardMistake { AverageNotDivided, WindowIgnoresStride, Assigned };

Tensor4 pool_backward_with(PoolBackwardMistake mistake, const Tensor4& dZ, const Tensor4& A, int kernel_size,
                           int stride, PoolMode mode) {
  const auto m = A.dimension(0), channels = A.dimension(3);
  const auto [new_height, new_width] = reference::calc_new_height_width(
      static_cast<int>(A.dimension(1)), static_cast<int>(A.dimension(2)), kernel_size, stride, 0);

  // MISTAKE (Assigned): `=` where the gradient must be added.
  const auto route = [mistake](double& cell, double gradient) {
    if (mistake == PoolBackwardMistake::Assigned)
      cell = gradient;
    else
      cell += gradient;
  };
  Tensor4 dA(A.dimensions());
  dA.setZero();
  Tensor2 window(kernel_size, kernel_size);
  for (Index s = 0; s < m; ++s) {
    for (Index h = 0; h < new_height; ++h) {
      for (Index w = 0; w < new_width; ++w) {
        for (Index c = 0; c < channels; ++c) {
          Index row_start = h * stride, col_start = w * stride;
          if (mistake == PoolBackwardMistake::WindowIgnoresStride) row_start = h, col_start = w;  // MISTAKE
          const double g = dZ(s, h, w, c);
          if (mode == PoolMode::Max) {
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j) window(i, j) = A(s, row_start + i, col_start + j, c);
            const Mask2 mask = reference::create_mask_from_window(window);
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j)
                route(dA(s, row_start + i, col_start + j, c), (mask(i, j) ? 1.0 : 0.0) * g);
          } else {
            Tensor2 shares = reference::distribute_value(g, kernel_size, kernel_size);
            if (mistake == PoolBackwardMistake::AverageNotDivided) shares.setConstant(g);  // MISTAKE: no share
            for (Index i = 0; i < kernel_size; ++i)
              for (Index j = 0; j < kernel_size; ++j) route(dA(s, row_start + i, col_start + j, c), shares(i, j));
          }
        }
      }
    }
  }
  return dA;
}

}  // namespace

// ---------------------------------------------------------------- the mutants

std::pair<int, int> calc_new_height_width_rounding_up(int height, int width, int kernel_size, int stride, int pad) {
  return calc_new_height_width_with(SizeMistake::RoundsUp, height, width, kernel_size, stride, pad);
}
std::pair<int, int> calc_new_height_width_swapped(int height, int width, int kernel_size, int stride, int pad) {
  return calc_new_height_width_with(SizeMistake::SwapsHeightAndWidth, height, width, kernel_size, stride, pad);
}
std::pair<int, int> calc_new_height_width_width_from_height(int height, int width, int kernel_size, int stride,
                                                            int pad) {
  return calc_new_height_width_with(SizeMistake::WidthFromHeight, height, width, kernel_size, stride, pad);
}

Tensor4 pool_forward_ignoring_stride(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return pool_forward_with(PoolForwardMistake::IgnoresStride, A, kernel_size, stride, mode);
}
Tensor4 pool_forward_average_divided_by_kernel_size(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return pool_forward_with(PoolForwardMistake::AverageDividedByKernelSize, A, kernel_size, stride, mode);
}
Tensor4 pool_forward_max_starting_at_zero(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return pool_forward_with(PoolForwardMistake::MaxStartsAtZero, A, kernel_size, stride, mode);
}

Tensor4 zero_pad_padding_channels(const Tensor4& X, int pad) {
  return zero_pad_with(ZeroPadMistake::PadsChannels, X, pad);
}
Tensor4 zero_pad_padding_samples(const Tensor4& X, int pad) {
  return zero_pad_with(ZeroPadMistake::PadsSamples, X, pad);
}
Tensor4 zero_pad_padding_every_axis(const Tensor4& X, int pad) {
  return zero_pad_with(ZeroPadMistake::PadsEveryAxis, X, pad);
}

// The reference's np.sum(slice * W) + b, with the bias forgotten.
double conv_single_step_without_bias(const Tensor3& slice, const Tensor3& W, double) {
  return numpy_order::sum_of_products(slice.data(), W.data(), slice.size());  // MISTAKE: + b left out
}

Tensor4 conv_forward_without_bias(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  return conv_forward_with(ConvForwardMistake::NoBias, A, W, b, stride, pad);
}
Tensor4 conv_forward_window_ignoring_stride(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  return conv_forward_with(ConvForwardMistake::WindowIgnoresStride, A, W, b, stride, pad);
}
Tensor4 conv_forward_window_one_short(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  return conv_forward_with(ConvForwardMistake::WindowOneShort, A, W, b, stride, pad);
}

ConvGradients conv_backward_dA_assigned(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                        int stride, int pad) {
  return conv_backward_with(ConvBackwardMistake::DAAssigned, dZ, A, W, b, stride, pad);
}
ConvGradients conv_backward_dW_last_sample_only(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                                int stride, int pad) {
  return conv_backward_with(ConvBackwardMistake::DWLastSampleOnly, dZ, A, W, b, stride, pad);
}
ConvGradients conv_backward_db_last_sample_only(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                                int stride, int pad) {
  return conv_backward_with(ConvBackwardMistake::DbLastSampleOnly, dZ, A, W, b, stride, pad);
}
ConvGradients conv_backward_dA_not_cropped(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                           int stride, int pad) {
  return conv_backward_with(ConvBackwardMistake::DANotCropped, dZ, A, W, b, stride, pad);
}

Mask2 create_mask_from_window_first_maximum_only(const Tensor2& x) {
  return create_mask_from_window_with(MaskMistake::FirstMaximumOnly, x);
}
Mask2 create_mask_from_window_max_starting_at_zero(const Tensor2& x) {
  return create_mask_from_window_with(MaskMistake::MaxStartsAtZero, x);
}

Tensor2 distribute_value_divided_by_sum(double dz, int n_h, int n_w) {
  return distribute_value_with(DistributeMistake::DividedBySum, dz, n_h, n_w);
}
Tensor2 distribute_value_not_divided(double dz, int n_h, int n_w) {
  return distribute_value_with(DistributeMistake::NotDivided, dz, n_h, n_w);
}

Tensor4 pool_backward_average_not_divided(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                                          PoolMode mode) {
  return pool_backward_with(PoolBackwardMistake::AverageNotDivided, dZ, A, kernel_size, stride, mode);
}
Tensor4 pool_backward_window_ignoring_stride(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                                             PoolMode mode) {
  return pool_backward_with(PoolBackwardMistake::WindowIgnoresStride, dZ, A, kernel_size, stride, mode);
}
Tensor4 pool_backward_assigned(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return pool_backward_with(PoolBackwardMistake::Assigned, dZ, A, kernel_size, stride, mode);
}

}  // namespace assg::mutants
