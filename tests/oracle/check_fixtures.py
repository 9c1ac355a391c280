#!/usr/bin/python3
"""Check the golden fixtures against the independent NumPy oracle.

    /usr/bin/python3 tests/oracle/check_fixtures.py --fixtures fixtures

For every fixture file (*.json, not recursive) and every case: rebuild the
inputs (from "inputs", or by re-drawing "generate" with numpy's RandomState),
run numpy_cnn on them and compare with "expected":
  * ints and bools exactly,
  * floats with np.allclose(rtol=1e-12, atol=1e-12) (worst element reported),
  * summaries: shape exactly, sampled values with rtol=atol=1e-12,
    mean / channel_mean / channel_max with rtol=1e-9 (atol=1e-12).
Then a table of numbers PUBLISHED by the course is checked against the
fixtures' own expected data.

Exit status: 0 all good, 1 any mismatch (or a published case is missing),
2 a malformed fixture (takes precedence).
"""

import argparse
import glob
import json
import math
import os
import sys
import time

import numpy as np

sys.dont_write_bytecode = True      # keep tests/oracle free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_cnn as cnn  # noqa: E402

RTOL = 1e-12
ATOL = 1e-12
SUMMARY_RTOL = 1e-9


class Malformed(Exception):
    """The fixture (or a spec) does not follow the documented format."""


# --------------------------------------------------------------------------- #
# task table: inputs, allowed params (required?), expected names, oracle call
# --------------------------------------------------------------------------- #
def _mode(p):
    mode = p.get("mode", "max")
    if mode not in ("max", "avg"):
        raise Malformed(f"mode must be 'max' or 'avg', got {mode!r}")
    return mode


def _run_calc(inp, p):
    h, w = cnn.calc_new_height_width(p["height"], p["width"], p["kernel_size"], p["stride"], p["pad"])
    return {"new_height": h, "new_width": w}


def _run_pool_forward(inp, p):
    return {"result": cnn.pool_forward(inp["A"], p["kernel_size"], p.get("stride"), _mode(p))}


def _run_zero_pad(inp, p):
    return {"result": cnn.zero_pad(inp["X"], p.get("pad", 1))}


def _run_single(inp, p):
    return {"result": cnn.conv_single_step(inp["slice"], inp["W"], inp["b"])}


def _run_conv_forward(inp, p):
    return {"result": cnn.conv_forward(inp["A"], inp["W"], inp["b"], p.get("stride", 1), p.get("pad", 0))}


def _run_conv_backward(inp, p):
    dA, dW, db = cnn.conv_backward(inp["dZ"], inp["A"], inp["W"], inp["b"], p["stride"], p["pad"])
    return {"dA": dA, "dW": dW, "db": db}


def _run_mask(inp, p):
    return {"result": cnn.create_mask_from_window(inp["x"])}


def _run_distribute(inp, p):
    return {"result": cnn.distribute_value(p["dz"], p["n_h"], p["n_w"])}


def _run_pool_backward(inp, p):
    return {"result": cnn.pool_backward(inp["dZ"], inp["A"], p["kernel_size"], p.get("stride"), _mode(p))}


# name: (input names, {param: required}, expected names, runner)
TASKS = {
    "calc_new_height_width": ((), {"height": True, "width": True, "kernel_size": True, "stride": True, "pad": True},
                              ("new_height", "new_width"), _run_calc),
    "pool_forward": (("A",), {"kernel_size": True, "stride": False, "mode": False}, ("result",), _run_pool_forward),
    "zero_pad": (("X",), {"pad": False}, ("result",), _run_zero_pad),
    "conv_single_step": (("slice", "W", "b"), {}, ("result",), _run_single),
    "conv_forward": (("A", "W", "b"), {"stride": False, "pad": False}, ("result",), _run_conv_forward),
    "conv_backward": (("dZ", "A", "W", "b"), {"stride": True, "pad": True}, ("dA", "dW", "db"), _run_conv_backward),
    "create_mask_from_window": (("x",), {}, ("result",), _run_mask),
    "distribute_value": ((), {"dz": True, "n_h": True, "n_w": True}, ("result",), _run_distribute),
    "pool_backward": (("dZ", "A"), {"kernel_size": True, "stride": False, "mode": False}, ("result",),
                      _run_pool_backward),
}


# --------------------------------------------------------------------------- #
# loading
# --------------------------------------------------------------------------- #
def _is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def json_kind(values):
    """'bool', 'int' or 'float' for a list of JSON scalars."""
    if all(isinstance(v, bool) for v in values) and values:
        return "bool"
    if any(isinstance(v, bool) for v in values):
        raise Malformed("tensor mixes bools and numbers")
    if not all(_is_num(v) for v in values):
        raise Malformed("tensor data holds non-numbers")
    return "int" if all(isinstance(v, int) for v in values) else "float"


def _check_shape(shape, where):
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0
                                              for d in shape):
        raise Malformed(f"{where}: shape must be a list of non-negative ints, got {shape!r}")


def load_tensor(obj, where):
    """JSON tensor -> (np.ndarray, kind).  Numbers become float64, bools bool.
    A bare number is a 0-d array."""
    if isinstance(obj, bool):
        return np.array(obj), "bool"
    if _is_num(obj):
        return np.array(float(obj)), ("int" if isinstance(obj, int) else "float")
    if not isinstance(obj, dict) or set(obj) != {"shape", "data"}:
        raise Malformed(f"{where}: a tensor must be a number or {{shape, data}}, got {str(obj)[:80]}")
    _check_shape(obj["shape"], where)
    data = obj["data"]
    if not isinstance(data, list):
        raise Malformed(f"{where}: data must be a list")
    n = math.prod(obj["shape"])
    if len(data) != n:
        raise Malformed(f"{where}: shape {obj['shape']} needs {n} values, data has {len(data)}")
    kind = json_kind(data) if data else "float"
    dtype = bool if kind == "bool" else np.float64
    return np.array(data, dtype=dtype).reshape(obj["shape"]), kind


def draw_inputs(seed, draws, where):
    """Replay {"seed", "draws"} with numpy's RandomState; returns name -> array
    (float64; names starting with '_' are drawn and dropped)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or not isinstance(draws, list):
        raise Malformed(f"{where}: generate needs an int seed and a list of draws")
    rs = np.random.RandomState(seed)
    out = {}
    for k, d in enumerate(draws):
        w = f"{where}: draw {k}"
        if not isinstance(d, dict) or "name" not in d or not isinstance(d["name"], str):
            raise Malformed(f"{w}: needs a name")
        kinds = [key for key in ("randn", "randint", "value") if key in d]
        if len(kinds) != 1 or set(d) != {"name", kinds[0]}:
            raise Malformed(f"{w}: needs exactly one of randn/randint/value, got keys {sorted(d)}")
        if "randn" in d:
            _check_shape(d["randn"], w)
            arr = rs.randn(*d["randn"])
        elif "randint" in d:
            r = d["randint"]
            if not isinstance(r, dict) or set(r) != {"low", "high", "shape"}:
                raise Malformed(f"{w}: randint needs low, high, shape")
            _check_shape(r["shape"], w)
            arr = rs.randint(r["low"], r["high"], size=tuple(r["shape"])).astype(np.float64)
        else:
            arr = load_tensor(d["value"], w)[0]
            if arr.dtype == bool:
                raise Malformed(f"{w}: a value draw must be numeric")
        if not d["name"].startswith("_"):
            if d["name"] in out:
                raise Malformed(f"{w}: {d['name']!r} drawn twice")
            out[d["name"]] = np.asarray(arr, dtype=np.float64)
    return out


def case_inputs(task, case, where):
    names = TASKS[task][0]
    if "inputs" in case and "generate" in case:
        raise Malformed(f"{where}: both inputs and generate")
    if "generate" in case:
        g = case["generate"]
        if not isinstance(g, dict) or set(g) != {"seed", "draws"}:
            raise Malformed(f"{where}: generate must be {{seed, draws}}")
        inp = draw_inputs(g["seed"], g["draws"], where)
    else:
        raw = case.get("inputs", {})
        if not isinstance(raw, dict):
            raise Malformed(f"{where}: inputs must be an object")
        inp = {}
        for k, v in raw.items():
            arr, kind = load_tensor(v, f"{where}: input {k}")
            inp[k] = arr.astype(np.float64) if task != "create_mask_from_window" or kind != "bool" else arr
    if set(inp) != set(names):
        raise Malformed(f"{where}: inputs {sorted(inp)} but {task} takes {sorted(names)}")
    return inp


def case_params(task, case, where):
    params = case.get("params", {})
    if not isinstance(params, dict):
        raise Malformed(f"{where}: params must be an object")
    allowed = TASKS[task][1]
    extra = set(params) - set(allowed)
    missing = [k for k, req in allowed.items() if req and k not in params]
    if extra or missing:
        raise Malformed(f"{where}: params unknown {sorted(extra)}, missing {missing}")
    for k, v in params.items():
        if k == "mode":
            if v not in ("max", "avg"):
                raise Malformed(f"{where}: mode {v!r}")
        elif k == "dz":
            if not _is_num(v):
                raise Malformed(f"{where}: dz must be a number")
        elif not (isinstance(v, int) and not isinstance(v, bool)):
            raise Malformed(f"{where}: param {k} must be an int, got {v!r}")
    return params


# --------------------------------------------------------------------------- #
# comparison
# --------------------------------------------------------------------------- #
def _worst(got, exp):
    """(flat index, got, expected, |err|, tolerance excess) of the element that
    violates |got-exp| <= ATOL + RTOL*|exp| most."""
    g = np.asarray(got, dtype=np.float64).ravel()
    e = np.asarray(exp, dtype=np.float64).ravel()
    err = np.abs(g - e)
    excess = err - (ATOL + RTOL * np.abs(e))
    excess = np.where(np.isnan(excess), np.inf, excess)
    i = int(np.argmax(excess))
    return i, g[i], e[i], err[i]


def _fmt_idx(i, shape):
    return str(tuple(int(x) for x in np.unravel_index(i, shape))) if shape else "()"


def compare_value(name, got, exp_json, where):
    """Compare one oracle output with one expected JSON value.
    Returns (ok, note).  Raises Malformed on a bad expected value."""
    got = np.asarray(got)
    if isinstance(exp_json, dict) and "summary" in exp_json:
        return compare_summary(name, got, exp_json, where)
    exp, kind = load_tensor(exp_json, f"{where}: expected {name}")
    if got.shape != exp.shape:
        return False, f"{name}: shape {list(got.shape)} expected {list(exp.shape)}"
    if kind == "bool":
        if got.dtype != bool:
            return False, f"{name}: expected bools, oracle gives {got.dtype}"
        bad = np.flatnonzero(got.ravel() != exp.ravel())
        if bad.size:
            i = int(bad[0])
            return False, (f"{name}: {bad.size} bools differ, first at {_fmt_idx(i, exp.shape)}: "
                           f"oracle {bool(got.ravel()[i])} expected {bool(exp.ravel()[i])}")
        return True, f"{name} exact"
    if got.dtype == bool:
        return False, f"{name}: oracle gives bools, expected numbers"
    if kind == "int":
        bad = np.flatnonzero(got.ravel().astype(np.float64) != exp.ravel())
        if bad.size:
            i = int(bad[0])
            return False, (f"{name}: {bad.size} ints differ, first at {_fmt_idx(i, exp.shape)}: "
                           f"oracle {got.ravel()[i]!r} expected {int(exp.ravel()[i])!r}")
        return True, f"{name} exact"
    if exp.size == 0:
        return True, f"{name} empty"
    ok = np.allclose(got, exp, rtol=RTOL, atol=ATOL)
    i, g, e, err = _worst(got, exp)
    if not ok:
        return False, (f"{name}: not allclose(rtol={RTOL}, atol={ATOL}); worst at {_fmt_idx(i, exp.shape)}: "
                       f"oracle {g!r} expected {e!r} |diff| {err:.3g}")
    return True, f"{name} max|diff| {float(np.max(np.abs(got - exp))):.1e}"


def compare_summary(name, got, exp_json, where):
    w = f"{where}: expected {name}"
    if set(exp_json) != {"shape", "summary"}:
        raise Malformed(f"{w}: a summary needs exactly shape and summary")
    _check_shape(exp_json["shape"], w)
    s = exp_json["summary"]
    if not isinstance(s, dict) or set(s) != {"mean", "channel_mean", "channel_max", "samples"}:
        raise Malformed(f"{w}: summary needs mean, channel_mean, channel_max, samples")
    smp = s["samples"]
    if (not isinstance(smp, dict) or set(smp) != {"index", "data"} or not isinstance(smp["index"], list)
            or not isinstance(smp["data"], list) or len(smp["index"]) != len(smp["data"])):
        raise Malformed(f"{w}: samples need index and data lists of equal length")
    shape = tuple(exp_json["shape"])
    n = math.prod(shape)
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in smp["index"]):
        raise Malformed(f"{w}: sample index out of range")
    if not all(_is_num(v) for v in smp["data"]) or not _is_num(s["mean"]):
        raise Malformed(f"{w}: summary values must be numbers")
    c = shape[-1] if shape else 0
    for key in ("channel_mean", "channel_max"):
        if not isinstance(s[key], list) or len(s[key]) != c or not all(_is_num(v) for v in s[key]):
            raise Malformed(f"{w}: {key} must hold {c} numbers")
    if got.shape != shape:
        return False, f"{name}: shape {list(got.shape)} expected {list(shape)}"
    problems = []
    flat = got.ravel()
    idx = np.array(smp["index"], dtype=np.int64)
    sd = np.array(smp["data"], dtype=np.float64)
    if idx.size and not np.allclose(flat[idx], sd, rtol=RTOL, atol=ATOL):
        i, g, e, err = _worst(flat[idx], sd)
        problems.append(f"sample flat {int(idx[i])} {_fmt_idx(int(idx[i]), shape)}: oracle {g!r} "
                        f"expected {e!r} |diff| {err:.3g}")
    axes = tuple(range(got.ndim - 1))
    checks = [("mean", np.mean(got), np.array(s["mean"])),
              ("channel_mean", got.mean(axis=axes), np.array(s["channel_mean"], dtype=np.float64)),
              ("channel_max", got.max(axis=axes), np.array(s["channel_max"], dtype=np.float64))]
    worst = 0.0
    for key, g, e in checks:
        if not np.allclose(g, e, rtol=SUMMARY_RTOL, atol=ATOL):
            gi = np.atleast_1d(g)
            ei = np.atleast_1d(e)
            j = int(np.argmax(np.abs(gi - ei)))
            problems.append(f"{key}[{j}]: oracle {gi[j]!r} expected {ei[j]!r}")
        worst = max(worst, float(np.max(np.abs(np.asarray(g) - e) / np.maximum(np.abs(e), 1e-300))))
    if problems:
        return False, f"{name} summary: " + "; ".join(problems)
    return True, f"{name} summary ({idx.size} samples) max rel diff of stats {worst:.1e}"


def check_case(task, case, where):
    """Returns (ok, notes, oracle outputs, inputs).  Raises Malformed."""
    if not isinstance(case, dict) or not isinstance(case.get("name"), str):
        raise Malformed(f"{where}: a case needs a name")
    inp = case_inputs(task, case, where)
    params = case_params(task, case, where)
    expected = case.get("expected")
    exp_names = TASKS[task][2]
    if not isinstance(expected, dict) or set(expected) != set(exp_names):
        raise Malformed(f"{where}: expected must hold exactly {list(exp_names)}, "
                        f"got {sorted(expected) if isinstance(expected, dict) else expected!r}")
    try:
        got = TASKS[task][3](inp, params)
    except (ValueError, IndexError) as e:
        raise Malformed(f"{where}: the oracle rejects this case: {e}")
    ok, notes = True, []
    for name in exp_names:
        o, note = compare_value(name, got[name], expected[name], where)
        ok &= o
        notes.append(note)
    return ok, notes, got, inp


# --------------------------------------------------------------------------- #
# published numbers
# --------------------------------------------------------------------------- #
class Store:
    """Cases by (task, name): raw JSON, rebuilt inputs, oracle outputs."""

    def __init__(self):
        self.cases = {}

    def add(self, task, case, inp, got):
        self.cases[(task, case["name"])] = (case, inp, got)

    def get(self, task, name):
        if (task, name) not in self.cases:
            raise KeyError(f"case {task}/{name} is not in the fixtures (or could not be checked)")
        return self.cases[(task, name)]

    def expected(self, task, name, out="result"):
        exp = self.get(task, name)[0]["expected"][out]
        if isinstance(exp, dict) and "summary" in exp:
            return exp
        return load_tensor(exp, f"{task}/{name}")[0]

    def input(self, task, name, which):
        return self.get(task, name)[1][which]

    def oracle(self, task, name, out="result"):
        return np.asarray(self.get(task, name)[2][out])


def _close8(got, pub):
    got, pub = np.asarray(got, dtype=np.float64), np.asarray(pub, dtype=np.float64)
    return got.shape == pub.shape and np.allclose(got, pub, rtol=0, atol=5e-8)


def _eq(got, pub):
    got, pub = np.asarray(got), np.asarray(pub)
    return got.shape == pub.shape and np.array_equal(got, pub)


def _shape(got, shape):
    return tuple(np.asarray(got).shape) == tuple(shape)


def published_checks():
    """[(task, case, what, fn(store) -> (ok, detail))].  `detail` shows the
    fixture's value when the check fails."""
    P = []

    def add(task, case, what, fn):
        P.append((task, case, what, fn))

    # calc_new_height_width
    for case, hw in [("course_basic_case", (3, 3)), ("course_other_example_case", (7, 11)),
                     ("course_big_example", (342, 257))]:
        def f(S, case=case, hw=hw):
            e = S.get("calc_new_height_width", case)[0]["expected"]
            got = (e["new_height"], e["new_width"])
            return got == hw and all(type(v) is int for v in got), got
        add("calc_new_height_width", case, f"(new_height, new_width) == {hw}", f)

    # pool_forward
    T = "pool_forward"
    add(T, "course_example_max", "result[2,:,:,2] == [[4,3],[3,-2]]",
        lambda S: (_eq(S.expected(T, "course_example_max")[2, :, :, 2], [[4, 3], [3, -2]]),
                   S.expected(T, "course_example_max")[2, :, :, 2].tolist()))
    add(T, "course_example_max", "result[1,:,:,3] == [[4,4],[-1,4]]",
        lambda S: (_eq(S.expected(T, "course_example_max")[1, :, :, 3], [[4, 4], [-1, 4]]),
                   S.expected(T, "course_example_max")[1, :, :, 3].tolist()))
    add(T, "course_example_avg", "result[2,:,:,2] == [[2.5,-0.75],[0,-3.25]]",
        lambda S: (_eq(S.expected(T, "course_example_avg")[2, :, :, 2], [[2.5, -0.75], [0, -3.25]]),
                   S.expected(T, "course_example_avg")[2, :, :, 2].tolist()))
    add(T, "course_example_avg", "result[1,:,:,3] == [[-1,0.75],[-2.75,-0.25]]",
        lambda S: (_eq(S.expected(T, "course_example_avg")[1, :, :, 3], [[-1, 0.75], [-2.75, -0.25]]),
                   S.expected(T, "course_example_avg")[1, :, :, 3].tolist()))
    pool_pub = [
        ("dlai_stride_1_max", (1, 1), [[1.96710175, 0.84616065, 1.27375593], [1.96710175, 0.84616065, 1.23616403],
                                      [1.62765075, 1.12141771, 1.2245077]]),
        ("dlai_stride_1_avg", (1, 1), [[0.44497696, -0.00261695, -0.31040307], [0.50811474, -0.23493734, -0.23961183],
                                      [0.11872677, 0.17255229, -0.22112197]]),
        ("dlai_stride_2_max", (0,), [[[1.74481176, 0.90159072, 1.65980218], [1.74481176, 1.6924546, 1.65980218]],
                                     [[1.13162939, 1.51981682, 2.18557541], [1.13162939, 1.6924546, 2.18557541]]]),
        ("dlai_stride_2_avg", (1,), [[[-0.17313416, 0.32377198, -0.34317572], [0.02030094, 0.14141479, -0.01231585]],
                                     [[0.42944926, 0.08446996, -0.27290905], [0.15077452, 0.28911175, 0.00123239]]]),
        ("dlai_kernel_2_stride_1_max", (1, 1), [[1.19891788, 0.74055645, 0.07734007], [0.31515939, 0.84616065, 0.07734007],
                                               [0.69803203, 0.84616065, 1.2245077], [0.69803203, 1.12141771, 1.2245077]]),
        ("dlai_kernel_2_stride_1_avg", (1, 1), [[0.11583785, 0.34545544, -0.6561907], [-0.2334108, 0.3364666, -0.69382351],
                                               [0.25497093, -0.21741362, -0.07342615],
                                               [-0.04092568, -0.01110394, 0.12495022]]),
        ("dlai_v1_max", (), [[[[1.74481176, 0.86540763, 1.13376944]]], [[[1.13162939, 1.51981682, 2.18557541]]]]),
        ("dlai_v1_avg", (), [[[[0.02105773, -0.20328806, -0.40389855]]], [[[-0.22154621, 0.51716526, 0.48155844]]]]),
    ]
    for case, idx, pub in pool_pub:
        add(T, case, f"result[{','.join(map(str, idx)) or ':'}] ~ published (8 d.p.)",
            lambda S, case=case, idx=idx, pub=pub: (_close8(S.expected(T, case)[idx], pub),
                                                    S.expected(T, case)[idx].tolist()))
    big_rows = {
        "course_bigger_case_max": [96, 96, 96, 94, 84, 94, 88, 94, 80, 99, 92, 92, 97, 88, 86, 94, 99],
        "course_bigger_case_avg": [0.68, 10.12, -0.04, -0.6, 7.32, 17.6, -2.24, 3.48, 11.16, 8.6, 9.72, -11.52,
                                   -5.6, -8.64, -17.24, -20.76, -13.96],
    }
    for case, row in big_rows.items():
        add(T, case, "summary shape == (20,11,17,16)",
            lambda S, case=case: (S.expected(T, case)["shape"] == [20, 11, 17, 16], S.expected(T, case)["shape"]))
        # the fixture keeps only a summary: the oracle (already checked against
        # that summary) recomputes the published slice
        add(T, case, "oracle result[10,0,:,8] == published first row of result[10,:,:,8]",
            lambda S, case=case, row=row: (np.allclose(S.oracle(T, case)[10, 0, :, 8], row, rtol=0, atol=1e-12)
                                           and S.oracle(T, case).shape == (20, 11, 17, 16),
                                           S.oracle(T, case)[10, 0, :, 8].tolist()))

    # zero_pad
    T2 = "zero_pad"
    add(T2, "course_example_pad_2", "inputs X[0,:,:,0] == [[37,72,203],[192,204,252],[178,101,139]]",
        lambda S: (_eq(S.input(T2, "course_example_pad_2", "X")[0, :, :, 0],
                       [[37, 72, 203], [192, 204, 252], [178, 101, 139]]),
                   S.input(T2, "course_example_pad_2", "X")[0, :, :, 0].tolist()))
    add(T2, "course_example_pad_2", "result shape (4,7,7,3)",
        lambda S: (_shape(S.expected(T2, "course_example_pad_2"), (4, 7, 7, 3)),
                   S.expected(T2, "course_example_pad_2").shape))
    add(T2, "course_default_padding", "result[2,:,:,1] == published 5x5",
        lambda S: (_eq(S.expected(T2, "course_default_padding")[2, :, :, 1],
                       [[0, 0, 0, 0, 0], [0, 63, 39, 136, 0], [0, 250, 237, 145, 0], [0, 250, 185, 252, 0],
                        [0, 0, 0, 0, 0]]),
                   S.expected(T2, "course_default_padding")[2, :, :, 1].tolist()))
    bigger = np.zeros((8, 8))
    bigger[3] = [0, 0, 0, 249, 169, 0, 0, 0]
    bigger[4] = [0, 0, 0, 138, 149, 0, 0, 0]
    add(T2, "course_bigger_padding", "result[3,:,:,0]: rows 3,4 published, zeros elsewhere",
        lambda S: (_eq(S.expected(T2, "course_bigger_padding")[3, :, :, 0], bigger),
                   S.expected(T2, "course_bigger_padding")[3, :, :, 0].tolist()))
    add(T2, "course_no_padding", "result[4,:,:,4] == published 5x5",
        lambda S: (_eq(S.expected(T2, "course_no_padding")[4, :, :, 4],
                       [[49, 96, 16, 16, 91], [152, 169, 144, 33, 79], [185, 37, 94, 13, 46],
                        [241, 28, 105, 41, 100], [142, 42, 160, 87, 137]]),
                   S.expected(T2, "course_no_padding")[4, :, :, 4].tolist()))
    add(T2, "dlai_example_pad_3", "inputs X[1,1] ~ published (8 d.p.)",
        lambda S: (_close8(S.input(T2, "dlai_example_pad_3", "X")[1, 1],
                           [[0.90085595, -0.68372786], [-0.12289023, -0.93576943], [-0.26788808, 0.53035547]]),
                   S.input(T2, "dlai_example_pad_3", "X")[1, 1].tolist()))
    add(T2, "dlai_example_pad_3", "result shape (4,9,9,2)",
        lambda S: (_shape(S.expected(T2, "dlai_example_pad_3"), (4, 9, 9, 2)),
                   S.expected(T2, "dlai_example_pad_3").shape))

    # conv_single_step: printed at full precision -> exact
    T3 = "conv_single_step"
    for case, v in [("course_example", -6.999089450680221), ("course_more_channels", -13.779734001272715),
                    ("course_one_kernel_one_channel", -1.5218754464672077), ("dlai_public_test", -3.5443670581382474)]:
        add(T3, case, f"result == {v!r} exactly",
            lambda S, case=case, v=v: (float(S.expected(T3, case)) == v, repr(float(S.expected(T3, case)))))

    # conv_forward
    T4 = "conv_forward"
    add(T4, "course_example", "shape (10,3,4,8)",
        lambda S: (_shape(S.expected(T4, "course_example"), (10, 3, 4, 8)), S.expected(T4, "course_example").shape))
    add(T4, "course_example", "np.mean(result) == 0.6923608807576933 exactly",
        lambda S: (float(np.mean(S.expected(T4, "course_example"))) == 0.6923608807576933,
                   repr(float(np.mean(S.expected(T4, "course_example"))))))
    add(T4, "course_example", "channel means ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "course_example").mean(axis=(0, 1, 2)),
                           [1.5086006, -0.1743384, 2.68375965, -0.35835072, 2.76845058, -1.12789915, -0.41870826,
                            0.65737275]),
                   S.expected(T4, "course_example").mean(axis=(0, 1, 2)).tolist()))
    add(T4, "course_example", "channel maxs ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "course_example").max(axis=(0, 1, 2)),
                           [11.12355835, 23.48197533, 19.73741108, 10.69033276, 19.89262537, 9.97188609, 13.00689405,
                            12.78954327]),
                   S.expected(T4, "course_example").max(axis=(0, 1, 2)).tolist()))
    add(T4, "course_example", "result[3,:,:,2] ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "course_example")[3, :, :, 2],
                           [[4.54315363, 6.3188805, 9.48395578, 1.95844304],
                            [8.07643821, 9.59542022, 19.73741108, -1.3748106],
                            [3.36457258, 6.61941931, 9.9232075, 8.78183548]]),
                   S.expected(T4, "course_example")[3, :, :, 2].tolist()))
    add(T4, "course_bigger_case", "summary shape (10,52,26,64)",
        lambda S: (S.expected(T4, "course_bigger_case")["shape"] == [10, 52, 26, 64],
                   S.expected(T4, "course_bigger_case")["shape"]))
    add(T4, "course_bigger_case", "summary mean == 0.15105004696407845 exactly",
        lambda S: (S.expected(T4, "course_bigger_case")["summary"]["mean"] == 0.15105004696407845,
                   repr(S.expected(T4, "course_bigger_case")["summary"]["mean"])))
    add(T4, "course_bigger_case", "summary channel_mean[:8] ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "course_bigger_case")["summary"]["channel_mean"][:8],
                           [-0.00741596, 0.68182022, -1.36350957, 0.4179139, -0.14052165, -0.42126877, -1.89696316,
                            -1.16590733]),
                   S.expected(T4, "course_bigger_case")["summary"]["channel_mean"][:8]))
    add(T4, "course_bigger_case", "summary channel_max[:8] ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "course_bigger_case")["summary"]["channel_max"][:8],
                           [100.10024806, 114.62449138, 103.86979818, 110.91171259, 111.80926405, 128.22994548,
                            110.58970932, 106.95928374]),
                   S.expected(T4, "course_bigger_case")["summary"]["channel_max"][:8]))
    add(T4, "dlai_example", "np.mean(result) == 0.5511276474566768 exactly",
        lambda S: (float(np.mean(S.expected(T4, "dlai_example"))) == 0.5511276474566768,
                   repr(float(np.mean(S.expected(T4, "dlai_example"))))))
    add(T4, "dlai_example", "result[0,2,1] ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "dlai_example")[0, 2, 1],
                           [-2.17796037, 8.07171329, -0.5772704, 3.36286738, 4.48113645, -2.89198428, 10.99288867,
                            3.03171932]),
                   S.expected(T4, "dlai_example")[0, 2, 1].tolist()))
    add(T4, "dlai_v1_example", "np.mean(result) ~ 0.0489952035289 (13 d.p.)",
        lambda S: (abs(float(np.mean(S.expected(T4, "dlai_v1_example"))) - 0.0489952035289) <= 5e-14 + 1e-15,
                   repr(float(np.mean(S.expected(T4, "dlai_v1_example"))))))
    add(T4, "dlai_v1_example", "result[3,2,1] ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T4, "dlai_v1_example")[3, 2, 1],
                           [-0.61490741, -6.7439236, -2.55153897, 1.75698377, 3.56208902, 0.53036437, 5.18531798,
                            8.75898442]),
                   S.expected(T4, "dlai_v1_example")[3, 2, 1].tolist()))
    add(T4, "dlai_test_kernel_5_pad_6", "shape (2,13,15,8), np.isclose(mean, -0.5384027772160062)",
        lambda S: (_shape(S.expected(T4, "dlai_test_kernel_5_pad_6"), (2, 13, 15, 8))
                   and bool(np.isclose(np.mean(S.expected(T4, "dlai_test_kernel_5_pad_6")), -0.5384027772160062)),
                   (S.expected(T4, "dlai_test_kernel_5_pad_6").shape,
                    repr(float(np.mean(S.expected(T4, "dlai_test_kernel_5_pad_6")))))))
    add(T4, "dlai_test_pad_3_stride_1", "shape (2,9,11,8)",
        lambda S: (_shape(S.expected(T4, "dlai_test_pad_3_stride_1"), (2, 9, 11, 8)),
                   S.expected(T4, "dlai_test_pad_3_stride_1").shape))
    add(T4, "dlai_test_pad_0_stride_2", "shape (2,2,3,8)",
        lambda S: (_shape(S.expected(T4, "dlai_test_pad_0_stride_2"), (2, 2, 3, 8)),
                   S.expected(T4, "dlai_test_pad_0_stride_2").shape))

    # conv_backward: published to 11 decimals
    T5 = "conv_backward"
    for out, v in [("dA", 1.45243777754), ("dW", 1.72699145831), ("db", 7.83923256462)]:
        add(T5, "dlai_example", f"np.mean({out}) ~ {v} (11 d.p.)",
            lambda S, out=out, v=v: (abs(float(np.mean(S.expected(T5, "dlai_example", out))) - v) <= 5e-12 + 1e-14,
                                     repr(float(np.mean(S.expected(T5, "dlai_example", out))))))

    # create_mask_from_window
    T6 = "create_mask_from_window"
    add(T6, "dlai_example", "== [[True,False,False],[False,False,False]]",
        lambda S: (_eq(S.expected(T6, "dlai_example"), [[True, False, False], [False, False, False]]),
                   S.expected(T6, "dlai_example").tolist()))
    mask_test = np.zeros((3, 3), dtype=bool)
    mask_test[2, 1] = True
    add(T6, "dlai_test", "True only at (2,1)",
        lambda S: (_eq(S.expected(T6, "dlai_test"), mask_test), S.expected(T6, "dlai_test").tolist()))

    # distribute_value
    T7 = "distribute_value"
    add(T7, "dlai_example", "2x2 of 0.5",
        lambda S: (_eq(S.expected(T7, "dlai_example"), np.full((2, 2), 0.5)), S.expected(T7, "dlai_example").tolist()))
    add(T7, "dlai_test", "10x10 summing to 100",
        lambda S: (_shape(S.expected(T7, "dlai_test"), (10, 10))
                   and bool(np.isclose(S.expected(T7, "dlai_test").sum(), 100, rtol=0, atol=1e-12)),
                   float(S.expected(T7, "dlai_test").sum())))

    # pool_backward
    T8 = "pool_backward"
    add(T8, "dlai_example_max", "mean(inputs dZ) ~ 0.145713902729 (12 d.p.)",
        lambda S: (abs(float(np.mean(S.input(T8, "dlai_example_max", "dZ"))) - 0.145713902729) <= 5e-13 + 1e-15,
                   repr(float(np.mean(S.input(T8, "dlai_example_max", "dZ"))))))
    add(T8, "dlai_example_max", "result[1,1] ~ [[0,0],[5.05844394,-1.68282702],[0,0]]",
        lambda S: (_close8(S.expected(T8, "dlai_example_max")[1, 1], [[0, 0], [5.05844394, -1.68282702], [0, 0]]),
                   S.expected(T8, "dlai_example_max")[1, 1].tolist()))
    add(T8, "dlai_example_avg", "result[1,1] ~ published (8 d.p.)",
        lambda S: (_close8(S.expected(T8, "dlai_example_avg")[1, 1],
                           [[0.08485462, 0.2787552], [1.26461098, -0.25749373], [1.17975636, -0.53624893]]),
                   S.expected(T8, "dlai_example_avg")[1, 1].tolist()))
    return P


# --------------------------------------------------------------------------- #
# bit for bit: the course's own NumPy formulas
# --------------------------------------------------------------------------- #
def bit_exact_checks(store):
    """Yields (where, ok, detail) for every stored value that the course's
    NumPy code computes directly: np.mean(window) for average pooling,
    np.sum(slice * W) + b for a convolution step and for each output of
    conv_forward. The fixtures must equal these to the last bit, which is
    what makes them print exactly as the course's notebook does."""
    for (task, name), (case, inp, _) in sorted(store.cases.items()):
        if "generate" in case:
            continue  # the big cases: too slow for Python loops; covered by the summary checks
        params = case.get("params", {})
        if task == "pool_forward" and params.get("mode") == "avg":
            A, k = inp["A"], params["kernel_size"]
            stride = params.get("stride", k)
            Z = store.expected(task, name)
            want = np.array([[[[np.mean(A[s, h * stride:h * stride + k, w * stride:w * stride + k, c])
                                for c in range(Z.shape[3])] for w in range(Z.shape[2])]
                              for h in range(Z.shape[1])] for s in range(Z.shape[0])])
        elif task == "conv_single_step":
            b = float(np.asarray(inp["b"]).reshape(-1)[0])
            Z = np.asarray(store.expected(task, name))
            want = np.asarray(np.sum(inp["slice"] * inp["W"]) + b)
        elif task == "conv_forward":
            A, W, b = inp["A"], inp["W"], inp["b"]
            stride, pad = params.get("stride", 1), params.get("pad", 0)
            k = W.shape[0]
            A_pad = np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
            Z = store.expected(task, name)
            want = np.empty(Z.shape)
            for s in range(Z.shape[0]):
                for h in range(Z.shape[1]):
                    for w in range(Z.shape[2]):
                        window = A_pad[s, h * stride:h * stride + k, w * stride:w * stride + k, :]
                        for c in range(Z.shape[3]):
                            want[s, h, w, c] = np.sum(window * W[:, :, :, c]) + float(b[0, 0, 0, c])
        else:
            continue
        differ = int(np.sum(np.asarray(Z) != want))
        yield f"{task}/{name}", differ == 0, f"{differ} of {want.size} values differ in their bits"


# --------------------------------------------------------------------------- #
# driver
# --------------------------------------------------------------------------- #
def check_fixture_file(path, store, out=print):
    """Returns (n_pass, n_fail, n_malformed)."""
    n_pass = n_fail = n_bad = 0
    base = os.path.basename(path)
    try:
        with open(path) as fh:
            doc = json.load(fh)
        if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
            raise Malformed("a fixture needs a list of cases")
        task = doc.get("task")
        if task not in TASKS:
            raise Malformed(f"unknown task {task!r}")
        if base != f"{task}.json":
            raise Malformed(f"file name does not match task {task!r}")
    except (OSError, ValueError, Malformed) as e:
        out(f"MALFORMED {base}: {e}")
        return 0, 0, 1
    seen = set()
    for k, case in enumerate(doc["cases"]):
        name = case.get("name", f"#{k}") if isinstance(case, dict) else f"#{k}"
        where = f"{task}/{name}"
        try:
            if name in seen:
                raise Malformed(f"{where}: duplicate case name")
            seen.add(name)
            ok, notes, got, inp = check_case(task, case, where)
        except Malformed as e:
            out(f"MALFORMED {e}")
            n_bad += 1
            continue
        store.add(task, case, inp, got)
        out(f"{'PASS' if ok else 'FAIL'} {where}: {'; '.join(notes)}")
        if ok:
            n_pass += 1
        else:
            n_fail += 1
    return n_pass, n_fail, n_bad


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", required=True, help="folder of <task>.json fixtures")
    args = ap.parse_args(argv)
    t0 = time.time()
    files = sorted(glob.glob(os.path.join(args.fixtures, "*.json")))
    if not files:
        print(f"MALFORMED: no *.json fixtures in {args.fixtures}")
        return 2
    store = Store()
    n_pass = n_fail = n_bad = 0
    print(f"== cases vs the NumPy oracle (floats: allclose rtol={RTOL}, atol={ATOL}; ints/bools exact)")
    tasks_seen = set()
    for f in files:
        p, fl, b = check_fixture_file(f, store)
        n_pass, n_fail, n_bad = n_pass + p, n_fail + fl, n_bad + b
        tasks_seen.add(os.path.basename(f)[:-5])
    for t in sorted(set(TASKS) - tasks_seen):
        print(f"FAIL {t}: no fixture file {t}.json")
        n_fail += 1

    print("== published course numbers vs the fixtures' expected data")
    p_pass = p_fail = 0
    for task, case, what, fn in published_checks():
        try:
            ok, detail = fn(store)
            detail = f"fixture has {detail}"
        except KeyError as e:
            ok, detail = False, str(e.args[0])
        except (IndexError, ValueError, TypeError) as e:
            ok, detail = False, f"cannot evaluate: {e}"
        if ok:
            p_pass += 1
            print(f"PASS published {task}/{case}: {what}")
        else:
            p_fail += 1
            print(f"FAIL published {task}/{case}: {what}; {detail}")

    print("== bit for bit: np.mean / np.sum as the course's NumPy code computes them")
    b_pass = b_fail = 0
    for where, ok, detail in bit_exact_checks(store):
        if ok:
            b_pass += 1
            print(f"PASS exact {where}")
        else:
            b_fail += 1
            print(f"FAIL exact {where}: {detail}")

    print(f"== summary: cases {n_pass} passed, {n_fail} failed, {n_bad} malformed; "
          f"published numbers {p_pass} passed, {p_fail} failed; "
          f"bit-exact cases {b_pass} passed, {b_fail} failed; {time.time() - t0:.1f} s")
    if n_bad:
        return 2
    return 1 if (n_fail or p_fail or b_fail) else 0


if __name__ == "__main__":
    sys.exit(main())
