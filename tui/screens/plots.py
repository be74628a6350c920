"""See it learn: the five plots, each with the experiment's controls, computed in a worker.

The numbers come from `backprop_study.plots.experiments` (the learner's code once
the exercise has passed, the reference before); the drawing from
`backprop_study.plots.charts`, the same as `study plot`. A run posts its progress as
small messages, can be cancelled with `c`, and a newer run replaces an older
one still going.
"""

from __future__ import annotations

import threading
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Input, Label, ProgressBar, Select, Static, Tab, Tabs
from textual.worker import Worker, WorkerState

from backprop_study.plots.parameters import PLOTS, plot_named
from backprop_study.tui.widgets.keys import AppFooter, KeyGroup
from backprop_study.tui.widgets.plots import ExperimentPlot

PICK = KeyGroup("Show a plot")


class ExperimentProgress(Message):
    def __init__(self, run: int, fraction: float, text: str) -> None:
        super().__init__()
        self.run = run
        self.fraction = fraction
        self.text = text


class PlotsScreen(Screen):
    CSS_PATH = "plots.tcss"

    SUB_TITLE = "See it learn"
    BINDINGS = [
        Binding("r", "run", "Re-run", id="plots-run"),
        Binding("c", "cancel", "Cancel", id="plots-cancel"),
        Binding("right_square_bracket", "switch(1)", "Next plot", key_display="]", id="plots-next"),
        Binding("left_square_bracket", "switch(-1)", "Prev plot", key_display="[", id="plots-previous", show=False),
        *(
            Binding(str(number), f"show('{plot.name}')", plot.title, show=False, group=PICK, id=f"plots-{plot.name}")
            for number, plot in enumerate(PLOTS, 1)
        ),
        # In a control, Escape leaves the control (its edit is put back); elsewhere it goes to the dashboard.
        Binding("escape", "leave", "Dashboard", id="home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current = PLOTS[0].name
        self.results: dict[str, Any] = {}
        self.run_number = 0
        self.running = False
        self._cancel = threading.Event()
        self._controls: dict[str, Any] = {}  # a control widget's id: its parameter
        self._used: dict[str, str] = {}  # a field's id: the text its plot's last run used

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(plot.title, id=f"tab-{plot.name}") for plot in PLOTS), id="plot-tabs")
        with ContentSwitcher(initial=f"controls-{self.current}", id="controls"):
            for plot in PLOTS:
                with Horizontal(id=f"controls-{plot.name}", classes="controls"):
                    for control in plot.parameters:
                        yield Label(control.label, markup=False)
                        widget_id = f"{plot.name}-{control.key}"
                        self._controls[widget_id] = control
                        if control.kind == "choice":
                            select = Select(
                                [(choice, choice) for choice in control.choices],
                                value=control.default,
                                allow_blank=False,
                                compact=True,
                                id=widget_id,
                                tooltip=control.help,
                            )
                            select.styles.width = control.width + 4
                            yield select
                        else:
                            field = Input(
                                control.shown(control.default),
                                placeholder="default" if control.kind == "floats" else "",
                                compact=True,
                                id=widget_id,
                                tooltip=control.help,
                            )
                            field.styles.width = control.width + 2
                            yield field
        with Horizontal(id="plot-area"):
            yield ExperimentPlot(id="plot-a", panel=0)
            yield ExperimentPlot(id="plot-b", panel=1)
        with Horizontal(id="status-row"):
            yield ProgressBar(total=1.0, show_eta=False, id="progress")
            yield Static("", id="status", markup=False)
        yield Static("", id="summary", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#plot-b", ExperimentPlot).display = False
        self.query_one("#plot-tabs", Tabs).focus()
        self.show_plot(self.current)

    # ------------------------------------------------------------------ choosing a plot

    @on(Tabs.TabActivated, "#plot-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        name = (event.tab.id or "").removeprefix("tab-")
        if name and name != self.current:
            self.show_plot(name)

    def action_switch(self, step: int) -> None:
        names = [plot.name for plot in PLOTS]
        self.action_show(names[(names.index(self.current) + step) % len(names)])

    def action_show(self, name: str) -> None:
        self.query_one("#plot-tabs", Tabs).active = f"tab-{name}"  # its TabActivated message shows the plot

    def show_plot(self, name: str) -> None:
        self.current = name
        self.query_one("#controls", ContentSwitcher).current = f"controls-{name}"
        if name in self.results:
            self._display(name, self.results[name])
            if not self.running:
                self._set_status(self._ready_text(), None)
        else:
            self.action_run()

    # ------------------------------------------------------------------ running an experiment

    def parameters(self, name: str) -> dict[str, Any]:
        """The experiment's keyword arguments from its controls; ValueError names the one that is wrong."""
        params: dict[str, Any] = {}
        for control in plot_named(name).parameters:
            widget_id = f"#{name}-{control.key}"
            if control.kind == "choice":
                params[control.key] = str(self.query_one(widget_id, Select).value)
            else:
                params[control.key] = control.parse(self.query_one(widget_id, Input).value)
        return params

    def action_run(self) -> None:
        name = self.current
        try:
            params = self.parameters(name)
        except ValueError as problem:
            self.notify(str(problem), title="Cannot run", severity="error")
            return
        for control in plot_named(name).parameters:
            widget_id = f"{name}-{control.key}"
            if control.kind != "choice":
                self._used[widget_id] = self.query_one(f"#{widget_id}", Input).value
        self._cancel.set()  # a run still going for the last request stops at its next check
        self._cancel = threading.Event()
        self.run_number += 1
        self.running = True
        self._set_status("Starting…", 0.0)
        self.refresh_bindings()
        if name not in self.results:
            self._show_placeholder("Computing…")
        self.compute(name, params, self.run_number, self._cancel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="plots")
    def compute(
        self, name: str, params: dict[str, Any], run: int, cancel: threading.Event
    ) -> tuple[str, int, Any | None]:
        """The experiment's result, or None when it was cancelled (a cancel is not an error)."""
        from backprop_study.plots.experiments import Cancelled, run_experiment

        shown = [-1]

        def progress(fraction: float, text: str) -> None:
            percent = int(fraction * 100)
            if percent != shown[0]:  # one message per percent is plenty
                shown[0] = percent
                self.post_message(ExperimentProgress(run, fraction, text))

        try:
            return name, run, run_experiment(name, self.app.workspace, progress=progress, cancel=cancel, **params)
        except Cancelled:
            return name, run, None

    def action_cancel(self) -> None:
        if self.running:
            self._cancel.set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return True if self.running else None  # shown dimmed when there is nothing to cancel
        return True

    def action_leave(self) -> None:
        focused = self.focused
        if isinstance(focused, Input | Select) or (focused is not None and focused.parent is not None
                                                   and isinstance(focused.parent, Select)):  # fmt: skip
            if isinstance(focused, Input):
                self._restore(focused)
            self.query_one("#plot-tabs", Tabs).focus()
            return
        self.app.action_home()

    def _restore(self, field: Input) -> None:
        """Escape in a field: back to the value the plot on screen was computed with (or its default)."""
        control = self._controls.get(field.id or "")
        if control is None:
            return
        used = self._used.get(field.id or "")
        field.value = used if used is not None else control.shown(control.default)

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Back to the plot tabs, where r, c and the number keys work (an input would take them as text).
        self.query_one("#plot-tabs", Tabs).focus()
        self.action_run()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.is_mounted and self.current in self.results:
            self.action_run()

    def on_experiment_progress(self, message: ExperimentProgress) -> None:
        if message.run == self.run_number and self.running:
            self._set_status(message.text, message.fraction)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "plots":
            return
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            name, run, result = worker.result
            if result is not None:
                self.results[name] = result
                if name == self.current:
                    self._display(name, result)
            if run != self.run_number:
                return  # a newer run is on its way; its own end updates the status
            self.running = False
            self.refresh_bindings()
            if result is not None:
                self._set_status(self._ready_text(), None)
            elif self.current in self.results:
                self._set_status("Cancelled. The last plot is kept; press r to run again.", None)
            else:
                self._set_status("Cancelled. Press r to run again.", None)
                self._show_placeholder("Cancelled. Press r to run again.")
        elif event.state == WorkerState.ERROR:
            error = worker.error
            self.running = False
            self.refresh_bindings()
            message = str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
            self._set_status(f"Could not compute this plot: {message}", None)
            self.notify(message, title="Plot", severity="error", markup=False)
            if self.current not in self.results:
                self._show_placeholder(f"Could not compute this plot: {message}")

    # ------------------------------------------------------------------ showing a result

    def on_resize(self) -> None:
        if self.current in self.results:
            self._display(self.current, self.results[self.current])

    def _display(self, name: str, result: Any) -> None:
        from backprop_study.plots.charts import legend, summary_lines

        first = self.query_one("#plot-a", ExperimentPlot)
        second = self.query_one("#plot-b", ExperimentPlot)
        two_panels = name == "xor" and len(result.panels) > 1
        second.display = two_panels
        first.show_result(result)
        if two_panels:
            second.show_result(result)
        width = max(20, self.size.width - 2)
        text = Text()
        line_length = 0
        for marker, color, label in legend(result):
            entry = len(marker) + 1 + len(label)
            if line_length and line_length + 3 + entry > width:  # entries are never split across lines
                text.append("\n")
                line_length = 0
            elif line_length:
                text.append("   ")
                line_length += 3
            text.append(marker, style="" if color == "default" else f"bold {color}")
            text.append(f" {label}")
            line_length += entry
        brief = self.size.height < 35  # at 80x24 the plot needs the room
        text.append("\n" + "\n".join(summary_lines(result, brief=brief)))
        self.query_one("#summary", Static).update(text)

    def _show_placeholder(self, text: str) -> None:
        """No result for the current plot yet: one panel with the text, and no other plot's legend."""
        self.query_one("#plot-a", ExperimentPlot).show_placeholder(text)
        self.query_one("#plot-b", ExperimentPlot).display = False
        self.query_one("#summary", Static).update("")

    def _ready_text(self) -> str:
        # Said once the screen has room for it; at 80x24 the plot needs the line (the footer has the keys).
        return "" if self.size.height < 35 else "Change a value and press Enter (or r) to re-run; [ and ] switch plots."

    def _set_status(self, text: str, fraction: float | None) -> None:
        self.query_one("#status-row").display = bool(text) or fraction is not None
        bar = self.query_one("#progress", ProgressBar)
        bar.display = fraction is not None
        if fraction is not None:
            bar.update(total=1.0, progress=fraction)
        self.query_one("#status", Static).update(text)
