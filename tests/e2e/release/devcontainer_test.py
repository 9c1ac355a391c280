#!/usr/bin/env python3
"""The student release's dev container (GitHub Codespaces, VS Code Dev
Containers): its .devcontainer/devcontainer.json is valid and its setup
command really runs the release's own installer, as root and as a user with
sudo (Codespaces' `vscode`).

    devcontainer_test.py REPO

A student release is written into a temporary folder (its manifest too:
RELEASE_MANIFESTS, never the source tree). The file is read with Python's
strict json.loads (no comments, no trailing commas: what every tool reads),
must name an image and the C/C++ and CMake extensions, and its
postCreateCommand is run with `sh -c` in the release, as a dev container
runs a string command in the workspace folder. Nothing on this machine is
installed or changed: fake `id`, `sudo`, `dpkg-query` and `apt-get` come
first on PATH and record their calls. dpkg-query says nothing is installed,
so the installer must ask apt-get for every package `make test` needs; the
fake apt-get records its arguments and succeeds. Proves:
  * as root, apt-get install is called with the required packages, without sudo;
  * as a non-root user, the installer runs through sudo, and apt-get runs under it;
  * the packages are the release's (grade-all's libraries are not asked for);
  * the command fails (non-zero) when the installer is missing or fails,
    so a broken setup shows in the Codespace's creation log.
Not proven here: that the image exists and a real container builds (no
Docker here), and that the extensions' ids resolve on the Marketplace.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from release_checks import check, finish  # noqa: E402

REPO = Path(sys.argv[1]).resolve()
# .ci/install-deps.sh's `required` list for `make test` (a subset check:
# packages added there later do not break this test).
REQUIRED = ["cmake", "g++", "make", "pkg-config", "libeigen3-dev", "libgtest-dev", "libfmt-dev",
            "nlohmann-json3-dev", "libcli11-dev", "libseccomp-dev"]
# Only the instructor's repository (which has grader/grade_all) needs these.
INSTRUCTOR_ONLY = ["libarchive-dev", "libssl-dev"]
EXTENSIONS = ["ms-vscode.cpptools", "ms-vscode.cmake-tools"]


# Each fake appends one line to $FAKE_LOG: its name, whether it runs under the
# fake sudo, then its arguments, tab-separated.
FAKES = {
    # The user: root if FAKE_UID is 0 or under sudo. Only `id -u` is faked.
    "id": """#!/bin/sh
printf 'id\\t%s\\t%s\\n' "${FAKE_UNDER_SUDO:-0}" "$*" >>"$FAKE_LOG"
if [ "$1" = -u ]; then
  if [ "${FAKE_UNDER_SUDO:-0}" = 1 ]; then echo 0; else echo "$FAKE_UID"; fi
  exit 0
fi
exec /usr/bin/id "$@"
""",
    # Passwordless sudo, as Codespaces' vscode user has: runs the command as "root".
    "sudo": """#!/bin/sh
printf 'sudo\\t%s\\t%s\\n' "${FAKE_UNDER_SUDO:-0}" "$*" >>"$FAKE_LOG"
FAKE_UNDER_SUDO=1 exec "$@"
""",
    # A fresh image: no package is installed.
    "dpkg-query": """#!/bin/sh
printf 'dpkg-query\\t%s\\t%s\\n' "${FAKE_UNDER_SUDO:-0}" "$*" >>"$FAKE_LOG"
exit 1
""",
    "apt-get": """#!/bin/sh
printf 'apt-get\\t%s\\t%s\\n' "${FAKE_UNDER_SUDO:-0}" "$*" >>"$FAKE_LOG"
# FAKE_APT_FAIL=install: every install fails (an update still succeeds).
case " $* " in *" ${FAKE_APT_FAIL:-none} "*) exit 100 ;; esac
exit 0
""",
}


def write_fakes(folder):
    folder.mkdir()
    for name, text in FAKES.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)


def run_setup(command, release, fakes, log, uid, apt_fail="none"):
    """postCreateCommand as a dev container runs a string command: sh -c, in the workspace folder."""
    log.write_text("")
    env = dict(os.environ, PATH=f"{fakes}:{os.environ.get('PATH', '/usr/bin:/bin')}", FAKE_LOG=str(log),
               FAKE_UID=str(uid), FAKE_APT_FAIL=apt_fail)
    env.pop("FAKE_UNDER_SUDO", None)
    done = subprocess.run(["sh", "-c", command], cwd=release, env=env, text=True, capture_output=True, timeout=60)
    print(f"$ sh -c {command!r} (uid {uid}) -> {done.returncode}\n{done.stdout}{done.stderr}", flush=True)
    calls = [line.split("\t", 2) for line in log.read_text().splitlines()]
    return done, [(name, under_sudo == "1", args.split()) for name, under_sudo, args in calls]


def install_calls(calls):
    return [(under_sudo, args) for name, under_sudo, args in calls if name == "apt-get" and "install" in args]


def check_installs(calls, as_user, expect_sudo):
    installs = install_calls(calls)
    if not check(len(installs) == 1, f"as {as_user}: apt-get install was called {len(installs)} times, not once: {calls}"):
        return
    under_sudo, args = installs[0]
    check(under_sudo == expect_sudo,
          f"as {as_user}: apt-get install ran {'under' if under_sudo else 'without'} sudo")
    missing = [package for package in REQUIRED if package not in args]
    check(not missing, f"as {as_user}: apt-get install was not asked for {missing}: {args}")
    extra = [package for package in INSTRUCTOR_ONLY if package in args]
    check(not extra, f"as {as_user}: the release's installer asked for grade-all's {extra}")
    check("-y" in args, f"as {as_user}: apt-get install would stop to ask (no -y): {args}")


with tempfile.TemporaryDirectory(prefix="assg-devcontainer-") as tmp:
    tmp = Path(tmp)
    release = tmp / "release"
    done = subprocess.run([str(REPO / "distribution" / "student_release.sh"), str(release)], cwd=REPO, text=True,
                          capture_output=True, env=dict(os.environ, RELEASE_MANIFESTS=str(tmp / "manifests")))
    print(done.stdout, done.stderr, flush=True)
    if not check(done.returncode == 0, f"the student release failed with {done.returncode}"):
        sys.exit(1)

    # Strict JSON, with what a dev container needs.
    path = release / ".devcontainer" / "devcontainer.json"
    if not check(path.is_file(), "the release has no .devcontainer/devcontainer.json"):
        sys.exit(1)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        check(False, f".devcontainer/devcontainer.json is not strict JSON: {error}")
        sys.exit(1)
    check(isinstance(config, dict), "devcontainer.json is not an object")
    image = config.get("image")
    check(isinstance(image, str) and "/" in image and ":" in image,
          f"devcontainer.json names no image with a tag: {image!r}")
    extensions = config.get("customizations", {}).get("vscode", {}).get("extensions", [])
    for extension in EXTENSIONS:
        check(extension in extensions, f"devcontainer.json does not add the VS Code extension {extension}")
    command = config.get("postCreateCommand")
    if not check(isinstance(command, str) and command.strip(),
                 f"postCreateCommand is not a shell command string: {command!r}"):
        sys.exit(1)
    check(".ci/install-deps.sh" in command, f"postCreateCommand does not run .ci/install-deps.sh: {command!r}")

    fakes = tmp / "fakes"
    write_fakes(fakes)
    log = tmp / "calls.log"

    # As root (a local Dev Container whose user is root): no sudo.
    done, calls = run_setup(command, release, fakes, log, uid=0)
    check(done.returncode == 0, f"as root: postCreateCommand exited {done.returncode}")
    check(not any(name == "sudo" for name, _, _ in calls), f"as root: sudo was called: {calls}")
    check_installs(calls, "root", expect_sudo=False)

    # As Codespaces' vscode user: the installer itself runs through sudo.
    done, calls = run_setup(command, release, fakes, log, uid=1000)
    check(done.returncode == 0, f"as non-root: postCreateCommand exited {done.returncode}")
    sudos = [args for name, _, args in calls if name == "sudo"]
    check(len(sudos) == 1 and any(arg.endswith(".ci/install-deps.sh") for arg in sudos[0]),
          f"as non-root: sudo did not run .ci/install-deps.sh once: {sudos}")
    check_installs(calls, "non-root", expect_sudo=True)

    # A failing apt-get fails the setup (the creation log shows it).
    done, calls = run_setup(command, release, fakes, log, uid=0, apt_fail="install")
    check(install_calls(calls), "with apt-get failing: the installer did not even try apt-get install")
    check(done.returncode != 0, "with apt-get failing: postCreateCommand still exited 0")

    # Without the installer, the setup fails rather than passing silently.
    broken = tmp / "broken"
    shutil.copytree(release, broken, symlinks=True)
    (broken / ".ci" / "install-deps.sh").unlink()
    for uid in (0, 1000):
        done, calls = run_setup(command, broken, fakes, log, uid=uid)
        check(done.returncode != 0, f"without .ci/install-deps.sh (uid {uid}): postCreateCommand exited 0")
        check(not install_calls(calls), f"without .ci/install-deps.sh (uid {uid}): apt-get install still ran")

finish("devcontainer")
