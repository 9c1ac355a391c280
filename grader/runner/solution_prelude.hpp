// Forced into every solution file after the interface (see
// cmake/Solutions.cmake). It takes the address of each assignment function,
// so that a definition the student marked `inline` is still emitted into
// the solution's object file: the compiler otherwise drops an inline
// function no code in that file calls, and the runner's weak fallback
// (fallback_definitions.cpp) would be graded in its place.
#pragma once

namespace assg::solution_prelude {

// Typed pointers (the overload graded, where the interface has two), not
// void*: a function pointer converts to an object pointer only where a
// compiler chooses to allow it.
struct EveryFunction {
  std::pair<int, int> (*calc_new_height_width)(int, int, int, int, int);
  Tensor4 (*pool_forward)(const Tensor4&, int, int, PoolMode);
  Tensor4 (*zero_pad)(const Tensor4&, int);
  double (*conv_single_step)(const Tensor3&, const Tensor3&, double);
  Tensor4 (*conv_forward)(const Tensor4&, const Tensor4&, const Tensor4&, int, int);
  ConvGradients (*conv_backward)(const Tensor4&, const Tensor4&, const Tensor4&, const Tensor4&, int, int);
  Mask2 (*create_mask_from_window)(const Tensor2&);
  Tensor2 (*distribute_value)(double, int, int);
  Tensor4 (*pool_backward)(const Tensor4&, const Tensor4&, int, int, PoolMode);
};

// `used`: kept although nothing reads it; `static`: one copy per file, so
// that several solution files still link together.
[[maybe_unused]] __attribute__((used)) static const EveryFunction kEveryFunction{
    &::calc_new_height_width,
    &::pool_forward,
    &::zero_pad,
    &::conv_single_step,
    &::conv_forward,
    &::conv_backward,
    &::create_mask_from_window,
    &::distribute_value,
    &::pool_backward,
};

}  // namespace assg::solution_prelude
