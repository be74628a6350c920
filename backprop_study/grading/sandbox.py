"""The one set-up for a process that runs learner code: environment, limits, process group, loading by path.

Grading (`child.py`, forked from the warm worker) and the plots (`plots/sandbox.py`, a fresh
interpreter) both run the learner's functions, which may loop forever, allocate without end,
print floods, read stdin or exit. Both build their child from these pieces, so a limit added here
holds for both:

- `child_environment()`: no pytest plugins or start-up scripts from the learner's set-up, no
  debugger, one BLAS thread (forking with BLAS threads can deadlock; the matrices are tiny);
- `lead_own_group()` / `kill_group(pid)`: the child leads a process group, so a kill takes
  whatever the learner's code started too;
- `become_subreaper()` / `end_orphans(keep)`: a process group does not hold what the learner's
  code starts in a new session (`start_new_session=True`, a daemon's double fork), so whoever runs
  learner code is also a child subreaper (Linux's PR_SET_CHILD_SUBREAPER): every orphan of the
  learner's processes becomes its child instead of init's, and `end_orphans` kills them all, level
  by level, when their job is over;
- `quiet_stdio(path)`: no terminal: stdin empty, stdout and stderr into a file (or nowhere);
- `set_limits(...)`: address space on top of what is mapped now, the largest file written, no core;
- `load_module(path)`: an exercise file (named NN_slug.py, which Python cannot import by name),
  loaded by path without writing `__pycache__` into the learner's folder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

# Variables from the learner's own set-up that would change how pytest or Python behaves in the child.
_DROPPED = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONSTARTUP", "PYTHONINSPECT")
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def child_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment learner code runs with."""
    env = dict(os.environ if base is None else base)
    for name in _DROPPED:
        env.pop(name, None)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONBREAKPOINT"] = "0"  # breakpoint() in learner code must not wait for a debugger
    for name in _BLAS_THREADS:
        env[name] = "1"
    return env


def lead_own_group() -> None:
    """Make this process the leader of a new process group (a forked child calls it first)."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


def kill_group(pid: int) -> None:
    """Kill a child and everything in its process group; gone already is fine."""
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            target()


_PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>


def become_subreaper() -> bool:
    """Make orphaned descendants of this process its children (not init's); False where Linux cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children(pid: int | None = None) -> list[int]:
    """The processes whose parent is `pid` (default: this one), zombies included."""
    pid = os.getpid() if pid is None else pid
    try:  # one small read per thread where the kernel offers it (CONFIG_PROC_CHILDREN)
        found: list[int] = []
        for task in os.scandir(f"/proc/{pid}/task"):
            with open(f"{task.path}/children", encoding="ascii") as listing:
                found += [int(word) for word in listing.read().split()]
        return found
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError:
        return []
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry.name))
    return found


def end_orphans(keep: Iterable[int] = (), rounds: int = 100) -> int:
    """Kill and reap every child of this process except `keep`; returns how many were ended.

    For a subreaper: once a job's own process has ended, whatever it started is our child. Killing a
    process hands its children to us in turn, so this repeats until none is left (at most `rounds`
    times, against a fork bomb that outruns it).
    """
    kept = set(keep)
    ended = 0
    for _ in range(rounds):
        stray = [pid for pid in children() if pid not in kept]
        if not stray:
            break
        for pid in stray:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        for pid in stray:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            ended += 1
    return ended


def quiet_stdio(output: Path | None = None) -> None:
    """No terminal for learner code: stdin reads nothing, stdout and stderr go to `output` (or nowhere)."""
    null = os.open(os.devnull, os.O_RDWR)
    target = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600) if output is not None else null
    os.dup2(null, 0)
    os.dup2(target, 1)
    os.dup2(target, 2)
    for fd in {null, target}:
        os.close(fd)


def _address_space_now() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def set_limits(*, memory_mb: int, output_mb: int | None = None) -> None:
    """Limit this process: `memory_mb` of address space beyond what it has mapped now (a runaway
    allocation becomes a MemoryError), files of at most `output_mb` (a print loop cannot fill the disk;
    the write fails with EFBIG instead of a signal), and no core files."""
    import resource

    def limit(kind: int, value: int) -> None:
        _soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, hard))

    limit(resource.RLIMIT_AS, _address_space_now() + memory_mb * 1024 * 1024)
    if output_mb is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit(resource.RLIMIT_FSIZE, output_mb * 1024 * 1024)
    limit(resource.RLIMIT_CORE, 0)


def load_module(path: Path, module_name: str | None = None) -> ModuleType:
    """Run the file at `path` as a fresh module (its `if __name__ == "__main__":` block does not run).

    Errors from the file propagate as they are; callers turn them into messages. No bytecode is
    written beside the file.
    """
    path = Path(path)
    name = module_name or f"_learner_{path.stem}_{abs(hash((str(path), path.stat().st_mtime_ns)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up by name
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module
