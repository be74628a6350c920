"""The engine imports without Textual, so scripts, CI and graders never pay for the UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import backprop_study


def engine_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(backprop_study.__path__, prefix="backprop_study.")
        if not info.name.startswith("backprop_study.tui")
    ]
    return sorted({"backprop_study", *names} - {"backprop_study.__main__"})


def test_engine_modules_are_found() -> None:
    modules = engine_modules()
    for expected in ("backprop_study.store.progress", "backprop_study.store.workspace", "backprop_study.cli"):
        assert expected in modules


def test_engine_imports_without_textual() -> None:
    modules = engine_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('textual loaded by the engine:', bad[:5]) if bad else None\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_study_help_does_not_load_the_ui_or_numpy() -> None:
    code = (
        "import sys\n"
        "from backprop_study.cli import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = [m for m in ('textual', 'numpy', 'pytest', 'fsrs') if m in sys.modules]\n"
        "print(heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
