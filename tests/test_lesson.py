"""The lesson read for Learn: its title, the video it follows, and its sign-off kept as its author wrote it."""

from __future__ import annotations

from backprop_study.lesson import load_lesson
from backprop_study.store.paths import shipped_quizzes_dir


def test_the_lesson_keeps_its_video_link_and_its_two_line_sign_off() -> None:
    lesson = load_lesson(shipped_quizzes_dir() / "lesson.md")
    assert lesson.title == "Neural Network Backpropagation"
    assert lesson.video_title == "Neural Network Backpropagation"
    assert lesson.video_url.startswith("https://www.youtube.com/watch?v=1GnfvhBUs_E")
    assert lesson.credits[-2:] == ["Made with love by @oswalgarima", "Learning out loud, one note at a time"]
    assert len(lesson.objectives) >= 5 and lesson.concepts.rows and lesson.steps.rows and lesson.code
