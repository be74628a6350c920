"""What the dashboard shows: a summary of one workspace, computed headlessly."""

from __future__ import annotations

from dataclasses import dataclass

from backprop_study.course import Course, Exercise, load_course
from backprop_study.progress import Progress
from backprop_study.workspace import Workspace
from backprop_study.yamlfile import ContentError


@dataclass(frozen=True)
class CourseSummary:
    total: int
    done: int
    next_exercise: Exercise | None  # the first one not yet passed, in course order
    problem: str | None = None  # the course file could not be read


def course_summary(workspace: Workspace, progress: Progress) -> CourseSummary:
    try:
        course = load_course(workspace.course_file)
    except ContentError as exc:
        return CourseSummary(0, 0, None, problem=str(exc))
    return summarize(course, progress)


def summarize(course: Course, progress: Progress) -> CourseSummary:
    passed = {name for name, state in progress.exercises.items() if state.passed_at}
    done = sum(1 for exercise in course.exercises if exercise.name in passed)
    pending = [exercise for exercise in course.exercises if exercise.name not in passed]
    return CourseSummary(total=len(course.exercises), done=done, next_exercise=pending[0] if pending else None)
