"""The Textual app: a thin shell that switches between the sections.

`make_app` is the one factory both the CLI and the tests call. Each section is
a Textual mode; the screens ask the engine (`backprop_study`) for everything.
"""

from __future__ import annotations

import importlib
import random
import threading
from collections.abc import Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

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
    "stats": ("stats", "StatsScreen", "Stats", "Reviews per day, retention, what is due when, and exercises done."),
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
        for notice in self.progress_store.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=15)

    def deck_set(self):  # -> DeckSet, loaded once, when a screen first needs it (from any thread)
        with self._decks_lock:
            if self._decks is None:
                from backprop_study.cards.decks import load_decks

                self._decks = load_decks(self.workspace.quizzes_dir)
                for problem in self._decks.errors[:3]:
                    self.notify(str(problem), title="A deck has a problem", severity="warning", timeout=15)
            return self._decks

    def _remember_theme(self, theme) -> None:  # type: ignore[no-untyped-def]
        name = theme.name
        if self.progress_store.load().settings.get("theme") != name:
            self.progress_store.update(lambda progress: progress.settings.__setitem__("theme", name))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) offers every section and every key of the current screen."""
        yield from super().get_system_commands(screen)
        for mode, (_module, _class, title, text) in SECTIONS.items():
            if mode != self.current_mode:
                yield SystemCommand(f"Open {title}", text, lambda mode=mode: self.action_open(mode))
        seen = {"quit", "toggle_help", "change_theme", "command_palette"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or f"Key: {binding.key_display or binding.key}",
                lambda node=active.node, action=binding.action: self.run_action(action, node),
            )

    def action_open(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_home(self) -> None:
        if self.current_mode != "dashboard":
            self.switch_mode("dashboard")

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def make_app(workspace: Workspace, *, rng: random.Random | None = None) -> StudyApp:
    return StudyApp(workspace, rng=rng)
