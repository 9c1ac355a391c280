// A mutant as a solution: the assignment's nine functions, each forwarded to
// the set of the mutant this runner was built for (kSelectedMutant, from a
// one-line generated file per runner; see tests/CMakeLists.txt). Linked only
// into the test runners runner-mutant-<id>, never into a student's runner.
#include <cstdio>
#include <cstdlib>

#include "catalogue.hpp"

namespace assg::mutants {
extern const char* const kSelectedMutant;
}  // namespace assg::mutants

namespace {

const assg::mutants::TaskFunctions& selected() {
  static const assg::mutants::TaskFunctions functions = [] {
    const auto* mutant = assg::mutants::find_mutant(assg::mutants::kSelectedMutant);
    if (mutant == nullptr) {
      // A runner built for a mutant the catalogue no longer has: a build
      // error, not a grade, so fail loudly.
      std::fprintf(stderr, "runner-mutant: no mutant \"%s\" in the catalogue\n", assg::mutants::kSelectedMutant);
      std::abort();
    }
    return mutant->functions;
  }();
  return functions;
}

}  // namespace

std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride, int pad) {
  return selected().calc_new_height_width(height, width, kernel_size, stride, pad);
}
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return selected().pool_forward(A, kernel_size, stride, mode);
}
Tensor4 zero_pad(const Tensor4& X, int pad) { return selected().zero_pad(X, pad); }
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  return selected().conv_single_step(slice, W, b);
}
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  return selected().conv_forward(A, W, b, stride, pad);
}
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride,
                            int pad) {
  return selected().conv_backward(dZ, A, W, b, stride, pad);
}
Mask2 create_mask_from_window(const Tensor2& x) { return selected().create_mask_from_window(x); }
Tensor2 distribute_value(double dz, int n_h, int n_w) { return selected().distribute_value(dz, n_h, n_w); }
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  return selected().pool_backward(dZ, A, kernel_size, stride, mode);
}
