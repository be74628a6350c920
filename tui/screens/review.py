"""Review: the cards due today, one at a time.

Keys, as in Anki where Anki has them: Space shows the answer, the digits 1-4 rate (Again, Hard, Good,
Easy), Enter takes the suggested rating, u undoes. Answers that are picked (a multiple-choice option,
the next item of an order) use letters, so the keys that answer and the keys that rate never overlap:
a reflex double press cannot answer and rate at once. Before showing the answer of a recall card the
learner may say how sure they are (s sure, t think so, w guessing); that key also shows the answer, so
saying it costs nothing, and not saying it costs nothing either.

A card that an exercise brought forward (a mistake the grader named, or the exercise being started or
passed) says why above the question: "You made this mistake in exercise 05 on 29 Nov (d_output: the sign
is flipped)." The mistake's words come from the graders' catalogue, read in a worker (it imports NumPy and
pytest); until it is read the sentence goes without them.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header

from backprop_study.cards.questions import Question, suggest_rating
from backprop_study.cards.review import CONFIDENCE, ReviewSession, SessionSummary
from backprop_study.cards.scheduler import LEARN_AHEAD, DueCounts, Rating, Settings, format_interval, today_start
from backprop_study.course import Course, load_course
from backprop_study.overview import (
    ReviewOutlook,
    course_summary,
    exercise_label,
    item_prompt,
    mistake_phrase,
    mistake_sentences,
    review_outlook,
    why_due_text,
)
from backprop_study.store.yamlfile import ContentError
from backprop_study.times import duration_text, when_text
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.keys import AppFooter, KeyGroup
from backprop_study.tui.widgets.question import LETTERS, QuestionView

RATE = KeyGroup("Rate", itemized=True)
ANSWER = KeyGroup("Pick an answer")
SURE = KeyGroup("How sure?", itemized=True)
# Confidence keys: none is a letter an option or order item can have (a-l), nor u (undo). Sure and think
# so are their own initials; guessing is w ("wild guess"), as g can be the seventh item of an order.
CONFIDENCE_KEYS = {"s": 3, "t": 2, "w": 1}
ENTER_GUARD = 0.35  # seconds after an answer during which Enter does not rate: a reflex second Enter
IDLE_CAP = 300.0  # a card left on screen longer than this counts this long in the session's time
AHEAD_MINUTES = int(LEARN_AHEAD.total_seconds() // 60)


def counts_text(counts: DueCounts, ahead: int) -> str:
    """The header: what is due now, and the learning steps coming up soon (they are shown early when
    nothing else is left, so they are counted here rather than appearing from nowhere)."""
    steps = f"{ahead} learning step{'s' if ahead != 1 else ''} within {AHEAD_MINUTES} min"
    if not counts.total and ahead:
        return f"Due now: 0 · {steps}, shown early"
    parts = f"{counts.new} new · {counts.learning} learning · {counts.review} review"
    if counts.brought_forward:  # beyond the daily limits: a mistake or an exercise brought them forward
        parts += f" · {counts.brought_forward} from your exercises"
    text = f"Due now: {counts.total} ({parts})"
    return f"{text} · {steps}" if ahead else text


def outlook_text(outlook: ReviewOutlook) -> str:
    """Why nothing more is due, and when to come back."""
    lines = []
    if outlook.later_today and outlook.next_due is not None:
        steps = "learning step comes" if outlook.later_today == 1 else "learning steps come"
        lines.append(f"{outlook.later_today} {steps} due later today, the first {when_text(outlook.next_due)}.")
    if outlook.new_limit_reached:
        lines.append(
            f"Today's {outlook.new_per_day} new cards are done; {outlook.new_unseen} more wait for the coming days "
            "(the limit is in Settings)."
        )
    elif not outlook.new_unseen:
        lines.append("Every card has been studied at least once.")
    return "\n".join(lines)


class ReviewScreen(Screen):
    # In order of importance: at 80 columns the footer keeps the first ones (and quit and help).
    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="reveal"),
        *(
            Binding(key, f"confidence({level})", CONFIDENCE[level].capitalize(), group=SURE, id=f"sure-{key}")
            for key, level in CONFIDENCE_KEYS.items()
        ),
        # The letters of the options on screen (the card lists them too).
        *(Binding(key, f"pick('{key}')", f"option {key}", group=ANSWER, id=f"pick-{key}") for key in LETTERS),
        *(Binding(str(int(r)), f"rate({int(r)})", r.label, group=RATE, id=f"rate-{int(r)}") for r in Rating),
        Binding("enter", "accept", "Accept rating", id="accept"),
        Binding("enter", "next_step", "Go on", id="next-step"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("backspace", "take_back", "Take back", show=False, id="take-back"),
        Binding("escape", "app.home", "Dashboard", id="home"),
    ]

    CSS_PATH = "review.tcss"
    SUB_TITLE = "Review"

    def __init__(self) -> None:
        super().__init__()
        self.session: ReviewSession | None = None
        self.question: Question | None = None
        self.suggested: Rating | None = None
        self.seconds: float | None = None
        self.confidence: int | None = None
        self._day = None  # the study day the session was built on
        self._shown_at = time.monotonic()
        self._answered_at = 0.0
        self._card_seconds: list[float] = []  # time each rated card was on screen (undo takes the last back)
        self._ended: SessionSummary | None = None  # an earlier session's summary, kept when one is rebuilt
        self._course: Course | None = None  # read when a card first says which exercise brought it forward
        self._sentences: dict[str, str] | None = None  # the mistakes' sentences, once read in a worker

    def compose(self) -> ComposeResult:
        yield Header()
        yield HangingText(id="review-counts")
        with Vertical(id="review-body"):
            yield HangingText(id="review-why")
            yield QuestionView(id="question")
            yield HangingText(id="rating-help")
            with Horizontal(id="rating-bar"):
                for rating in Rating:
                    yield Button(f"{int(rating)} {rating.label}", id=f"rate-{int(rating)}", compact=True)
        yield HangingText(id="review-summary")
        yield AppFooter()

    def on_mount(self) -> None:
        self._start_session()
        self.show_next()
        self.set_interval(30, self._check_due_again)

    def _start_session(self) -> None:
        if self.session is not None and self.session.can_undo:
            self._ended = self.session.summary()
        self.session = ReviewSession(self.app.progress_store, self.app.deck_set(), rng=self.app.rng)
        self._day = today_start(self._now(), self.session.settings)

    @staticmethod
    def _now():
        from backprop_study.cards.scheduler import utc_now

        return utc_now()

    def on_screen_resume(self) -> None:
        # Back from another section: settings may have changed, or a new study day begun. The session (its
        # undo and its summary) is kept unless one of those asks for a new queue.
        if self.session is None:
            return
        settings = Settings.from_progress(self.app.progress_store.load())
        if settings != self.session.settings or today_start(self._now(), settings) != self._day:
            self._start_session()
            if self.question is None:
                self.show_next()
            else:
                self._show_counts()
                self._show_help()
                self.refresh_bindings()
        elif self.question is None:
            self._show_summary()

    def _check_due_again(self) -> None:
        # On the summary: a learning step may have come due while the learner read it.
        if self.question is None and self.session is not None and self.is_attached:
            self._show_summary()
            self.refresh_bindings()

    # --- flow ---------------------------------------------------------------------------------

    def show_next(self) -> None:
        assert self.session is not None
        self.question = self.session.next()
        self.suggested = None
        self.seconds = None
        self.confidence = None
        ended = self.question is None
        self.query_one("#review-body").display = not ended
        self.query_one("#review-summary").display = ended
        self._show_counts()
        if ended:
            self._show_summary()
        else:
            self._show_question(self.question)
        self.refresh_bindings()

    def _show_question(self, question: Question) -> None:
        deck = self.app.deck_set().deck(question.item.deck)
        self.query_one(QuestionView).show(question, deck.title if deck else question.item.deck)
        self._shown_at = time.monotonic()
        self._show_why()
        self._show_rating_bar(False)

    # --- why a card was brought forward -------------------------------------------------------

    def _show_why(self) -> None:
        why = self.query_one("#review-why", HangingText)
        why.show(self._why_text())
        why.display = bool(why.text)

    def _why_text(self) -> str:
        if self.session is None or self.question is None:
            return ""
        due = self.session.why_due(self.question.item.id)
        if due is None:
            return ""
        if self._course is None:
            with contextlib.suppress(ContentError):  # unreadable: the exercise is named by its file name
                self._course = load_course(self.app.workspace.course_file)
        phrase = None
        if due.mistake is not None:
            if self._sentences is None:
                self._read_sentences()
            else:
                phrase = mistake_phrase(due.mistake, self._sentences.get(due.mistake))
        passed_at = self.app.progress_store.load().exercises.get(due.exercise)
        return why_due_text(
            due, exercise_label(self._course, due.exercise), passed_at.passed_at if passed_at else None, phrase
        )

    @work(thread=True, exclusive=True, group="mistake-sentences", exit_on_error=False)
    def _read_sentences(self) -> None:
        sentences = mistake_sentences()
        self.app.call_from_thread(self._sentences_read, sentences)

    def _sentences_read(self, sentences: dict[str, str]) -> None:
        self._sentences = sentences
        if self.is_attached and self.question is not None:
            self._show_why()

    def _show_counts(self) -> None:
        assert self.session is not None
        queue = self.session.queue()
        self.query_one("#review-counts", HangingText).show(counts_text(queue.counts, len(queue.learn_ahead)))

    @property
    def _asks_confidence(self) -> bool:
        return bool(self.session and self.session.settings.ask_confidence)

    def _show_help(self) -> None:
        view = self.query_one(QuestionView)
        help_line = self.query_one("#rating-help", HangingText)
        if view.answered:
            said = f"You said: {CONFIDENCE[self.confidence]}. " if self.confidence is not None else ""
            if self.suggested is not None:
                help_line.show(f"Suggested: {self.suggested.label} (Enter), or press 1-4 to choose.")
            else:
                help_line.show(f"{said}How well did you remember? Press 1-4 (Enter is Good).")
        elif view.self_rated and self._asks_confidence:
            help_line.show(
                "Space shows the answer. Or say how sure you are first, which shows it too (optional): "
                "s sure · t think so · w guessing."
            )
        elif view.self_rated:
            help_line.show("Space shows the answer.")
        else:
            help_line.show("")
        help_line.display = bool(help_line.text)

    def _show_rating_bar(self, visible: bool) -> None:
        self.query_one("#rating-bar").display = visible
        self._show_help()
        if not visible:
            return
        assert self.session is not None and self.question is not None
        intervals = self.session.intervals(self.question)
        sep = " · " if self.size.width >= 70 else " "  # narrow: each label still fits on its button's line
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = f"{int(rating)} {rating.label}{sep}{format_interval(intervals[rating])}"
            button.variant = "primary" if rating == self.suggested else "default"

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        self.seconds = event.seconds
        self._answered_at = time.monotonic()
        if event.verdict is not None:
            self.suggested = suggest_rating(event.question, event.verdict, event.seconds)
        self._show_rating_bar(True)
        self.refresh_bindings()

    def rate(self, rating: Rating) -> None:
        assert self.session is not None and self.question is not None
        rated = self.session.rate(self.question, rating, seconds=self.seconds, confidence=self.confidence)
        self._card_seconds.append(min(IDLE_CAP, time.monotonic() - self._shown_at))
        if rated.became_leech:
            self.notify(
                f"This card has been forgotten {rated.lapses} times: it is now a leech. "
                "Rewrite it in your own words or relearn it from Learn.",
                title="Leech",
                severity="warning",
                timeout=10,
            )
        self.show_next()

    # --- the end of a session -----------------------------------------------------------------

    def _summary(self) -> SessionSummary:
        assert self.session is not None
        summary = self.session.summary()
        if summary.reviewed == 0 and self._ended is not None:  # rebuilt after settings changed: keep the old
            return replace(self._ended, due_left=summary.due_left)
        return summary

    def _next_step(self) -> tuple[str, str]:
        """What Enter does on the summary: (mode or "review", what it says)."""
        assert self.session is not None
        if self.session.next() is not None:
            return "review", "Enter: go on, more cards are due now"
        summary = course_summary(self.app.workspace, self.app.progress_store.load())
        nxt = summary.next_exercise
        if nxt is not None:
            return "exercises", f"Enter: on to exercise {nxt.number:02d} {nxt.title}"
        return "dashboard", "Enter: back to the dashboard"

    def _show_summary(self) -> None:
        assert self.session is not None
        summary = self._summary()
        outlook = review_outlook(self.app.progress_store, self.app.deck_set().review_items())
        if summary.reviewed == 0:
            text = "Nothing is due right now. Well done."
        else:
            spent = duration_text(sum(self._card_seconds)) if self._card_seconds else duration_text(summary.seconds)
            cards = "1 card" if summary.reviewed == 1 else f"{summary.reviewed} cards"
            ratings = " · ".join(f"{rating.label} {count}" for rating, count in summary.by_rating.items())
            text = f"Session done: {cards} in {spent} ({summary.new_items} new).\n{ratings}"
            if summary.again_rate is not None:
                text += f"\nForgotten this session: {summary.again_rate:.0%}."
            if summary.new_leeches:
                names = [item_prompt(self.app.deck_set(), item_id) for item_id in summary.new_leeches]
                text += f"\nNew leeches (rewrite or relearn them): {'; '.join(names)}."
        later = outlook_text(outlook)
        if later:
            text += f"\n\n{later}"
        _mode, step = self._next_step()
        keys = [step]
        if self.session.can_undo:
            keys.append("u: undo the last rating")
        keys.append("Escape: dashboard")
        text += "\n\n" + " · ".join(keys)
        self.query_one("#review-summary", HangingText).show(text)
        self._show_counts()

    # --- keys ---------------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.query_one(QuestionView).reveal()

    def action_confidence(self, level: int) -> None:
        view = self.query_one(QuestionView)
        if view.self_rated and not view.answered and self._asks_confidence:
            self.confidence = level
            view.reveal()  # its Answered message shows the ratings, with what the learner said

    def action_pick(self, key: str) -> None:
        self.query_one(QuestionView).press_letter(key)
        self.refresh_bindings()  # Backspace can take a pick back now

    def action_rate(self, number: int) -> None:
        if self.question is not None and self.query_one(QuestionView).answered:
            self.rate(Rating(number))

    def action_accept(self) -> None:
        if self.question is None or not self.query_one(QuestionView).answered:
            return
        if time.monotonic() - self._answered_at < ENTER_GUARD:
            return  # the Enter that submitted a typed answer, repeated by reflex: not a rating
        self.rate(self.suggested or Rating.GOOD)

    def action_next_step(self) -> None:
        mode, _text = self._next_step()
        if mode == "review":
            self.show_next()
        else:
            self.app.action_open(mode)

    def action_take_back(self) -> None:
        self.query_one(QuestionView).take_back()
        self.refresh_bindings()

    def action_undo(self) -> None:
        assert self.session is not None
        question = self.session.undo()
        if question is None:
            self.notify("Nothing to undo in this session.", timeout=3)
            return
        if self._card_seconds:
            self._card_seconds.pop()
        self.question = question
        self.suggested = None
        self.confidence = None
        self.query_one("#review-body").display = True
        self.query_one("#review-summary").display = False
        self._show_question(question)
        self._show_counts()
        self.notify("The last rating was undone.", timeout=3)
        self.refresh_bindings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("rate-"):
            self.rate(Rating(int(event.button.id.removeprefix("rate-"))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer and from `?`: they show only the keys that work now.
        if action == "undo":
            return bool(self.session and self.session.can_undo)
        if action == "next_step":
            return self.is_mounted and self.session is not None and self.question is None
        if action not in ("reveal", "confidence", "pick", "rate", "accept", "take_back"):
            return True
        if not self.is_mounted or self.question is None:
            return False
        view = self.query_one(QuestionView)
        if action == "reveal":
            return view.self_rated and not view.answered
        if action == "confidence":
            return view.self_rated and not view.answered and self._asks_confidence
        if action == "pick":
            return LETTERS.find(str(parameters[0])) in range(view.letters)
        if action in ("rate", "accept"):
            return view.answered
        return self.question.kind == "order" and bool(view.picked) and not view.answered
