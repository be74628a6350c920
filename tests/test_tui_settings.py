"""Settings as a learner uses them: the daily limits, the retention and the confidence keys, saved in the
workspace and used at once by Review and the dashboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static, Switch

from backprop_study.cards.scheduler import Settings
from backprop_study.store.progress import Progress
from backprop_study.tui.app import make_app
from backprop_study.tui.screens.settings import NUMBERS
from backprop_study.tui.widgets.hanging import HangingText


def field(app, key: str) -> Input:
    return app.screen.query_one(f"#setting-{key}", Input)


def status(app) -> str:
    return str(app.screen.query_one("#settings-status", Static).render())


async def open_settings(pilot) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert pilot.app.current_mode == "settings"


async def test_the_settings_show_what_is_in_use_and_save_what_is_typed(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        assert field(app, "new_per_day").has_focus, "the first field has the focus: typing changes it"
        assert [field(app, s.key).value for s in NUMBERS] == ["20", "200", "90"]
        assert app.screen.query_one("#setting-ask_confidence", Switch).value is True
        field(app, "new_per_day").value = ""
        await pilot.press(*"35", "enter")
        await pilot.pause()
        assert status(app) == "Saved: new cards a day 35."
        await pilot.press("tab", "tab")  # to the retention (Tab also saves the field it leaves)
        field(app, "desired_retention").value = ""
        await pilot.press(*"85", "tab")
        await pilot.pause()
        assert status(app) == "Saved: retention to aim for 85%."
    settings = Settings.from_progress(workspace.progress().load())
    assert (settings.new_per_day, settings.reviews_per_day, settings.desired_retention) == (35, 200, 0.85)


async def test_a_value_out_of_range_is_not_saved_and_says_what_is_accepted(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await pilot.press("tab", "tab")
        field(app, "desired_retention").value = ""
        await pilot.press(*"100", "enter")
        await pilot.pause()
        assert status(app) == "Retention to aim for: 100 is outside 70 to 99 (%). Not saved."
        assert field(app, "desired_retention").has_class("-invalid")
        await pilot.press("escape")  # leaving puts the stored value back rather than keeping a wrong one
        await pilot.pause()
        assert app.current_mode == "dashboard"
        await pilot.press("s")
        await pilot.pause()
        assert field(app, "desired_retention").value == "90"
    assert "desired_retention" not in workspace.progress().load().settings


async def test_the_confidence_switch_turns_reviews_offer_off(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        app.screen.query_one("#setting-ask_confidence", Switch).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert status(app) == "Saved: Review does not ask how sure."
        assert str(app.screen.query_one("#ask-confidence-state", Static).render()) == "off"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        help_line = app.screen.query_one("#rating-help", HangingText).text
        assert "sure" not in help_line
    assert workspace.progress().load().settings["ask_confidence"] is False


async def test_review_uses_a_new_limit_when_the_learner_comes_back(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#review-counts", HangingText).text.startswith("Due now: 20 (20 new")
        await pilot.press("escape")
        await pilot.pause()
        await open_settings(pilot)
        field(app, "new_per_day").value = "5"
        await pilot.press("enter", "escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#review-counts", HangingText).text.startswith("Due now: 5 (5 new")


@pytest.mark.parametrize("setting", NUMBERS, ids=[s.key for s in NUMBERS])
def test_the_ranges_here_are_the_ones_the_scheduler_accepts(setting) -> None:
    """A value this screen accepts is one the scheduler uses, and one just outside it the scheduler ignores."""
    default = getattr(Settings(), setting.key)
    step = 0.01 if setting.percent else 1

    def used(value: float) -> bool:
        return getattr(Settings.from_progress(Progress(settings={setting.key: value})), setting.key) == value

    for inside in (setting.low, setting.high):
        assert used(inside), f"{setting.key} {inside} is accepted here and by the scheduler"
    for outside in (setting.low - step, setting.high + step):
        assert not used(outside) or outside == default, f"{setting.key} {outside} is refused by both"
        text = setting.shown(outside)
        with pytest.raises(ValueError, match="outside"):
            setting.parse(text)
