#!/usr/bin/env python3
"""make student-release, end to end: the students' repository is written into
a temporary folder, built from scratch there with the same dependencies, and
graded, and nothing of the reference is in it.

    student_release_test.py REPO

Proves:
  * the release holds what students need (GitHub's .github/workflows/grade.yml,
    GitLab's .gitlab-ci.yml and the dev container, as they are in
    distribution/student/) and none of: reference/, hidden
    specs (fixtures/spec), grade-all, tests/, the demo class, the gradient check;
  * no line of the reference, its mutants or a full-marks solution is in any
    released file (checked here independently of the release script's own
    check), and no binary built in the release has a reference or mutant symbol;
  * it configures without grade-all's libraries and builds;
  * the stubs score 0 with every task not_implemented;
  * the reference solution copied in as student/assg_tasks.cpp scores full marks;
  * the release script refuses a release whose stubs hold reference code;
  * the release's manifest (written to RELEASE_MANIFESTS, a temporary folder
    here: never into the source tree) lists every released file but the
    student's own, each with its SHA-256, and a refused release writes none.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from release_checks import check, finish  # noqa: E402

REPO = Path(sys.argv[1]).resolve()


def run(args, cwd, **kwargs):
    print("$", " ".join(str(a) for a in args), f"(in {cwd})", flush=True)
    return subprocess.run(args, cwd=cwd, text=True, capture_output=True, **kwargs)


def normalized_lines(text):
    """Lines without their indentation, long enough to say something."""
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= 24}


def read(path):
    return path.read_text(encoding="utf-8", errors="replace")


def grade(release, results):
    """make test in the release; returns the results JSON."""
    done = run(["make", "test", f"RESULTS={results}"], cwd=release)
    print(done.stdout[-1500:], done.stderr[-1500:], flush=True)
    check(results.exists(), f"make test wrote no {results} (exit {done.returncode})")
    return json.loads(results.read_text()) if results.exists() else {"tasks": [], "total_points": -1}


with tempfile.TemporaryDirectory(prefix="assg-release-") as tmp:
    tmp = Path(tmp)
    release = tmp / "release"
    manifests = tmp / "manifests"
    release_env = dict(os.environ, RELEASE_MANIFESTS=str(manifests))
    done = run(["make", "student-release", f"OUT={release}"], cwd=REPO, env=release_env)
    print(done.stdout, done.stderr)
    check(done.returncode == 0, f"make student-release failed with {done.returncode}")

    # Its manifest: every released file but the student's own, with its SHA-256.
    written = sorted(manifests.glob("*.json")) if manifests.is_dir() else []
    if check(len(written) == 1, f"{manifests} holds {len(written)} manifests, expected the release's one"):
        manifest = json.loads(written[0].read_text())
        check(written[0].name == manifest.get("release", "") + ".json",
              f"the manifest {written[0].name} is not named after its release {manifest.get('release')!r}")
        released = {str(p.relative_to(release)): hashlib.sha256(p.read_bytes()).hexdigest()
                    for p in release.rglob("*") if p.is_file() and ".git" not in p.relative_to(release).parts}
        released.pop("student/assg_tasks.cpp", None)
        check(manifest.get("files") == released,
              f"the manifest's files differ from the release's: "
              f"{sorted(set(manifest.get('files', {}).items()) ^ set(released.items()))[:5]}")

    files = sorted(str(p.relative_to(release)) for p in release.rglob("*") if p.is_file() and ".git" not in p.parts)
    print(f"{len(files)} files released")

    # What students need is there.
    for needed in ["README.md", "Makefile", "CMakeLists.txt", ".ci/install-deps.sh", ".github/workflows/grade.yml",
                   ".gitlab-ci.yml", ".devcontainer/devcontainer.json",
                   "student/assg_tasks.hpp", "student/assg_tasks.cpp", "grader/rubric.json",
                   "grader/grade_solution.sh", "fixtures/conv_forward.json", "fixtures/mistakes/conv_forward.json"]:
        check(needed in files, f"the release lacks {needed}")
    # What they must not have is not.
    for name in files:
        for forbidden in ["reference/", "fixtures/spec", "grade_all", "tests/", "demo_class", "gradient_check",
                          "distribution/", "docs/"]:
            check(not name.startswith(forbidden) and f"/{forbidden}" not in f"/{name}",
                  f"the release holds {name} ({forbidden})")
    check(not (release / ".github/workflows/classroom.yml").exists(), "the release still has the Classroom workflow")
    for released_as, source in [(".github/workflows/grade.yml", "distribution/student/grade.yml"),
                                (".gitlab-ci.yml", "distribution/student/gitlab-ci.yml"),
                                (".devcontainer/devcontainer.json", "distribution/student/devcontainer.json")]:
        check((release / released_as).is_file() and (release / released_as).read_bytes() == (REPO / source).read_bytes(),
              f"the release's {released_as} is not {source} as it is")
    makefile = read(release / "Makefile")
    for target in ["grade-all:", "check:", "fixtures:", "bench:", "student-release:", "gradescope:"]:
        check(f"\n{target}" not in makefile, f"the release's Makefile still has the instructor's target {target}")
    check("#>instructor" not in makefile, "the release's Makefile still has an instructor block")
    readme = read(release / "README.md")
    check("make test" in readme and "student/assg_tasks.cpp" in readme, "the release's README is not the student guide")
    check("grade-all" not in readme, "the release's README talks about grade-all")

    # No reference code: every line of the reference, its mutants and the
    # full-marks solutions, except the lines instructor files that ship share
    # with them (as they are in the instructor's repository, compared here
    # with the release's copies) and the stubs' function heads.
    secret = set()
    secret_sources = list((REPO / "reference").rglob("*.[ch]pp")) + list((REPO / "tests" / "solutions").glob("*full_marks*.cpp"))
    for path in secret_sources:
        secret |= normalized_lines(read(path))
    shipped = set()
    for name in files:
        if name.endswith((".cpp", ".hpp")) and name != "student/assg_tasks.cpp":
            shipped |= normalized_lines(read(REPO / name))
    stub_heads = {line for line in normalized_lines(read(release / "student" / "assg_tasks.cpp")) if ";" not in line}
    secret -= shipped | stub_heads
    check(len(secret) > 300, f"only {len(secret)} reference lines to look for: the check would prove little")
    for name in files:
        leaked = normalized_lines(read(release / name)) & secret
        check(not leaked, f"{name} holds reference code, e.g. {sorted(leaked)[:2]}")

    # Stubs: 0 points, every task not_implemented.
    results = grade(release, tmp / "stubs.json")
    check(results["total_points"] == 0, f"the stubs score {results['total_points']}, not 0")
    check(len(results["tasks"]) == 9, f"{len(results['tasks'])} tasks graded, not 9")
    for task in results["tasks"]:
        check(task["status"] == "not_implemented", f"stub task {task['id']} is {task['status']}, not not_implemented")

    # Same dependencies as the instructor's build, without grade-all's.
    cache = read(release / "build" / "CMakeCache.txt")
    check("LibArchive" not in cache and "OPENSSL" not in cache.upper(),
          "the release's configure looked for grade-all's libraries (libarchive, OpenSSL)")
    for package in ["Eigen3_DIR", "GTest_DIR", "fmt_DIR", "nlohmann_json_DIR", "CLI11_DIR"]:
        check(package in cache, f"the release did not find {package} through find_package")

    # The release compiles its grading side as the two jumbo libraries
    # (cmake/JumboBuild.cmake), and results-export, built from them as a
    # student's CI builds it, still carries no GoogleTest, libseccomp or
    # platform layer (the check the instructor's build passes, on this build).
    check("ASSG_JUMBO_BUILD:BOOL=ON" in cache, "the release was not configured as a jumbo build")
    build = release / "build"
    check((build / "grader" / "libassg_grading_side.a").is_file() and not (build / "grader" / "libassg_harness.a").exists(),
          "make test in the release built the harness's own library, not the jumbo grading side")
    done = run(["cmake", "--build", "build", "--target", "results-export"], cwd=release)
    check(done.returncode == 0, f"results-export does not build in the release: {done.stdout[-800:]}")
    check(not (build / "grader" / "libassg_common.a").exists(), "results-export built the layer libraries, not the model side")
    done = run(["bash", str(REPO / "tests" / "e2e" / "model" / "results_export_links_only_the_model.sh"),
                str(build / "bin" / "results-export"), str(build / "bin" / "grader")], cwd=release)
    check(done.returncode == 0, f"the release's results-export links more than the model side:\n{done.stdout[-1200:]}")

    # No binary built in the release has reference or mutant code.
    binaries = [p for p in (release / "build").rglob("*")
                if p.is_file() and (p.suffix in (".a", ".o") or (p.parent.name == "bin" and os.access(p, os.X_OK)))]
    check(len(binaries) >= 5, f"only {len(binaries)} binaries found in the release's build")
    symbol = re.compile(r"assg::reference::|assg::mutants::|reference_in_namespace|assg_tasks_reference")
    for binary in binaries:
        symbols = run(["nm", "-C", "--defined-only", str(binary)], cwd=tmp).stdout
        hits = [line for line in symbols.splitlines() if symbol.search(line)]
        check(not hits, f"{binary.relative_to(release)} has reference symbols: {hits[:3]}")
        content = binary.read_bytes()
        check(b"assg_tasks_reference" not in content and b"reference/mutants" not in content,
              f"{binary.relative_to(release)} names a reference source file")

    # The reference as the student's file: full marks.
    shutil.copy(REPO / "reference" / "assg_tasks_reference.cpp", release / "student" / "assg_tasks.cpp")
    results = grade(release, tmp / "reference.json")
    check(results["total_points"] == results.get("max_points") == 100,
          f"the reference scores {results['total_points']}/{results.get('max_points')} in the release, not 100/100")
    for task in results["tasks"]:
        check(task["status"] == "passed", f"reference task {task['id']} is {task['status']}")

    # The script's own guard: a release whose stubs hold reference code is
    # refused (in a copy of the repository's tracked files: other tests use
    # the real student/assg_tasks.cpp).
    copy = tmp / "repo"
    tracked = run(["git", "ls-files", "-z"], cwd=REPO).stdout.split("\0")
    for name in filter(None, tracked):
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    shutil.copy(REPO / "reference" / "assg_tasks_reference.cpp", copy / "student" / "assg_tasks.cpp")
    leaky_manifests = tmp / "leaky-manifests"
    done = run([str(copy / "distribution" / "student_release.sh"), str(tmp / "leaky")], cwd=copy,
               env=dict(os.environ, RELEASE_MANIFESTS=str(leaky_manifests)))
    check(done.returncode == 2, f"a release whose stubs are the reference was written (exit {done.returncode})")
    check(not leaky_manifests.exists() or not any(leaky_manifests.iterdir()), "a refused release wrote a manifest")
    check("reference code found" in done.stderr and "student/assg_tasks.cpp" in done.stderr,
          f"the refusal does not say why and where: {done.stderr[-400:]}")

finish("student release")
