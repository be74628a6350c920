"""Temporary folders for grading jobs and plot runs that a killed `study` cannot leave behind.

A `study check` killed with SIGKILL (or an app that crashes) never runs its clean-up, so its job
folders would stay in the temp dir for ever. Each `ScratchFolder` therefore lives in one private
parent (`<tmp>/backprop-study-scratch-<uid>`, mode 0700) and holds a lock (`flock`) on a file inside
itself for as long as its owner runs; the kernel drops that lock when the owner dies, however it
dies. Making a new folder first removes every sibling whose lock nobody holds: the next `study`
after a kill tidies up after it, and costs a directory listing when there is nothing to tidy.

The grading worker outlives a killed `study`, so it does not wait for the next one: when a parent
hangs up while its folder is still there (a parent that closes normally removes its folder first),
the worker removes the folder as soon as its lock is free (`remove_if_free`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

_LOCK = ".in-use"


def scratch_parent() -> Path | None:
    """The private parent folder (ours, 0700), or None when the temp dir does not allow one."""
    folder = Path(tempfile.gettempdir()) / f"backprop-study-scratch-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # someone else's, or open to others: not a place for the learner's job files
    return folder


def remove_if_free(folder: str | Path) -> bool | None:
    """Remove a scratch folder whose owner has ended: True when removed, False while its owner still
    runs, None when `folder` is not a scratch folder (or is gone). Nothing outside the scratch parent
    is ever removed, whoever names it."""
    folder = Path(folder)
    parent = scratch_parent()
    if parent is None or folder.parent != parent or folder.is_symlink() or not folder.is_dir():
        return None
    try:
        fd = os.open(folder / _LOCK, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        # No lock file: being made this instant, or half removed. Only an old one is removed.
        with contextlib.suppress(OSError):
            if folder.lstat().st_mtime < time.time() - 3600:
                shutil.rmtree(folder, ignore_errors=True)
                return True
        return None
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its owner still runs
    finally:
        os.close(fd)  # also drops the lock we may just have taken
    shutil.rmtree(folder, ignore_errors=True)
    return True


def remove_stale(parent: Path) -> int:
    """Remove the folders in `parent` whose owner has ended; returns how many."""
    try:
        entries = [Path(entry.path) for entry in os.scandir(parent) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    return sum(remove_if_free(entry) is True for entry in entries)


class ScratchFolder:
    """A private temporary folder, locked while this process runs; `close()` removes it."""

    def __init__(self, prefix: str) -> None:
        parent = scratch_parent()
        if parent is not None:
            remove_stale(parent)
        self.path = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=parent))
        # Not inherited by children (O_CLOEXEC), so the lock is ours alone and ends with us.
        self._lock_fd: int | None = os.open(self.path / _LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc: object) -> None:
        self.close()
