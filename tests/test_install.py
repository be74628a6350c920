"""A new user's install: `pip install .` (not editable) in a fresh venv, then init and start."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]


def _copy_checkout(dest: Path) -> Path:
    """Build from a clean copy, so nothing of the developer's (.venv, .study, caches) leaks in."""
    ignore = shutil.ignore_patterns(
        ".venv", ".git", ".study", "__pycache__", "*.egg-info", "build", ".*cache*", ".bench"
    )
    return Path(shutil.copytree(CHECKOUT, dest, ignore=ignore))


def _run_in_pty(argv: list[str], env: dict[str, str], keys: bytes, wait_for: bytes, timeout: float = 60) -> bytes:
    """Start a TUI in a real pseudo-terminal, wait until it shows `wait_for`, type `keys`."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(argv[0], argv, env)
    seen = b""
    deadline = time.monotonic() + timeout
    sent = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # Linux reports EIO once the app has exited and closed the terminal
                    chunk = b""
                seen += chunk
                closed = not chunk
            else:
                closed = False
            if not sent and wait_for in seen:
                time.sleep(0.3)
                os.write(fd, keys)
                sent = True
            if closed:  # the process is exiting: give it a moment, still within the deadline
                time.sleep(0.05)
            finished, status = os.waitpid(pid, os.WNOHANG)
            if finished:
                assert sent, f"the app exited before showing {wait_for!r}: {seen[-2000:]!r}"
                assert os.waitstatus_to_exitcode(status) == 0, seen[-2000:]
                return seen
        raise AssertionError(f"the app did not finish in {timeout}s; it showed: {seen[-2000:]!r}")
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


@pytest.mark.slow
def test_non_editable_install_then_init_and_start(tmp_path: Path) -> None:
    source = _copy_checkout(tmp_path / "src")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(source)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    shutil.rmtree(source)  # the installed package must stand on its own
    study = str(venv / "bin" / "study")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDY_")}
    env.update(HOME=str(tmp_path / "home"), TERM="xterm-256color", COLUMNS="100", LINES="30")

    helped = subprocess.run([study, "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert helped.returncode == 0
    for command in ("init", "list", "check", "hint", "reset", "solution", "validate"):
        assert command in helped.stdout, f"`study --help` does not list {command}"

    ws = tmp_path / "ws"
    made = subprocess.run([study, "init", str(ws)], capture_output=True, text=True, env=env, timeout=60)
    assert made.returncode == 0, made.stderr
    assert (ws / "exercises" / "course.yaml").is_file()
    assert sorted(p.name for p in (ws / "exercises").glob("[0-9][0-9]_*.py"))[0].startswith("01_")

    # The subcommands come from the installed package too, graders included.
    listed = subprocess.run(
        [study, "--workspace", str(ws), "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    assert "01  sigmoid" in listed.stdout
    checked = subprocess.run(
        [study, "--workspace", str(ws), "check", "1"],
        capture_output=True,
        text=True,
        env={**env, "STUDY_SHARED_WORKER": "0"},  # leave no warm worker behind the test
        timeout=120,
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "sigmoid() is not written yet" in checked.stdout
    plotted = subprocess.run(
        [study, "--workspace", str(ws), "plot", "loss", "--epochs", "200", "--size", "60x15", "--no-color"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert plotted.returncode == 0, plotted.stdout + plotted.stderr
    assert "over 200 epochs" in plotted.stdout and "Computed with the reference" in plotted.stdout

    screen = _run_in_pty([study, "--workspace", str(ws)], env, keys=b"q", wait_for=b"Course:")
    assert b"exercises done" in screen
