"""The Textual app: a thin shell that switches between the sections.

`make_app` is the one factory both the CLI and the tests call. Each section is
a Textual mode; the screens ask the engine (`backprop_study`) for everything.
"""

from __future__ import annotations

import importlib
import random
import threading
from collections.abc import Callable, Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits
from textual.screen import Screen
from textual.theme import ThemeProvider

from backprop_study.store.workspace import Workspace

# mode: (module in tui/screens, screen class, title, what it holds).
# Screens are imported when first opened, so start-up pays only for the dashboard.
SECTIONS: dict[str, tuple[str, str, str, str]] = {
    "dashboard": ("dashboard", "DashboardScreen", "Dashboard", "What is due, the next exercise, your progress."),
    "learn": ("learn", "LearnScreen", "Learn", "The lesson's two tables, its objectives and summary, and its code."),
    "review": (
        "review",
        "ReviewScreen",
        "Review",
        "Spaced-repetition flashcards from the lesson, scheduled with FSRS.",
    ),
    "quiz": ("quiz", "QuizScreen", "Quiz", "A scored practice run through the cards that leaves your schedule alone."),
    "exercises": (
        "exercises",
        "ExercisesScreen",
        "Exercises",
        "The course: fourteen NumPy exercises, graded as you save.",
    ),
    "plots": (
        "plots",
        "PlotsScreen",
        "See it learn",
        "Your network's loss curve, learning rates, gradients per layer, decision boundaries.",
    ),
    "stats": (
        "stats",
        "StatsScreen",
        "Stats",
        "Reviews per day, retention, calibration, what is due when, and exercises done.",
    ),
    "settings": (
        "settings",
        "SettingsScreen",
        "Settings",
        "Daily limits for new cards and reviews, the retention to aim for, the confidence keys.",
    ),
}


def _screen_factory(mode: str) -> Callable[[], Screen]:
    module_name, class_name, _title, _blurb = SECTIONS[mode]

    def build() -> Screen:
        module = importlib.import_module(f"backprop_study.tui.screens.{module_name}")
        return getattr(module, class_name)()

    return build


class StudyApp(App[int]):
    TITLE = "backprop-study"
    # The dashboard is the first mode itself, so no blank default screen is built and styled first.
    MODES = {mode: _screen_factory(mode) for mode in SECTIONS}
    DEFAULT_MODE = "dashboard"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "toggle_help", "Keys", key_display="?", id="help"),
        # The same, for when a text field has the focus and takes ? as text.
        Binding("f1", "toggle_help", "Keys", show=False, id="help-f1"),
        Binding("ctrl+t", "change_theme", "Theme", show=False, id="theme"),
        Binding("escape", "home", "Dashboard", show=False, id="home"),
    ]

    def __init__(self, workspace: Workspace, *, rng: random.Random | None = None) -> None:
        self.workspace = workspace
        # Shuffles options and draws numeric cards' numbers; tests pass a seeded one.
        self.rng = rng or random.Random()
        self.progress_store = workspace.progress()
        self._decks = None
        self._decks_lock = threading.Lock()
        super().__init__()

    def on_mount(self) -> None:
        saved_theme = self.progress_store.load().settings.get("theme")
        if saved_theme in self.available_themes:
            self.theme = saved_theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for notice in self.progress_store.take_notices():
            self._progress_notice(notice)
        # Later ones (progress that cannot be saved, a damaged row reset) as they happen, from any thread.
        self.progress_store.subscribe(self._progress_notice)
        # After the first paint: the start-up stays as quick as an empty app's.
        self.call_after_refresh(self._stale_graders_notice)

    def _stale_graders_notice(self) -> None:
        from backprop_study.store.upgrade import stale_notice

        if notice := stale_notice(self.workspace.root):
            self.notify(notice, title="Graders out of date", severity="warning", timeout=20)

    def on_unmount(self) -> None:
        self.progress_store.unsubscribe(self._progress_notice)

    def _progress_notice(self, text: str) -> None:
        if threading.get_ident() == self._thread_id:
            self.notify(text, title="Progress", severity="warning", timeout=15)
        else:
            self.call_from_thread(self.notify, text, title="Progress", severity="warning", timeout=15)

    def deck_set(self):  # -> DeckSet, loaded once, when a screen first needs it (from any thread)
        with self._decks_lock:
            if self._decks is None:
                from backprop_study.cards.decks import load_decks

                # The shipped decks, then the workspace's own quizzes/ (which may replace shipped cards).
                self._decks = load_decks(self.workspace.deck_sources())
                for problem in self._decks.errors[:3]:
                    self.notify(str(problem), title="A deck has a problem", severity="warning", timeout=15)
            return self._decks

    def _remember_theme(self, theme) -> None:  # type: ignore[no-untyped-def]
        name = theme.name
        if self.progress_store.load().settings.get("theme") != name:
            self.progress_store.update(lambda progress: progress.settings.__setitem__("theme", name))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): every section once, then the keys of the current screen, each with its key.

        The dashboard's keys that open a section are the section commands themselves, so they are not listed
        twice; grouped keys (the ratings, say) are listed one by one with the group's name."""
        for mode, (_module, _class, title, text) in SECTIONS.items():
            if mode != self.current_mode:
                yield SystemCommand(f"Open {title}", text, partial(self.action_open, mode))
        seen = {"quit", "app.quit", "toggle_help", "app.toggle_help", "change_theme", "command_palette"}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or binding.system or binding.action in seen or binding.action.startswith("app.open"):
                continue
            if not binding.id:  # Textual's stock keys (scrolling, focus, copy): the footer and `?` cover them
                continue
            description = binding.description
            if binding.group is not None:
                description = f"{binding.group.description}: {description}" if description else ""
            if not description:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                description,
                f"Key {binding.key_display or self.get_key_display(binding) or key}",
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand("Keys", "Show or hide the keys of this screen (key ?)", self.action_toggle_help)
        yield SystemCommand("Theme", f"Change the colours; now {self.theme} (key ctrl+t)", self.action_change_theme)
        yield SystemCommand("Quit", "Leave the app; your progress is already saved (key q)", self.action_quit)

    def action_open(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_home(self) -> None:
        if self.current_mode != "dashboard":
            self.switch_mode("dashboard")

    def action_toggle_help(self) -> None:
        if self.screen.query("KeysPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_show_help_panel(self) -> None:
        """`?`: the keys panel (the screen's own keys first), in place of Textual's help panel."""
        from backprop_study.tui.widgets.keys import KeysPanel

        if not self.screen.query(KeysPanel):
            self.screen.mount(KeysPanel())

    def action_hide_help_panel(self) -> None:
        self.screen.query("KeysPanel").remove()

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[CurrentThemeProvider], placeholder="Search for themes…"))


class CurrentThemeProvider(ThemeProvider):
    """The theme picker, with the theme in use marked and listed first."""

    def _names(self) -> list[str]:
        names = sorted(self.app.available_themes, key=str.lower)
        current = self.app.theme
        return [current, *(name for name in names if name != current)] if current in names else names

    def _label(self, name: str) -> str:
        return f"{name}  ● in use" if name == self.app.theme else name

    def _set(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for name in self._names():
            yield DiscoveryHit(self._label(name), partial(self._set, name), text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            if (score := matcher.match(name)) > 0:
                shown = matcher.highlight(name)
                if name == self.app.theme:
                    shown = shown + "  ● in use"
                yield Hit(score, shown, partial(self._set, name), text=name)


def make_app(workspace: Workspace, *, rng: random.Random | None = None) -> StudyApp:
    return StudyApp(workspace, rng=rng)
