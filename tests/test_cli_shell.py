"""`study` in the shell around it: completion scripts that real shells run, the environment variables in
`--help`, no app without a terminal, POSIX only, `study pytest` for tool installs, `study worker`."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from backprop_study import cli
from backprop_study.cli import build_parser, main
from backprop_study.commands import completion as completion_command
from backprop_study.grading import runner
from backprop_study.store.workspace import Workspace

ENGINE = Path(cli.__file__).resolve().parent
STUDY = [sys.executable, "-m", "backprop_study"]


def _commands() -> list[str]:
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(subparsers.choices)


# -- completion ------------------------------------------------------------------------------------


def script(shell: str) -> str:
    return completion_command.script(build_parser(), shell)


def _bash_complete(completion: Path, line: str) -> list[str]:
    code = (
        f"source {completion}\n"
        'read -ra COMP_WORDS <<< "$LINE"; [[ "$LINE" == *" " ]] && COMP_WORDS+=("")\n'
        'COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$LINE"; COMP_POINT=${#LINE}\n'
        'COMPREPLY=(); _shtab_study; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", code], env={**os.environ, "LINE": line}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completes_commands_targets_and_options(tmp_path: Path) -> None:
    completion = tmp_path / "study.bash"
    completion.write_text(script("bash"))
    assert set(_bash_complete(completion, "study ")) >= set(_commands())
    assert _bash_complete(completion, "study ch") == ["check"]
    assert _bash_complete(completion, "study export ") == ["anki", "tsv", "json"]
    assert "--timeout" in _bash_complete(completion, "study check --")
    assert sorted(_bash_complete(completion, "study completion ")) == ["bash", "fish", "zsh"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed (apt-get install fish; .ci/run does)")
def test_fish_completes_commands(tmp_path: Path) -> None:
    completion = tmp_path / "study.fish"
    completion.write_text(script("fish"))
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source {completion}; complete -C 'study exp'; complete -C 'study export '"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    offered = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert "export" in offered and "anki" in offered and "tsv" in offered


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (apt-get install zsh; .ci/run does)")
def test_zsh_reads_its_script(tmp_path: Path) -> None:
    completion = tmp_path / "_study"
    completion.write_text(script("zsh"))
    result = subprocess.run(["zsh", "-n", str(completion)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for command in _commands():
        assert f"    {command}:'" in completion.read_text(), command


def test_completion_help_says_how_to_install(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["completion", "--help"])
    out = capsys.readouterr().out
    assert "~/.config/fish/completions/study.fish" in out and "bash-completion" in out


# -- help, terminal, platform ------------------------------------------------------------------------


def test_help_lists_every_environment_variable_the_code_reads(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    read = set()
    for path in [*ENGINE.rglob("*.py"), *(ENGINE.parent / "tui").rglob("*.py")]:
        read.update(re.findall(r"\"(STUDY_[A-Z_]+)\"", path.read_text(encoding="utf-8")))
    assert read, "found no STUDY_ variables at all: the search is broken"
    for name in sorted(read | {"NO_COLOR", "EDITOR"}):
        assert name in shown, f"`study --help` does not mention {name}"
    assert "POSIX" in shown and "WSL" in shown


def test_the_app_without_a_terminal_says_so_and_exits_2(workspace: Workspace) -> None:
    result = subprocess.run(
        [*STUDY, "--workspace", str(workspace.root)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr, "no escape codes where nobody sees them"


def test_windows_is_refused_with_a_way_forward(monkeypatch, capsys) -> None:
    assert cli.platform_problem("posix") is None
    problem = cli.platform_problem("nt")
    assert problem is not None and "WSL" in problem and "Linux, macOS" in problem
    monkeypatch.setattr(cli, "platform_problem", lambda: problem)
    assert main(["list"]) == 2
    assert "WSL" in capsys.readouterr().err


# -- study pytest ------------------------------------------------------------------------------------


def test_study_pytest_runs_the_graders_with_its_own_pytest(workspace: Workspace, tmp_path: Path) -> None:
    # From elsewhere, with pytest's own options only: the workspace's graders are collected.
    result = subprocess.run(
        [*STUDY, "--workspace", str(workspace.root), "pytest", "--collect-only", "-q", "-k", "sigmoid"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "graders/test_01_sigmoid.py::test_sigmoid" in result.stdout
    assert "test_02_forward_pass" not in result.stdout  # -k reached pytest


def test_study_pytest_passes_on_a_path_and_the_exit_code(workspace: Workspace) -> None:
    grader = workspace.grader_file("01_sigmoid")
    result = subprocess.run(
        [*STUDY, "--workspace", str(workspace.root), "pytest", "-q", "-x", str(grader)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # the starting file fails its grader
    assert "failed" in result.stdout


# -- study worker ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeWorker:
    socket: Path
    pid: int | None
    current: bool
    idle_limit: float


def test_worker_status_lists_live_workers_and_stale_sockets(monkeypatch, capsys, tmp_path: Path) -> None:
    workers = [
        FakeWorker(tmp_path / "worker-a.sock", 4242, True, 600.0),
        FakeWorker(tmp_path / "worker-b.sock", 4343, False, 600.0),
        FakeWorker(tmp_path / "worker-c.sock", None, False, 600.0),
    ]
    monkeypatch.setattr(runner, "shared_workers", lambda: workers, raising=False)
    assert main(["worker", "status"]) == 0
    out = capsys.readouterr().out
    assert "Worker 4242: this installation's code; leaves after 10 minutes unused" in out
    assert "Worker 4343: an older installation's" in out
    assert "1 socket file left by a worker that ended" in out


def test_worker_stop_says_how_many_it_stopped(monkeypatch, capsys) -> None:
    monkeypatch.setattr(runner, "stop_shared_workers", lambda: 2, raising=False)
    assert main(["worker", "stop"]) == 0
    assert "Stopped 2 grading workers." in capsys.readouterr().out
    monkeypatch.setattr(runner, "stop_shared_workers", lambda: 0, raising=False)
    assert main(["worker", "stop"]) == 0
    assert "No grading worker was running." in capsys.readouterr().out


@pytest.mark.skipif(
    not hasattr(runner, "shared_workers"), reason="grading/runner.py has no shared_workers() yet (issue 15's API)"
)
def test_a_real_worker_is_listed_then_stopped(workspace: Workspace, tmp_path_factory) -> None:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sw-"))  # short: a socket path has a length limit
    env = {**os.environ, "STUDY_SHARED_WORKER": "1", "STUDY_WORKER_DIR": str(folder)}
    try:
        subprocess.run([*STUDY, "-w", str(workspace.root), "check", "1"], env=env, capture_output=True, timeout=120)
        status = subprocess.run([*STUDY, "worker", "status"], env=env, capture_output=True, text=True, timeout=60)
        assert re.search(r"Worker \d+: this installation's code", status.stdout), status.stdout + status.stderr
        stopped = subprocess.run([*STUDY, "worker", "stop"], env=env, capture_output=True, text=True, timeout=60)
        assert "Stopped 1 grading worker." in stopped.stdout, stopped.stdout + stopped.stderr
        after = subprocess.run([*STUDY, "worker", "status"], env=env, capture_output=True, text=True, timeout=60)
        assert "No grading worker is running" in after.stdout
    finally:
        subprocess.run([*STUDY, "worker", "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
