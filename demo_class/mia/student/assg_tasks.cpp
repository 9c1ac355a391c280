// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
#include "assg_tasks.hpp"

#include <algorithm>

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  // how many times the window fits when sliding `stride` at a time, plus the first position
  int n_H = (height + 2 * pad - kernel_size) / stride + 1;
  int n_W = (width + 2 * pad - kernel_size) / stride + 1;
  return {n_H, n_W};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  int m = A.dimension(0);
  int n_C = A.dimension(3);
  auto size = calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  int n_H = size.first;
  int n_W = size.second;

  Tensor4 A_out(m, n_H, n_W, n_C);
  for (int i = 0; i < m; i++) {                 // every example
    for (int h = 0; h < n_H; h++) {             // every output row
      for (int w = 0; w < n_W; w++) {           // every output column
        for (int c = 0; c < n_C; c++) {         // every channel
          int vert_start = h * stride;
          int horiz_start = w * stride;
          double result = (mode == PoolMode::Max) ? A(i, vert_start, horiz_start, c) : 0.0;
          for (int a = vert_start; a < vert_start + kernel_size; a++) {
            for (int bb = horiz_start; bb < horiz_start + kernel_size; bb++) {
              if (mode == PoolMode::Max) {
                result = std::max(result, A(i, a, bb, c));
              } else {
                result += A(i, a, bb, c);
              }
            }
          }
          if (mode == PoolMode::Average) {
            result /= (kernel_size * kernel_size);
          }
          A_out(i, h, w, c) = result;
        }
      }
    }
  }
  return A_out;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  int m = X.dimension(0);
  int n_H = X.dimension(1);
  int n_W = X.dimension(2);
  int n_C = X.dimension(3);

  // a border of zeros all around each image (the examples axis stays the same)
  Tensor4 X_pad(m, n_H + 2 * pad, n_W + 2 * pad, n_C + 2 * pad);
  X_pad.setZero();
  for (int i = 0; i < m; i++)
    for (int h = 0; h < n_H; h++)
      for (int w = 0; w < n_W; w++)
        for (int c = 0; c < n_C; c++)
          X_pad(i, h + pad, w + pad, c + pad) = X(i, h, w, c);
  return X_pad;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  double Z = 0;
  for (int h = 0; h < slice.dimension(0); h++)
    for (int w = 0; w < slice.dimension(1); w++)
      for (int c = 0; c < slice.dimension(2); c++)
        Z += slice(h, w, c) * W(h, w, c);
  Z = Z + b;
  return Z;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  int m = A.dimension(0);
  int n_C_prev = A.dimension(3);
  int f = W.dimension(0);
  int n_C = W.dimension(3);
  auto size = calc_new_height_width(A.dimension(1), A.dimension(2), f, stride, pad);
  int n_H = size.first;
  int n_W = size.second;

  Tensor4 Z(m, n_H, n_W, n_C);
  Tensor4 A_prev_pad = zero_pad(A, pad);

  for (int i = 0; i < m; i++) {
    for (int h = 0; h < n_H; h++) {
      for (int w = 0; w < n_W; w++) {
        for (int c = 0; c < n_C; c++) {
          int vert_start = h * stride;
          int horiz_start = w * stride;
          Tensor3 a_slice_prev(f, f, n_C_prev);
          Tensor3 weights(f, f, n_C_prev);
          for (int a = 0; a < f; a++)
            for (int bb = 0; bb < f; bb++)
              for (int k = 0; k < n_C_prev; k++) {
                a_slice_prev(a, bb, k) = A_prev_pad(i, vert_start + a, horiz_start + bb, k);
                weights(a, bb, k) = W(a, bb, k, c);
              }
          Z(i, h, w, c) = conv_single_step(a_slice_prev, weights, b(0, 0, 0, c));
        }
      }
    }
  }
  return Z;
}

// Task 3.1
ConvGradients conv_backward(const Tensor4& dZ, const Tensor4& A, const Tensor4& W,
                            const Tensor4& b, int stride, int pad) {
  int m = A.dimension(0);
  int n_C_prev = A.dimension(3);
  int f = W.dimension(0);
  int n_H = dZ.dimension(1);
  int n_W = dZ.dimension(2);
  int n_C = dZ.dimension(3);

  Tensor4 A_prev_pad = zero_pad(A, pad);
  Tensor4 dA_prev_pad(A_prev_pad.dimensions());
  dA_prev_pad.setZero();

  Tensor4 dW(W.dimensions());
  dW.setZero();
  Tensor4 db(b.dimensions());
  db.setZero();

  for (int i = 0; i < m; i++) {
    for (int h = 0; h < n_H; h++) {
      for (int w = 0; w < n_W; w++) {
        for (int c = 0; c < n_C; c++) {
          int vert_start = h * stride;
          int horiz_start = w * stride;
          for (int a = 0; a < f; a++)
            for (int bb = 0; bb < f; bb++)
              for (int k = 0; k < n_C_prev; k++) {
                dA_prev_pad(i, vert_start + a, horiz_start + bb, k) += W(a, bb, k, c) * dZ(i, h, w, c);
                dW(a, bb, k, c) += A_prev_pad(i, vert_start + a, horiz_start + bb, k) * dZ(i, h, w, c);
              }
          db(0, 0, 0, c) += dZ(i, h, w, c);
        }
      }
    }
  }

  // take the padding back off
  Tensor4 dA(A.dimensions());
  for (int i = 0; i < m; i++)
    for (int h = 0; h < A.dimension(1); h++)
      for (int w = 0; w < A.dimension(2); w++)
        for (int k = 0; k < n_C_prev; k++)
          dA(i, h, w, k) = dA_prev_pad(i, h + pad, w + pad, k);

  ConvGradients grads;
  grads.dA = dA;
  grads.dW = dW;
  grads.db = db;
  return grads;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  double biggest = x(0, 0);
  for (int a = 0; a < x.dimension(0); a++)
    for (int bb = 0; bb < x.dimension(1); bb++)
      biggest = std::max(biggest, x(a, bb));
  Mask2 mask(x.dimension(0), x.dimension(1));
  for (int a = 0; a < x.dimension(0); a++)
    for (int bb = 0; bb < x.dimension(1); bb++)
      mask(a, bb) = x(a, bb) == biggest;
  return mask;
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  double average = dz / (n_h * n_w);
  Tensor2 a(n_h, n_w);
  a.setConstant(average);
  return a;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  int f = kernel_size;
  Tensor4 dA(A.dimensions());
  dA.setZero();
  for (int i = 0; i < dZ.dimension(0); i++) {
    for (int h = 0; h < dZ.dimension(1); h++) {
      for (int w = 0; w < dZ.dimension(2); w++) {
        for (int c = 0; c < dZ.dimension(3); c++) {
          int vert_start = h * stride;
          int horiz_start = w * stride;
          if (mode == PoolMode::Max) {
            Tensor2 a_prev_slice(f, f);
            for (int a = 0; a < f; a++)
              for (int bb = 0; bb < f; bb++)
                a_prev_slice(a, bb) = A(i, vert_start + a, horiz_start + bb, c);
            Mask2 mask = create_mask_from_window(a_prev_slice);
            for (int a = 0; a < f; a++)
              for (int bb = 0; bb < f; bb++)
                if (mask(a, bb)) dA(i, vert_start + a, horiz_start + bb, c) += dZ(i, h, w, c);
          } else {
            Tensor2 da = distribute_value(dZ(i, h, w, c), f, f);
            for (int a = 0; a < f; a++)
              for (int bb = 0; bb < f; bb++)
                dA(i, vert_start + a, horiz_start + bb, c) += da(a, bb);
          }
        }
      }
    }
  }
  return dA;
}
