// Everything still a stub, except that conv_forward has been started and,
// as the course asks, reuses zero_pad, which is still a stub. The grader
// must say that it is zero_pad that is missing.
#include "assg_tasks.hpp"

std::pair<int, int> calc_new_height_width(int, int, int, int, int) { throw NotImplemented("calc_new_height_width"); }
Tensor4 pool_forward(const Tensor4&, int, int, PoolMode) { throw NotImplemented("pool_forward"); }
Tensor4 zero_pad(const Tensor4&, int) { throw NotImplemented("zero_pad"); }
double conv_single_step(const Tensor3&, const Tensor3&, double) { throw NotImplemented("conv_single_step"); }
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  const Tensor4 A_pad = zero_pad(A, pad);
  return A_pad;
}
ConvGradients conv_backward(const Tensor4&, const Tensor4&, const Tensor4&, const Tensor4&, int, int) {
  throw NotImplemented("conv_backward");
}
Mask2 create_mask_from_window(const Tensor2&) { throw NotImplemented("create_mask_from_window"); }
Tensor2 distribute_value(double, int, int) { throw NotImplemented("distribute_value"); }
Tensor4 pool_backward(const Tensor4&, const Tensor4&, int, int, PoolMode) { throw NotImplemented("pool_backward"); }
