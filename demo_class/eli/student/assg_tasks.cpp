// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

#include <algorithm>
#include <vector>

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  int h = (height + 2 * pad - kernel_size) / stride + 1;
  int w = (width + 2 * pad - kernel_size) / stride + 1;
  return {h, w};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  std::pair<int, int> hw = calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  Tensor4 out(A.dimension(0), hw.first, hw.second, A.dimension(3));
  for (int n = 0; n < A.dimension(0); n++)
    for (int y = 0; y < hw.first; y++)
      for (int x = 0; x < hw.second; x++)
        for (int c = 0; c < A.dimension(3); c++) {
          double best = A(n, y * stride, x * stride, c);
          double sum = 0;
          for (int a = 0; a < kernel_size; a++)
            for (int b = 0; b < kernel_size; b++) {
              best = std::max(best, A(n, y * stride + a, x * stride + b, c));
              sum += A(n, y * stride + a, x * stride + b, c);
            }
          out(n, y, x, c) = (mode == PoolMode::Max) ? best : sum / (kernel_size * kernel_size);
        }
  return out;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  Tensor4 out(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad, X.dimension(3));
  out.setZero();
  for (int n = 0; n < X.dimension(0); n++)
    for (int y = 0; y < X.dimension(1); y++)
      for (int x = 0; x < X.dimension(2); x++)
        for (int c = 0; c < X.dimension(3); c++) out(n, y + pad, x + pad, c) = X(n, y, x, c);
  return out;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  // the tensors are contiguous and the same shape, so just walk both buffers
  const double* s = slice.data();
  const double* w = W.data();
  double total = 0;
  for (long i = 0; i < slice.size(); i++) total += s[i] * w[i];
  return total + b;
}

// Task 2.3
// Z(n, y, x, c) through Z(...) was really slow on the big case so I write
// into Z's buffer directly (row major: c changes fastest, then x, y, n).
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  int f = W.dimension(0);
  int C_in = A.dimension(3);
  int C_out = W.dimension(3);
  std::pair<int, int> hw = calc_new_height_width(A.dimension(1), A.dimension(2), f, stride, pad);

  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 Z(A.dimension(0), hw.first, hw.second, C_out);
  double* z = Z.data();

  // kernels cut out once, one Tensor3 per output channel
  std::vector<Tensor3> kernels;
  for (int c = 0; c < C_out; c++) kernels.push_back(W.chip(c, 3));

  Tensor3 window(f, f, C_in);
  unsigned int pos = 0;  // position in z, counted from 1 like in the lecture pseudo-code
  for (int n = 0; n < A.dimension(0); n++)
    for (int y = 0; y < hw.first; y++)
      for (int x = 0; x < hw.second; x++) {
        for (int a = 0; a < f; a++)
          for (int bb = 0; bb < f; bb++)
            for (int k = 0; k < C_in; k++) window(a, bb, k) = A_pad(n, y * stride + a, x * stride + bb, k);
        for (int c = 0; c < C_out; c++) {
          z[pos - 1] = conv_single_step(window, kernels[c], b(0, 0, 0, c));
          pos++;
        }
      }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  int f = W.dimension(0);
  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(A_pad.dimension(0), A_pad.dimension(1), A_pad.dimension(2), A_pad.dimension(3));
  dA_pad.setZero();
  ConvGradients out;
  out.dW = Tensor4(W.dimension(0), W.dimension(1), W.dimension(2), W.dimension(3));
  out.dW.setZero();
  out.db = Tensor4(1, 1, 1, b.dimension(3));
  out.db.setZero();

  for (int n = 0; n < dZ.dimension(0); n++)
    for (int y = 0; y < dZ.dimension(1); y++)
      for (int x = 0; x < dZ.dimension(2); x++)
        for (int c = 0; c < dZ.dimension(3); c++) {
          double g = dZ(n, y, x, c);
          for (int a = 0; a < f; a++)
            for (int bb = 0; bb < f; bb++)
              for (int k = 0; k < A.dimension(3); k++) {
                dA_pad(n, y * stride + a, x * stride + bb, k) += W(a, bb, k, c) * g;
                out.dW(a, bb, k, c) += A_pad(n, y * stride + a, x * stride + bb, k) * g;
              }
          out.db(0, 0, 0, c) += g;
        }

  Eigen::array<Eigen::Index, 4> offsets = {0, pad, pad, 0};
  Eigen::array<Eigen::Index, 4> extents = {A.dimension(0), A.dimension(1), A.dimension(2), A.dimension(3)};
  out.dA = dA_pad.slice(offsets, extents);
  return out;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  const double* p = x.data();
  double best = *std::max_element(p, p + x.size());
  Mask2 mask(x.dimension(0), x.dimension(1));
  for (long i = 0; i < x.size(); i++) mask.data()[i] = (p[i] == best);
  return mask;
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  Tensor2 out(n_h, n_w);
  std::fill(out.data(), out.data() + out.size(), dz / (n_h * n_w));
  return out;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  Tensor4 dA(A.dimension(0), A.dimension(1), A.dimension(2), A.dimension(3));
  dA.setZero();
  Tensor2 window(kernel_size, kernel_size);
  for (int n = 0; n < dZ.dimension(0); n++)
    for (int y = 0; y < dZ.dimension(1); y++)
      for (int x = 0; x < dZ.dimension(2); x++)
        for (int c = 0; c < dZ.dimension(3); c++) {
          int y0 = y * stride, x0 = x * stride;
          if (mode == PoolMode::Max) {
            for (int a = 0; a < kernel_size; a++)
              for (int bb = 0; bb < kernel_size; bb++) window(a, bb) = A(n, y0 + a, x0 + bb, c);
            Mask2 mask = create_mask_from_window(window);
            for (int a = 0; a < kernel_size; a++)
              for (int bb = 0; bb < kernel_size; bb++)
                if (mask(a, bb)) dA(n, y0 + a, x0 + bb, c) += dZ(n, y, x, c);
          } else {
            Tensor2 share = distribute_value(dZ(n, y, x, c), kernel_size, kernel_size);
            for (int a = 0; a < kernel_size; a++)
              for (int bb = 0; bb < kernel_size; bb++) dA(n, y0 + a, x0 + bb, c) += share(a, bb);
          }
        }
  return dA;
}
