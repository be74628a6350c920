"""Exercises: the course list, one exercise's page, grading in a worker, watch, editor, hints, reset, solution.

The open exercise's file is watched (each save is graded at once); every other exercise file is checked
for changes every few seconds and graded in the background when it changed, so a file solved in another
editor window turns green in the list without being opened.

Each result closes the loop with Review (`course_progress.record_result`): a mistake the grader names
brings its card forward (the page says so once per mistake), and the first check of an exercise, or
opening it in the editor (`exercise_started`), brings the cards on its concepts forward, to recall
before doing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from backprop_study.course import Course, Exercise, load_course
from backprop_study.course_progress import ExerciseStatus, exercise_started, exercise_states, record_result
from backprop_study.exercise_files import SolutionLocked, reset_exercise, solution_text
from backprop_study.grading.grader import Grader
from backprop_study.grading.result import ExerciseResult, report
from backprop_study.hints import next_hint, seen_hints
from backprop_study.instructions import instructions, reflow
from backprop_study.times import ago_text, when_text
from backprop_study.tui.widgets.dialogs import ConfirmScreen, TextScreen
from backprop_study.tui.widgets.fitted_text import FittedText
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.keys import AppFooter
from backprop_study.watch import watch_file

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


SCAN_SECONDS = 2.0  # how often the other exercise files are looked at for changes (a stat each)
LINE_STYLES = {"pass": "$text-success", "fail": "$text-warning", "skip": "$text-muted", "heading": "bold"}
# The list's marks: the state of each exercise's last check. The highlight is the one on screen.
LIST_MARKS = {"passed": "✓", "failing": "✗", "unchecked": "·"}


def describe(result: ExerciseResult) -> str:
    """The grader's verdict as the page shows it (the same lines `study check` prints)."""
    return "\n".join(line.text for line in report(result))


def described(result: ExerciseResult) -> Content:
    """The same lines, coloured by kind (passed checks green, failed ones amber)."""
    lines = [Content.styled(line.text, LINE_STYLES[line.kind]) if line.kind in LINE_STYLES else Content(line.text)
             for line in report(result)]  # fmt: skip
    return Content("\n").join(lines)


def list_mark(status: ExerciseStatus) -> str:
    if status.state == "done":
        return LIST_MARKS["passed"]
    return LIST_MARKS["failing"] if status.progress.last_passed is False else LIST_MARKS["unchecked"]


def status_text(status: ExerciseStatus) -> tuple[str, str]:
    """What the page says about an exercise not graded in this session, and its colour class.

    After a reset its file is the starting one again, so the last check (of the old file) says nothing
    about it: the page says it was reset, not that it is failing."""
    state = status.progress
    passed = f" It first passed {when_text(state.passed_at)}." if state.passed_at else ""
    if state.last_checked_at is None:
        return "Not checked yet: press Enter (or c) to grade it, or save the file.", ""
    checked = ago_text(state.last_checked_at)
    if state.last_passed is None:
        return f"Reset to its starting file; not checked since.{passed} Enter grades it.", ""
    if state.last_passed:
        return f"✓ Passed when last checked ({checked}).", "passed"
    return f"✗ Not passing when last checked ({checked}): Enter grades it again.{passed}", "failed"


def code_start(source: str) -> int:
    """The 0-based line where a file's code begins, after its module docstring and comments: where the
    solution view opens (the docstring, the exercise's own instructions, is one scroll up)."""
    for number, line in enumerate(source.splitlines()):
        if line.startswith(("def ", "class ", "import ", "from ", "@")) and "__future__" not in line:
            return number
    return 0


class ExercisesScreen(Screen):
    # In order of importance: at 80 columns the footer keeps the first ones (and quit and help).
    BINDINGS = [
        Binding("c", "check", "Check", id="check"),
        Binding("k", "cancel", "Cancel", id="cancel"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("h", "hint", "Hint", id="hint"),
        Binding("s", "solution", "Solution", id="solution"),
        Binding("n", "next", "Next", id="next"),
        Binding("escape", "app.home", "Dashboard", id="home"),
        Binding("x", "reset", "Reset", id="reset"),
    ]

    CSS_PATH = "exercises.tcss"
    SUB_TITLE = "Exercises"

    @dataclass
    class Graded(Message):
        exercise: str
        result: ExerciseResult

    def __init__(self) -> None:
        super().__init__()
        self.workspace = self.app.workspace
        self.course: Course = load_course(self.workspace.course_file)
        self.statuses: list[ExerciseStatus] = []
        self.selected: Exercise | None = None
        self.results: dict[str, ExerciseResult] = {}
        self._grader: Grader | None = None
        self._grader_lock = threading.Lock()
        self._cancel = threading.Event()
        self._grading: str | None = None  # the exercise being graded, if any
        self._grading_since = 0.0
        self._stop_watch = threading.Event()
        self._seen: dict[str, float] = {}  # each exercise file's modification time when last looked at
        self._background = threading.Lock()  # one grading run at a time: the open one's, or a background one
        self._told: set[str] = set()  # mistakes whose card coming forward was already mentioned

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="course-list", markup=False)
            with VerticalScroll(id="exercise-page"):
                yield HangingText(id="exercise-title")
                yield HangingText(id="exercise-file", classes="muted")
                yield HangingText(id="grade-status")
                yield HangingText(id="hints")
                yield Static("Instructions", classes="page-heading", markup=False)
                yield FittedText(id="instructions")
        yield AppFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        current = next((s for s in self.statuses if s.state == "current"), None)
        start = self.statuses.index(current) if current else 0
        course_list = self.query_one("#course-list", OptionList)
        course_list.highlighted = start
        course_list.border_title = "Course"
        course_list.border_subtitle = "✓ passed ✗ failing"
        course_list.focus()
        self.set_interval(0.1, self._tick)
        self._seen = self._modified_times()
        self.set_interval(SCAN_SECONDS, self._scan_other_files)

    def on_unmount(self) -> None:
        self._stop_watch.set()
        self._cancel.set()
        if self._grader is not None:
            self._grader.close()

    # --- the list ---------------------------------------------------------------------------

    def refresh_list(self) -> None:
        self.statuses = exercise_states(self.workspace, self.course)
        course_list = self.query_one("#course-list", OptionList)
        highlighted = course_list.highlighted
        course_list.clear_options()
        course_list.add_options(
            Option(f"{list_mark(s)} {s.exercise.list_name}", id=s.exercise.name) for s in self.statuses
        )
        if highlighted is not None:
            course_list.highlighted = highlighted

    @on(OptionList.OptionHighlighted, "#course-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        exercise = self.statuses[event.option_index].exercise
        if exercise != self.selected:
            self.open_exercise(exercise)

    @on(OptionList.OptionSelected, "#course-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_check()

    def open_exercise(self, exercise: Exercise) -> None:
        self.selected = exercise
        title = f"{exercise.number:02d}  {exercise.title}"
        if self.status_of(exercise).state == "current":
            title += "  (your next exercise)"
        self.query_one("#exercise-title", HangingText).show(title)
        path = self.workspace.exercise_file(exercise.name)
        shown = path.relative_to(self.workspace.root) if path.is_relative_to(self.workspace.root) else path
        self.query_one("#exercise-file", HangingText).show(
            f"{shown}  (e edits it; each save, from any editor, is graded here)"
        )
        self.query_one("#instructions", FittedText).show(reflow(instructions(self.workspace, exercise)))
        self._show_hints(exercise)
        self._show_result(exercise)
        self._watch(exercise)
        self.refresh_bindings()  # Solution is offered for a passed exercise only

    def status_of(self, exercise: Exercise) -> ExerciseStatus:
        return next(s for s in self.statuses if s.exercise == exercise)

    # --- grading ----------------------------------------------------------------------------

    def action_check(self) -> None:
        if self.selected is not None:
            self.grade(self.selected)

    def grade(self, exercise: Exercise) -> None:
        self._cancel.set()  # a newer save supersedes a run still going
        self._cancel = threading.Event()
        self._grading = exercise.name
        self._grading_since = time.monotonic()
        self._run_grader(exercise, self._cancel)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="grade", exit_on_error=False)
    def _run_grader(self, exercise: Exercise, cancel: threading.Event) -> None:
        self._grade_now(exercise, cancel)

    def _grade_now(self, exercise: Exercise, cancel: threading.Event) -> None:
        with self._grader_lock:
            if self._grader is None:
                self._grader = Grader(self.workspace, course=self.course)
            grader = self._grader
        with self._background:
            result = grader.grade(exercise, cancel=cancel)
        if result.status != "cancelled":
            # The app's decks (the dashboard has read them already): a named mistake brings its card forward.
            record_result(self.workspace, result, self.course, decks=self.app.deck_set())
        self.post_message(self.Graded(exercise.name, result))

    # --- the other files, saved elsewhere -------------------------------------------------------

    def _modified_times(self) -> dict[str, float]:
        times = {}
        for exercise in self.course.exercises:
            try:
                times[exercise.name] = self.workspace.exercise_file(exercise.name).stat().st_mtime
            except OSError:
                continue
        return times

    def _scan_other_files(self) -> None:
        """Grade, in the background, each exercise file (not the open one, which is watched) saved since it
        was last looked at; the list and the dashboard then show its new state."""
        now = self._modified_times()
        changed = [
            exercise
            for exercise in self.course.exercises
            if exercise != self.selected and now.get(exercise.name, 0) > self._seen.get(exercise.name, 0)
        ]
        self._seen = now
        if changed:
            self._grade_in_background(changed)

    @work(thread=True, group="background-grade", exit_on_error=False)
    def _grade_in_background(self, exercises: list[Exercise]) -> None:
        for exercise in exercises:
            self._grade_now(exercise, threading.Event())

    def on_exercises_screen_graded(self, message: Graded) -> None:
        self.results[message.exercise] = message.result
        if self._grading == message.exercise:
            self._grading = None
        self.refresh_list()
        on_screen = self.selected is not None and self.selected.name == message.exercise
        if on_screen:
            self._show_result(self.selected)
        self._tell_about_cards(message.result)
        if message.result.passed and on_screen:
            self.notify(f"{message.exercise} passes. Press s for the solution, n for the next one.", title="Passed")
        elif message.result.passed:
            self.notify(f"{message.exercise} passes (saved in another window).", title="Passed")
        self.refresh_bindings()

    def _tell_about_cards(self, result: ExerciseResult) -> None:
        """Once per mistake: its card is now due in Review (the loop from mistakes to cards)."""
        mistake = result.mistake
        if not mistake or mistake in self._told:
            return
        brought = [due for due in self.app.progress_store.due_now().values() if due.mistake == mistake]
        if brought:
            self._told.add(mistake)
            cards = "Its card is" if len(brought) == 1 else f"{len(brought)} cards on it are"
            them = "it" if len(brought) == 1 else "them"
            self.notify(
                f"{cards} due now in Review: recall {them} there, then try again here.",
                title="This mistake comes back as a card",
                timeout=8,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "grade":
            self._grading = None
            self.refresh_bindings()
            self.notify(f"Grading could not run: {event.worker.error}", severity="error", timeout=15)
            self._show_result(self.selected) if self.selected else False

    def action_cancel(self) -> None:
        self._cancel.set()

    def _tick(self) -> None:
        if self._grading and self.selected and self._grading == self.selected.name:
            frame = SPINNER[int(time.monotonic() * 10) % len(SPINNER)]
            took = time.monotonic() - self._grading_since
            self._set_status(f"{frame} Grading… {took:.1f} s   (k cancels)", "")

    def _set_status(self, text: str | Content, kind: str) -> None:
        status = self.query_one("#grade-status", HangingText)
        status.set_classes(kind)
        status.show(text)

    def _show_result(self, exercise: Exercise) -> None:
        result = self.results.get(exercise.name)
        if result is not None:
            self._set_status(described(result), "passed" if result.passed else "failed")
            return
        self._set_status(*status_text(self.status_of(exercise)))

    # --- watch ------------------------------------------------------------------------------

    def _watch(self, exercise: Exercise) -> None:
        self._stop_watch.set()
        self._stop_watch = threading.Event()
        self._watch_file(exercise, self._stop_watch)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_file(self, exercise: Exercise, stop: threading.Event) -> None:
        path = self.workspace.exercise_file(exercise.name)
        watch_file(path, lambda: self.app.call_from_thread(self._saved, exercise), stop)

    def _saved(self, exercise: Exercise) -> None:
        if self.selected == exercise and self.is_mounted:
            self.grade(exercise)

    # --- editor, hints, reset, solution, next ----------------------------------------------

    @work(thread=True, group="started", exit_on_error=False)
    def _started(self, exercise: Exercise) -> None:
        # Opening it to work on: its concept cards come due (once), to recall before doing.
        exercise_started(self.workspace, exercise, self.app.deck_set())

    def action_edit(self) -> None:
        if self.selected is None:
            return
        self._started(self.selected)
        path = self.workspace.exercise_file(self.selected.name)
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify(
                f"No editor is set. Set EDITOR (for example: export EDITOR=nano) and restart, "
                f"or open {path} in any editor: saving it grades it here.",
                title="No editor",
                severity="warning",
                timeout=15,
            )
            return
        try:
            with self.app.suspend():
                completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except SuspendNotSupported:
            self.notify(
                f"This terminal cannot hand over to {editor}. Open {path} yourself: saving it grades it here.",
                severity="warning",
                timeout=15,
            )
            return
        except (FileNotFoundError, PermissionError) as exc:
            self.notify(
                f"The editor {editor!r} could not start ({exc.strerror}). Check EDITOR, or open {path} yourself.",
                title="Editor failed",
                severity="error",
                timeout=15,
            )
            return
        if completed.returncode != 0:
            self.notify(f"{editor} exited with code {completed.returncode}.", severity="warning")
        self.grade(self.selected)

    def _show_hints(self, exercise: Exercise) -> None:
        hints = seen_hints(self.workspace, exercise)
        total = len(exercise.hints)
        if not hints:
            text = f"{total} hints: press h for the first."
        else:
            text = "\n".join(f"Hint {hint.number}/{hint.total}: {hint.text}" for hint in hints)
            if len(hints) < total:
                text += "\n(h for the next hint)"
        self.query_one("#hints", HangingText).show(text)

    def action_hint(self) -> None:
        if self.selected is None:
            return
        hint = next_hint(self.workspace, self.selected)
        self._show_hints(self.selected)
        if hint.repeated:
            self.notify("That was the last hint.", timeout=4)

    def action_reset(self) -> None:
        if self.selected is None:
            return
        exercise = self.selected

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            outcome = reset_exercise(self.workspace, exercise)
            self.results.pop(exercise.name, None)
            self._seen = self._modified_times()  # the reset itself is not a save to grade
            if outcome.unchanged:
                self.notify(f"{exercise.file_name} already is the starting file.")
            else:
                self.notify(f"{exercise.file_name} is back to its start. Your version is kept at {outcome.backup}.",
                            title="Reset", timeout=15)  # fmt: skip
            self.refresh_list()
            self.open_exercise(exercise)

        self.app.push_screen(
            ConfirmScreen(
                f"Reset {exercise.file_name} to its starting file?",
                "Your current file is kept under .study/backups/, nothing is lost.",
            ),
            confirmed,
        )

    def action_solution(self) -> None:
        if self.selected is None:
            return
        try:
            text = solution_text(self.workspace, self.selected)
        except SolutionLocked:
            self.notify(
                "The solution opens once this exercise passes. (From the shell: study solution "
                f"{self.selected.number} --force)",
                severity="warning",
            )
            return
        self.app.push_screen(
            TextScreen(f"Solution: {self.selected.file_name}", text, language="python", start_line=code_start(text))
        )

    def action_next(self) -> None:
        course_list = self.query_one("#course-list", OptionList)
        if course_list.highlighted is not None and course_list.highlighted + 1 < len(self.statuses):
            course_list.highlighted += 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer: it shows only the keys that work now.
        if action == "cancel":
            return bool(self._grading)
        if action == "solution" and self.selected is not None:
            return bool(self.status_of(self.selected).passed_once)
        return True
