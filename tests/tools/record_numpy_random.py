#!/usr/bin/env python3
"""Record NumPy's legacy random stream and np.sum results as test vectors.

Run with Debian's python3-numpy:
    /usr/bin/python3 tests/tools/record_numpy_random.py > tests/data/numpy_random_vectors.json
tests/unit/numpy_random_test.cpp replays every call and requires bit-identical
values. Streams mix randn and randint so that the cached second Gaussian and
the 32/64-bit randint paths are all exercised. tests/unit/numpy_summation_test.cpp
re-draws each "sums" array (np.random.RandomState(seed).randn(n)) and requires
np.sum's exact result, which depends on NumPy's order of additions.
"""
import json
import sys

import numpy as np

# Each stream: a seed and a list of calls, replayed in order on one RandomState.
STREAMS = [
    (0, [("randn", [5]), ("randint", -5, 5, [7])]),
    (1, [("randn", [4, 4, 3]), ("randn", [4, 4, 3]), ("randn", [1, 1, 1])]),
    (1, [("randint", -5, 5, [3, 4, 4, 4])]),
    (1, [("randint", 0, 256, [4, 3, 3, 3])]),
    (1, [("randn", [2, 3])]),
    # Odd counts leave a cached Gaussian behind; randint must not disturb it.
    (2, [("randn", [3]), ("randint", 0, 10, [4]), ("randn", [3]), ("randn", []),
         ("randint", -100, 100, [5, 3])]),
    # One-value range draws nothing from the stream.
    (3, [("randint", 7, 8, [4]), ("randn", [2]), ("randint", 0, 1, [2]), ("randint", 0, 2, [9])]),
    # Ranges at and beyond 32 bits use different code paths.
    (4, [("randint", 0, 2**32, [6]), ("randint", -2**40, 2**40, [6]),
         ("randint", 0, 2**32 + 1, [6]), ("randint", -2**63, 2**63 - 1, [4]),
         ("randint", 0, 2**31, [6])]),
    (42, [("randn", [1000])]),
    (2**32 - 1, [("randn", [17]), ("randint", -3, 1000003, [17])]),
    (123456789, [("randint", -128, 127, [64]), ("randn", [63]), ("randint", 1, 6, [10])]),
]


def record():
    streams = []
    for seed, calls in STREAMS:
        state = np.random.RandomState(seed)
        recorded = []
        for call in calls:
            if call[0] == "randn":
                shape = call[1]
                values = np.asarray(state.randn(*shape)).ravel()
                recorded.append({"randn": shape, "values": [float(v) for v in values]})
            else:
                _, low, high, shape = call
                values = np.asarray(state.randint(low, high, size=tuple(shape))).ravel()
                recorded.append({"randint": {"low": low, "high": high, "shape": shape},
                                 "values": [int(v) for v in values]})
        streams.append({"seed": seed, "calls": recorded})
    sums = []
    for seed, n in [(0, 1), (1, 7), (2, 8), (3, 9), (4, 48), (5, 127), (6, 128), (7, 129), (8, 1000),
                    (9, 8192), (10, 8193), (11, 20000), (12, 100000)]:
        values = np.random.RandomState(seed).randn(n)
        sums.append({"seed": seed, "randn": n, "sum": float(np.sum(values)),
                     "sum_of_squares": float(np.sum(values * values))})
    return {
        "generator": "numpy.random.RandomState (legacy: seed, randn, randint)",
        "numpy_version": np.__version__,
        "recorded_by": "tests/tools/record_numpy_random.py",
        "streams": streams,
        "sums": sums,
    }


if __name__ == "__main__":
    json.dump(record(), sys.stdout, indent=1)
    sys.stdout.write("\n")
