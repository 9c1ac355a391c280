#include "numpy_summation.hpp"

#include <algorithm>

namespace assg::numpy_order {

namespace {

// NumPy's PW_BLOCKSIZE: blocks up to this size are summed with 8 partial sums.
constexpr std::ptrdiff_t kBlockSize = 128;
constexpr std::ptrdiff_t kUnroll = 8;
// NumPy's default ufunc buffer size: reductions see at most this many
// elements per inner-loop call.
constexpr std::ptrdiff_t kBufferSize = 8192;

// numpy's pairwise_sum over term(0) .. term(n - 1).
template <typename Term>
double pairwise_sum(const Term& term, std::ptrdiff_t first, std::ptrdiff_t n) {
  if (n < kUnroll) {
    double total = 0.0;
    for (std::ptrdiff_t i = 0; i < n; ++i) total += term(first + i);
    return total;
  }
  if (n <= kBlockSize) {
    double partial[kUnroll];
    for (std::ptrdiff_t j = 0; j < kUnroll; ++j) partial[j] = term(first + j);
    std::ptrdiff_t i = kUnroll;
    for (; i < n - (n % kUnroll); i += kUnroll)
      for (std::ptrdiff_t j = 0; j < kUnroll; ++j) partial[j] += term(first + i + j);
    double total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                   ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < n; ++i) total += term(first + i);
    return total;
  }
  std::ptrdiff_t half = n / 2;
  half -= half % kUnroll;
  return pairwise_sum(term, first, half) + pairwise_sum(term, first + half, n - half);
}

template <typename Term>
double buffered_sum(const Term& term, std::ptrdiff_t n) {
  double total = 0.0;
  for (std::ptrdiff_t start = 0; start < n; start += kBufferSize)
    total += pairwise_sum(term, start, std::min(kBufferSize, n - start));
  return total;
}

}  // namespace

double sum(const double* values, std::ptrdiff_t n) {
  return buffered_sum([values](std::ptrdiff_t i) { return values[i]; }, n);
}

double sum_of_products(const double* a, const double* b, std::ptrdiff_t n) {
  return buffered_sum([a, b](std::ptrdiff_t i) { return a[i] * b[i]; }, n);
}

}  // namespace assg::numpy_order
