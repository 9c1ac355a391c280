"""Where the hostile-solution tests run: private Linux namespaces in which an
attack that works cannot harm the checkout, the machine or the person
running `make check`.

`enter()` re-executes the calling script as PID 1 of a new PID and mount
namespace (`unshare`, as root or through a user namespace), where
  * /tmp is a fresh tmpfs (nothing written there reaches the real /tmp;
    a checkout under /tmp is bound back in place first),
  * the source folder (and the build folder, if outside it) is a
    copy-on-write overlay: writes land in an upper folder on that tmpfs and
    vanish with the namespace, and the upper folder lists exactly what was
    written or deleted,
  * the originals stay readable, read-only, under ORIGINALS,
  * kill(-1, SIGKILL) reaches only the namespace's processes, and every
    process left behind dies with the namespace.
Where that is impossible the test is skipped: hostile code is never run
unconfined. Standard library only.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

SKIP = 77
MARKER = "ASSG_HOSTILE_CONFINED"
ROOT = Path("/tmp/.hostile-confinement")  # on the namespace's own /tmp
ORIGINALS = ROOT / "originals"


def enter(source, build):
    """Re-executes this script confined (returns only inside the namespace)."""
    if os.environ.get(MARKER) == "1":
        _set_up(Path(source), Path(build))
        return
    unshare = shutil.which("unshare")
    if not unshare:
        print("SKIPPED: no unshare(1): the hostile solutions are never run outside a private namespace")
        sys.exit(SKIP)
    base = [unshare, "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private"]
    if os.geteuid() != 0:
        base.insert(1, "--map-root-user")
    probe = subprocess.run([*base, "/bin/true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if probe.returncode != 0:
        print(f"SKIPPED: cannot create private namespaces here ({probe.stderr.strip()}): the hostile solutions are "
              "never run unconfined")
        sys.exit(SKIP)
    environment = dict(os.environ, **{MARKER: "1"})
    done = subprocess.run([*base, sys.executable, *sys.argv], env=environment)
    sys.exit(done.returncode)


def _mount(*arguments):
    done = subprocess.run(["mount", *arguments], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        print(f"SKIPPED: mount {' '.join(arguments)}: {done.stdout.strip()}: the hostile solutions are never run "
              "unconfined")
        sys.exit(SKIP)


def _set_up(source, build):
    if os.getpid() != 1:
        print("FAIL: confined, but not PID 1 of a namespace")
        sys.exit(1)
    folders = [source] if build.resolve().is_relative_to(source.resolve()) else [source, build]
    # A checkout under /tmp (a CI runner's clone, say) is kept: held by a
    # descriptor while the fresh tmpfs covers /tmp, then bound back in place.
    held = {folder: os.open(folder, os.O_PATH | os.O_DIRECTORY)
            for folder in folders if folder.resolve().is_relative_to(Path("/tmp"))}
    _mount("-t", "tmpfs", "-o", "size=8g,mode=1777", "tmpfs", "/tmp")
    for folder, descriptor in held.items():
        folder.resolve().mkdir(parents=True, exist_ok=True)
        _HELD.append(folder.resolve())
        _mount("--no-canonicalize", "--bind", f"/proc/{os.getpid()}/fd/{descriptor}", str(folder.resolve()))
        os.close(descriptor)
    for index, folder in enumerate(folders):
        original = ORIGINALS / str(index)
        upper, work = ROOT / f"upper{index}", ROOT / f"work{index}"
        for path in (original, upper, work):
            path.mkdir(parents=True)
        _mount("--bind", str(folder), str(original))
        _mount("-o", "remount,bind,ro", str(original))
        _mount("-t", "overlay", "overlay", "-o", f"lowerdir={folder},upperdir={upper},workdir={work}", str(folder))
    _OVERLAYS.extend((folder.resolve(), ORIGINALS / str(i), ROOT / f"upper{i}") for i, folder in enumerate(folders))


# (folder, its read-only original, the overlay's upper folder)
_OVERLAYS = []
# Checkouts under /tmp, bound back in place on the fresh tmpfs.
_HELD = []


def unexpected_in_tmp(keep):
    """What is in /tmp but `keep` and the folders leading to a checkout that
    lives under /tmp (where only the next folder on the way is expected)."""
    chains = {}  # a folder on the way -> the one entry expected in it
    for folder in _HELD:
        child = folder
        for parent in folder.parents:
            if not parent.is_relative_to(Path("/tmp")):
                break
            chains.setdefault(parent, set()).add(child)
            child = parent
    on_the_way = chains.get(Path("/tmp"), set())
    unexpected = [entry for entry in Path("/tmp").iterdir() if entry not in keep and entry not in on_the_way]
    for folder, expected in chains.items():
        if folder != Path("/tmp") and folder not in _HELD and folder.is_dir():
            unexpected += [entry for entry in folder.iterdir() if entry not in expected]
    return unexpected


def original_of(path):
    """The untouched original of a path in an overlaid folder (None: not overlaid)."""
    path = Path(path).resolve() if Path(path).exists() else Path(os.path.abspath(path))
    for folder, original, _ in _OVERLAYS:
        if path.is_relative_to(folder):
            return original / path.relative_to(folder)
    return None


def changes():
    """Every path written, created or deleted in an overlaid folder since the
    namespace began, as absolute paths of the merged view."""
    changed = []
    for folder, _, upper in _OVERLAYS:
        for directory, subfolders, files in os.walk(upper):
            for name in subfolders + files:
                merged = folder / (Path(directory) / name).relative_to(upper)
                # A folder copied up only to hold a changed file is no change itself.
                if name in subfolders and original_exists(merged):
                    continue
                changed.append(merged)
    return changed


def original_exists(path):
    original = original_of(path)
    return original is not None and os.path.lexists(original)


def restore(path):
    """Puts a changed path of an overlaid folder back as it was."""
    path = Path(path)
    original = original_of(path)
    if path.is_dir() and not path.is_symlink():
        if original is None or not original.exists():
            shutil.rmtree(path, ignore_errors=True)
        return
    if os.path.lexists(path):
        path.unlink()
    if original is not None and os.path.lexists(original):
        shutil.copy2(original, path)


def other_processes():
    """(pid, name, state, command line) of every process of the namespace but
    this one and its zombies."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            status = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        name = status[status.find("(") + 1 : status.rfind(")")]
        state = status[status.rfind(")") + 2 :].split(" ", 1)[0]
        if state != "Z":
            found.append((int(entry.name), name, state, command))
    return found


def survivors(grace_seconds=3.0):
    """The processes still alive `grace_seconds` after a run ended (the harness
    may take a moment to reap); they are then killed so that the next run
    starts clean. Everything in this namespace was started by this test."""
    deadline = time.monotonic() + grace_seconds
    alive = other_processes()
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = other_processes()
    for pid, *_ in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    deadline = time.monotonic() + 5
    while other_processes() and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive
