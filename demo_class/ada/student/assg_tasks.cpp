// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
//
// Ada L. -- done, all tasks pass locally with `make test`.
#include "assg_tasks.hpp"

// Task 1.1
// out = floor((n - f + 2p) / s) + 1. All the numbers are non-negative ints
// here, so plain integer division already rounds down.
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  int n_H = (height - kernel_size + 2 * pad) / stride + 1;
  int n_W = (width - kernel_size + 2 * pad) / stride + 1;
  return {n_H, n_W};
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  int m = A.dimension(0);
  int n_H_prev = A.dimension(1);
  int n_W_prev = A.dimension(2);
  int n_C = A.dimension(3);

  // pooling never pads
  auto [n_H, n_W] = calc_new_height_width(n_H_prev, n_W_prev, kernel_size, stride, 0);

  Tensor4 Z(m, n_H, n_W, n_C);

  for (int i = 0; i < m; i++) {
    for (int h = 0; h < n_H; h++) {
      int vert_start = h * stride;
      for (int w = 0; w < n_W; w++) {
        int horiz_start = w * stride;
        for (int c = 0; c < n_C; c++) {
          // walk over the window once, keeping both the max and the sum
          double biggest = A(i, vert_start, horiz_start, c);
          double sum = 0.0;
          for (int dh = 0; dh < kernel_size; dh++) {
            for (int dw = 0; dw < kernel_size; dw++) {
              double v = A(i, vert_start + dh, horiz_start + dw, c);
              if (v > biggest) biggest = v;
              sum += v;
            }
          }
          if (mode == PoolMode::Max) {
            Z(i, h, w, c) = biggest;
          } else {
            Z(i, h, w, c) = sum / (kernel_size * kernel_size);
          }
        }
      }
    }
  }
  return Z;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  int m = X.dimension(0);
  int n_H = X.dimension(1);
  int n_W = X.dimension(2);
  int n_C = X.dimension(3);

  Tensor4 X_pad(m, n_H + 2 * pad, n_W + 2 * pad, n_C);
  X_pad.setZero();  // new tensors are NOT zero in Eigen!

  // copy X into the middle
  for (int i = 0; i < m; i++)
    for (int h = 0; h < n_H; h++)
      for (int w = 0; w < n_W; w++)
        for (int c = 0; c < n_C; c++)
          X_pad(i, h + pad, w + pad, c) = X(i, h, w, c);

  return X_pad;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  double Z = 0.0;
  for (int h = 0; h < slice.dimension(0); h++)
    for (int w = 0; w < slice.dimension(1); w++)
      for (int c = 0; c < slice.dimension(2); c++)
        Z += slice(h, w, c) * W(h, w, c);
  return Z + b;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  int m = A.dimension(0);
  int n_H_prev = A.dimension(1);
  int n_W_prev = A.dimension(2);
  int n_C_prev = A.dimension(3);
  int f = W.dimension(0);
  int n_C = W.dimension(3);

  auto [n_H, n_W] = calc_new_height_width(n_H_prev, n_W_prev, f, stride, pad);
  Tensor4 Z(m, n_H, n_W, n_C);

  Tensor4 A_pad = zero_pad(A, pad);

  Tensor3 a_slice(f, f, n_C_prev);
  Tensor3 weights(f, f, n_C_prev);

  for (int i = 0; i < m; i++) {
    for (int h = 0; h < n_H; h++) {
      int vert_start = h * stride;
      for (int w = 0; w < n_W; w++) {
        int horiz_start = w * stride;

        // the window is the same for every output channel, so cut it once
        for (int dh = 0; dh < f; dh++)
          for (int dw = 0; dw < f; dw++)
            for (int k = 0; k < n_C_prev; k++)
              a_slice(dh, dw, k) = A_pad(i, vert_start + dh, horiz_start + dw, k);

        for (int c = 0; c < n_C; c++) {
          for (int dh = 0; dh < f; dh++)
            for (int dw = 0; dw < f; dw++)
              for (int k = 0; k < n_C_prev; k++)
                weights(dh, dw, k) = W(dh, dw, k, c);
          Z(i, h, w, c) = conv_single_step(a_slice, weights, b(0, 0, 0, c));
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
  int n_H_prev = A.dimension(1);
  int n_W_prev = A.dimension(2);
  int n_C_prev = A.dimension(3);
  int f = W.dimension(0);
  int n_H = dZ.dimension(1);
  int n_W = dZ.dimension(2);
  int n_C = dZ.dimension(3);

  Tensor4 A_pad = zero_pad(A, pad);
  Tensor4 dA_pad(m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev);
  dA_pad.setZero();

  ConvGradients grads;
  grads.dW = Tensor4(f, f, n_C_prev, n_C);
  grads.dW.setZero();
  grads.db = Tensor4(1, 1, 1, n_C);
  grads.db.setZero();

  for (int i = 0; i < m; i++) {
    for (int h = 0; h < n_H; h++) {
      for (int w = 0; w < n_W; w++) {
        for (int c = 0; c < n_C; c++) {
          int vert_start = h * stride;
          int horiz_start = w * stride;
          double g = dZ(i, h, w, c);
          for (int dh = 0; dh < f; dh++) {
            for (int dw = 0; dw < f; dw++) {
              for (int k = 0; k < n_C_prev; k++) {
                dA_pad(i, vert_start + dh, horiz_start + dw, k) += W(dh, dw, k, c) * g;
                grads.dW(dh, dw, k, c) += A_pad(i, vert_start + dh, horiz_start + dw, k) * g;
              }
            }
          }
          grads.db(0, 0, 0, c) += g;
        }
      }
    }
  }

  // cut the padding off again
  grads.dA = Tensor4(m, n_H_prev, n_W_prev, n_C_prev);
  for (int i = 0; i < m; i++)
    for (int h = 0; h < n_H_prev; h++)
      for (int w = 0; w < n_W_prev; w++)
        for (int k = 0; k < n_C_prev; k++)
          grads.dA(i, h, w, k) = dA_pad(i, h + pad, w + pad, k);

  return grads;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  double mx = x(0, 0);
  for (int i = 0; i < x.dimension(0); i++)
    for (int j = 0; j < x.dimension(1); j++)
      if (x(i, j) > mx) mx = x(i, j);

  Mask2 mask(x.dimension(0), x.dimension(1));
  for (int i = 0; i < x.dimension(0); i++)
    for (int j = 0; j < x.dimension(1); j++)
      mask(i, j) = (x(i, j) == mx);  // ties: every copy of the max is true
  return mask;
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  double average = dz / (n_h * n_w);
  Tensor2 a(n_h, n_w);
  for (int i = 0; i < n_h; i++)
    for (int j = 0; j < n_w; j++)
      a(i, j) = average;
  return a;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  int m = dZ.dimension(0);
  int n_H = dZ.dimension(1);
  int n_W = dZ.dimension(2);
  int n_C = dZ.dimension(3);
  int f = kernel_size;

  Tensor4 dA(A.dimension(0), A.dimension(1), A.dimension(2), A.dimension(3));
  dA.setZero();

  Tensor2 a_prev_slice(f, f);

  for (int i = 0; i < m; i++) {
    for (int h = 0; h < n_H; h++) {
      for (int w = 0; w < n_W; w++) {
        for (int c = 0; c < n_C; c++) {
          int vert_start = h * stride;
          int horiz_start = w * stride;

          if (mode == PoolMode::Max) {
            for (int dh = 0; dh < f; dh++)
              for (int dw = 0; dw < f; dw++)
                a_prev_slice(dh, dw) = A(i, vert_start + dh, horiz_start + dw, c);
            Mask2 mask = create_mask_from_window(a_prev_slice);
            for (int dh = 0; dh < f; dh++)
              for (int dw = 0; dw < f; dw++)
                if (mask(dh, dw)) dA(i, vert_start + dh, horiz_start + dw, c) += dZ(i, h, w, c);
          } else {
            Tensor2 share = distribute_value(dZ(i, h, w, c), f, f);
            for (int dh = 0; dh < f; dh++)
              for (int dw = 0; dw < f; dw++)
                dA(i, vert_start + dh, horiz_start + dw, c) += share(dh, dw);
          }
        }
      }
    }
  }
  return dA;
}
