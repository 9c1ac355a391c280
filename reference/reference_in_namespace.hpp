// The reference solution under the name assg::reference, for the grader's
// own use (diagnosing a failure: mutants, gradient checks). The grader links
// this, never the global-namespace reference that runner-reference links, so
// a reference function can never stand in for one missing from a student's
// file, and no symbol of it clashes with a solution's.
#pragma once

#include <utility>

#include "assg_tasks.hpp"

namespace assg::reference {

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad);
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode);
Tensor4 zero_pad(const Tensor4& X, int pad);
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b);
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad);
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                            int pad);
Mask2 create_mask_from_window(const Tensor2& x);
Tensor2 distribute_value(double dz, int n_h, int n_w);
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride, PoolMode mode);

}  // namespace assg::reference
