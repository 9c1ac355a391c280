// Task 3.4 mutant: average pooling hands the whole gradient to every cell of
// the window instead of an equal share.
#define pool_backward reference_pool_backward
#include "assg_tasks_reference.cpp"
#undef pool_backward

Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  Tensor4 dA = reference_pool_backward(dZ, A, kernel_size, stride, mode);
  if (mode == PoolMode::Average) dA = dA * static_cast<double>(kernel_size * kernel_size);
  return dA;
}
