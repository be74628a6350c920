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
        assert app.screen.query("KeysPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("KeysPanel")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_keys_panel_lists_the_apps_own_keys_before_textuals(workspace) -> None:
    from backprop_study.tui.widgets.keys import help_rows

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        sections = help_rows(app.screen)
        titles = [title for title, _rows in sections]
        assert titles[:2] == ["This screen", "Everywhere"], "the app's keys come first"
        own = {entry.keys: entry.description for entry in sections[0][1]}
        assert own["c"] == "Continue" and own["s"] == "Settings" and own["t"] == "Stats"
        everywhere = {entry.description for entry in sections[1][1]}
        assert {"Quit", "Keys", "Theme"} <= everywhere
        stock = {entry.description for _title, rows in sections[2:] for entry in rows}
        assert "Focus Next" in stock and "Focus Next" not in own.values(), "Textual's own keys come last"
        panel = app.screen.query_one("KeysPanel")
        assert panel.region.right <= 80 and panel.region.width >= 30


SCREENS_AT_THEIR_BUSIEST = [
    ("dashboard", []),
    ("dashboard beside the keys panel", ["question_mark"]),
    ("learn", ["l"]),
    ("review", ["r"]),
    ("review answered", ["r", "a"]),
    ("quiz", ["z"]),
    ("exercises after a pass", ["e", "up"]),
    ("plots", ["p"]),
    ("stats", ["t"]),
    ("settings", ["s"]),
]


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize(("name", "keys"), SCREENS_AT_THEIR_BUSIEST, ids=[name for name, _ in SCREENS_AT_THEIR_BUSIEST])
async def test_the_footer_always_shows_quit_and_keys(workspace, name: str, keys: list[str], width: int) -> None:
    if "after a pass" in name:  # the most keys the Exercises screen has: Solution too
        solved = workspace.solutions_dir / "01_sigmoid.py"
        (workspace.exercises_dir / "01_sigmoid.py").write_bytes(solved.read_bytes())
        from backprop_study.course_progress import record_result
        from backprop_study.grading.result import ExerciseResult

        record_result(workspace, ExerciseResult("01_sigmoid", "passed", (), None, None, "", 0.2))
    app = make_app(workspace)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        footer = app.screen.query_one("AppFooter")
        items = list(footer.query("FooterKey"))
        shown = {item.key: item for item in items}
        for plain, in_a_field in (("q", "ctrl+q"), ("question_mark", "f1")):
            key = shown.get(plain) or shown.get(in_a_field)
            assert key is not None, f"{plain} is in the footer on {name} at {width} columns"
            assert key.region.right <= footer.region.right, f"{plain} is not cut off on {name} at {width} columns"
        palette = [item for item in items if item.has_class("-command-palette")]
        others = [item for item in items if not item.has_class("-command-palette")]
        if palette:
            assert all(item.region.right <= palette[0].region.x for item in others), "nothing runs under ^p"
        if name == "exercises after a pass" and width == 80:
            assert "s" in shown, "Solution fits at 80 columns"


async def test_the_palette_lists_each_section_once_and_every_entry_says_what_it_does(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
        titles = [command.title for command in commands]
        assert len(titles) == len(set(titles)), f"no command twice: {titles}"
        assert "Open Stats" in titles and "Stats" not in titles
        assert all(command.help for command in commands)
        assert not [title for title in titles if title.startswith("Key ")]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space")  # a recall card, answered: the four ratings are keys now
        await pilot.pause()
        question = app.screen.query_one("QuestionView").question
        if question.auto_checked:  # the first card of the day may be a choice: answer it by its letter
            await pilot.press("a")
            await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Rate: Again", "Rate: Good"} <= set(titles), titles
        assert len(titles) == len(set(titles))


async def test_the_theme_picker_marks_the_theme_in_use(workspace) -> None:
    from backprop_study.tui.app import CurrentThemeProvider

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        provider = CurrentThemeProvider(app.screen)
        hits = [hit async for hit in provider.discover()]
        assert str(hits[0].display) == "nord  ● in use", "the theme in use comes first, marked"
        assert not any("in use" in str(hit.display) for hit in hits[1:])


async def test_at_60x20_the_dashboard_shows_every_section(workspace) -> None:
    from textual.widgets import OptionList

    app = make_app(workspace)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause(0.3)
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.option_count == 7
        assert menu.region.bottom <= 19, "the menu ends above the footer"
        assert menu.region.height >= menu.option_count + 2, "every entry and the border show"
        assert menu.max_scroll_y == 0, "nothing to scroll to"


async def test_a_corrupt_progress_database_is_reported_not_fatal(workspace) -> None:
    workspace.study_dir.mkdir(exist_ok=True)
    (workspace.study_dir / "progress.db").write_bytes(b"not a database at all " * 100)
    app = make_app(workspace)
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert text_of(app, "#course-line").startswith("Course: 0 of ")
    assert any("could not be read" in note for note in notes)
    assert list(workspace.study_dir.glob("progress.db.corrupt-*"))


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
        assert 'as "Feed data through layers to\n    get prediction"?' in detail, "a card's text hangs under its bullet"


async def test_learn_arrow_keys_work_at_once_in_every_part(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause(0.3)
        objectives = app.screen.query_one("#objectives .part")
        assert objectives.has_focus, "the objectives take the focus: no Tab needed"
        assert objectives.max_scroll_y > 0, "at 80x24 the objectives are longer than the screen"
        await pilot.press("down", "down")
        await pilot.pause()
        assert objectives.scroll_y == 2
        await pilot.press("right_square_bracket")
        await pilot.pause(0.3)
        table = app.screen.query_one("#concepts-table", DataTable)
        assert table.has_focus
        await pilot.press("down")
        await pilot.pause()
        assert text_of(app, "#concepts-detail").startswith("Loss Function")


async def test_learn_tables_fit_80_columns_and_say_where_a_cell_is_cut(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause(0.3)
        table = app.screen.query_one("#concepts-table", DataTable)
        assert table.virtual_size.width <= table.size.width, "no column runs off the right edge"
        hook = str(table.get_row_at(0)[2])
        assert hook.endswith("…"), "a cut cell says so"
        detail = text_of(app, "#concepts-detail")
        assert "Memory Hook: Like guessing an answer before checking it" in detail, "the full text is under it"


async def test_learn_shows_the_lessons_tables_and_the_cards_on_a_concept(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(130, 30)) as pilot:  # wide enough for every cell in full
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


async def test_graders_out_of_date_are_reported_on_start(workspace) -> None:
    # A workspace from before stamps, whose grader differs from the installed one.
    (workspace.study_dir / "course-version.json").unlink()
    grader = workspace.grader_file("01_sigmoid")
    grader.write_text(grader.read_text() + "\n# an older grader\n")
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        shown = [n for n in app._notifications if n.title == "Graders out of date"]
        assert len(shown) == 1 and "study update" in str(shown[0].message)


async def test_an_up_to_date_workspace_starts_without_a_graders_notice(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert not [n for n in app._notifications if n.title == "Graders out of date"]


async def test_learn_shows_the_video_under_the_title(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        video = str(app.screen.query_one(".video", Static).render())
        assert video.startswith("The video these notes follow on YouTube:\nhttps://www.youtube.com/watch?v=")


def test_the_video_is_named_unless_its_title_is_the_lessons() -> None:
    from backprop_study.tui.screens.learn import video_lines

    url = "https://youtu.be/abc"
    assert video_lines("Backprop", url, "Backprop") == f"The video these notes follow on YouTube:\n{url}"
    assert video_lines("Lecture 4", url, "Backprop") == f"The video these notes follow: Lecture 4 on YouTube:\n{url}"
    assert video_lines("Lecture 4", "", "Backprop") == "The video these notes follow: Lecture 4."
