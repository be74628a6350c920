"""Start an app headless, wait for its first screen, and exit: one cold start for bench_startup.py.

python bench/_start_app.py empty          # an empty Textual app, the floor
python bench/_start_app.py study WS       # `study --workspace WS`, the same way the CLI builds it
"""

from __future__ import annotations

import sys
import time

FIRST_PAINT: list[float] = []  # the first frame of the first screen handed to the terminal
SETTLED: list[float] = []  # the first screen shown and every message of start-up handled


async def _first_screen_then_exit(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    SETTLED.append(time.time())
    pilot.app.exit(0)


def _record_first_paint() -> None:
    """Note when Textual first hands a frame of a screen to the terminal driver (headless, it is then dropped)."""
    from textual.app import App

    display = App._display

    def first_paint(self, screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None and not FIRST_PAINT:
            FIRST_PAINT.append(time.time())
        return display(self, screen, renderable)

    App._display = first_paint  # type: ignore[method-assign]


def main() -> None:
    which = sys.argv[1]
    started = float(sys.argv[-1]) if sys.argv[-1].replace(".", "").isdigit() else None
    _record_first_paint()
    if which == "empty":
        from textual.app import App

        app = App()
    elif which == "widgets":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, OptionList, Static

        class Minimal(App):
            BINDINGS = [("q", "quit", "Quit")]

            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("a line of text")
                yield OptionList("one", "two", "three")
                yield Footer()

        app = Minimal()
    else:
        from pathlib import Path

        from backprop_study.commands import Context

        workspace = Context(workspace_arg=Path(sys.argv[2])).workspace()
        from backprop_study.tui.app import make_app

        app = make_app(workspace)
    app.run(headless=True, size=(100, 30), auto_pilot=_first_screen_then_exit)
    if started is not None:
        print(f"{FIRST_PAINT[0] - started:.6f} {SETTLED[0] - started:.6f}")
    loaded = [name for name in ("numpy", "pytest", "fsrs") if name in sys.modules]
    if loaded:
        print("loaded at start-up:", ", ".join(loaded), file=sys.stderr)


if __name__ == "__main__":
    main()
