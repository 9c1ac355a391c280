// Summation in NumPy's order, so that golden values equal the numbers the
// course notebook prints, digit for digit.
//
// np.sum over a contiguous array does not add left to right: it adds blocks
// of 8192 elements (its buffer size) one after the other, and sums each
// block pairwise with eight running partial sums (numpy's `pairwise_sum` in
// loops_utils.h.src). Floating-point addition is not associative, so adding
// in another order changes the last bits of the result. The reference adds
// in NumPy's order; students need not, as the grader compares with a
// tolerance.
#pragma once

#include <cstddef>

namespace assg::numpy_order {

// np.sum(values[:n]), bit for bit.
double sum(const double* values, std::ptrdiff_t n);

// np.sum(a[:n] * b[:n]), bit for bit, without the temporary product array
// (each product is rounded before it is added, exactly as when it is stored).
double sum_of_products(const double* a, const double* b, std::ptrdiff_t n);

}  // namespace assg::numpy_order
