// Weak definitions of every assignment function, linked into each runner.
//
// A solution that defines a function replaces the weak one (the linker
// prefers the strong definition). A solution that lacks one, because the
// student deleted a stub or misspelled a name or a parameter type, still
// links: that task is graded not_implemented, saying the function is
// missing, and every other task is graded normally, instead of the whole
// file failing to link.
#include "assg_tasks.hpp"
#include "missing_function.hpp"

#define ASSG_FALLBACK __attribute__((weak))

ASSG_FALLBACK std::pair<int, int> calc_new_height_width(int, int, int, int, int) {
  throw assg::MissingFunction("calc_new_height_width");
}
ASSG_FALLBACK Tensor4 pool_forward(const Tensor4&, int, int, PoolMode) { throw assg::MissingFunction("pool_forward"); }
ASSG_FALLBACK Tensor4 zero_pad(const Tensor4&, int) { throw assg::MissingFunction("zero_pad"); }
ASSG_FALLBACK double conv_single_step(const Tensor3&, const Tensor3&, double) {
  throw assg::MissingFunction("conv_single_step");
}
ASSG_FALLBACK Tensor4 conv_forward(const Tensor4&, const Tensor4&, const Tensor4&, int, int) {
  throw assg::MissingFunction("conv_forward");
}
ASSG_FALLBACK ConvGradients conv_backward(const Tensor4&, const Tensor4&, const Tensor4&, const Tensor4&, int, int) {
  throw assg::MissingFunction("conv_backward");
}
ASSG_FALLBACK Mask2 create_mask_from_window(const Tensor2&) { throw assg::MissingFunction("create_mask_from_window"); }
ASSG_FALLBACK Tensor2 distribute_value(double, int, int) { throw assg::MissingFunction("distribute_value"); }
ASSG_FALLBACK Tensor4 pool_backward(const Tensor4&, const Tensor4&, int, int, PoolMode) {
  throw assg::MissingFunction("pool_backward");
}
