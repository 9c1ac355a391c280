"""Shared helpers of grade-all's end-to-end tests (tests/e2e/grade_all/*.py).

Every test is run by CTest as
    python3 TEST.py GRADE_ALL_BINARY SOURCE_DIR
and works in its own temporary folder (removed at the end; set
GRADE_ALL_E2E_KEEP=1 to keep it for a look). Checks are collected: a test
reports every failed check, then exits 1; 77 means skipped; 0 passed.
Standard library only.
"""

import atexit
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SKIP = 77

# The entries of demo_class/ that grade quickly (fay alone takes ~25 s:
# her six cases each run into the 3 s time limit).
QUICK_CLASS = ["ada", "ben", "cara", "dev", "eli", "gus", "hana.zip", "ivan.tar.gz", "jade", "kim", "leo", "mia"]


def student_name(entry):
    for suffix in (".tar.gz", ".tgz", ".zip"):
        if entry.endswith(suffix):
            return entry[: -len(suffix)]
    return entry


class Test:
    def __init__(self, title):
        if len(sys.argv) != 3:
            sys.exit(f"usage: {sys.argv[0]} GRADE_ALL_BINARY SOURCE_DIR")
        self.title = title
        self.grade_all = str(Path(sys.argv[1]).resolve())
        self.source = Path(sys.argv[2]).resolve()
        self.demo = self.source / "demo_class"
        self.tmp = Path(tempfile.mkdtemp(prefix="grade-all-e2e."))
        self.failures = []
        self.started = time.monotonic()
        if not os.access(self.grade_all, os.X_OK):
            self.fatal(f"{self.grade_all}: not an executable (build it: cmake --build build)")
        atexit.register(self._cleanup)
        print(f"== {title}\n   work folder: {self.tmp}", flush=True)

    def _cleanup(self):
        if os.environ.get("GRADE_ALL_E2E_KEEP"):
            print(f"   kept {self.tmp} (GRADE_ALL_E2E_KEEP)")
            return
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- outcomes -------------------------------------------------------
    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
            print(f"FAIL: {message}", flush=True)
        return bool(condition)

    def fatal(self, message):
        print(f"FAIL (cannot go on): {message}", flush=True)
        self.failures.append(message)
        self.finish()

    def skip(self, message):
        print(f"SKIPPED: {message}", flush=True)
        sys.exit(SKIP)

    def finish(self):
        seconds = time.monotonic() - self.started
        if self.failures:
            print(f"\n{self.title}: {len(self.failures)} check(s) failed ({seconds:.1f} s):")
            for failure in self.failures:
                print(f"  - {failure}")
            sys.exit(1)
        print(f"\n{self.title}: passed ({seconds:.1f} s)")
        sys.exit(0)

    # -- running grade-all ----------------------------------------------
    def run(self, *arguments, expect=0, timeout=900, log=True):
        """Runs grade-all; returns (exit status, stdout+stderr). Fatal when
        the exit status is not `expect` (None: any)."""
        command = [self.grade_all, *[str(a) for a in arguments]]
        if log and "merge" not in command:
            command[1:1] = ["--progress", "log"]
        started = time.monotonic()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                              text=True, errors="replace")
        print(f"$ {' '.join(command)}\n{done.stdout}-> exit {done.returncode} in {time.monotonic() - started:.1f} s\n",
              flush=True)
        if expect is not None and done.returncode != expect:
            self.fatal(f"grade-all {' '.join(command[1:])}: exit status {done.returncode}, expected {expect}")
        return done.returncode, done.stdout

    # -- classes ----------------------------------------------------------
    def make_class(self, name, entries=(), renamed=None):
        """A submissions folder holding copies of demo_class entries;
        `renamed` maps a new entry name to the demo entry it copies."""
        folder = self.tmp / name
        folder.mkdir(parents=True)
        items = [(entry, entry) for entry in entries] + list((renamed or {}).items())
        for new, original in items:
            source = self.demo / original
            if source.is_dir():
                shutil.copytree(source, folder / new, symlinks=True)
            else:
                shutil.copy2(source, folder / new)
        return folder


def drop_bias(test, cpp):
    """Plants the mistake of forgetting conv_single_step's bias in a student's
    file (a copy of ada's here): task 2.2 and task 2.3, which reuses it, lose their points."""
    source = cpp.read_text()
    test.check("  return Z + b;\n" in source, f"{cpp}: conv_single_step no longer ends with 'return Z + b;': update this test")
    cpp.write_text(source.replace("  return Z + b;\n", "  return Z;  // forgot the bias\n", 1))


def append_comment(cpp, comment):
    with open(cpp, "a") as file:
        file.write(f"\n// {comment}\n")


def load_json(path):
    with open(path) as file:
        return json.load(file)


def read_csv(path):
    with open(path, newline="") as file:
        return list(csv.reader(file))


def parse_csv_text(text):
    return list(csv.reader(io.StringIO(text)))


def without_keys(value, keys):
    """`value` with every dict key in `keys` removed, at any depth."""
    if isinstance(value, dict):
        return {k: without_keys(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without_keys(v, keys) for v in value]
    return value


def student_folders(out):
    """The student folders of a grade-all output (those with grading.json)."""
    return sorted(p.name for p in Path(out).iterdir() if p.is_dir() and (p / "grading.json").is_file())


def tests_of(results, visibility=None):
    """(task id, test) for every test of a results.json."""
    return [(task["id"], test) for task in results.get("tasks", []) for test in task.get("tests", [])
            if visibility is None or test.get("visibility") == visibility]


def log_lines(output, marker):
    return [line for line in output.splitlines() if marker in line]


def finished_line(output, student):
    """The progress line of `student` ("grade-all: [i/n] student: ..."), or ''."""
    for line in output.splitlines():
        if "] " in line and line.split("] ", 1)[1].startswith(student + ": "):
            return line
    return ""


def rendered_dom(test, page):
    """The page's DOM after its scripts ran, from headless Chromium (offline,
    a private profile); skips the test when Chromium is not installed."""
    chromium = next((c for c in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or "")
                     if c and os.access(c, os.X_OK)), None)
    if chromium is None:
        test.skip("chromium is not installed")
    profile = test.tmp / "chromium-profile"
    done = subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--no-first-run", "--disable-extensions", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                           "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=5000", "--dump-dom",
                           f"file://{Path(page).resolve()}"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace", timeout=180)
    shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0:
        test.fatal(f"chromium --dump-dom {page}: exit status {done.returncode}")
    return done.stdout
