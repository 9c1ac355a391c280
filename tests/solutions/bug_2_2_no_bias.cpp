// Task 2.2 mutant: forgets to add the bias.
#define conv_single_step reference_conv_single_step
#include "assg_tasks_reference.cpp"
#undef conv_single_step

double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  return reference_conv_single_step(slice, W, 0.0);
}
