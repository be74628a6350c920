"""A new user's install, from the sdist, with the LOWEST versions pyproject.toml allows: the sdist holds
everything the repository tracks (its own tests run from it), it installs (not editable) into a fresh
venv with exactly the declared minimums, and there every command works, the app included."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from packaging.version import Version

CHECKOUT = Path(__file__).resolve().parents[1]
# Tracked files that are not part of the project itself: CI's own script and git's ignore list.
NOT_IN_SDIST = {".ci/run", ".gitignore"}
# Some of the project's own tests, run from the unpacked sdist on the lowest versions: the reference
# maths, workspaces and their upgrade, and the commands on a fixture course (conftest, fixtures_grading).
SDIST_TESTS = [
    "tests/test_reference.py",
    "tests/test_workspace.py",
    "tests/test_update.py",
    "tests/test_cli_exercises.py",
]


def _copy_checkout(dest: Path) -> Path:
    """Build from a clean copy, so nothing of the developer's (.venv, .study, caches) leaks in."""
    ignore = shutil.ignore_patterns(
        ".venv", ".git", ".study", "__pycache__", "*.egg-info", "build", ".*cache*", ".bench"
    )
    return Path(shutil.copytree(CHECKOUT, dest, ignore=ignore))


def lowest_pins() -> list[str]:
    """`name==X` for the lower bound `>=X` of every runtime dependency in pyproject.toml."""
    from packaging.requirements import Requirement

    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for text in project["dependencies"]:
        requirement = Requirement(text)
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert len(lower) == 1, f"{text}: every dependency needs one lower bound (>=), to be tested here"
        pins.append(f"{requirement.name}=={lower[0]}")
    return pins


def _tracked_files() -> set[str] | None:
    """What git tracks in the checkout, or None outside a git checkout (an unpacked sdist)."""
    if not (CHECKOUT / ".git").exists() or shutil.which("git") is None:
        return None
    listed = subprocess.run(["git", "ls-files"], cwd=CHECKOUT, capture_output=True, text=True, timeout=60)
    return set(listed.stdout.splitlines()) if listed.returncode == 0 else None


def _modern_anki_package(path: Path) -> None:
    """A package as current Anki exports it (its collection zstd-compressed), made by the real Anki backend."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    col = Collection(str(path.with_suffix(".anki2")))
    note = col.new_note(col.models.by_name("Cloze"))
    note["Text"] = "The output delta is {{c1::error * sigmoid_derivative(output)}}"
    col.add_note(note, col.decks.id("Teacher"))
    col.export_anki_package(out_path=str(path), options=ExportAnkiPackageOptions(legacy=False), limit=None)
    col.close()


def _serve_once(study: str, ws: Path, env: dict[str, str]) -> None:
    """`study serve` answers with the page that loads the app (the browser test is tests/test_serve.py)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [study, "--workspace", str(ws), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert "textual" in page.read().decode()
                    return
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "study serve did not answer"
                time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


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
def test_the_sdist_installs_with_the_lowest_pins_and_everything_works(tmp_path: Path) -> None:
    source = _copy_checkout(tmp_path / "src")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    tracked = _tracked_files()
    if tracked is not None:
        missing = sorted(tracked - members - NOT_IN_SDIST)
        assert not missing, f"the sdist leaves out tracked files: {missing[:20]}"
    for needed in ("LICENSE", "tests/conftest.py", "tests/grader_harness.py", "docs/review.svg"):
        assert needed in members, needed
    assert not [m for m in members if "__pycache__" in m or m.endswith(".pyc")], "no caches in the sdist"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pins = lowest_pins()
    constraints = tmp_path / "lowest.txt"
    constraints.write_text("\n".join(pins) + "\n")
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "-c", str(constraints), str(sdist)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    shutil.rmtree(source)  # the installed package must stand on its own
    python = str(venv / "bin" / "python")
    names = [pin.split("==")[0] for pin in pins]
    versions = subprocess.run(
        [python, "-c", "import sys, importlib.metadata as m; print(*(f'{n}=={m.version(n)}' for n in sys.argv[1:]))",
         *names],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    installed = {name: Version(version) for name, version in (pair.split("==") for pair in versions.stdout.split())}
    assert installed == {name: Version(pin.split("==")[1]) for name, pin in zip(names, pins, strict=True)}, (
        "installed with exactly the lowest versions"
    )

    study = str(venv / "bin" / "study")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDY_")}
    env.update(HOME=str(tmp_path / "home"), TERM="xterm-256color", COLUMNS="100", LINES="30")
    env["STUDY_SHARED_WORKER"] = "0"  # leave no warm worker behind the test

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([study, *args], capture_output=True, text=True, env=env, timeout=120)

    helped = run("--help")
    assert helped.returncode == 0
    for command in ("init", "list", "check", "hint", "reset", "solution", "validate", "export", "import", "serve"):
        assert command in helped.stdout, f"`study --help` does not list {command}"

    ws = tmp_path / "ws"
    made = run("init", str(ws))
    assert made.returncode == 0, made.stderr
    assert (ws / "exercises" / "course.yaml").is_file()
    assert sorted(p.name for p in (ws / "exercises").glob("[0-9][0-9]_*.py"))[0].startswith("01_")

    # The subcommands come from the installed package too, graders included.
    listed = run("--workspace", str(ws), "list")
    assert listed.returncode == 0, listed.stderr
    assert "01  sigmoid" in listed.stdout
    checked = run("--workspace", str(ws), "check", "1")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "sigmoid() is not written yet" in checked.stdout
    plotted = run("--workspace", str(ws), "plot", "loss", "--epochs", "200", "--size", "60x15", "--no-color")
    assert plotted.returncode == 0, plotted.stdout + plotted.stderr
    assert "over 200 epochs" in plotted.stdout and "Computed with the reference" in plotted.stdout

    # The interop commands on their lowest versions: genanki, zstandard, shtab, textual-serve.
    package = tmp_path / "cards.apkg"
    exported = run("--workspace", str(ws), "export", "anki", str(package))
    assert exported.returncode == 0 and package.stat().st_size > 10_000, exported.stderr
    modern = tmp_path / "teacher.apkg"
    _modern_anki_package(modern)
    imported = run("--workspace", str(ws), "import", str(modern), "--deck", "teacher")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "1 card (1 cloze)" in imported.stdout
    fish = run("completion", "fish")
    assert fish.returncode == 0 and "complete -c study" in fish.stdout, fish.stderr
    _serve_once(study, ws, env)

    screen = _run_in_pty([study, "--workspace", str(ws)], env, keys=b"q", wait_for=b"Course:")
    assert b"exercises done" in screen

    # The sdist's own tests run from it against what it installed, on the lowest versions. (`pytest`, not
    # `python -m pytest`: the unpacked folder must not shadow the installed package.)
    tests = subprocess.run(
        [str(venv / "bin" / "pytest"), "-q", "-p", "no:cacheprovider", *SDIST_TESTS],
        cwd=next((tmp_path / "unpacked").iterdir()),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
