"""What the release tests share: a check prints its failure at once and
keeps it, so that one run reports every failure, and `finish` turns them
into the exit status."""

import sys

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, flush=True)
    return condition


def finish(name):
    if failures:
        print(f"\n{len(failures)} check(s) failed")
        sys.exit(1)
    print(f"\n{name}: all checks passed")
