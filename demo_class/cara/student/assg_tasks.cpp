// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  throw NotImplemented("calc_new_height_width");
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  throw NotImplemented("pool_forward");
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  throw NotImplemented("zero_pad");
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  throw NotImplemented("conv_single_step");
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  throw NotImplemented("conv_forward");
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
