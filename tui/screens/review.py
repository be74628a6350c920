"""Review: the cards due today, one at a time. Space reveals, 1-4 rate, u undoes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from backprop_study.cards.questions import Question, suggest_rating
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating, format_interval
from backprop_study.tui.widgets.question import QuestionView


def _number_bindings() -> list[Binding]:
    return [Binding(str(n), f"number({n})", f"Key {n}", show=False, id=f"number-{n}") for n in range(1, 10)]


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.home", "Dashboard", id="home"),
        Binding("space", "reveal", "Show answer", id="reveal"),
        Binding("enter", "accept", "Accept rating", id="accept"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("backspace", "take_back", "Take back", show=False, id="take-back"),
        *_number_bindings(),
    ]

    CSS_PATH = "review.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.session: ReviewSession | None = None
        self.question: Question | None = None
        self.suggested: Rating | None = None
        self.seconds: float | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-counts", markup=False)
        with Vertical(id="review-body"):
            yield QuestionView(id="question")
            yield Static("", id="rating-help", markup=False)
            with Horizontal(id="rating-bar"):
                for rating in Rating:
                    yield Button(f"{int(rating)} {rating.label}", id=f"rate-{int(rating)}", compact=True)
        yield Static("", id="review-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.session = ReviewSession(self.app.progress_store, self.app.deck_set(), rng=self.app.rng)
        self.show_next()

    def on_screen_resume(self) -> None:
        # Back from the dashboard on another day, or after a long break: ask the engine again.
        if self.question is None and self.session is not None:
            self.session = ReviewSession(self.app.progress_store, self.app.deck_set(), rng=self.app.rng)
            self.show_next()

    # --- flow ---------------------------------------------------------------------------------

    def show_next(self) -> None:
        assert self.session is not None
        self.question = self.session.next()
        self.suggested = None
        self.seconds = None
        ended = self.question is None
        self.query_one("#review-body").display = not ended
        self.query_one("#review-summary").display = ended
        self._show_counts()
        if ended:
            self._show_summary()
        else:
            deck = self.app.deck_set().deck(self.question.item.deck)
            self.query_one(QuestionView).show(self.question, deck.title)
            self._show_rating_bar(False)
        self.refresh_bindings()

    def _show_counts(self) -> None:
        assert self.session is not None
        counts = self.session.counts()
        self.query_one("#review-counts", Static).update(
            f"Due now: {counts.total}   new {counts.new} · learning {counts.learning} · review {counts.review}"
        )

    def _show_rating_bar(self, visible: bool) -> None:
        self.query_one("#rating-bar").display = visible
        help_line = self.query_one("#rating-help", Static)
        if not visible:
            view = self.query_one(QuestionView)
            help_line.update("Space shows the answer." if view.self_rated else "")
            return
        assert self.session is not None and self.question is not None
        intervals = self.session.intervals(self.question)
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = f"{int(rating)} {rating.label} · {format_interval(intervals[rating])}"
            button.variant = "primary" if rating == self.suggested else "default"
        if self.suggested is not None:
            help_line.update(f"Suggested: {self.suggested.label} (Enter), or press 1-4 to choose.")
        else:
            help_line.update("How well did you remember? Press 1-4 (Enter is Good).")

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        self.seconds = event.seconds
        if event.verdict is not None:
            self.suggested = suggest_rating(event.question, event.verdict, event.seconds)
        self._show_rating_bar(True)
        self.refresh_bindings()

    def rate(self, rating: Rating) -> None:
        assert self.session is not None and self.question is not None
        rated = self.session.rate(self.question, rating, seconds=self.seconds)
        if rated.became_leech:
            self.notify(
                f"This card has been forgotten {rated.lapses} times: it is now a leech. "
                "Rewrite it in your own words or relearn it from Learn.",
                title="Leech",
                severity="warning",
                timeout=10,
            )
        self.show_next()

    def _show_summary(self) -> None:
        assert self.session is not None
        summary = self.session.summary()
        if summary.reviewed == 0:
            text = "Nothing is due right now. Well done.\n\nNew cards come each day (up to your daily limit)."
        else:
            minutes, seconds = divmod(round(summary.seconds), 60)
            ratings = " · ".join(f"{rating.label} {count}" for rating, count in summary.by_rating.items())
            text = (
                f"Session done: {summary.reviewed} reviewed ({summary.new_items} new) in {minutes}:{seconds:02d}.\n"
                f"{ratings}\n"
            )
            if summary.again_rate is not None:
                text += f"Forgotten this session: {summary.again_rate:.0%}.\n"
            if summary.new_leeches:
                text += f"New leeches: {', '.join(summary.new_leeches)}.\n"
        if summary.due_left.total:
            text += f"\nStill due (learning steps later, or past today's limits): {summary.due_left.total}."
        text += "\n\nu undoes the last rating; Escape goes back to the dashboard."
        self.query_one("#review-summary", Static).update(text)

    # --- keys ---------------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.query_one(QuestionView).reveal()

    def action_accept(self) -> None:
        if self.query_one(QuestionView).answered:
            self.rate(self.suggested or Rating.GOOD)

    def action_number(self, number: int) -> None:
        view = self.query_one(QuestionView)
        if self.question is None:
            return
        if view.answered:
            if 1 <= number <= 4:
                self.rate(Rating(number))
        else:
            view.press_number(number)

    def action_take_back(self) -> None:
        self.query_one(QuestionView).take_back()

    def action_undo(self) -> None:
        assert self.session is not None
        question = self.session.undo()
        if question is None:
            self.notify("Nothing to undo in this session.", timeout=3)
            return
        self.question = question
        self.query_one("#review-body").display = True
        self.query_one("#review-summary").display = False
        deck = self.app.deck_set().deck(question.item.deck)
        self.query_one(QuestionView).show(question, deck.title)
        self.suggested = None
        self._show_rating_bar(False)
        self._show_counts()
        self.notify("The last rating was undone.", timeout=3)
        self.refresh_bindings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("rate-"):
            self.rate(Rating(int(event.button.id.removeprefix("rate-"))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer: it shows only the keys that work now.
        if action not in ("reveal", "accept", "take_back", "undo"):
            return True
        if action == "undo":
            return bool(self.session and self.session.can_undo)
        if not self.is_mounted or self.question is None:
            return False
        view = self.query_one(QuestionView)
        if action == "reveal":
            return view.self_rated and not view.answered
        if action == "accept":
            return view.answered
        return self.question.kind == "order" and not view.answered
