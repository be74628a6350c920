"""The computation graph, walked: the lesson's network for one example, its forward values, and the
gradient of the loss at each node, asked one node at a time from L backwards.

    x ──W1──▶ z1 ──σ──▶ h ──W2──▶ z2 ──σ──▶ o ──▶ L = ½ (y − o)²

Under the lesson's diagram, a table lists the nodes in the forward order (x at the top, L at the bottom),
each with its forward value and, in the backward column, its gradient: ▸ marks the node being asked, ✓ or
✗ the ones answered (a wrong one shows the right value, so the next node is worked from it), and the
sentence under the answer box gives the local rule that applies at a node answered wrongly. The engine
(`backprop_study.cards.graph.GraphWalk`) checks each answer against the reference; an answer that cannot
be read is asked again, not marked wrong. When the last node is answered the view posts `Finished`.

Review and Quiz show it inside the question; Learn shows it with fresh numbers and can reveal every
node's rule and value at once (`reveal_all`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from backprop_study.cards.graph import (
    LESSON_DIAGRAM,
    GraphAnswerError,
    GraphStep,
    GraphWalk,
    LessonGraph,
    StepVerdict,
    format_values,
)
from backprop_study.tui.widgets.hanging import HangingText

# The nodes in the forward order, each as the table names it; the gradient asked at each (if any) is
# the step whose node is "dL/d<name>".
NODE_LABELS = (
    ("x", "x"),
    ("W1", "W1"),
    ("z1", "z1 = x·W1"),
    ("h", "h = σ(z1)"),
    ("W2", "W2"),
    ("z2", "z2 = h·W2"),
    ("o", "o = σ(z2)"),
    ("L", "L = ½(y − o)²"),
)
RIGHT_STYLE = "$text-success bold"
WRONG_STYLE = "$text-warning bold"
ASKING_STYLE = "$text-accent bold"


def shown(values: object) -> list[str]:
    """A value as the table shows it, one line per row of a matrix: "0.192", "[0.5, 0.632]", a column
    "[0.3, 1.4]ᵀ", or a 2×2 matrix as two lines "[0.2, 0.2]" and "[−0.4, 1.4]"."""
    array = np.atleast_2d(np.asarray(values, dtype=float))
    if array.size == 1:
        return [format_values(array)]
    if array.shape[0] == 1:
        return [f"[{format_values(array[0])}]"]
    if array.shape[1] == 1:
        return [f"[{format_values(array[:, 0])}]ᵀ"]
    return [f"[{format_values(row)}]" for row in array]


def count_words(step: GraphStep) -> str:
    if step.size == 1:
        return "one number"
    rows = step.expected.shape[0] if step.expected.ndim == 2 else 1
    return f"{step.size} numbers, row by row" if rows > 1 else f"{step.size} numbers"


def node_of(step: GraphStep) -> str:
    """The node a step asks about: "dL/dz2" -> "z2"."""
    return step.node.removeprefix("dL/d")


def forward_values(graph: LessonGraph) -> dict[str, object]:
    values: dict[str, object] = {node.name: node.value for node in graph.nodes}
    values.update(W1=graph.W1, W2=graph.W2, L=graph.loss)
    return values


def graph_table(walk: GraphWalk, *, revealed: bool = False) -> Content:
    """The nodes with their forward values and their gradients so far (all of them when `revealed`), as
    three columns: the node, its forward value, its gradient."""
    graph = walk.graph
    steps = {node_of(step): (index, step) for index, step in enumerate(graph.steps)}
    values = forward_values(graph)
    asked = len(walk.answers)
    rows: list[tuple[str, list[str], list[Content]]] = []
    for name, label in NODE_LABELS:
        forward = shown(values[name])
        backward: list[Content]
        if name == "L":
            forward[0] += f"  (y = {graph.y:g})"
            backward = [Content.styled("1", "dim")]  # dL/dL: where the walk starts
        elif name not in steps:
            backward = []
        else:
            index, step = steps[name]
            right = shown(step.expected)
            if index < asked:
                # A wrong one shows the right value (the next node is worked from it), and says so.
                lead = "✓ " if walk.answers[index].correct else "✗ right: "
                style = RIGHT_STYLE if walk.answers[index].correct else WRONG_STYLE
                backward = [Content.styled(f"{lead}{right[0]}", style)]
                backward += [Content.styled(f"{' ' * len(lead)}{line}", style) for line in right[1:]]
            elif revealed:
                backward = [Content(f"= {right[0]}")] + [Content(f"  {line}") for line in right[1:]]
            elif index == asked:
                backward = [Content.styled(f"▸ {step.node} = ?", ASKING_STYLE)]
            else:
                backward = [Content.styled("·", "dim")]
        rows.append((label, forward, backward))
    label_width = max(len(label) for label, _, _ in rows)
    forward_width = max(len(line) for _, forward, _ in rows for line in forward)
    lines = [Content.styled(f"{'node':<{label_width}}  {'forward ↓':<{forward_width}}  gradient of L ↑", "dim")]
    for label, forward, backward in rows:
        for number in range(max(len(forward), len(backward))):
            left = label if number == 0 else ""
            value = forward[number] if number < len(forward) else ""
            gradient = backward[number] if number < len(backward) else Content("")
            lines.append(
                Content.assemble((f"{left:<{label_width}}", "bold"), f"  {value:<{forward_width}}  ", gradient)
            )
    return Content("\n").join(lines)


def step_words(step: GraphStep, verdict: StepVerdict) -> Content:
    """What the learner is told after answering one node."""
    if verdict.correct:
        return Content.styled(f"✓ {verdict.message}", "$text-success")
    return Content.styled(f"✗ You gave {verdict.given}. {verdict.message}", "$text-warning")


def missed_rules(walk: GraphWalk) -> str:
    """The rule and the working at each node answered wrongly (for the end of a walk)."""
    return "\n".join(
        f"• {step.node} = {step.shown}: {step.rule} Here: {step.how} = {step.shown}."
        for step, verdict in zip(walk.graph.steps, walk.answers, strict=False)
        if not verdict.correct
    )


def rule_lines(graph: LessonGraph) -> str:
    """Every node's rule and value, in the walk's order (Learn's "show every rule")."""
    return "\n".join(
        f"• {step.node} = {step.shown}: {step.rule} Here: {step.how} = {step.shown}." for step in graph.steps
    )


class GraphWalkView(Vertical):
    """The graph, its table, the answer box for the node being asked, and the last node's verdict."""

    DEFAULT_CSS = """
    GraphWalkView { height: auto; }
    GraphWalkView #graph-diagram { color: $text-accent; }
    GraphWalkView #graph-table { height: auto; }
    GraphWalkView #graph-answer-row { height: 1; margin-top: 1; }
    GraphWalkView #graph-asking { width: auto; margin-right: 1; text-style: bold; }
    GraphWalkView #graph-input { width: 1fr; max-width: 48; margin: 0; }
    GraphWalkView #graph-step { height: auto; }
    GraphWalkView #graph-step.-problem { color: $text-warning; }
    """

    @dataclass
    class Finished(Message):
        """Every node has been answered."""

        view: GraphWalkView
        walk: GraphWalk

    @dataclass
    class Stepped(Message):
        """One node was answered (right or wrong)."""

        view: GraphWalkView
        verdict: StepVerdict

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.walk: GraphWalk | None = None
        self.revealed = False
        self.asking = True  # the answer box shows (Learn shows the graph first, and asks once Enter is pressed)

    def compose(self) -> ComposeResult:
        yield Static(LESSON_DIAGRAM, id="graph-diagram", markup=False)
        yield Static("", id="graph-table")
        with Horizontal(id="graph-answer-row"):
            yield Static("", id="graph-asking", markup=False)
            yield Input(id="graph-input", compact=True)
        yield HangingText(id="graph-step")

    @property
    def input(self) -> Input:
        return self.query_one("#graph-input", Input)

    @property
    def done(self) -> bool:
        return self.walk is not None and self.walk.done

    def show(self, walk: GraphWalk, *, asking: bool = True) -> None:
        """A new walk: nothing answered yet, the first node asked (its answer box shown when `asking`)."""
        self.walk = walk
        self.revealed = False
        self.asking = asking
        self.say("")
        self._refresh()

    def start(self) -> None:
        """Ask for the current node: the answer box shows, with the focus."""
        self.asking = True
        self._refresh()
        if not self.input.disabled:
            self.input.focus()

    def reveal_all(self) -> None:
        """Every gradient, with the rule and the working at each node (the walk ends here)."""
        if self.walk is None:
            return
        self.revealed = True
        self.say(rule_lines(self.walk.graph))
        self._refresh()

    def _refresh(self) -> None:
        walk = self.walk
        if walk is None:
            return
        self.query_one("#graph-table", Static).update(graph_table(walk, revealed=self.revealed))
        step = walk.current
        row = self.query_one("#graph-answer-row")
        row.display = step is not None and not self.revealed and self.asking
        entry = self.input
        entry.disabled = not row.display
        if step is not None:
            self.query_one("#graph-asking", Static).update(f"▸ {step.node} =")
            entry.placeholder = f"{count_words(step)}, then Enter"

    def say(self, text: str | Content, problem: bool = False) -> None:
        """Words under the graph: a node's verdict, a problem with an answer, or what the screen adds."""
        words = self.query_one("#graph-step", HangingText)
        words.set_class(problem, "-problem")
        words.show(text)
        words.display = bool(text.plain if isinstance(text, Content) else text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        walk = self.walk
        step = walk.current if walk is not None else None
        if walk is None or step is None or self.revealed:
            return
        if not event.value.strip():
            self.say(f"Type {step.node} first: {count_words(step)}.", problem=True)
            return
        try:
            verdict = walk.answer(event.value)
        except GraphAnswerError as problem:
            self.say(f"That answer cannot be read: {problem}. Try again.", problem=True)
            return
        self.input.value = ""
        # At the end the table and the walk's verdict say it all (the rules missed are listed after it).
        self.say("" if walk.done else step_words(step, verdict))
        self._refresh()
        self.post_message(self.Stepped(self, verdict))
        if walk.done:
            self.post_message(self.Finished(self, walk))
