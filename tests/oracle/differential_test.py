#!/usr/bin/python3
"""Differential test: the C++ make-fixtures tool against the NumPy oracle.

    /usr/bin/python3 tests/oracle/differential_test.py \
        --make-fixtures build/bin/make-fixtures [--cases 300] [--seed 2024] [--keep DIR]

Generates --cases random specs PER TASK (reproducible from --seed), writes one
spec file per task, runs `make-fixtures --spec SPEC --out OUT`, and checks every
case of OUT:
  * the inputs the C++ tool wrote must equal, bit for bit, the inputs drawn
    here with numpy.random.RandomState(seed) (this tests the C++ port of
    RandomState: randn's cached Gaussian, randint's masked rejection sampling,
    zero-width randint ranges, discarded "_" draws, "value" draws);
    for conv_backward without a dZ draw, dZ = oracle conv_forward (allclose);
  * the expected outputs must match the oracle computed on OUR inputs
    (ints/bools exact, floats allclose rtol=atol=1e-12, as check_fixtures.py).
Exit status 0 all agree, 1 any disagreement (named by task, case and spec),
2 the tool cannot be run.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.dont_write_bytecode = True      # keep tests/oracle free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_cnn as cnn  # noqa: E402
import check_fixtures as cf  # noqa: E402


# --------------------------------------------------------------------------- #
# random spec generation (decisions come from a RandomState seeded by --seed)
# --------------------------------------------------------------------------- #
class Gen:
    def __init__(self, seed, wide_ints=True):
        self.r = np.random.RandomState(seed)
        # randint ranges up to 2**31 exercise RandomState's masked rejection
        # sampling, but only tasks with exact arithmetic (padding, max, masks,
        # sums of a few ints) get them: in the convolutions such magnitudes
        # make sums ill-conditioned, and two correct summation orders then
        # differ by more than 1e-12 relative (see README.md).
        self.wide_ints = wide_ints

    def int(self, lo, hi):          # inclusive
        return int(self.r.randint(lo, hi + 1))

    def chance(self, p):
        return bool(self.r.rand() < p)

    def choice(self, seq):
        return seq[int(self.r.randint(len(seq)))]

    def seed(self):
        return self.choice([self.int(0, 100), self.int(0, 2 ** 16), self.int(0, 2 ** 32 - 1), 0, 2 ** 32 - 1])

    # one draw producing a tensor of `shape`
    def draw(self, name, shape, ties=False):
        shape = [int(d) for d in shape]
        u = self.r.rand()
        if ties or u < 0.22:
            if self.wide_ints:
                lo = self.choice([-5, -3, 0, -100, -(2 ** 20), 7])
                width = self.choice([1, 2, 3, 7, 200, 256, 2 ** 20, 2 ** 31])
            else:
                lo = self.choice([-5, -3, 0, -100, 7])
                width = self.choice([1, 2, 3, 7, 200, 256])
            if ties:
                width = self.choice([1, 2, 3, 4])
            return {"name": name, "randint": {"low": lo, "high": lo + width, "shape": shape}}
        if u < 0.30:
            n = int(np.prod(shape))
            if self.chance(0.5):
                data = [self.int(-9, 9) for _ in range(n)]
            else:
                data = [float(x) for x in np.round(self.r.randn(n) * 3, self.int(0, 17))]
            return {"name": name, "value": {"shape": shape, "data": data}}
        return {"name": name, "randn": shape}

    def junk(self, k):
        """A discarded draw of random size and kind (odd sizes shift randn's
        cached second Gaussian).  Names are unique within a case."""
        shape = [self.int(1, 5) for _ in range(self.int(1, 3))]
        if self.chance(0.5):
            return {"name": "_skip%d" % k, "randn": shape}
        return self.draw("_skip%d" % k, shape)

    def draws(self, named, ties=()):
        """named: [(name, shape)] -> shuffled draws with discarded extras."""
        out = [self.draw(n, s, ties=(n in ties and self.chance(0.5))) for n, s in named]
        order = self.r.permutation(len(out))
        out = [out[i] for i in order]
        for k in range(self.choice([0, 0, 1, 2])):
            out.insert(self.int(0, len(out)), self.junk(k))
        return out

    def geometry(self, pad_max=3, allow_pad=True):
        """(H, W, k, stride, pad) with the kernel fitting the padded input."""
        p = self.int(0, pad_max) if allow_pad else 0
        shape_kind = self.r.rand()
        if shape_kind < 0.15:                         # kernel equal to (padded) input
            n = self.int(1, 6)
            H = W = n
            k = n + 2 * p
        else:
            H, W = self.int(1, 9), self.int(1, 9)
            if shape_kind < 0.35:
                W = H                                 # square
            k = min(self.int(1, min(H, W) + 2 * p), 7)
        s = self.int(1, 3)
        return H, W, k, s, p


def _mc(g):
    if g.chance(0.2):
        return 1, 1
    return g.int(1, 3), g.int(1, 4)


def gen_calc(g, i):
    p = g.int(0, 3)
    if g.chance(0.2):
        H, W = g.int(100, 1100), g.int(100, 1100)
    else:
        H, W = g.int(1, 30), g.int(1, 30)
    k = g.int(1, min(H, W) + 2 * p)
    return {"params": {"height": H, "width": W, "kernel_size": k, "stride": g.int(1, 5), "pad": p}}


def _pool_params(g, k, s):
    params = {"kernel_size": k}
    if s != k or g.chance(0.5):
        params["stride"] = s
    if g.chance(0.8):
        params["mode"] = g.choice(["max", "avg"])
    return params


def gen_pool_forward(g, i):
    m, c = _mc(g)
    H, W, k, s, _ = g.geometry(allow_pad=False)
    if g.chance(0.15):
        s = k                                         # exercise the default stride
    params = _pool_params(g, k, s)
    return {"seed": g.seed(), "draws": g.draws([("A", [m, H, W, c])], ties=("A",)), "params": params}


def gen_zero_pad(g, i):
    m, c = _mc(g)
    H, W = g.int(1, 6), g.int(1, 6)
    params = {} if g.chance(0.2) else {"pad": g.int(0, 3)}
    return {"seed": g.seed(), "draws": g.draws([("X", [m, H, W, c])]), "params": params}


def gen_single(g, i):
    k, c = g.int(1, 5), g.int(1, 6)
    return {"seed": g.seed(), "draws": g.draws([("slice", [k, k, c]), ("W", [k, k, c]), ("b", [1, 1, 1])]),
            "params": {}}


def _conv_named(g):
    m, c = _mc(g)
    c_prev = 1 if (c == 1 and m == 1) else g.int(1, 4)
    H, W, k, s, p = g.geometry()
    return m, c_prev, c, H, W, k, s, p


def gen_conv_forward(g, i):
    m, c_prev, c, H, W, k, s, p = _conv_named(g)
    params = {}
    if s != 1 or g.chance(0.7):
        params["stride"] = s
    if p != 0 or g.chance(0.7):
        params["pad"] = p
    return {"seed": g.seed(),
            "draws": g.draws([("A", [m, H, W, c_prev]), ("W", [k, k, c_prev, c]), ("b", [1, 1, 1, c])]),
            "params": params}


def gen_conv_backward(g, i):
    m, c_prev, c, H, W, k, s, p = _conv_named(g)
    named = [("A", [m, H, W, c_prev]), ("W", [k, k, c_prev, c]), ("b", [1, 1, 1, c])]
    if g.chance(0.6):
        nh, nw = cnn.calc_new_height_width(H, W, k, s, p)
        named.append(("dZ", [m, nh, nw, c]))
    return {"seed": g.seed(), "draws": g.draws(named), "params": {"stride": s, "pad": p}}


def gen_mask(g, i):
    return {"seed": g.seed(), "draws": g.draws([("x", [g.int(1, 5), g.int(1, 5)])], ties=("x",)), "params": {}}


def gen_distribute(g, i):
    u = g.r.rand()
    if u < 0.3:
        dz = g.int(-50, 50)
    elif u < 0.4:
        dz = 0
    else:
        dz = float(g.r.randn() * 10 ** g.int(-3, 3))
    return {"params": {"dz": dz, "n_h": g.int(1, 7), "n_w": g.int(1, 7)}}


def gen_pool_backward(g, i):
    m, c = _mc(g)
    H, W, k, s, _ = g.geometry(allow_pad=False)
    if g.chance(0.15):
        s = k
    params = _pool_params(g, k, s)
    nh, nw = cnn.calc_new_height_width(H, W, k, s, 0)
    return {"seed": g.seed(), "draws": g.draws([("A", [m, H, W, c]), ("dZ", [m, nh, nw, c])], ties=("A",)),
            "params": params}


GENERATORS = {
    "calc_new_height_width": gen_calc,
    "pool_forward": gen_pool_forward,
    "zero_pad": gen_zero_pad,
    "conv_single_step": gen_single,
    "conv_forward": gen_conv_forward,
    "conv_backward": gen_conv_backward,
    "create_mask_from_window": gen_mask,
    "distribute_value": gen_distribute,
    "pool_backward": gen_pool_backward,
}
assert set(GENERATORS) == set(cf.TASKS)


def make_spec(task, n_cases, seed):
    # one independent generator per task, so a task's cases depend only on
    # (--seed, task, --cases)
    task_seed = (seed * 1000003 + sorted(GENERATORS).index(task) * 7919) % (2 ** 32)
    g = Gen(task_seed, wide_ints=task not in ("conv_single_step", "conv_forward", "conv_backward"))
    cases = []
    for i in range(n_cases):
        body = GENERATORS[task](g, i)
        cases.append(dict({"name": f"case_{i}"}, **body))
    return {"task": task, "cases": cases}


# --------------------------------------------------------------------------- #
# checking one fixture case
# --------------------------------------------------------------------------- #
def our_inputs(task, spec_case):
    if "draws" not in spec_case:
        return {}
    inp = cf.draw_inputs(spec_case["seed"], spec_case["draws"], "spec")
    if task == "conv_backward" and "dZ" not in inp:
        p = spec_case["params"]
        inp["dZ"] = cnn.conv_forward(inp["A"], inp["W"], inp["b"], p["stride"], p["pad"])
    return inp


def check_inputs(task, spec_case, fx_case, ours):
    """The C++ tool's recorded inputs against ours.  Returns a list of problems."""
    problems = []
    if "generate" in fx_case:
        want = {"seed": spec_case["seed"], "draws": spec_case["draws"]}
        if fx_case["generate"] != want:
            problems.append("fixture 'generate' block differs from the spec's seed/draws")
        return problems
    raw = fx_case.get("inputs", {})
    if set(raw) != set(ours):
        return [f"fixture inputs {sorted(raw)} but expected {sorted(ours)}"]
    for name, arr in ours.items():
        got, _ = cf.load_tensor(raw[name], f"input {name}")
        if got.shape != arr.shape:
            problems.append(f"input {name}: shape {list(got.shape)}, numpy draws {list(arr.shape)}")
            continue
        computed = task == "conv_backward" and name == "dZ" and not any(d["name"] == "dZ"
                                                                        for d in spec_case["draws"])
        if computed:
            if not np.allclose(got, arr, rtol=cf.RTOL, atol=cf.ATOL):
                i, gv, ev, err = cf._worst(got, arr)
                problems.append(f"input dZ (= conv_forward): at {cf._fmt_idx(i, arr.shape)} C++ {gv!r} "
                                f"oracle {ev!r} |diff| {err:.3g}")
        else:
            bad = np.flatnonzero(got.ravel() != arr.ravel())
            if bad.size:
                i = int(bad[0])
                problems.append(f"input {name}: {bad.size} of {arr.size} values differ from "
                                f"numpy.random.RandomState({spec_case['seed']}); first at "
                                f"{cf._fmt_idx(i, arr.shape)}: C++ {got.ravel()[i]!r} numpy {arr.ravel()[i]!r}")
    return problems


def check_task(task, spec, out_doc, spec_path):
    """Returns (n_ok, [failure messages])."""
    failures = []
    if not isinstance(out_doc, dict) or out_doc.get("task") != task or not isinstance(out_doc.get("cases"), list):
        return 0, [f"{task}: output of make-fixtures is not a {task} fixture"]
    by_name = {}
    for c in out_doc["cases"]:
        by_name[c.get("name")] = c
    n_ok = 0
    for sc in spec["cases"]:
        name = sc["name"]
        head = f"MISMATCH task {task}, case {name} (spec {spec_path}):\n    spec case: {json.dumps(sc)}"
        fx = by_name.get(name)
        if fx is None:
            failures.append(f"{head}\n    the fixture has no such case")
            continue
        try:
            ours = our_inputs(task, sc)
            problems = check_inputs(task, sc, fx, ours)
            params = cf.case_params(task, fx, f"{task}/{name}")
            if params != sc["params"]:
                problems.append(f"fixture params {params} differ from the spec's {sc['params']}")
            if task == "conv_backward" and "dZ" not in {d["name"] for d in sc["draws"]} and not problems \
                    and "inputs" in fx:
                # dZ = conv_forward(...) was computed by the C++ tool; it was
                # just checked (allclose) against the oracle's conv_forward.
                # Run the oracle's backward on the C++ dZ itself, so that the
                # forward pass's rounding is not amplified into the backward
                # comparison (a chain of two sums is ill-conditioned).
                ours = dict(ours, dZ=cf.load_tensor(fx["inputs"]["dZ"], "input dZ")[0])
            expected = fx.get("expected")
            exp_names = cf.TASKS[task][2]
            if not isinstance(expected, dict) or set(expected) != set(exp_names):
                problems.append(f"expected must hold {list(exp_names)}")
            else:
                got = cf.TASKS[task][3](ours, sc["params"])
                for out in exp_names:
                    ok, note = cf.compare_value(out, got[out], expected[out], f"{task}/{name}")
                    if not ok:
                        problems.append(note)
        except cf.Malformed as e:
            problems = [f"malformed: {e}"]
        if problems:
            failures.append(head + "".join(f"\n    {p}" for p in problems))
        else:
            n_ok += 1
    extra = set(by_name) - {sc["name"] for sc in spec["cases"]}
    if extra:
        failures.append(f"MISMATCH task {task}: fixture has cases not in the spec {sorted(extra)[:5]}")
    return n_ok, failures


# --------------------------------------------------------------------------- #
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--make-fixtures", required=True, help="path to the C++ make-fixtures binary")
    ap.add_argument("--cases", type=int, default=300, help="random cases per task (default 300)")
    ap.add_argument("--seed", type=int, default=2024, help="seed of the spec generator (default 2024)")
    ap.add_argument("--keep", metavar="DIR", help="write specs and outputs here and keep them")
    ap.add_argument("--max-report", type=int, default=5, help="failures printed per task (default 5)")
    args = ap.parse_args(argv)

    t0 = time.time()
    if args.keep:
        work = os.path.abspath(args.keep)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="cnn_differential_")
    total_ok = total_bad = 0
    all_fail = []
    for task in sorted(GENERATORS):
        spec = make_spec(task, args.cases, args.seed)
        spec_path = os.path.join(work, f"spec_{task}.json")
        out_path = os.path.join(work, f"out_{task}.json")
        with open(spec_path, "w") as fh:
            json.dump(spec, fh)
        t1 = time.time()
        try:
            proc = subprocess.run([args.make_fixtures, "--spec", spec_path, "--out", out_path],
                                  capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as e:
            print(f"ERROR cannot run {args.make_fixtures}: {e}")
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            return 2
        t_cpp = time.time() - t1
        if proc.returncode != 0:
            msg = (f"MISMATCH task {task}: make-fixtures exited {proc.returncode} on spec {spec_path}\n"
                   f"    stderr: {proc.stderr.strip()[:2000]}")
            print(msg)
            all_fail.append(msg)
            total_bad += len(spec["cases"])
            continue
        try:
            with open(out_path) as fh:
                out_doc = json.load(fh)
        except (OSError, ValueError) as e:
            msg = f"MISMATCH task {task}: make-fixtures wrote no readable fixture for spec {spec_path}: {e}"
            print(msg)
            all_fail.append(msg)
            total_bad += len(spec["cases"])
            continue
        n_ok, failures = check_task(task, spec, out_doc, spec_path)
        total_ok += n_ok
        total_bad += len(failures)
        status = "PASS" if not failures else "FAIL"
        print(f"{status} {task}: {n_ok}/{len(spec['cases'])} cases agree "
              f"(C++ {t_cpp:.2f} s, total {time.time() - t1:.2f} s)")
        for f in failures[:args.max_report]:
            print(f)
        if len(failures) > args.max_report:
            print(f"    ... and {len(failures) - args.max_report} more failures in {task}")
        all_fail.extend(failures)

    keep = bool(args.keep) or bool(all_fail)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"== summary: {total_ok} cases agree, {total_bad} disagree; --seed {args.seed} --cases {args.cases}; "
          f"{time.time() - t0:.1f} s" + (f"; specs and outputs kept in {work}" if keep else ""))
    return 1 if all_fail else 0


if __name__ == "__main__":
    sys.exit(main())
