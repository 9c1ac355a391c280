// The nine assignment functions as one swappable set: the reference's by
// default, or the reference's with one function replaced by a mutant. The
// grader calls a set through task_call.hpp; a mutant runner forwards the
// global API to one (mutant_solution.cpp).
#pragma once

#include <utility>

#include "assg_tasks.hpp"
#include "reference_in_namespace.hpp"

namespace assg::mutants {

struct TaskFunctions {
  std::pair<int, int> (*calc_new_height_width)(int, int, int, int, int) = &reference::calc_new_height_width;
  Tensor4 (*pool_forward)(const Tensor4&, int, int, PoolMode) = &reference::pool_forward;
  Tensor4 (*zero_pad)(const Tensor4&, int) = &reference::zero_pad;
  double (*conv_single_step)(const Tensor3&, const Tensor3&, double) = &reference::conv_single_step;
  Tensor4 (*conv_forward)(const Tensor4&, const Tensor4&, const Tensor4&, int, int) = &reference::conv_forward;
  ConvGradients (*conv_backward)(const Tensor4&, const Tensor4&, const Tensor4&, const Tensor4&, int,
                                 int) = &reference::conv_backward;
  Mask2 (*create_mask_from_window)(const Tensor2&) = &reference::create_mask_from_window;
  Tensor2 (*distribute_value)(double, int, int) = &reference::distribute_value;
  Tensor4 (*pool_backward)(const Tensor4&, const Tensor4&, int, int, PoolMode) = &reference::pool_backward;
};

}  // namespace assg::mutants
