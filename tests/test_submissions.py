"""The submission corpus: learner files written the way learners really go wrong (and right), graded as is.

Each file under tests/submissions/NN_slug/ holds the functions a learner wrote for that exercise, as they
wrote them; the harness puts them into the exercise (after the solved file's own definitions, so theirs are
the ones that count; `base: exercise` starts from the untouched starting file instead) and runs the grader
in this process. The file's docstring says what must happen:

    expect: pass                      every check passes (a correct answer written differently)
    expect: fail                      the grader fails, and its first failure...
    mistake: CATALOGUE:KEY[:NAME]     ...shows this catalogued sentence (backprop_study.checks.mistakes)
    says: some words                  ...contains these words (a named cause that is not a catalogue entry)
    unnamed: some words               ...contains these words, but they only describe the difference

A mistaken submission is *named* when its expectation is a `mistake:` or `says:` line; at least 95% must be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from grader_harness import EXERCISES, first_failure, grade, solution

from backprop_study.checks import mistakes

CORPUS = Path(__file__).parent / "submissions"


@dataclass
class Submission:
    path: Path
    exercise: str
    expect: str
    mistake: list[str] = field(default_factory=list)
    says: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    base: str = "solution"

    @property
    def id(self) -> str:
        return f"{self.exercise}/{self.path.stem}"

    @property
    def named(self) -> bool:
        return bool(self.mistake or self.says)


_HEADER = re.compile(r"^(expect|mistake|says|unnamed|base):\s*(.+?)\s*$", re.MULTILINE)


def _read(path: Path) -> Submission:
    text = path.read_text(encoding="utf-8")
    docstring = re.match(r'\s*"""(.*?)"""', text, re.DOTALL)
    assert docstring, f"{path}: starts with a docstring saying what to expect"
    submission = Submission(path, path.parent.name, "")
    for key, value in _HEADER.findall(docstring.group(1)):
        if key in ("mistake", "says", "unnamed"):
            getattr(submission, key).append(value)
        else:
            setattr(submission, key, value)
    assert submission.expect in ("pass", "fail"), f"{path}: `expect: pass` or `expect: fail`"
    if submission.expect == "fail":
        assert submission.mistake or submission.says or submission.unnamed, f"{path}: say what the message holds"
    return submission


SUBMISSIONS = sorted((_read(p) for p in CORPUS.glob("[0-9][0-9]_*/*.py")), key=lambda s: s.id)


def catalogued(reference: str) -> str:
    """The sentence behind `CATALOGUE:KEY[:NAME]`, e.g. `LESSON:d_output:flipped_sign`, `SOFTMAX:ce sum`."""
    parts = reference.split(":")
    value: object = getattr(mistakes, parts[0])
    for part in parts[1:]:
        if isinstance(value, dict):
            value = value[part]
        elif isinstance(value, list):
            value = next(m for m in value if m.name == part)
        else:
            raise AssertionError(f"{reference}: {part} does not index {type(value).__name__}")
    if isinstance(value, tuple):  # (sentence, how to compute it)
        value = value[0]
    message = getattr(value, "message", value)
    assert isinstance(message, str), reference
    return message


def source_of(submission: Submission) -> str:
    code = submission.path.read_text(encoding="utf-8")
    if submission.base == "exercise":
        start = (EXERCISES / f"{submission.exercise}.py").read_text(encoding="utf-8")
    else:
        start = solution(submission.exercise)
    # The learner's definitions come last, so they are the ones the module keeps.
    return start + "\n\n# ---- the learner's code\n" + code


@pytest.mark.parametrize("submission", SUBMISSIONS, ids=[s.id for s in SUBMISSIONS])
def test_submission(submission: Submission, tmp_path: Path) -> None:
    outcomes = grade(tmp_path, submission.exercise, source_of(submission))
    if submission.expect == "pass":
        assert outcomes and all(o.status == "passed" for o in outcomes), outcomes
        return
    failure = first_failure(outcomes)
    for reference in submission.mistake:
        sentence = catalogued(reference)
        # A sentence that starts a line of its own (a hint under an exception) starts with a capital.
        found = sentence in failure.message or sentence[:1].upper() + sentence[1:] in failure.message
        assert found, f"{reference}\n--- got:\n{failure.message}"
    if submission.mistake:
        # The failure carries the mistake's id, which brings its card forward in Review.
        sentences = {catalogued(reference) for reference in submission.mistake}
        assert failure.mistake is not None, f"no mistake id recorded for\n{failure.message}"
        recorded = mistakes.catalogue()[failure.mistake]  # may be a lifted form: "d_output: " + the sentence
        assert any(sentence in recorded for sentence in sentences), (failure.mistake, submission.mistake)
    for words in submission.says + submission.unnamed:
        assert words in failure.message, f"{words!r}\n--- got:\n{failure.message}"
    assert len(failure.message.splitlines()) <= 7, "messages stay short:\n" + failure.message


def test_the_corpus_is_large_and_names_its_mistakes() -> None:
    mistaken = [s for s in SUBMISSIONS if s.expect == "fail"]
    correct = [s for s in SUBMISSIONS if s.expect == "pass"]
    assert len(mistaken) >= 150 and len(correct) >= 50, (len(mistaken), len(correct))
    named = sum(s.named for s in mistaken)
    assert named >= 0.95 * len(mistaken), f"{named} of {len(mistaken)} mistaken submissions are named"
    exercises = {s.exercise for s in SUBMISSIONS}
    assert exercises == {p.stem for p in EXERCISES.glob("[0-9][0-9]_*.py")}, "every exercise has submissions"
