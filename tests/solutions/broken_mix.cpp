// One failure of each kind, one task each; tasks 1.1 and 3.4 stay correct.
#include <cstdlib>
#include <stdexcept>

#define pool_forward reference_pool_forward
#define zero_pad reference_zero_pad
#define conv_single_step reference_conv_single_step
#define conv_forward reference_conv_forward
#define conv_backward reference_conv_backward
#define create_mask_from_window reference_create_mask_from_window
#define distribute_value reference_distribute_value
#include "assg_tasks_reference.cpp"
#undef pool_forward
#undef zero_pad
#undef conv_single_step
#undef conv_forward
#undef conv_backward
#undef create_mask_from_window
#undef distribute_value

// Task 1.2: loops forever on every 3x3 window case (the others pass).
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  volatile unsigned long spins = 0;
  while (kernel_size == 3) spins = spins + 1;
  return reference_pool_forward(A, kernel_size, stride, mode);
}

// Task 2.1: throws a standard exception.
Tensor4 zero_pad(const Tensor4& X, int pad) { throw std::runtime_error("zero_pad gave up"); }

// Task 2.2: throws something that is not a std::exception.
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) { throw 42; }

// Task 2.3: dereferences a null pointer.
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  volatile double* nowhere = nullptr;
  *nowhere = 1.0;
  return reference_conv_forward(A, W, b, stride, pad);
}

// Task 3.1: reads one row past the end of A (caught by Eigen's index checks).
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                            int pad) {
  ConvGradients grads = reference_conv_backward(dZ, A, W, b, stride, pad);
  grads.dA(0, 0, 0, 0) += A(0, A.dimension(1), 0, 0);
  return grads;
}

// Task 3.2: returns the wrong shape.
Mask2 create_mask_from_window(const Tensor2& x) {
  Mask2 mask(1, 1);
  mask.setConstant(true);
  return mask;
}

// Task 3.3: ends the program in the middle of the call.
Tensor2 distribute_value(double dz, int n_h, int n_w) { std::exit(0); }
