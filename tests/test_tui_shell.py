"""The app shell as a learner drives it: the dashboard, the sections, help and quitting."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static, TabbedContent

from backprop_study.tui.app import make_app


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_dashboard_shows_progress_and_the_next_exercise(workspace) -> None:
    def passed_first(progress) -> None:
        progress.exercise("01_sigmoid").passed_at = "2026-11-28T10:00:00+00:00"
        progress.exercise("01_sigmoid").last_passed = True

    workspace.progress().update(passed_first)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_mode == "dashboard"
        course_line = text_of(app, "#course-line")
        assert course_line.startswith("Course: 1 of ")
        assert "02" in text_of(app, "#next-line"), "the next exercise is the first one not yet passed"
        await pilot.pause(0.5)
        assert text_of(app, "#cards-line").startswith("Cards: 20 due now (20 new)")
        assert text_of(app, "#continue-line") == "Press c to continue: review 20 due cards"
        await pilot.press("c")
        await pilot.pause()
        assert app.current_mode == "review"


async def test_continue_goes_to_the_exercise_when_no_card_is_due(workspace) -> None:
    workspace.progress().update(lambda p: p.settings.__setitem__("new_per_day", 0))
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        assert text_of(app, "#cards-line") == "Cards: nothing due right now"
        assert text_of(app, "#continue-line") == "Press c to continue: exercise 01 sigmoid"
        await pilot.press("c")
        await pilot.pause()
        assert app.current_mode == "exercises"


@pytest.mark.parametrize(("key", "mode"), [("l", "learn"), ("e", "exercises"), ("r", "review"), ("t", "stats")])
async def test_each_section_opens_by_its_key_and_escape_comes_back(workspace, key: str, mode: str) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert app.current_mode == mode
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "dashboard"


async def test_menu_opens_a_section_with_enter(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.current_mode == "review"


async def test_question_mark_toggles_the_keys_and_q_quits(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_corrupt_progress_file_is_reported_not_fatal(workspace) -> None:
    workspace.study_dir.mkdir(exist_ok=True)
    (workspace.study_dir / "progress.json").write_text("{ not json")
    app = make_app(workspace)
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert text_of(app, "#course-line").startswith("Course: 0 of ")
    assert any("could not be read" in note for note in notes)
    assert list(workspace.study_dir.glob("progress.json.corrupt-*"))


async def test_learn_lists_wrap_under_their_own_text_at_80_columns(workspace) -> None:
    from backprop_study.tui.widgets.fitted_text import FittedText

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        objectives = str(app.screen.query_one("#objectives FittedText", FittedText).render())
        assert "in neural\n  networks." in objectives, "a long objective continues under its own text"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        detail = text_of(app, "#concepts-detail")
        assert '"Feed data through layers to get\n    prediction"?' in detail, "a card's text hangs under its bullet"


async def test_learn_shows_the_lessons_tables_and_the_cards_on_a_concept(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tabs.active == "concepts"
        table = app.screen.query_one("#concepts-table", DataTable)
        assert table.row_count == 7
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "Forward Pass",
            "Feed data through layers to get prediction",
            "Like guessing an answer before checking it",
        ]
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        detail = text_of(app, "#concepts-detail")
        assert detail.startswith("Loss Function")
        assert "Like a teacher giving marks on your test" in detail
        assert "Cards on this:" in detail
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tabs.active == "code"
