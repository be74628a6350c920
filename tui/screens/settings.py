"""Settings: the daily limits, the retention to aim for, and the confidence keys, stored in the workspace.

Each value is saved as soon as it is entered (Enter, or leaving the field with Tab or the mouse) through
the progress store, so Review and the dashboard use it at once. A value out of range is not saved: the
field says what it accepts. The scheduler reads the same settings (`Settings.from_progress`), and a test
checks that the ranges here are the ones it accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Static, Switch

from backprop_study.cards.scheduler import Settings
from backprop_study.tui.widgets.keys import AppFooter


@dataclass(frozen=True)
class NumberSetting:
    key: str  # in the store's settings, and the `Settings` field
    label: str
    low: float
    high: float
    help: str
    percent: bool = False  # shown and typed as a percentage (0.9 is "90")

    def shown(self, value: float) -> str:
        return f"{value * 100:g}" if self.percent else f"{value:g}"

    def parse(self, text: str) -> float | int:
        """The stored value for what was typed; ValueError says what is accepted."""
        low, high = (self.low * 100, self.high * 100) if self.percent else (self.low, self.high)
        accepted = f"a whole number from {low:g} to {high:g}" if not self.percent else f"{low:g} to {high:g} (%)"
        cleaned = text.strip().removesuffix("%").strip()
        try:
            number = float(cleaned) if self.percent else int(cleaned)
        except ValueError:
            raise ValueError(f"{self.label}: {text.strip() or 'nothing'} is not {accepted}") from None
        if not low <= number <= high:
            raise ValueError(f"{self.label}: {cleaned} is outside {accepted}")
        return round(number / 100, 4) if self.percent else number


NUMBERS = (
    NumberSetting(
        "new_per_day",
        "New cards a day",
        0,
        10_000,
        "How many cards you meet for the first time each day. Fewer new cards, fewer reviews later.",
    ),
    NumberSetting(
        "reviews_per_day",
        "Reviews a day",
        0,
        100_000,
        "The most reviews of learned cards in one day; the rest wait for the next day.",
    ),
    NumberSetting(
        "desired_retention",
        "Retention to aim for",
        0.7,
        0.99,
        "How often you should still remember a card when it comes back. Higher means more reviews.",
        percent=True,
    ),
)


class SettingsScreen(Screen):
    CSS_PATH = "settings.tcss"
    SUB_TITLE = "Settings"
    BINDINGS = [
        # A priority binding, so the footer says what Enter does in a field (the field would otherwise take it).
        Binding("enter", "save", "Save", priority=True, id="save"),
        Binding("escape", "leave", "Dashboard", id="home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-page"):
            yield Static(
                "Saved in this workspace as soon as you press Enter or leave a field (Tab moves between them).",
                classes="muted",
                markup=False,
            )
            for setting in NUMBERS:
                with Horizontal(classes="setting-row"):
                    yield Label(setting.label, classes="setting-label", markup=False)
                    yield Input(id=f"setting-{setting.key}", classes="setting-input", compact=True)
                    yield Static("%" if setting.percent else "", classes="setting-unit", markup=False)
                yield Static(setting.help, classes="setting-help", markup=False)
            with Horizontal(classes="setting-row"):
                yield Label("Ask how sure I am", classes="setting-label", markup=False)
                yield Switch(id="setting-ask_confidence")
                # The state in a word, not only the switch's colour (Enter or Space flips it).
                yield Static("", id="ask-confidence-state", classes="setting-unit", markup=False)
            yield Static(
                "On recall cards, before the answer, you may press s (sure), t (think so) or w (guessing). "
                "Stats then shows how often you were right at each level. Pressing nothing is always fine.",
                classes="setting-help",
                markup=False,
            )
            yield Static("", id="settings-status", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.show_values()
        self.query_one(f"#setting-{NUMBERS[0].key}", Input).focus()

    def on_screen_resume(self) -> None:
        self.show_values()

    def show_values(self) -> None:
        """The values in use now (a missing or unusable stored value shows its default)."""
        settings = Settings.from_progress(self.app.progress_store.load())
        for setting in NUMBERS:
            field = self.query_one(f"#setting-{setting.key}", Input)
            field.value = setting.shown(getattr(settings, setting.key))
            field.remove_class("-invalid")
        with self.prevent(Switch.Changed):
            self.query_one("#setting-ask_confidence", Switch).value = settings.ask_confidence
        self._show_switch(settings.ask_confidence)

    def _show_switch(self, on: bool) -> None:
        self.query_one("#ask-confidence-state", Static).update("on" if on else "off")

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#settings-status", Static)
        status.set_class(error, "-error")
        status.update(text)

    def save(self, field: Input) -> bool:
        """Store the field's value if it changed and is in range; say what happened either way."""
        setting = next(s for s in NUMBERS if field.id == f"setting-{s.key}")
        try:
            value = setting.parse(field.value)
        except ValueError as problem:
            field.add_class("-invalid")
            self._status(f"{problem}. Not saved.", error=True)
            return False
        field.remove_class("-invalid")
        current = getattr(Settings.from_progress(self.app.progress_store.load()), setting.key)
        if value != current:
            self.app.progress_store.set_setting(setting.key, value)
            self._status(f"Saved: {setting.label.lower()} {setting.shown(value)}{'%' if setting.percent else ''}.")
        field.value = setting.shown(value)
        return True

    def action_save(self) -> None:
        if isinstance(self.focused, Input):
            self.save(self.focused)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        if self.is_attached:
            self.save(event.input)

    @on(Switch.Changed, "#setting-ask_confidence")
    def _confidence(self, event: Switch.Changed) -> None:
        self.app.progress_store.set_setting("ask_confidence", event.value)
        self._show_switch(event.value)
        self._status("Saved: Review offers s, t and w." if event.value else "Saved: Review does not ask how sure.")

    def action_leave(self) -> None:
        # An invalid value left in a field is put back to the stored one rather than kept on screen unsaved.
        if isinstance(self.focused, Input) and not self.save(self.focused):
            self.show_values()
        self.app.action_home()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return isinstance(self.focused, Input)
        return True
