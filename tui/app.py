"""The Textual app: a thin shell that switches between the sections.

`make_app` is the one factory both the CLI and the tests call. Each section is
a Textual mode; the screens ask the engine (`backprop_study`) for everything.
"""

from __future__ import annotations

from backprop_study.tui.screens.coming import ComingScreen
from backprop_study.tui.screens.dashboard import DashboardScreen
from backprop_study.tui.screens.learn import LearnScreen
from textual.app import App
from textual.binding import Binding

from backprop_study.workspace import Workspace

SECTIONS: dict[str, tuple[str, str]] = {
    # mode: (title, what the section will hold, said plainly until it lands)
    "review": ("Review", "Spaced-repetition flashcards from the lesson, scheduled with FSRS."),
    "quiz": ("Quiz", "A scored practice run through the cards that leaves your schedule alone."),
    "exercises": ("Exercises", "The course: fourteen NumPy exercises, graded as you save."),
    "stats": ("Stats", "Reviews per day, retention, what is due when, and exercises done."),
    "plots": ("See it learn", "Your network's loss curve, learning rates, gradients per layer, decision boundaries."),
}


class StudyApp(App[int]):
    TITLE = "backprop-study"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "toggle_help", "Keys", key_display="?", id="help"),
        Binding("escape", "home", "Dashboard", show=False, id="home"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.progress_store = workspace.progress()
        self._decks = None
        super().__init__()

    def on_mount(self) -> None:
        for mode in SECTIONS:
            title, text = SECTIONS[mode]
            self.add_mode(mode, lambda title=title, text=text: ComingScreen(title, text))
        self.add_mode("dashboard", DashboardScreen)
        self.add_mode("learn", LearnScreen)
        self.switch_mode("dashboard")
        for notice in self.progress_store.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=15)

    def deck_set(self):  # -> DeckSet, loaded once, when a screen first needs it
        if self._decks is None:
            from backprop_study.decks import load_decks

            self._decks = load_decks(self.workspace.quizzes_dir)
            for problem in self._decks.errors[:3]:
                self.notify(str(problem), title="A deck has a problem", severity="warning", timeout=15)
        return self._decks

    def related_cards(self, concept_id: str) -> list[str]:
        """The cards about one row of the lesson's tables: its own card, and cards tagged with its topic."""
        topic = concept_id.split("-", 1)[-1]
        cards = [card for card in self.deck_set().cards() if card.id == concept_id or topic in card.tags]
        return [card.front or card.question or card.text.replace("{{", "[").replace("}}", "]") for card in cards]

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


def make_app(workspace: Workspace) -> StudyApp:
    return StudyApp(workspace)
