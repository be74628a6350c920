"""Start an app headless, wait for its first screen, and exit: one cold start for bench_startup.py.

python bench/_start_app.py empty          # an empty Textual app, the floor
python bench/_start_app.py study WS       # `study --workspace WS`, the same way the CLI builds it
"""

from __future__ import annotations

import sys


async def _first_screen_then_exit(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit(0)


def main() -> None:
    which = sys.argv[1]
    if which == "empty":
        from textual.app import App

        app = App()
    else:
        from pathlib import Path

        from backprop_study.commands import Context

        workspace = Context(workspace_arg=Path(sys.argv[2])).workspace()
        from backprop_study.tui.app import make_app

        app = make_app(workspace)
    app.run(headless=True, size=(100, 30), auto_pilot=_first_screen_then_exit)
    loaded = [name for name in ("numpy", "pytest", "fsrs") if name in sys.modules]
    if loaded:
        print("loaded at start-up:", ", ".join(loaded), file=sys.stderr)


if __name__ == "__main__":
    main()
