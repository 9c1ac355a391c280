// Task 1.2 mutant: always strides by the kernel size, whatever stride says.
#define pool_forward reference_pool_forward
#include "assg_tasks_reference.cpp"
#undef pool_forward

Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return reference_pool_forward(A, kernel_size, kernel_size, mode);
}
