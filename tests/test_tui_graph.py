"""The computation graph, walked in the app: the graph card in Review (node by node, right and wrong, an
unreadable answer asked again, then the rating), in a Quiz, and the Learn part with fresh numbers; and how
it looks at 80x24 and 120x40 (snapshots, reviewed as pictures)."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import Input, Static, TabbedContent

from backprop_study.cards.graph import GraphStep
from backprop_study.cards.scheduler import Rating
from backprop_study.store.workspace import Workspace, init_workspace
from backprop_study.tui.app import make_app
from backprop_study.tui.screens import review as review_screen
from backprop_study.tui.widgets.graph_walk import GraphWalkView, shown
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.question import QuestionView

DECK = """\
deck: graph-only
title: Lesson code
cards:
  - id: graph-lesson-walk
    kind: graph
    graph: lesson
    question: >
      Walk the graph back from the loss, one node at a time: each gradient is the one you just found
      times that node's local derivative.
    explain: Each step multiplies the gradient above by one local derivative; that is the chain rule.
  - id: after-the-graph
    kind: basic
    front: What does the chain rule link?
    back: The derivatives of the layers, multiplied together.
"""


def graph_deck(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    (workspace.root / "quizzes").mkdir(exist_ok=True)
    (workspace.root / "quizzes" / "graph.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.setattr(Workspace, "deck_sources", lambda self: [self.root / "quizzes"])
    return workspace


@pytest.fixture
def graph_workspace(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return graph_deck(workspace, monkeypatch)


@pytest.fixture
def no_enter_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review_screen, "ENTER_GUARD", 0.0)


def typed(values: np.ndarray) -> str:
    """An answer as a learner types it: plain numbers, row by row, separated by spaces."""
    return " ".join(f"{value:.6g}" for value in np.asarray(values, dtype=float).ravel())


def graph_of(app, selector: str = "#q-graph") -> GraphWalkView:
    return app.screen.query_one(selector, GraphWalkView)


def table_text(view: GraphWalkView) -> str:
    return str(view.query_one("#graph-table", Static).render())


def step_text(view: GraphWalkView) -> str:
    return view.query_one("#graph-step", HangingText).text


async def answer(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


def row(table: str, label: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(label))


async def test_a_graph_card_is_walked_node_by_node_then_rated(graph_workspace, no_enter_guard) -> None:
    app = make_app(graph_workspace, rng=random.Random(7))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        view = graph_of(app)
        walk = view.walk
        assert walk is not None and view.display
        assert view.input.has_focus, "the answer box has the focus: the learner types at once"
        graph = walk.graph
        table = table_text(view)
        # Every forward value of the example is on screen, each node in the forward order.
        for name, value in (("z1 = x·W1", graph.nodes[1].value), ("o = σ(z2)", graph.nodes[4].value)):
            assert shown(value)[0] in row(table, name)
        assert "▸ dL/do = ?" in row(table, "o = σ(z2)")
        assert f"(y = {graph.y:g})" in row(table, "L = ½(y − o)²")

        # Unreadable (one number asked, none given): asked again, not marked wrong.
        await answer(pilot, "abc")
        assert step_text(view).startswith("That answer cannot be read: give one number (found none)")
        assert len(walk.answers) == 0 and walk.current.node == "dL/do"

        # dL/do right; dL/dz2 wrong: the rule at that node, and the right value to go on from.
        await answer(pilot, typed(walk.current.expected))
        assert step_text(view).startswith("✓ Right: dL/do")
        assert row(table_text(view), "o = σ(z2)").endswith(f"✓ {walk.graph.steps[0].shown}")
        step: GraphStep = walk.current
        await answer(pilot, typed(-step.expected))
        words = step_text(view)
        assert words.startswith(f"✗ You gave {shown(-step.expected)[0]}.")
        assert "the sigmoid's slope is o(1 − o)" in words, "a wrong node shows its local rule"
        assert f"✗ right: {step.shown}" in row(table_text(view), "z2 = h·W2")
        assert "▸ dL/dh = ?" in row(table_text(view), "h = σ(z1)")
        assert not app.screen.query_one("#rating-bar").display, "no rating before the walk is done"

        # The rest right, the four numbers of dL/dW1 row by row.
        for _ in range(3):
            await answer(pilot, typed(walk.current.expected))
        assert walk.done and walk.right == 4
        verdict = app.screen.query_one("#q-verdict", HangingText).text
        assert verdict == "✗ 4 of 5 nodes right; look again at dL/dz2."
        explain = app.screen.query_one("#q-explain", HangingText).text
        assert explain.startswith("At the nodes you missed:\n• dL/dz2 = ")
        assert not view.query_one("#graph-answer-row").display
        assert app.screen.query_one("#rating-bar").display
        assert "Suggested: Hard (Enter)" in app.screen.query_one("#rating-help", HangingText).text
        await pilot.press("enter")
        await pilot.pause()
        assert [(log.item_id, log.rating) for log in graph_workspace.progress().reviews()] == [
            ("graph-lesson-walk", Rating.HARD)
        ]
        assert app.screen.query_one(QuestionView).question.item.id == "after-the-graph"
        assert not graph_of(app).display, "the next card is not a graph"


async def test_a_graph_card_fits_80x24_while_it_is_walked(graph_workspace) -> None:
    app = make_app(graph_workspace, rng=random.Random(7))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        view = graph_of(app)
        question = app.screen.query_one(QuestionView)
        await answer(pilot, typed(-view.walk.current.expected))  # wrong: the longest words under the graph
        await pilot.pause()
        # The table, the answer box and the node's verdict are all inside the card's visible region.
        visible = question.region
        for part in ("#graph-table", "#graph-answer-row", "#graph-step"):
            region = view.query_one(part).region
            assert visible.contains_region(region), f"{part} is cut at 80x24"


async def test_a_quiz_walks_a_graph_card_and_scores_it(graph_workspace) -> None:
    app = make_app(graph_workspace, rng=random.Random(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        for _ in range(2):
            view = app.screen.query_one(QuestionView)
            if view.question.kind == "graph":
                walk = graph_of(app, "#quiz-question #q-graph").walk
                while not walk.done:
                    await answer(pilot, typed(walk.current.expected))
                assert app.screen.query_one("#q-verdict", HangingText).text == "✓ Right at every node (5 of 5)."
                await pilot.press("enter")
            else:
                await pilot.press("space", "y")
            await pilot.pause()
        result = app.screen.query_one("#quiz-result", HangingText).text
        assert result.startswith("Score: 2 of 2 (100%).")
    assert graph_workspace.progress().reviews() == [], "a quiz leaves the schedule alone"


async def test_learn_draws_the_graph_with_fresh_numbers_to_walk_or_read(graph_workspace) -> None:
    app = make_app(graph_workspace, rng=random.Random(11))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("left_square_bracket", "left_square_bracket")  # back from Objectives, past Prompts
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "graph"
        await pilot.pause()
        view = graph_of(app, "#learn-graph")
        first = view.walk
        assert not view.input.has_focus, "[ and ] still switch parts: the box is not focused yet"
        assert not view.query_one("#graph-answer-row").display, "the graph first, to read; Enter asks"
        await pilot.press("enter")
        await pilot.pause()
        assert view.input.has_focus and view.query_one("#graph-answer-row").display
        await answer(pilot, typed(first.current.expected))
        assert step_text(view).startswith("✓ Right: dL/do")
        # Escape leaves the answer box, not the screen; [ and ] work again.
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "learn" and not isinstance(app.focused, Input)
        # r: every node's rule and value at once.
        await pilot.press("r")
        await pilot.pause()
        rules = step_text(view)
        assert rules.count("\n• ") == 4 and "Here:" in rules
        assert "·" not in table_text(view).split("gradient of L ↑", 1)[1].replace("x·W1", "").replace("h·W2", "")
        # n: fresh numbers, nothing answered.
        await pilot.press("n")
        await pilot.pause()
        assert view.walk is not first and view.walk.answers == []
        assert not np.array_equal(view.walk.graph.W1, first.graph.W1) or view.walk.graph.y != first.graph.y
        assert "▸ dL/do = ?" in table_text(view)
        # A walk finished in Learn says how it went and names the rules missed.
        await pilot.press("enter")
        walk = view.walk
        await answer(pilot, typed(-walk.current.expected))
        while not walk.done:
            await answer(pilot, typed(walk.current.expected))
        words = step_text(view)
        assert words.startswith("Done: 4 of 5 nodes right first time. The rules where you missed:\n• dL/do")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "prompts"


# ---------------------------------------------------------------------------------------------- pictures

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def fixed_graph_workspace(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The same folder on every run (the pictures show the workspace's path nowhere, but its numbers come
    from a seeded generator), with the graph deck only."""
    root = Path(tempfile.gettempdir()) / "backprop-study-graph-snapshots" / request.node.name
    shutil.rmtree(root, ignore_errors=True)
    return graph_deck(init_workspace(root / "ws"), monkeypatch)


async def until(pilot, condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen did not settle"
        await pilot.pause(0.05)


@pytest.mark.parametrize("size", SIZES)
def test_graph_card_snapshot_mid_walk(snap_compare, fixed_graph_workspace, size) -> None:
    """Two nodes answered (one right, one wrong, its rule shown), the third asked."""

    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        walk = graph_of(pilot.app).walk
        await answer(pilot, typed(walk.current.expected))
        await answer(pilot, typed(-walk.current.expected))

    app = make_app(fixed_graph_workspace, rng=random.Random(2026))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_graph_card_snapshot_done(snap_compare, fixed_graph_workspace, size, monkeypatch) -> None:
    """Every node answered (one missed): the walk's verdict and the ratings, Hard suggested."""
    # The suggested rating depends on the time taken: a walk in no time would suggest Easy.
    monkeypatch.setattr(review_screen, "suggest_rating", lambda *_: Rating.HARD)

    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        walk = graph_of(pilot.app).walk
        await answer(pilot, typed(walk.current.expected))
        await answer(pilot, typed(-walk.current.expected))
        while not walk.done:
            await answer(pilot, typed(walk.current.expected))
        await pilot.pause()

    app = make_app(fixed_graph_workspace, rng=random.Random(2026))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_learn_graph_snapshot(snap_compare, fixed_graph_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("left_square_bracket", "left_square_bracket")
        await until(pilot, lambda: bool(pilot.app.screen.query("#learn-graph")))
        await pilot.pause(0.2)

    app = make_app(fixed_graph_workspace, rng=random.Random(2026))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
