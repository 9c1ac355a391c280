// Classic student mistakes, each the reference's function with one change
// (mutant_functions.cpp marks it "MISTAKE"). Every other task they call is
// the reference's (assg::reference), so a mutant is wrong in its own task
// only. catalogue.cpp names them and says what each one got wrong.
#pragma once

#include <utility>

#include "assg_tasks.hpp"

namespace assg::mutants {

// 1.1 calc_new_height_width
std::pair<int, int> calc_new_height_width_rounding_up(int height, int width, int kernel_size, int stride, int pad);
std::pair<int, int> calc_new_height_width_swapped(int height, int width, int kernel_size, int stride, int pad);
std::pair<int, int> calc_new_height_width_width_from_height(int height, int width, int kernel_size, int stride,
                                                            int pad);

// 1.2 pool_forward
Tensor4 pool_forward_ignoring_stride(const Tensor4& A, int kernel_size, int stride, PoolMode mode);
Tensor4 pool_forward_average_divided_by_kernel_size(const Tensor4& A, int kernel_size, int stride, PoolMode mode);
Tensor4 pool_forward_max_starting_at_zero(const Tensor4& A, int kernel_size, int stride, PoolMode mode);

// 2.1 zero_pad
Tensor4 zero_pad_padding_channels(const Tensor4& X, int pad);
Tensor4 zero_pad_padding_samples(const Tensor4& X, int pad);
Tensor4 zero_pad_padding_every_axis(const Tensor4& X, int pad);

// 2.2 conv_single_step
double conv_single_step_without_bias(const Tensor3& slice, const Tensor3& W, double b);

// 2.3 conv_forward
Tensor4 conv_forward_without_bias(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad);
Tensor4 conv_forward_window_ignoring_stride(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad);
Tensor4 conv_forward_window_one_short(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad);

// 3.1 conv_backward
ConvGradients conv_backward_dA_assigned(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                        int stride, int pad);
ConvGradients conv_backward_dW_last_sample_only(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                                int stride, int pad);
ConvGradients conv_backward_db_last_sample_only(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                                int stride, int pad);
ConvGradients conv_backward_dA_not_cropped(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b,
                                           int stride, int pad);

// 3.2 create_mask_from_window
Mask2 create_mask_from_window_first_maximum_only(const Tensor2& x);
Mask2 create_mask_from_window_max_starting_at_zero(const Tensor2& x);

// 3.3 distribute_value
Tensor2 distribute_value_divided_by_sum(double dz, int n_h, int n_w);
Tensor2 distribute_value_not_divided(double dz, int n_h, int n_w);

// 3.4 pool_backward
Tensor4 pool_backward_average_not_divided(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                                          PoolMode mode);
Tensor4 pool_backward_window_ignoring_stride(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                                             PoolMode mode);
Tensor4 pool_backward_assigned(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride, PoolMode mode);

}  // namespace assg::mutants
