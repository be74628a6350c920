"""Hardening around grading, content and text shown to the learner (issue 15), beyond the corpus in
test_hostile.py: workspace folders with odd names, the shared worker's socket and its requests, temporary
folders left by a killed `study`, odd exercise names, deck and course files, and untrusted text."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest
from fixtures_grading import SOLVED, make_workspace, stop_shared_workers, write_exercise

from backprop_study.course import load_course
from backprop_study.grading import learner_errors as le
from backprop_study.grading import runner, scratch
from backprop_study.grading.grader import Grader
from backprop_study.store import safe_text
from backprop_study.store.yamlfile import ContentError, load_yaml_file, load_yaml_text

ROOT = Path(__file__).resolve().parents[1]


# -- workspace folders named with what pytest or a shell would interpret ----------------------------------


@pytest.mark.parametrize(
    "folder", ["a[b]", "d$HOME", "x::y", "sp ace", "st*r?", "ü-ñ", "{a,b}", "~tilde", "q'\"", "semi;colon#"]
)
def test_a_workspace_under_any_folder_name_grades_correctly(tmp_path: Path, folder: str) -> None:
    workspace, _ = make_workspace(tmp_path / folder)
    write_exercise(workspace, "01_add", SOLVED["01_add"])
    with Grader(workspace, jobs=1) as grader:
        assert grader.grade("1").passed
        starting = grader.grade("3")
    assert starting.problem == "mean([1, 2, 3, 6]) should be 3.0, got None"


# -- the shared worker: its socket and what is sent to it ------------------------------------------------


@pytest.fixture
def worker_folder(monkeypatch: pytest.MonkeyPatch):
    folder = Path(tempfile.mkdtemp(prefix="sw-"))  # short: a socket path has a length limit
    monkeypatch.setenv("STUDY_WORKER_DIR", str(folder))
    monkeypatch.setenv("STUDY_SHARED_WORKER", "1")  # conftest switches it off for every other test
    # The real fingerprint changes whenever a file of the package does (another edit mid-test): fixed here.
    monkeypatch.setattr(runner, "code_fingerprint", lambda python: "0123456789abcdef")
    yield folder
    stop_shared_workers(folder)
    shutil.rmtree(folder, ignore_errors=True)


def socket_path(folder: Path) -> Path:
    return folder / "worker-0123456789abcdef.sock"


def test_bad_requests_on_the_socket_do_not_disturb_a_check_in_progress(tmp_path: Path, worker_folder: Path) -> None:
    workspace, _ = make_workspace(tmp_path)
    with Grader(workspace, shared=True) as grader:
        grader.grade("1")  # the shared worker is up
        pid = grader.runner._connection.worker_pid
    write_exercise(workspace, "01_add", "import time\n\ndef add(a, b):\n    time.sleep(0.3)\n    return a + b\n")
    results = []

    def check_in_another_shell() -> None:
        with Grader(workspace, shared=True) as other:
            results.append(other.grade("1"))

    thread = threading.Thread(target=check_in_another_shell)
    thread.start()
    requests = [json.loads(line) for line in (ROOT / "tests/hostile/requests.jsonl").read_text().splitlines()]
    hostile = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    hostile.connect(str(socket_path(worker_folder)))
    replies = hostile.makefile("rb")
    assert json.loads(replies.readline())["event"] == "ready"
    for case in requests:
        hostile.sendall(case["send"].encode("utf-8", "surrogateescape") + b"\n")
        reply = json.loads(replies.readline())
        assert reply["event"] == "error" and case["says"] in reply["message"], (case["case"], reply)
    # A line too long to hold: the worker says so, drops the rest of it as it comes, and listens again.
    hostile.sendall(b"x" * (runner_line_limit() + 65536))
    assert "too long" in json.loads(replies.readline())["message"]
    hostile.sendall(b"x" * runner_line_limit() + b'\n{"op": "status"}\n')
    assert json.loads(replies.readline())["event"] == "status"
    hostile.close()
    thread.join(30)
    assert results and results[0].passed, results and results[0].problem
    with Grader(workspace, shared=True) as grader:
        assert grader.runner._connection.worker_pid == pid, "the same worker is still serving"
        assert grader.grade("1").passed


def runner_line_limit() -> int:
    from backprop_study.grading.worker import MAX_REQUEST

    return MAX_REQUEST


@pytest.mark.parametrize("what", ["a folder", "a file", "a symlink"])
def test_anything_but_our_socket_at_its_path_means_a_private_worker(
    tmp_path: Path, worker_folder: Path, what: str
) -> None:
    path = socket_path(worker_folder)
    if what == "a folder":
        path.mkdir()
    elif what == "a file":
        path.write_text("not a socket")
    else:
        path.symlink_to(tmp_path)
    workspace, _ = make_workspace(tmp_path)
    write_exercise(workspace, "01_add", SOLVED["01_add"])
    with Grader(workspace, shared=True) as grader:
        assert grader.runner._connection.process is not None, "a private worker"
        assert grader.grade("1").passed
    kept = {"a folder": path.is_dir, "a file": path.is_file, "a symlink": path.is_symlink}[what]
    assert kept(), f"{what} at the socket's path is left alone"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a socket another user owns needs root")
@pytest.mark.parametrize("whose", ["the socket file", "the listening process"])
def test_a_socket_of_another_user_gets_no_job(tmp_path: Path, worker_folder: Path, whose: str) -> None:
    path = socket_path(worker_folder)
    nobody = 65534
    if whose == "the socket file":
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(1)
        os.chown(path, nobody, nobody)
        impostor = None
    else:
        # Someone else's process listens; its socket file is then moved into our folder and made ours.
        python = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")
        if python is None or not os.access(python, os.X_OK):
            pytest.skip("no Python that another user can run")
        elsewhere = Path(tempfile.mkdtemp(prefix="nb-"))
        elsewhere.chmod(0o777)
        code = (
            "import socket, time; s = socket.socket(socket.AF_UNIX); "
            f"s.bind({str(elsewhere / 's')!r}); s.listen(1); time.sleep(60)"
        )
        impostor = subprocess.Popen([python, "-c", code], user=nobody, group=nobody)
        deadline = time.monotonic() + 10
        while not (elsewhere / "s").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.rename(elsewhere / "s", path)
        os.chown(path, 0, 0, follow_symlinks=False)
        listener = None
    try:
        workspace, _ = make_workspace(tmp_path)
        with Grader(workspace, shared=True) as grader:
            assert grader.runner._connection.process is not None, "a private worker"
            assert not grader.grade("1").passed
        if listener is not None:
            listener.setblocking(False)
            with pytest.raises(BlockingIOError):
                listener.accept()  # nobody connected: nothing was sent to it
    finally:
        if listener is not None:
            listener.close()
        if impostor is not None:
            impostor.kill()
            impostor.wait()


def test_shared_workers_are_listed_and_stopped(tmp_path: Path, worker_folder: Path) -> None:
    workspace, _ = make_workspace(tmp_path)
    with Grader(workspace, shared=True) as grader:
        grader.grade("1")
        pid = grader.runner._connection.worker_pid
    stale = worker_folder / "worker-0000000000000000.sock"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(stale))
    dead.close()  # a socket file nobody listens on: what a SIGKILLed worker leaves

    found = {worker.socket.name: worker for worker in runner.shared_workers()}
    live = found[socket_path(worker_folder).name]
    assert live.pid == pid and live.current and live.idle_limit == runner.SHARED_IDLE
    assert found[stale.name].pid is None and not found[stale.name].current

    assert runner.stop_shared_workers() == 1
    assert not Path(f"/proc/{pid}").exists() or Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    assert not list(worker_folder.glob("worker-*.sock")), "its socket and the stale one are gone"
    assert runner.stop_shared_workers() == 0


def test_asking_a_worker_its_status_does_not_keep_it_alive(
    tmp_path: Path, worker_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "SHARED_IDLE", 1.0)
    workspace, _ = make_workspace(tmp_path)
    with Grader(workspace, shared=True) as grader:
        grader.grade("1")
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        workers = [worker for worker in runner.shared_workers() if worker.pid is not None]
        if not workers:
            break
        assert workers[0].idle_limit == 1.0
        time.sleep(0.25)
    else:
        pytest.fail("a worker asked for its status every 0.25 s never left")


# -- temporary folders of a `study` that was killed -------------------------------------------------------

KILLED_CHECK = """
import sys, threading, time
sys.path.insert(0, {tests!r})
from fixtures_grading import make_workspace, write_exercise
from pathlib import Path
from backprop_study.grading.grader import Grader
workspace, _ = make_workspace(Path({root!r}))
write_exercise(workspace, "01_add", "import time\\ndef add(a, b):\\n    time.sleep(60)\\n")
grader = Grader(workspace)
threading.Thread(target=grader.grade, args=("1",), daemon=True).start()
time.sleep(0.5)
print(grader.runner.tmp, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("shared", [False, True], ids=["private worker", "shared worker"])
def test_a_sigkilled_check_leaves_no_grading_folder(tmp_path: Path, worker_folder: Path, shared: bool) -> None:
    env = {**os.environ, "STUDY_SHARED_WORKER": "1" if shared else "0"}
    code = KILLED_CHECK.format(tests=str(ROOT / "tests"), root=str(tmp_path))
    if shared:
        code = code.replace("Grader(workspace)", "Grader(workspace, shared=True)")
    check = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, text=True)
    assert check.stdout is not None
    folder = Path(check.stdout.readline().strip())
    assert folder.is_dir() and (folder / "job-1").is_dir()
    check.send_signal(signal.SIGKILL)
    check.wait()
    deadline = time.monotonic() + 8
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not folder.exists(), "the worker removes the folder of a parent that was killed"


def test_a_stale_scratch_folder_goes_at_the_next_start_and_a_live_one_stays() -> None:
    parent = scratch.scratch_parent()
    assert parent is not None
    stale = Path(tempfile.mkdtemp(prefix="study-grading-", dir=parent))
    (stale / ".in-use").write_text("")  # its owner died: nobody holds the lock
    (stale / "job-1").mkdir()
    with scratch.ScratchFolder("study-grading") as live:
        assert not stale.exists()
        with scratch.ScratchFolder("study-grading") as another:
            assert live.is_dir() and another.is_dir()
    assert not live.exists()
    outside = Path(tempfile.mkdtemp())
    assert scratch.remove_if_free(outside) is None and outside.is_dir(), "never anything outside its parent"
    outside.rmdir()


# -- odd exercise names and content files -----------------------------------------------------------------


@pytest.mark.parametrize("ref", ["¹", "٣", "99999999999999999999", "x" * 100_000, "\x1b[2J", "-1", "+1", ""])
def test_an_odd_exercise_reference_is_not_found_politely(tmp_path: Path, ref: str) -> None:
    workspace, _ = make_workspace(tmp_path)
    course = load_course(workspace.course_file)
    with pytest.raises(LookupError) as raised:
        course.find(ref)
    message = str(raised.value)
    assert message.startswith("There is no exercise ") and len(message) < 400
    assert safe_text.find_control(message) is None


def test_an_exercise_by_number_or_name_is_still_found(tmp_path: Path) -> None:
    workspace, _ = make_workspace(tmp_path)
    course = load_course(workspace.course_file)
    for ref in ("1", "01", " 1 ", "01_add", "add", "01-add", "add.py", "3"):
        assert course.find(ref).number == (3 if ref == "3" else 1)


def test_a_course_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    course = tmp_path / "course.yaml"
    course.write_bytes(b"exercises:\n  - name: 01_add\n    title: Caf\xe9\n")
    with pytest.raises(ContentError) as raised:
        load_course(course)
    assert raised.value.line == 3 and "not UTF-8" in raised.value.message
    assert str(raised.value).startswith(f"{course}:3: ")


def test_a_course_name_with_a_newline_at_its_end_is_refused(tmp_path: Path) -> None:
    course = tmp_path / "course.yaml"
    course.write_text('exercises:\n  - name: "01_add\\n"\n    title: Add\n    hints: [one]\n')
    with pytest.raises(ContentError, match="must look like 04_d_output"):
        load_course(course)


def test_content_errors_are_safe_to_print(tmp_path: Path) -> None:
    error = ContentError(tmp_path / "evil\x1b]0;x\x07.yaml", 3, f"card {'z' * 5000} is wrong: fix it\x1b[2J")
    text = str(error)
    assert safe_text.find_control(text) is None
    assert len(error.message) <= 400 and error.message.endswith("fix it\\x1b[2J")
    assert "evil\\x1b]0;x\\x07.yaml:3: card zzz" in text


def test_yaml_aliases_may_repeat_an_anchor_but_not_multiply_it() -> None:
    shared = "tags: &t [a, b, c]\n" + "".join(f"k{n}: *t\n" for n in range(300))
    assert len(load_yaml_text(shared, "ok.yaml")) == 301
    started = time.monotonic()
    laughs = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
    for this, last in zip("bcdefghijklmnop", "abcdefghijklmno", strict=True):
        laughs += f"{this}: &{this} [" + ", ".join([f"*{last}"] * 10) + "]\n"
    with pytest.raises(ContentError, match="expand to"):
        load_yaml_text(laughs, "laughs.yaml")
    assert time.monotonic() - started < 0.5


def test_a_lone_surrogate_in_content_text_is_an_error_with_its_line() -> None:
    with pytest.raises(ContentError) as raised:
        load_yaml_text("a: 1\nb: x\udcffy\n", "s.yaml")
    assert raised.value.line == 2


def test_a_deck_file_the_reader_refuses_gives_its_line(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text("a: 1\nb: 2\nc: \x07\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_yaml_file(deck)
    assert raised.value.line == 3 and "U+0007 (bell)" in raised.value.message


# -- untrusted text ----------------------------------------------------------------------------------------


def test_visible_shows_every_control_character_and_keeps_the_rest() -> None:
    text = "tab\there\nnew line é ∂ 😀 \x1b[2J \x9b \x00 \x7f \r\n end \r \udcff"
    shown = safe_text.visible(text)
    assert shown == "tab\there\nnew line é ∂ 😀 \\x1b[2J \\x9b \\x00 \\x7f \n end \\x0d \\udcff"
    assert safe_text.find_control(shown) is None
    assert safe_text.visible("plain") == "plain"


def test_shown_quotes_any_value_briefly_and_fast() -> None:
    nested: list = ["lol"] * 10
    for _ in range(30):  # 10^30 items if printed in full
        nested = [nested] * 10
    started = time.monotonic()
    assert len(safe_text.shown(nested)) <= safe_text.SHOWN_LIMIT
    assert time.monotonic() - started < 0.1
    assert safe_text.shown("a\x1bb") == "'a\\x1bb'"
    long = safe_text.shown("q" * 1000)
    assert len(long) <= safe_text.SHOWN_LIMIT and long.startswith("'qqq") and "..." in long


def test_clips_and_line_caps() -> None:
    assert safe_text.clip("abcdef", 4) == "abc…"
    assert safe_text.clip_middle("abcdefghij", 5) == "ab…ij"
    capped = safe_text.cap_lines("short\n" + "x" * 50, 10)
    assert capped == "short\n" + "x" * 10 + "… [40 more characters on this line]"


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_syntax_error_on_a_huge_line_shows_the_stretch_around_it_with_the_caret_in_place(where: str) -> None:
    filler = "1, " * 300_000
    line = {"start": f"x = (] + [{filler}]", "middle": f"x = [{filler} (] {filler}]", "end": f"x = [{filler}(]"}[where]
    with pytest.raises(SyntaxError) as raised:
        compile(line + "\n", "/ws/exercises/01_add.py", "exec")
    message = le.format_syntax_error(raised.value, Path("/ws"))
    assert len(message) < 500
    lines = message.splitlines()
    code, caret = next((a, b) for a, b in itertools.pairwise(lines) if b.strip().startswith("^"))
    assert code[caret.index("^")] in "(]", (code, caret)


def test_instructions_are_made_safe_and_bounded(tmp_path: Path) -> None:
    from backprop_study.instructions import INSTRUCTIONS_LIMIT, instructions
    from backprop_study.store.workspace import Workspace

    workspace, _ = make_workspace(tmp_path)
    exercise = load_course(workspace.course_file).find("1")
    write_exercise(workspace, "01_add", '"""Add \\x1b]0;pwned\\x07 two numbers."""\n')
    assert instructions(Workspace(workspace.root), exercise) == "Add \\x1b]0;pwned\\x07 two numbers."
    write_exercise(workspace, "01_add", f'"""{"w " * INSTRUCTIONS_LIMIT}"""\n')
    text = instructions(workspace, exercise)
    assert len(text) < INSTRUCTIONS_LIMIT + 100 and text.endswith("of this docstring not shown]")


def test_learner_frames_of_a_runaway_recursion_are_cut() -> None:
    source = textwrap.dedent("""
        def add(a, b):
            return add(a, b)
        add(1, 2)
    """)
    path = Path(tempfile.mkdtemp()) / "01_add.py"
    path.write_text(source)
    try:
        exec(compile(source, str(path), "exec"), {})
    except RecursionError as exc:
        message = le.format_exception(exc, frozenset({str(path)}), path.parent)
    assert message.count("\n") < 2 * le.SHOWN_FRAMES + 4 and "more calls" in message
    shutil.rmtree(path.parent)


def test_a_parent_that_never_reads_its_replies_cannot_stall_the_worker(tmp_path: Path, worker_folder: Path) -> None:
    workspace, _ = make_workspace(tmp_path)
    write_exercise(workspace, "01_add", SOLVED["01_add"])
    with Grader(workspace, shared=True) as grader:
        assert grader.grade("1").passed
    flood = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    flood.connect(str(socket_path(worker_folder)))

    def send_without_reading() -> None:
        try:
            for _ in range(200):
                flood.sendall(b"not json\n" * 1000)  # 200,000 error replies it never reads
        except OSError:
            pass  # the worker hung up on it: what should happen

    thread = threading.Thread(target=send_without_reading, daemon=True)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    with Grader(workspace, shared=True) as grader:
        assert grader.grade("1").passed
    assert time.monotonic() - started < 5
    thread.join(10)
    flood.close()


def test_more_connections_than_select_can_watch_do_not_stop_the_worker(tmp_path: Path, worker_folder: Path) -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1400:
        pytest.skip("this machine allows too few open files to try it")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1400), hard))
    workspace, _ = make_workspace(tmp_path)
    write_exercise(workspace, "01_add", SOLVED["01_add"])
    with Grader(workspace, shared=True) as grader:
        assert grader.runner._connection.process is None, "the shared worker is up"
        assert grader.grade("1").passed
    idle = []
    try:
        for _ in range(1100):  # silent connections: descriptors past 1,024 in the worker
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.connect(str(socket_path(worker_folder)))
            idle.append(connection)
        time.sleep(0.5)
        with Grader(workspace, shared=True) as grader:
            assert grader.runner._connection.process is None, "still the shared worker"
            assert grader.grade("1").passed
    finally:
        for connection in idle:
            connection.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
