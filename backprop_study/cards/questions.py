"""Presenting a review item and checking the learner's answer.

`make_question(item, pools, rng)` turns a review item into a `Question`: the
text to show, the options (choice, shuffled) or items (order, shuffled), the
right answer for the reveal, and for auto-checked kinds (choice, typed, order,
numeric) a `check(answer) -> Verdict`. `suggest_rating(verdict, seconds)` turns
a verdict and the time taken into the rating a learner would likely pick; the
learner may override it.

Every string is plain text, passed through untouched: `[bold]` stays `[bold]`.
"""

from __future__ import annotations

import difflib
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from backprop_study.cards.card import CLOZE_GAP, CLOZE_SPAN, Card, ReviewItem, choice_wrong_options
from backprop_study.cards.graph import GraphWalk, lesson_graph
from backprop_study.cards.numeric import NumericProblem, format_number, generate
from backprop_study.cards.scheduler import Rating

CHOICE_WRONG_SHOWN = 3


class AnswerFormatError(ValueError):
    """The answer cannot be read (not a number, no such option): ask again, do not mark it wrong."""


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "extra" (in the learner's answer, not the expected one), "missing" (the other way)
    text: str


@dataclass(frozen=True)
class Verdict:
    correct: bool
    given: str  # the learner's answer, as text
    expected: str  # the right answer, as text
    message: str  # one sentence for the learner
    differences: tuple[DiffPart, ...] = ()  # typed: how the answer differs from the closest accepted one
    wrong_positions: tuple[int, ...] = ()  # order: 0-based places in the learner's order that are wrong
    error: float | None = None  # numeric: |given − expected|
    mistake: str | None = None  # numeric: the catalogued mistake a wrong answer matches (its name), if any


@dataclass(frozen=True)
class Question:
    """One review item ready to show. Build it with `make_question`."""

    item: ReviewItem
    prompt: str  # the text to show first
    answer: str  # the right answer, shown on reveal
    context: str | None = None  # cloze: shown above the prompt (e.g. the surrounding code)
    answer_in_context: str | None = None  # cloze: the whole text with every gap filled
    explain: str | None = None  # shown after the answer
    options: tuple[str, ...] = ()  # choice: shuffled, the answer among them
    items: tuple[str, ...] = ()  # order: shuffled; the learner puts them in order
    correct_order: tuple[str, ...] = ()  # order
    accepted: tuple[str, ...] = ()  # typed: the answer and its alternatives
    numeric: NumericProblem | None = None
    graph: GraphWalk | None = None  # graph: the walk, answered one node at a time (`graph.answer(text)`)

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def card(self) -> Card:
        return self.item.card

    @property
    def auto_checked(self) -> bool:
        return self.item.auto_checked

    @property
    def correct_option(self) -> int:
        """choice: the 0-based index of the answer among `options`."""
        return self.options.index(self.answer)

    def check(self, answer: object) -> Verdict:
        """Check an answer for an auto-checked kind.

        choice: the 0-based index into `options`, or the option's text.
        typed: the text typed.
        order: the items in the learner's order, as texts or as 0-based indices into `items`.
        numeric: a number or the text typed.
        Raises AnswerFormatError when the answer cannot be read at all.
        """
        if self.kind == "choice":
            return self._check_choice(answer)
        if self.kind == "typed":
            return self._check_typed(str(answer))
        if self.kind == "order":
            return self._check_order(answer)
        if self.kind == "numeric":
            return self._check_numeric(answer)
        if self.kind == "graph":
            return self._graph_verdict()
        raise TypeError(f"a {self.kind} card is not checked automatically: reveal the answer and rate it")

    def _graph_verdict(self) -> Verdict:
        """A graph card's verdict once its walk is done: right when every node was found first time."""
        walk = self.graph
        if walk is None or not walk.done:
            raise AnswerFormatError("answer every node of the graph first")
        total = len(walk.answers)
        given = "; ".join(
            f"{step.node} = {verdict.given}" for step, verdict in zip(walk.graph.steps, walk.answers, strict=True)
        )
        if walk.right == total:
            return Verdict(True, given, self.answer, f"Right at every node ({total} of {total}).")
        wrong = [step.node for step, verdict in zip(walk.graph.steps, walk.answers, strict=True) if not verdict.correct]
        return Verdict(
            False, given, self.answer, f"{walk.right} of {total} nodes right; look again at {', '.join(wrong)}."
        )

    def _check_choice(self, answer: object) -> Verdict:
        if isinstance(answer, int) and not isinstance(answer, bool):
            if not 0 <= answer < len(self.options):
                raise AnswerFormatError(f"there is no option {answer + 1}; choose 1 to {len(self.options)}")
            chosen = self.options[answer]
        elif isinstance(answer, str) and answer in self.options:
            chosen = answer
        else:
            raise AnswerFormatError("choose one of the options")
        if chosen == self.answer:
            return Verdict(True, chosen, self.answer, "Right.")
        return Verdict(False, chosen, self.answer, f"Not quite: the answer is: {self.answer}")

    def _check_typed(self, answer: str) -> Verdict:
        given = " ".join(answer.split())
        if not given:
            return Verdict(False, "", self.answer, f"No answer given; the answer is: {self.answer}")
        wanted = normalise_typed(given)
        for accepted in self.accepted:
            if typed_matches(accepted, given):
                return Verdict(True, given, accepted, "Right.")
        closest = max(
            self.accepted,
            key=lambda a: difflib.SequenceMatcher(None, normalise_typed(a), wanted, autojunk=False).ratio(),
        )
        return Verdict(
            False, given, closest, f"Not quite; the answer is: {closest}", differences=diff_parts(given, closest)
        )

    def _check_order(self, answer: object) -> Verdict:
        if not isinstance(answer, Sequence) or isinstance(answer, str):
            raise AnswerFormatError("give the items in order")
        given: list[str] = []
        for entry in answer:
            if isinstance(entry, int) and not isinstance(entry, bool):
                if not 0 <= entry < len(self.items):
                    raise AnswerFormatError(f"there is no item {entry + 1}")
                given.append(self.items[entry])
            else:
                given.append(str(entry))
        if sorted(given) != sorted(self.correct_order):
            raise AnswerFormatError(f"put all {len(self.correct_order)} items in order, each once")
        wrong = tuple(i for i, (g, c) in enumerate(zip(given, self.correct_order, strict=True)) if g != c)
        shown = " → ".join(given)
        if not wrong:
            return Verdict(True, shown, self.answer, "Right: all in order.")
        placed = len(given) - len(wrong)
        return Verdict(
            False,
            shown,
            self.answer,
            f"{placed} of {len(given)} in the right place. The order is:\n{self.answer}",
            wrong_positions=wrong,
        )

    def _check_numeric(self, answer: object) -> Verdict:
        assert self.numeric is not None
        value = parse_number(answer)
        error = abs(value - self.numeric.answer)
        expected = self.numeric.format_answer()
        given = format_number(value, 8)
        tolerance = format_number(self.numeric.tolerance, 8)
        if self.numeric.accepts(value):
            return Verdict(True, given, expected, f"Right: the answer is {expected} (±{tolerance}).", error=error)
        message = f"Not within ±{tolerance}: the answer is {expected}, you are off by {format_number(error, 6)}."
        trap = self.numeric.trap_for(value)
        if trap is not None:
            message += f" Your answer matches a known slip: {trap.message}"
        return Verdict(False, given, expected, message, error=error, mistake=trap.name if trap else None)


# Seconds within which a right answer suggests Easy, and beyond which it suggests Hard.
SUGGEST_SECONDS: dict[str, tuple[float, float]] = {
    "choice": (4.0, 15.0),
    "typed": (8.0, 30.0),
    "order": (10.0, 45.0),
    "numeric": (20.0, 120.0),
    "graph": (90.0, 300.0),  # five nodes, each a small calculation
}


def suggest_rating(question: Question, verdict: Verdict, seconds: float | None) -> Rating:
    """Wrong is Again; right is Easy when quick, Good in a normal time, Hard when slow (per kind). A graph
    walk with one node missed (and put right by the rule shown) is Hard rather than Again."""
    if not verdict.correct:
        walk = question.graph
        if walk is not None and walk.done and walk.right == len(walk.answers) - 1:
            return Rating.HARD
        return Rating.AGAIN
    if seconds is None:
        return Rating.GOOD
    easy_within, good_within = SUGGEST_SECONDS.get(question.kind, (8.0, 30.0))
    if seconds <= easy_within:
        return Rating.EASY
    if seconds <= good_within:
        return Rating.GOOD
    return Rating.HARD


_OPERATOR_SPACES = re.compile(r"\s*([-+*/=<>^%@(),\[\]{}:|&!~])\s*")
_TRAILING = ".,;:!?"
_PROSE_CHARACTERS = re.compile(r"[a-z' _-]+")
_PIECES = re.compile(r"([ _-]+)")
_ARTICLE = re.compile(r"^(?:the|a|an) ")
_JOINERS = re.compile(r"[ _-]+")
_NUMBER_LIST = re.compile(
    r"^[\[\](),\s]*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?:[\[\](),\s]+[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)*[\[\](),\s]*$"
)


def normalise_typed(text: str) -> str:
    """The form two typed answers are compared in: case, surrounding and repeated whitespace,
    trailing punctuation, spaces around operators and surrounding backticks or quotes do not count.

    In prose (words only), hyphens and underscores between words count as spaces and a leading
    article is dropped: "The back-propagation" is "back propagation". Code keeps its hyphens, which
    are minus signs there.
    """
    text = unicodedata.normalize("NFKC", text).replace("−", "-").replace("×", "*")
    text = " ".join(text.split()).casefold()
    text = text.strip("`'\"").strip()
    text = text.rstrip(_TRAILING + " ")
    if _is_prose(text):
        return _ARTICLE.sub("", _JOINERS.sub(" ", text)).strip()
    return _OPERATOR_SPACES.sub(r"\1", text)


def _is_prose(text: str) -> bool:
    """Words only, where every hyphen or underscore joins two words of two letters or more: "back-propagation"
    and "learning_rate" are prose; "y-output" (y − output) and "d_output" are code, whose hyphens are minus
    signs and whose underscores are part of a name."""
    if not _PROSE_CHARACTERS.fullmatch(text):
        return False
    pieces = _PIECES.split(text)  # words at even places, separators at odd ones
    for index in range(1, len(pieces), 2):
        joins = "-" in pieces[index] or "_" in pieces[index]
        if joins and (len(pieces[index - 1]) < 2 or len(pieces[index + 1]) < 2):
            return False
    return True


def typed_numbers(text: str) -> tuple[float, ...] | None:
    """The numbers of an answer written as numbers only, however bracketed or separated: "(0.5, 0.5)",
    "[0.5 0.5]" (NumPy's print format) and "[[0.5, 0.5]]" all give (0.5, 0.5). None for anything else."""
    text = unicodedata.normalize("NFKC", text).replace("−", "-").strip().rstrip(".;")
    if not _NUMBER_LIST.match(text.casefold()):
        return None
    return tuple(float(token) for token in re.split(r"[\[\](),\s]+", text) if token)


def typed_matches(accepted: str, given: str) -> bool:
    """Whether a typed answer says what an accepted one says: equal once normalised, or the same numbers."""
    if normalise_typed(accepted) == normalise_typed(given):
        return True
    numbers = typed_numbers(accepted)
    return numbers is not None and numbers == typed_numbers(given)


def diff_parts(given: str, expected: str) -> tuple[DiffPart, ...]:
    """What differs between the learner's text and the expected one, ignoring case when matching."""
    a, b = given.lower(), expected.lower()
    if len(a) != len(given) or len(b) != len(expected):  # lower() changed a length (rare letters): match as typed
        a, b = given, expected
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", expected[j1:j2]))
            continue
        if i2 > i1:
            parts.append(DiffPart("extra", given[i1:i2]))
        if j2 > j1:
            parts.append(DiffPart("missing", expected[j1:j2]))
    return tuple(parts)


def parse_number(answer: object) -> float:
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        return float(answer)
    text = str(answer).strip().replace("−", "-").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    try:
        value = float(text)
    except ValueError:
        raise AnswerFormatError(f"{str(answer).strip()!r} is not a number; type it like 0.125 or -1.5") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise AnswerFormatError("type a finite number")
    return value


def make_question(
    item: ReviewItem, pools: dict[str, tuple[str, ...]] | None = None, rng: random.Random | None = None
) -> Question:
    """Everything needed to show `item` once; choice and order shuffle, numeric draws fresh numbers."""
    rng = rng or random.Random()
    card = item.card
    kind = card.kind
    if kind in ("basic", "reversed"):
        if item.variant == "reverse":
            return Question(item, prompt=card.back, answer=card.front, explain=card.explain)
        return Question(item, prompt=card.front, answer=card.back, explain=card.explain)
    if kind == "cloze":
        return _cloze_question(item)
    if kind == "choice":
        wrong = list(choice_wrong_options(card, pools or {}))
        options = [*rng.sample(wrong, min(CHOICE_WRONG_SHOWN, len(wrong))), card.answer]
        rng.shuffle(options)
        return Question(item, prompt=card.question, answer=card.answer, explain=card.explain, options=tuple(options))
    if kind == "typed":
        return Question(
            item, prompt=card.question, answer=card.answer, explain=card.explain, accepted=(card.answer, *card.accept)
        )
    if kind == "order":
        shuffled = list(card.items)
        while tuple(shuffled) == card.items:  # at least 3 distinct items, so this ends quickly
            rng.shuffle(shuffled)
        listing = "\n".join(f"{n}. {text}" for n, text in enumerate(card.items, start=1))
        return Question(
            item,
            prompt=card.question,
            answer=listing,
            explain=card.explain,
            items=tuple(shuffled),
            correct_order=card.items,
        )
    if kind == "numeric":
        problem = generate(card.template, rng, card.tolerance)
        explain = problem.working if not card.explain else f"{problem.working}\n\n{card.explain}"
        return Question(item, prompt=problem.question, answer=problem.format_answer(), explain=explain, numeric=problem)
    if kind == "graph":
        walk = GraphWalk(lesson_graph(rng))
        answer = "\n".join(f"{step.node} = {step.shown}" for step in walk.graph.steps)
        prompt = card.question or (
            "The lesson's network on one example. Find the gradient of the loss at each node, from L backwards."
        )
        return Question(item, prompt=prompt, answer=answer, explain=card.explain, graph=walk)
    raise ValueError(f"unknown card kind {kind!r}")


def _cloze_question(item: ReviewItem) -> Question:
    card = item.card
    wanted = int(item.variant)
    counter = 0
    answer = ""

    def gap(match: re.Match[str]) -> str:
        nonlocal counter, answer
        counter += 1
        if counter == wanted:
            answer = match.group(1)
            return CLOZE_GAP
        return match.group(1)

    prompt = CLOZE_SPAN.sub(gap, card.text)
    return Question(
        item,
        prompt=prompt,
        answer=answer,
        context=card.context,
        answer_in_context=CLOZE_SPAN.sub(lambda m: m.group(1), card.text),
        explain=card.explain,
    )
