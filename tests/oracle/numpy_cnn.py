"""Independent NumPy oracle for "Convolutional Neural Networks: Step by Step".

Written from the mathematical definitions only (not from the C++ reference).
Activations are (m, height, width, channels), row-major, float64.

The sliding windows are built with numpy.lib.stride_tricks.sliding_window_view;
a window tensor has shape (m, n_h, n_w, c, k, k): sample, output row, output
column, channel, kernel row, kernel column.  Backward passes scatter with a
loop over the k*k kernel offsets only: for a fixed offset (i, j) the strided
slice  X[:, i : i + stride*(n_h-1) + 1 : stride, j : ... : stride, :]  touches
each input pixel at most once, so "+=" on it is a correct accumulation.

Run this file directly to self-check the vectorised code against plain loops.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = [
    "calc_new_height_width", "pool_forward", "zero_pad", "conv_single_step",
    "conv_forward", "conv_backward", "create_mask_from_window",
    "distribute_value", "pool_backward",
]


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #
def _as_activation(X, name="A"):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 4:
        raise ValueError(f"{name} must be 4-D (m, h, w, c), got shape {X.shape}")
    return X


def _check_geometry(n, kernel_size, stride, pad, what):
    if kernel_size < 1 or stride < 1 or pad < 0:
        raise ValueError(f"bad geometry: kernel {kernel_size}, stride {stride}, pad {pad}")
    if kernel_size > n + 2 * pad:
        raise ValueError(f"kernel {kernel_size} does not fit the padded {what} {n + 2 * pad}")


def _windows(X, kernel_size, stride):
    """(m, H, W, c) -> read-only view (m, n_h, n_w, c, k, k) of the k x k
    windows whose top-left corners are at multiples of `stride`."""
    win = sliding_window_view(X, (kernel_size, kernel_size), axis=(1, 2))
    return win[:, ::stride, ::stride]


def _offset_slice(i, stride, n_out):
    """Rows (or columns) touched by kernel offset i for the n_out windows."""
    return slice(i, i + stride * (n_out - 1) + 1, stride)


# --------------------------------------------------------------------------- #
# 1. output size
# --------------------------------------------------------------------------- #
def calc_new_height_width(height, width, kernel_size, stride, pad):
    """floor((n - kernel_size + 2*pad) / stride) + 1 for both dimensions."""
    new_h = (int(height) - int(kernel_size) + 2 * int(pad)) // int(stride) + 1
    new_w = (int(width) - int(kernel_size) + 2 * int(pad)) // int(stride) + 1
    return new_h, new_w


# --------------------------------------------------------------------------- #
# 2. pooling forward
# --------------------------------------------------------------------------- #
def pool_forward(A, kernel_size, stride=None, mode="max"):
    A = _as_activation(A)
    k = int(kernel_size)
    s = k if stride is None else int(stride)
    _, H, W, _ = A.shape
    _check_geometry(H, k, s, 0, "height")
    _check_geometry(W, k, s, 0, "width")
    win = _windows(A, k, s)
    n_h, n_w = calc_new_height_width(H, W, k, s, 0)
    assert win.shape[1:3] == (n_h, n_w)
    if mode == "max":
        return win.max(axis=(-2, -1))
    if mode in ("avg", "average"):
        return win.mean(axis=(-2, -1))
    raise ValueError(f"unknown pooling mode {mode!r}")


# --------------------------------------------------------------------------- #
# 3. zero padding
# --------------------------------------------------------------------------- #
def zero_pad(X, pad=1):
    X = np.asarray(X)
    if X.ndim != 4:
        raise ValueError(f"X must be 4-D, got {X.shape}")
    p = int(pad)
    if p < 0:
        raise ValueError("negative pad")
    return np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)), mode="constant", constant_values=0)


# --------------------------------------------------------------------------- #
# 4. one convolution step
# --------------------------------------------------------------------------- #
def conv_single_step(a_slice, W, b):
    a_slice = np.asarray(a_slice, dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    if a_slice.shape != W.shape:
        raise ValueError(f"slice {a_slice.shape} and W {W.shape} differ")
    b = np.asarray(b, dtype=np.float64)
    if b.size != 1:
        raise ValueError(f"b must hold one number, got shape {b.shape}")
    return float(np.sum(a_slice * W) + b.reshape(()))


# --------------------------------------------------------------------------- #
# 5. convolution forward
# --------------------------------------------------------------------------- #
def _check_conv_shapes(A, W, b):
    k, k2, c_prev, c = W.shape
    if k != k2:
        raise ValueError(f"W must be square, got {W.shape}")
    if A.shape[3] != c_prev:
        raise ValueError(f"A has {A.shape[3]} channels, W expects {c_prev}")
    if b.shape != (1, 1, 1, c):
        raise ValueError(f"b must be (1,1,1,{c}), got {b.shape}")
    return k, c_prev, c


def conv_forward(A, W, b, stride=1, pad=0):
    A = _as_activation(A)
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    k, _, _ = _check_conv_shapes(A, W, b)
    s, p = int(stride), int(pad)
    _check_geometry(A.shape[1], k, s, p, "height")
    _check_geometry(A.shape[2], k, s, p, "width")
    win = _windows(zero_pad(A, p), k, s)            # (m, nh, nw, c_prev, ki, kj)
    # Z[m,h,w,d] = sum_{c,i,j} win[m,h,w,c,i,j] * W[i,j,c,d]
    Z = np.tensordot(win, W, axes=([3, 4, 5], [2, 0, 1])) + b.reshape(-1)
    assert Z.shape[1:3] == calc_new_height_width(A.shape[1], A.shape[2], k, s, p)
    return Z


# --------------------------------------------------------------------------- #
# 6. convolution backward
# --------------------------------------------------------------------------- #
def conv_backward(dZ, A, W, b, stride, pad):
    A = _as_activation(A)
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    dZ = _as_activation(dZ, "dZ")
    k, _, c = _check_conv_shapes(A, W, b)
    s, p = int(stride), int(pad)
    m, H, Wd, _ = A.shape
    _check_geometry(H, k, s, p, "height")
    _check_geometry(Wd, k, s, p, "width")
    n_h, n_w = calc_new_height_width(H, Wd, k, s, p)
    if dZ.shape != (m, n_h, n_w, c):
        raise ValueError(f"dZ must be {(m, n_h, n_w, c)}, got {dZ.shape}")

    A_pad = zero_pad(A, p)
    win = _windows(A_pad, k, s)                       # (m, nh, nw, c_prev, ki, kj)

    # dW[i,j,c,d] = sum_{m,h,w} A_pad[m, h*s+i, w*s+j, c] * dZ[m,h,w,d]
    dW = np.einsum("mhwcij,mhwd->ijcd", win, dZ)
    # db[d] = sum_{m,h,w} dZ[m,h,w,d]
    db = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, c)
    # dA_pad[m, h*s+i, w*s+j, c] += sum_d W[i,j,c,d] * dZ[m,h,w,d]
    dA_pad = np.zeros_like(A_pad)
    for i in range(k):
        for j in range(k):
            dA_pad[:, _offset_slice(i, s, n_h), _offset_slice(j, s, n_w), :] += \
                np.einsum("mhwd,cd->mhwc", dZ, W[i, j])
    dA = dA_pad[:, p:p + H, p:p + Wd, :]              # crop (works for p == 0)
    return np.ascontiguousarray(dA), dW, db


# --------------------------------------------------------------------------- #
# 7-9. pooling backward
# --------------------------------------------------------------------------- #
def create_mask_from_window(x):
    x = np.asarray(x)
    return x == np.max(x)


def distribute_value(dz, n_h, n_w):
    return np.full((int(n_h), int(n_w)), float(dz) / (int(n_h) * int(n_w)), dtype=np.float64)


def pool_backward(dZ, A, kernel_size, stride=None, mode="max"):
    A = _as_activation(A)
    dZ = _as_activation(dZ, "dZ")
    k = int(kernel_size)
    s = k if stride is None else int(stride)
    m, H, W, c = A.shape
    _check_geometry(H, k, s, 0, "height")
    _check_geometry(W, k, s, 0, "width")
    n_h, n_w = calc_new_height_width(H, W, k, s, 0)
    if dZ.shape != (m, n_h, n_w, c):
        raise ValueError(f"dZ must be {(m, n_h, n_w, c)}, got {dZ.shape}")

    if mode == "max":
        win = _windows(A, k, s)                                      # (m,nh,nw,c,k,k)
        mask = win == win.max(axis=(-2, -1), keepdims=True)          # all tied maxima
        contrib = mask * dZ[..., None, None]                         # (m,nh,nw,c,k,k)
    elif mode in ("avg", "average"):
        contrib = np.broadcast_to((dZ / (k * k))[..., None, None], (m, n_h, n_w, c, k, k))
    else:
        raise ValueError(f"unknown pooling mode {mode!r}")

    dA = np.zeros_like(A)
    for i in range(k):
        for j in range(k):
            dA[:, _offset_slice(i, s, n_h), _offset_slice(j, s, n_w), :] += contrib[..., i, j]
    return dA


# --------------------------------------------------------------------------- #
# self-check: vectorised code against the plain-loop definitions
# --------------------------------------------------------------------------- #
def _loop_reference(rs):
    """Compare against literal loop transcriptions of the definitions."""
    fails = 0
    for _ in range(200):
        m, c_prev, c = rs.randint(1, 3), rs.randint(1, 4), rs.randint(1, 4)
        H, Wd = rs.randint(1, 8), rs.randint(1, 8)
        p, s = rs.randint(0, 3), rs.randint(1, 4)
        k = rs.randint(1, min(H, Wd) + 2 * p + 1)
        A = rs.randn(m, H, Wd, c_prev)
        W = rs.randn(k, k, c_prev, c)
        b = rs.randn(1, 1, 1, c)
        n_h, n_w = calc_new_height_width(H, Wd, k, s, p)
        Ap = zero_pad(A, p)
        Z = np.zeros((m, n_h, n_w, c))
        dZ = rs.randn(m, n_h, n_w, c)
        dAp, dW, db = np.zeros_like(Ap), np.zeros_like(W), np.zeros_like(b)
        for a in range(m):
            for h in range(n_h):
                for w in range(n_w):
                    for d in range(c):
                        sl = Ap[a, h * s:h * s + k, w * s:w * s + k, :]
                        Z[a, h, w, d] = conv_single_step(sl, W[..., d], b[0, 0, 0, d])
                        dAp[a, h * s:h * s + k, w * s:w * s + k, :] += W[..., d] * dZ[a, h, w, d]
                        dW[..., d] += sl * dZ[a, h, w, d]
                        db[0, 0, 0, d] += dZ[a, h, w, d]
        dA = dAp[:, p:dAp.shape[1] - p, p:dAp.shape[2] - p, :]
        got = conv_backward(dZ, A, W, b, s, p)
        ok = np.allclose(conv_forward(A, W, b, s, p), Z, rtol=1e-12, atol=1e-12)
        ok &= all(np.allclose(g, e, rtol=1e-12, atol=1e-12) for g, e in zip(got, (dA, dW, db)))

        kp = rs.randint(1, min(H, Wd) + 1)
        sp = rs.randint(1, 4)
        Ai = rs.randint(-3, 4, size=(m, H, Wd, c_prev)).astype(float)   # ties
        ph, pw = calc_new_height_width(H, Wd, kp, sp, 0)
        dZp = rs.randn(m, ph, pw, c_prev)
        for mode in ("max", "avg"):
            P = np.zeros((m, ph, pw, c_prev))
            dA_p = np.zeros_like(Ai)
            for a in range(m):
                for h in range(ph):
                    for w in range(pw):
                        for d in range(c_prev):
                            win = Ai[a, h * sp:h * sp + kp, w * sp:w * sp + kp, d]
                            if mode == "max":
                                P[a, h, w, d] = win.max()
                                dA_p[a, h * sp:h * sp + kp, w * sp:w * sp + kp, d] += \
                                    create_mask_from_window(win) * dZp[a, h, w, d]
                            else:
                                P[a, h, w, d] = win.mean()
                                dA_p[a, h * sp:h * sp + kp, w * sp:w * sp + kp, d] += \
                                    distribute_value(dZp[a, h, w, d], kp, kp)
            ok &= np.allclose(pool_forward(Ai, kp, sp, mode), P, rtol=1e-12, atol=1e-12)
            ok &= np.allclose(pool_backward(dZp, Ai, kp, sp, mode), dA_p, rtol=1e-12, atol=1e-12)
        if not ok:
            fails += 1
            print(f"self-check mismatch: m={m} H={H} W={Wd} k={k} s={s} p={p} kp={kp} sp={sp}")
    return fails


if __name__ == "__main__":
    import sys
    n_fail = _loop_reference(np.random.RandomState(0))
    print("numpy_cnn self-check:", "OK" if n_fail == 0 else f"{n_fail} FAILURES")
    sys.exit(1 if n_fail else 0)
