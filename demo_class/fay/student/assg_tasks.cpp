// Assignment 05: Building Convolution and Pooling Layers from Scratch.
//
// This is the only file you edit. Replace each `throw NotImplemented(...)`
// with your implementation; student/assg_tasks.hpp explains every task.
// `make test` grades this file, `make test TASK=2.3` grades one task.
//
// Fay -- CSci 560
#include "assg_tasks.hpp"

// Task 1.1
std::pair<int, int> calc_new_height_width(int height, int width, int kernel_size, int stride,
                                          int pad) {
  // formula from the slides: floor((n + 2p - f) / s) + 1
  // (integer division in C++ truncates, which is floor since n + 2p - f >= 0)
  int out_height = (height + 2 * pad - kernel_size) / stride + 1;
  int out_width = (width + 2 * pad - kernel_size) / stride + 1;
  return std::pair<int, int>(out_height, out_width);
}

// Task 1.2
Tensor4 pool_forward(const Tensor4& A, int kernel_size, int stride, PoolMode mode) {
  int m = A.dimension(0);
  int channels = A.dimension(3);
  std::pair<int, int> out_size =
      calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, 0);
  int out_height = out_size.first;
  int out_width = out_size.second;

  Tensor4 result(m, out_height, out_width, channels);

  for (int sample = 0; sample < m; sample++) {
    for (int row = 0; row < out_height; row++) {
      for (int col = 0; col < out_width; col++) {
        for (int ch = 0; ch < channels; ch++) {
          // top-left corner of the window in A
          int top = row * stride;
          int left = col * stride;

          double value;
          if (mode == PoolMode::Max) {
            value = A(sample, top, left, ch);
            for (int i = 0; i < kernel_size; i++) {
              for (int j = 0; j < kernel_size; j++) {
                if (A(sample, top + i, left + j, ch) > value) {
                  value = A(sample, top + i, left + j, ch);
                }
              }
            }
          } else {
            value = 0.0;
            for (int i = 0; i < kernel_size; i++) {
              for (int j = 0; j < kernel_size; j++) {
                value += A(sample, top + i, left + j, ch);
              }
            }
            value = value / (kernel_size * kernel_size);
          }
          result(sample, row, col, ch) = value;
        }
      }
    }
  }
  return result;
}

// Task 2.1
Tensor4 zero_pad(const Tensor4& X, int pad) {
  Tensor4 padded(X.dimension(0), X.dimension(1) + 2 * pad, X.dimension(2) + 2 * pad,
                 X.dimension(3));
  // start from all zeros, then copy X into the middle
  padded.setZero();
  for (int sample = 0; sample < X.dimension(0); sample++) {
    for (int row = 0; row < X.dimension(1); row++) {
      for (int col = 0; col < X.dimension(2); col++) {
        for (int ch = 0; ch < X.dimension(3); ch++) {
          padded(sample, row + pad, col + pad, ch) = X(sample, row, col, ch);
        }
      }
    }
  }
  return padded;
}

// Task 2.2
double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  double sum = 0.0;
  for (int i = 0; i < slice.dimension(0); i++) {
    for (int j = 0; j < slice.dimension(1); j++) {
      for (int k = 0; k < slice.dimension(2); k++) {
        sum += slice(i, j, k) * W(i, j, k);
      }
    }
  }
  // add the bias once, at the end
  return sum + b;
}

// Task 2.3
Tensor4 conv_forward(const Tensor4& A, const Tensor4& W, const Tensor4& b, int stride, int pad) {
  int m = A.dimension(0);
  int channels_prev = A.dimension(3);
  int kernel_size = W.dimension(0);
  int channels = W.dimension(3);

  std::pair<int, int> out_size =
      calc_new_height_width(A.dimension(1), A.dimension(2), kernel_size, stride, pad);
  int out_height = out_size.first;
  int out_width = out_size.second;

  Tensor4 A_padded = zero_pad(A, pad);
  Tensor4 Z(m, out_height, out_width, channels);

  for (int sample = 0; sample < m; sample++) {
    for (int row = 0; row < out_height; row++) {
      for (int col = 0; col < out_width; col++) {
        for (int ch = 0; ch < channels; ch++) {
          // copy the window and this channel's kernel into Tensor3s
          Tensor3 window(kernel_size, kernel_size, channels_prev);
          Tensor3 kernel(kernel_size, kernel_size, channels_prev);
          for (int i = 0; i < kernel_size; i++) {
            for (int j = 0; j < kernel_size; j++) {
              for (int k = 0; k < channels_prev; k++) {
                window(i, j, k) = A_padded(sample, row * stride + i, col * stride + j, k);
                kernel(i, j, k) = W(i, j, k, ch);
              }
            }
          }
          Z(sample, row, col, ch) = conv_single_step(window, kernel, b(0, 0, 0, ch));
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
  int channels_prev = A.dimension(3);
  int kernel_size = W.dimension(0);

  Tensor4 A_padded = zero_pad(A, pad);
  Tensor4 dA_padded(m, A_padded.dimension(1), A_padded.dimension(2), channels_prev);
  dA_padded.setZero();

  ConvGradients grads;
  grads.dW = Tensor4(W.dimension(0), W.dimension(1), W.dimension(2), W.dimension(3));
  grads.db = Tensor4(1, 1, 1, W.dimension(3));
  grads.dW.setZero();
  grads.db.setZero();

  for (int sample = 0; sample < m; sample++) {
    for (int row = 0; row < dZ.dimension(1); row++) {
      for (int col = 0; col < dZ.dimension(2); col++) {
        for (int ch = 0; ch < dZ.dimension(3); ch++) {
          double dz = dZ(sample, row, col, ch);
          for (int i = 0; i < kernel_size; i++) {
            for (int j = 0; j < kernel_size; j++) {
              for (int k = 0; k < channels_prev; k++) {
                dA_padded(sample, row * stride + i, col * stride + j, k) += W(i, j, k, ch) * dz;
                grads.dW(i, j, k, ch) += A_padded(sample, row * stride + i, col * stride + j, k) * dz;
              }
            }
          }
          grads.db(0, 0, 0, ch) += dz;
        }
      }
    }
  }

  // dA is dA_padded without the border
  grads.dA = Tensor4(A.dimension(0), A.dimension(1), A.dimension(2), A.dimension(3));
  for (int sample = 0; sample < m; sample++) {
    for (int row = 0; row < A.dimension(1); row++) {
      for (int col = 0; col < A.dimension(2); col++) {
        for (int k = 0; k < channels_prev; k++) {
          grads.dA(sample, row, col, k) = dA_padded(sample, row + pad, col + pad, k);
        }
      }
    }
  }
  return grads;
}

// Task 3.2
Mask2 create_mask_from_window(const Tensor2& x) {
  // first find the maximum
  double maximum = x(0, 0);
  for (int i = 0; i < x.dimension(0); i++) {
    for (int j = 0; j < x.dimension(1); j++) {
      if (x(i, j) > maximum) {
        maximum = x(i, j);
      }
    }
  }
  // then mark every cell equal to it
  Mask2 mask(x.dimension(0), x.dimension(1));
  for (int i = 0; i < x.dimension(0); i++) {
    for (int j = 0; j < x.dimension(1); j++) {
      mask(i, j) = (x(i, j) == maximum);
    }
  }
  return mask;
}

// Task 3.3
Tensor2 distribute_value(double dz, int n_h, int n_w) {
  double average = dz / (n_h * n_w);
  Tensor2 result(n_h, n_w);
  int i = 0;
  while (i < n_h) {
    for (int j = 0; j < n_w; j++) {
      result(i, j) = average;
    }
  }
  return result;
}

// Task 3.4
Tensor4 pool_backward(const Tensor4& dZ, const Tensor4& A, int kernel_size, int stride,
                      PoolMode mode) {
  Tensor4 dA(A.dimension(0), A.dimension(1), A.dimension(2), A.dimension(3));
  dA.setZero();

  for (int sample = 0; sample < dZ.dimension(0); sample++) {
    for (int row = 0; row < dZ.dimension(1); row++) {
      for (int col = 0; col < dZ.dimension(2); col++) {
        for (int ch = 0; ch < dZ.dimension(3); ch++) {
          int top = row * stride;
          int left = col * stride;
          double dz = dZ(sample, row, col, ch);

          if (mode == PoolMode::Max) {
            // only the max of the window gets the gradient
            Tensor2 window(kernel_size, kernel_size);
            for (int i = 0; i < kernel_size; i++) {
              for (int j = 0; j < kernel_size; j++) {
                window(i, j) = A(sample, top + i, left + j, ch);
              }
            }
            Mask2 mask = create_mask_from_window(window);
            for (int i = 0; i < kernel_size; i++) {
              for (int j = 0; j < kernel_size; j++) {
                if (mask(i, j)) {
                  dA(sample, top + i, left + j, ch) += dz;
                }
              }
            }
          } else {
            // average: every cell of the window gets an equal share
            double share = dz / (kernel_size * kernel_size);
            for (int i = 0; i < kernel_size; i++) {
              for (int j = 0; j < kernel_size; j++) {
                dA(sample, top + i, left + j, ch) += share;
              }
            }
          }
        }
      }
    }
  }
  return dA;
}
