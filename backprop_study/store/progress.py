"""The learner's progress: one SQLite database, `<workspace>/.study/progress.db`, kept the way Anki keeps
its collection.

Tables (the schema's version is SQLite's `user_version`; `_MIGRATIONS` bring an older file up to date):

- `cards`: each review item's scheduling state (fsrs's card as JSON, our counters), with its state and
  due time (Unix ms) in indexed columns, so a review queue is built without parsing JSON;
- `reviews`: the review log, only ever appended to (undoing a rating removes the row it added);
- `review_tallies`: the log summed per quarter hour, written in the same transaction as each review, so the
  Stats screen and the dashboard read a few rows per study day instead of scanning the whole log;
- `exercises` and `checks`: each exercise's latest state (first pass, last check, hints seen) and every
  check result ever recorded (with the mistake it named, if any);
- `confidence_tallies`: how sure the learner said they were before answering, against how often they then
  remembered (for the calibration chart), kept like the other tallies;
- `due_now`: cards brought forward by a mistake made in an exercise (or by opening one), with why;
- `settings` (key -> JSON) and `meta` (the exercise the learner is on, ...).

A rating or a check result is one small transaction whatever the history's size. WAL mode with a busy
timeout lets two processes (two apps, the app and `study check`) write without losing either write, and a
kill at any moment leaves every committed transaction. A database that cannot be read, or one written by
a newer version, is moved aside with a notice and progress starts afresh; an old `progress.json` is
imported once and kept as `progress.json.imported`. Where nothing can be written (a read-only folder),
reads still work, writes are skipped, and one notice says so.

`sqlite3 .study/progress.db` opens it as a real client.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

FILE_NAME = "progress.db"
LEGACY_FILE = "progress.json"
LEGACY_FORMAT = "backprop-study-progress"
VERSION = 1  # the schema's version (PRAGMA user_version)
BUSY_TIMEOUT_S = 15.0
SLOT_MS = 900_000  # the review log is tallied per quarter hour: no time zone splits one across study days
CARD_STATES = frozenset({"learning", "review", "relearning"})  # a card without a row is new

T = TypeVar("T")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


# ---------------------------------------------------------------------------------------------- values


@dataclass
class ExerciseState:
    passed_at: str | None = None  # first pass, ISO 8601 UTC
    hints_seen: int = 0
    last_checked_at: str | None = None
    last_passed: bool | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExerciseState:
        return cls(
            passed_at=_text_or_none(data.get("passed_at")),
            hints_seen=_count(data.get("hints_seen")),
            last_checked_at=_text_or_none(data.get("last_checked_at")),
            last_passed=data.get("last_passed") if isinstance(data.get("last_passed"), bool) else None,
        )


@dataclass
class Progress:
    """The small part of progress: exercises, settings and the exercise the learner is on. Cards and the
    review log stay in the database and are asked for with the store's queries."""

    exercises: dict[str, ExerciseState] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    current_exercise: str | None = None

    def exercise(self, name: str) -> ExerciseState:
        return self.exercises.setdefault(name, ExerciseState())


class CardState(NamedTuple):
    """What a review queue needs of one card: its state, when it is due (Unix ms), whether it is a leech."""

    state: str
    due_ms: int
    leech: bool


@dataclass(frozen=True)
class ReviewLog:
    id: int
    item_id: str
    rating: int
    at_ms: int
    duration_ms: int | None
    state: str  # before the rating: new, learning, review or relearning
    confidence: int | None = None  # 1 guessing, 2 think so, 3 sure (pressed before the answer), or None


@dataclass(frozen=True)
class Today:
    """What today's limits count, from the reviews since the study day began."""

    new_done: int  # new items introduced
    reviews_done: int  # review-state items reviewed
    card_ids: frozenset[str]  # cards (not items) seen today
    reviews: int  # every rating today


@dataclass(frozen=True)
class Tally:
    slot: int  # Unix time in quarter hours (slot * SLOT_MS is its start, in ms)
    reviews: int
    review_state: int  # reviews of graduated items: what true retention counts
    review_passed: int  # of those, not rated Again
    duration_ms: int


@dataclass(frozen=True)
class CheckRecord:
    exercise: str
    at: str
    passed: bool
    status: str
    mistake: str | None


@dataclass(frozen=True)
class DueNow:
    """Why a card was brought forward: a mistake named in an exercise, or the exercise being opened."""

    item_id: str
    exercise: str
    mistake: str | None  # the catalogued mistake's name, or None (the exercise's concepts, on opening it)
    at: str  # ISO 8601 UTC


class ProgressNotSaved(Exception):
    """Nothing can be written where progress is kept."""


# ---------------------------------------------------------------------------------------------- schema

_SCHEMA_V1 = """
CREATE TABLE cards (
    item_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    due INTEGER NOT NULL,
    fsrs TEXT NOT NULL,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    leech INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX cards_due ON cards (due);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    at INTEGER NOT NULL,
    duration_ms INTEGER,
    state TEXT NOT NULL,
    confidence INTEGER,
    forward INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reviews_at ON reviews (at);
CREATE INDEX reviews_confident_errors ON reviews (id) WHERE confidence = 3 AND rating = 1;
CREATE INDEX reviews_item ON reviews (item_id);
CREATE TABLE review_tallies (
    slot INTEGER PRIMARY KEY,
    reviews INTEGER NOT NULL,
    review_state INTEGER NOT NULL,
    review_passed INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL
);
CREATE TABLE exercises (
    name TEXT PRIMARY KEY,
    passed_at TEXT,
    hints_seen INTEGER NOT NULL DEFAULT 0,
    last_checked_at TEXT,
    last_passed INTEGER
) WITHOUT ROWID;
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    at TEXT NOT NULL,
    passed INTEGER NOT NULL,
    status TEXT NOT NULL,
    mistake TEXT
);
CREATE INDEX checks_exercise ON checks (exercise, at);
CREATE TABLE confidence_tallies (
    level INTEGER PRIMARY KEY,
    reviews INTEGER NOT NULL,
    remembered INTEGER NOT NULL
);
CREATE TABLE due_now (
    item_id TEXT PRIMARY KEY,
    exercise TEXT NOT NULL,
    mistake TEXT,
    at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""

# version -> the SQL that brings a database of version - 1 to it (version 1 creates everything).
_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1}


# ---------------------------------------------------------------------------------------------- store

_STORES: dict[Path, ProgressStore] = {}
_STORES_LOCK = threading.Lock()


def store_for(study_dir: Path) -> ProgressStore:
    """The one store of a `.study` folder in this process (its notices and connections are shared)."""
    key = Path(study_dir).absolute()
    with _STORES_LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _STORES[key] = ProgressStore(key)
        return store


class ProgressStore:
    """One workspace's progress database. Thread-safe: each thread has its own connection.

    `notices` collects messages for the learner (a file moved aside, progress that cannot be saved);
    `subscribe` lets the app show them as they come.
    """

    def __init__(self, study_dir: Path) -> None:
        self.study_dir = Path(study_dir)
        self.path = self.study_dir / FILE_NAME
        self.notices: list[str] = []
        self._listeners: list[Callable[[str], None]] = []
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._read_only = False
        self._said_read_only = False

    # -- notices -----------------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Call `listener(text)` with each notice from now on (the app shows them as they come)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def _notice(self, text: str) -> None:
        if self._listeners:
            for listener in list(self._listeners):
                with contextlib.suppress(Exception):
                    listener(text)
        else:
            self.notices.append(text)

    def take_notices(self) -> list[str]:
        taken, self.notices = self.notices, []
        return taken

    @property
    def writable(self) -> bool:
        self._connection()
        return not self._read_only

    # -- connections ---------------------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            with self._open_lock:
                connection = self._open()
            self._local.connection = connection
        return connection

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def _open(self) -> sqlite3.Connection:
        with contextlib.suppress(OSError):  # a read-only parent: reading may still work
            self.study_dir.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            connection: sqlite3.Connection | None = None
            try:
                connection = self._connect()
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version > VERSION:
                    connection.close()
                    self._move_aside(
                        f"it was written by a newer backprop-study (schema {version}; this one reads {VERSION})",
                        f"v{version}",
                    )
                    continue
                if version < VERSION:
                    self._migrate(connection, version)
                return connection
            except sqlite3.DatabaseError as exc:
                if _locked(exc):
                    raise
                if connection is not None:
                    connection.close()
                if self._read_only or _cannot_write(exc) or not os.access(self.study_dir, os.W_OK):
                    self._read_only = True
                    self._say_read_only()
                    return self._memory_copy()
                self._move_aside(f"it is not a readable database ({exc})", "corrupt")
        raise ProgressNotSaved(f"{self.path} could not be opened")

    def _connect(self) -> sqlite3.Connection:
        writable = os.access(self.study_dir, os.W_OK) and (not self.path.exists() or os.access(self.path, os.W_OK))
        if not writable:
            self._read_only = True
        if self._read_only:
            self._say_read_only()
            return self._read_only_connection()
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed rating survives a power cut too, not just a killed process.
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    def _read_only_connection(self) -> sqlite3.Connection:
        """Reading where nothing can be written. SQLite cannot open a WAL database read-only without its
        -shm file being writable, so the database (and its WAL: the latest ratings) is copied to a private
        temporary folder and read there; with no database, an old progress.json is read instead."""
        if not self.path.exists():
            return self._memory_copy()
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="study-progress-readonly-"))
        try:
            for suffix in ("", "-wal"):
                source = self.path.with_name(FILE_NAME + suffix)
                if source.exists():
                    shutil.copyfile(source, folder / (FILE_NAME + suffix))
            connection = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
            if connection.execute("PRAGMA user_version").fetchone()[0] == VERSION:
                return connection
            connection.close()
        except (OSError, sqlite3.DatabaseError):
            pass
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # the open connection keeps its files until it closes
        return self._memory_copy()

    def _memory_copy(self) -> sqlite3.Connection:
        """Where nothing can be written and no current database can be read: an in-memory one, with an old
        progress.json's contents if there is one, so past progress still shows."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        with _transaction(connection):
            for statement in _statements(_SCHEMA_V1):
                connection.execute(statement)
            self._import_legacy(connection)
            connection.execute(f"PRAGMA user_version = {VERSION}")
        return connection

    def _say_read_only(self) -> None:
        if not self._said_read_only:
            self._said_read_only = True
            self._notice(
                f"Progress cannot be saved: {self.study_dir} is read-only. You can study, but nothing you do now "
                "will be remembered; make the folder writable to keep your progress."
            )

    def _migrate(self, connection: sqlite3.Connection, version: int) -> None:
        with _transaction(connection):
            current = connection.execute("PRAGMA user_version").fetchone()[0]
            for step in range(current + 1, VERSION + 1):
                for statement in _statements(_MIGRATIONS[step]):
                    connection.execute(statement)
            imported = self._import_legacy(connection) if current == 0 else None
            connection.execute(f"PRAGMA user_version = {VERSION}")
        if imported is not None and not self._read_only:
            with contextlib.suppress(OSError):
                os.replace(imported, imported.with_name(f"{LEGACY_FILE}.imported"))

    def _move_aside(self, reason: str, tag: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{FILE_NAME}.{tag}-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{FILE_NAME}.{tag}-{stamp}-{counter}")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.replace(self.path.with_name(FILE_NAME + suffix), aside.with_name(aside.name + suffix))
        self._notice(
            f"Your progress database could not be read: {reason}. It was kept as {aside} and progress starts afresh."
        )

    # -- writing -------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection | None]:
        """One write transaction (BEGIN IMMEDIATE: the write lock first, so read-modify-write is safe
        across processes). Yields None, and writes nothing, where nothing can be written."""
        connection = self._connection()
        if self._read_only:
            yield None
            return
        try:
            with _transaction(connection):
                yield connection
        except sqlite3.OperationalError as exc:
            if _cannot_write(exc):
                self._read_only = True
                self._say_read_only()
                return
            if "disk is full" in str(exc) or "disk I/O" in str(exc):
                self._notice(f"Your progress could not be saved ({exc}); what was saved before is intact.")
                return
            raise

    # -- the small part: exercises, settings, the current exercise -------------------------------
    def load(self) -> Progress:
        """Exercises, settings and the current exercise (cheap: a few rows)."""
        return self._read_small(self._connection())

    def _read_small(self, connection: sqlite3.Connection) -> Progress:
        progress = Progress()
        for name, passed_at, hints, checked, last in connection.execute(
            "SELECT name, passed_at, hints_seen, last_checked_at, last_passed FROM exercises"
        ):
            if not isinstance(name, str):
                continue
            progress.exercises[name] = ExerciseState(
                passed_at=_text_or_none(passed_at),
                hints_seen=_count(hints),
                last_checked_at=_text_or_none(checked),
                last_passed=None if last not in (0, 1) else bool(last),
            )
        for key, value in connection.execute("SELECT key, value FROM settings"):
            with contextlib.suppress(TypeError, ValueError):
                progress.settings[str(key)] = json.loads(value)
        row = connection.execute("SELECT value FROM meta WHERE key = 'current_exercise'").fetchone()
        progress.current_exercise = _text_or_none(row[0]) if row else None
        return progress

    def update(self, change: Callable[[Progress], T]) -> T:
        """Read the small part, apply `change`, and write back what changed, in one transaction."""
        with self._writing() as connection:
            if connection is None:
                return change(self.load())
            progress = self._read_small(connection)
            before = _snapshot(progress)
            result = change(progress)
            self._write_small(connection, before, progress)
            return result
        return change(self.load())  # the write failed and was reported: the caller still gets its answer

    def _write_small(self, connection: sqlite3.Connection, before: dict[str, Any], progress: Progress) -> None:
        for name, state in progress.exercises.items():
            values = asdict(state)
            if before["exercises"].get(name) != values:
                connection.execute(
                    "INSERT INTO exercises (name, passed_at, hints_seen, last_checked_at, last_passed) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET passed_at = excluded.passed_at, "
                    "hints_seen = excluded.hints_seen, last_checked_at = excluded.last_checked_at, "
                    "last_passed = excluded.last_passed",
                    (name, state.passed_at, state.hints_seen, state.last_checked_at, _bool_or_none(state.last_passed)),
                )
        for name in set(before["exercises"]) - set(progress.exercises):
            connection.execute("DELETE FROM exercises WHERE name = ?", (name,))
        for key, value in progress.settings.items():
            encoded = json.dumps(value)
            if before["settings"].get(key) != encoded:
                connection.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, encoded),
                )
        for key in set(before["settings"]) - set(progress.settings):
            connection.execute("DELETE FROM settings WHERE key = ?", (key,))
        if before["current_exercise"] != progress.current_exercise:
            connection.execute(
                "INSERT INTO meta (key, value) VALUES ('current_exercise', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (progress.current_exercise,),
            )

    def settings(self) -> dict[str, Any]:
        return self.load().settings

    def set_setting(self, key: str, value: Any) -> None:
        self.update(lambda progress: progress.settings.__setitem__(key, value))

    # -- checks -----------------------------------------------------------------------------------
    def record_check(self, record: CheckRecord, change: Callable[[Progress], T]) -> T:
        """Append a check result to the history and apply `change` to the small part, in one transaction."""
        with self._writing() as connection:
            if connection is None:
                return change(self.load())
            connection.execute(
                "INSERT INTO checks (exercise, at, passed, status, mistake) VALUES (?, ?, ?, ?, ?)",
                (record.exercise, record.at, int(record.passed), record.status, record.mistake),
            )
            progress = self._read_small(connection)
            before = _snapshot(progress)
            result = change(progress)
            self._write_small(connection, before, progress)
            return result
        return change(self.load())

    def checks(self, exercise: str | None = None) -> list[CheckRecord]:
        query = "SELECT exercise, at, passed, status, mistake FROM checks"
        args: tuple[Any, ...] = ()
        if exercise is not None:
            query += " WHERE exercise = ?"
            args = (exercise,)
        rows = self._connection().execute(query + " ORDER BY id", args)
        return [
            CheckRecord(str(name), str(at), bool(passed), str(status), mistake)
            for name, at, passed, status, mistake in rows
        ]

    def mistake_counts(self) -> dict[tuple[str, str], int]:
        """How often each named mistake was made: {(exercise, mistake): count}."""
        rows = self._connection().execute(
            "SELECT exercise, mistake, COUNT(*) FROM checks WHERE mistake IS NOT NULL GROUP BY exercise, mistake"
        )
        return {(str(exercise), str(mistake)): int(count) for exercise, mistake, count in rows}

    # -- cards and the review log -------------------------------------------------------------------
    def card_states(self) -> dict[str, CardState]:
        """Every card that has been reviewed: what a review queue needs, without parsing its JSON."""
        states: dict[str, CardState] = {}
        damaged = []
        for item_id, state, due, leech in self._connection().execute("SELECT item_id, state, due, leech FROM cards"):
            if state in CARD_STATES and isinstance(due, int) and isinstance(item_id, str):
                states[item_id] = CardState(state, due, bool(leech))
            else:
                damaged.append(item_id)
        if damaged:
            self._reset_damaged(damaged)
        return states

    def card_entry(self, item_id: str) -> dict[str, Any] | None:
        """One card's whole scheduling entry (fsrs's card and our counters), or None when it is new."""
        row = (
            self._connection()
            .execute("SELECT state, due, fsrs, reps, lapses, leech FROM cards WHERE item_id = ?", (item_id,))
            .fetchone()
        )
        if row is None:
            return None
        state, due, fsrs_json, reps, lapses, leech = row
        try:
            entry = json.loads(fsrs_json)
            if not isinstance(entry, dict) or state not in CARD_STATES or not isinstance(due, int):
                raise ValueError("not a card")
        except (TypeError, ValueError):
            self._reset_damaged([item_id])
            return None
        entry.update(reps=_count(reps), lapses=_count(lapses), leech=bool(leech))
        return entry

    def _reset_damaged(self, item_ids: list[Any]) -> None:
        with self._writing() as connection:
            if connection is not None:
                connection.executemany("DELETE FROM cards WHERE item_id = ?", [(i,) for i in item_ids])
        shown = ", ".join(str(i) for i in item_ids[:3]) + (" and others" if len(item_ids) > 3 else "")
        self._notice(f"The schedule of {len(item_ids)} card(s) ({shown}) was damaged; they start afresh.")

    def record_review(self, item_id: str, entry: dict[str, Any], log: ReviewLog) -> int:
        """Save one rating: the card's new entry, the log row and its tallies, in one transaction (a card
        brought forward is done with once rated). Returns the log row's id (for undo), or 0 when nothing
        could be saved."""
        with self._writing() as connection:
            if connection is None:
                return 0
            self._put_card(connection, item_id, entry)
            # A card brought forward is done with once rated; its rating does not use up a daily limit.
            brought = connection.execute("DELETE FROM due_now WHERE item_id = ? RETURNING item_id", (item_id,))
            forward = int(brought.fetchone() is not None)
            cursor = connection.execute(
                "INSERT INTO reviews (item_id, rating, at, duration_ms, state, confidence, forward) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (item_id, log.rating, log.at_ms, log.duration_ms, log.state, log.confidence, forward),
            )
            _tally(connection, log, +1)
            return int(cursor.lastrowid or 0)
        return 0

    def undo_review(
        self, review_id: int, item_id: str, previous: dict[str, Any] | None, due_now: DueNow | None = None
    ) -> None:
        """Take back one rating: its log row and tally go, the card's entry (and why it was due now, if it
        was brought forward) are restored as they were."""
        with self._writing() as connection:
            if connection is None:
                return
            if due_now is not None:
                _put_due_now(connection, due_now)
            row = connection.execute(
                "SELECT id, item_id, rating, at, duration_ms, state, confidence FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is not None:
                connection.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
                _tally(connection, ReviewLog(*row), -1)
            if previous is None:
                connection.execute("DELETE FROM cards WHERE item_id = ?", (item_id,))
            else:
                self._put_card(connection, item_id, previous)

    @staticmethod
    def _put_card(connection: sqlite3.Connection, item_id: str, entry: dict[str, Any]) -> None:
        fsrs_part = {k: v for k, v in entry.items() if k not in ("reps", "lapses", "leech")}
        state = _state_name(entry)
        due = to_ms(datetime.fromisoformat(entry["due"]))
        connection.execute(
            "INSERT INTO cards (item_id, state, due, fsrs, reps, lapses, leech) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (item_id) DO UPDATE SET state = excluded.state, due = excluded.due, fsrs = excluded.fsrs, "
            "reps = excluded.reps, lapses = excluded.lapses, leech = excluded.leech",
            (
                item_id,
                state,
                due,
                json.dumps(fsrs_part, separators=(",", ":")),
                int(entry.get("reps", 0)),
                int(entry.get("lapses", 0)),
                int(bool(entry.get("leech"))),
            ),
        )

    def first_time(self, key: str) -> bool:
        """True the first time `key` is asked about (then remembered), False ever after; False where
        nothing can be written (a read-only workspace does not keep bringing cards forward)."""
        with self._writing() as connection:
            if connection is None:
                return False
            cursor = connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (f"once:{key}", now_iso())
            )
            return cursor.rowcount == 1
        return False

    def bring_forward(self, entries: list[DueNow], reschedule: dict[str, dict[str, Any]] | None = None) -> None:
        """Make these cards due now, with why; `reschedule` gives learned cards their new (lapsed) entries,
        in the same transaction."""
        with self._writing() as connection:
            if connection is None:
                return
            for entry in entries:
                _put_due_now(connection, entry)
            for item_id, card in (reschedule or {}).items():
                self._put_card(connection, item_id, card)

    def due_now(self) -> dict[str, DueNow]:
        rows = self._connection().execute("SELECT item_id, exercise, mistake, at FROM due_now")
        return {str(item): DueNow(str(item), str(exercise), mistake, str(at)) for item, exercise, mistake, at in rows}

    def today(self, start: datetime) -> Today:
        """What has been done since `start` (the study day's beginning): an index range on the log. Ratings
        of cards brought forward by a mistake or an exercise count in no daily limit."""
        new = reviews = total = 0
        cards: set[str] = set()
        for item_id, state, forward in self._connection().execute(
            "SELECT item_id, state, forward FROM reviews WHERE at >= ?", (to_ms(start),)
        ):
            total += 1
            new += state == "new" and not forward
            reviews += state == "review" and not forward
            cards.add(str(item_id).split(":", 1)[0])
        return Today(new_done=new, reviews_done=reviews, card_ids=frozenset(cards), reviews=total)

    def tallies(self, since: datetime | None = None, until: datetime | None = None) -> list[Tally]:
        """The review log summed per quarter hour (only those with reviews) from `since` up to `until`."""
        low = -(2**62) if since is None else to_ms(since) // SLOT_MS
        high = 2**62 if until is None else to_ms(until) // SLOT_MS
        rows = self._connection().execute(
            "SELECT slot, reviews, review_state, review_passed, duration_ms FROM review_tallies "
            "WHERE slot >= ? AND slot < ? ORDER BY slot",
            (low, high),
        )
        return [Tally(*row) for row in rows]

    def totals(self) -> Tally:
        """The whole log summed (slot 0): one aggregate over the tallies, never over the log."""
        row = (
            self._connection()
            .execute(
                "SELECT COALESCE(SUM(reviews), 0), COALESCE(SUM(review_state), 0), COALESCE(SUM(review_passed), 0), "
                "COALESCE(SUM(duration_ms), 0) FROM review_tallies"
            )
            .fetchone()
        )
        return Tally(0, *(int(value) for value in row))

    def calibration(self) -> dict[int, tuple[int, int]]:
        """{confidence level: (reviews, remembered)} over every rating given with a confidence."""
        rows = self._connection().execute("SELECT level, reviews, remembered FROM confidence_tallies")
        return {int(level): (int(reviews), int(remembered)) for level, reviews, remembered in rows if reviews > 0}

    def confident_errors(self, limit: int = 10) -> list[ReviewLog]:
        """The latest ratings of Again given after saying "sure": the errors that most need review."""
        rows = self._connection().execute(
            "SELECT id, item_id, rating, at, duration_ms, state, confidence FROM reviews "
            "WHERE confidence = 3 AND rating = 1 ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [ReviewLog(*row) for row in rows]

    def state_counts(self) -> dict[str, int]:
        rows = self._connection().execute("SELECT state, COUNT(*) FROM cards GROUP BY state")
        return {str(state): int(count) for state, count in rows}

    def leech_ids(self) -> list[str]:
        return [str(row[0]) for row in self._connection().execute("SELECT item_id FROM cards WHERE leech = 1")]

    def reviews(self, item_id: str | None = None) -> list[ReviewLog]:
        """The review log, oldest first (all of it: for export and tests, not for screens)."""
        query = "SELECT id, item_id, rating, at, duration_ms, state, confidence FROM reviews"
        args: tuple[Any, ...] = ()
        if item_id is not None:
            query += " WHERE item_id = ?"
            args = (item_id,)
        return [ReviewLog(*row) for row in self._connection().execute(query + " ORDER BY id", args)]

    def review_count(self) -> int:
        return int(self._connection().execute("SELECT COALESCE(SUM(reviews), 0) FROM review_tallies").fetchone()[0])

    # -- export -------------------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """The whole state as plain data, for `study export json` (a learner who wants to look, or a backup)."""
        progress = self.load()
        cards = {}
        for item_id in self.card_states():
            entry = self.card_entry(item_id)
            if entry is not None:
                cards[item_id] = entry
        return {
            "format": "backprop-study-progress",
            "schema": VERSION,
            "exported_at": now_iso(),
            "current_exercise": progress.current_exercise,
            "exercises": {name: asdict(state) for name, state in sorted(progress.exercises.items())},
            "settings": progress.settings,
            "cards": cards,
            "reviews": [
                {
                    "item": log.item_id,
                    "rating": log.rating,
                    "at": from_ms(log.at_ms).isoformat(timespec="milliseconds"),
                    "duration_ms": log.duration_ms,
                    "state": log.state,
                    "confidence": log.confidence,
                }
                for log in self.reviews()
            ],
            "checks": [asdict(record) for record in self.checks()],
        }

    # -- importing progress.json (format 1) ------------------------------------------------------
    def _import_legacy(self, connection: sqlite3.Connection) -> Path | None:
        legacy = self.study_dir / LEGACY_FILE
        try:
            raw = legacy.read_bytes()
        except OSError:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != LEGACY_FORMAT:
                raise ValueError("it is not a backprop-study progress file")
            if not isinstance(data.get("version"), int) or data["version"] > 1:
                raise ValueError(f"it has an unknown format version ({data.get('version')!r})")
        except (UnicodeDecodeError, ValueError) as exc:
            syntax = isinstance(exc, UnicodeDecodeError | json.JSONDecodeError)
            reason = f"it is not valid JSON ({exc})" if syntax else str(exc)
            aside = legacy.with_name(f"{LEGACY_FILE}.unreadable")
            with contextlib.suppress(OSError):
                os.replace(legacy, aside)
            self._notice(
                f"Your progress file could not be read: {reason}. It was kept as {aside} and progress starts afresh."
            )
            return None
        skipped = _import_legacy_data(connection, data)
        if skipped:
            self._notice(
                f"{skipped} damaged entr{'y' if skipped == 1 else 'ies'} of your old progress file could not be "
                "imported and were left out; everything else was."
            )
        return legacy


def _import_legacy_data(connection: sqlite3.Connection, data: dict[str, Any]) -> int:
    """Copy a format-1 progress file into the tables; returns how many damaged entries were skipped."""
    skipped = 0
    exercises = data.get("exercises")
    for name, state in exercises.items() if isinstance(exercises, dict) else []:
        if not isinstance(name, str) or not isinstance(state, dict):
            skipped += 1
            continue
        values = ExerciseState.from_dict(state)
        connection.execute(
            "INSERT OR REPLACE INTO exercises (name, passed_at, hints_seen, last_checked_at, last_passed) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, values.passed_at, values.hints_seen, values.last_checked_at, _bool_or_none(values.last_passed)),
        )
    cards = data.get("cards")
    for item_id, entry in cards.items() if isinstance(cards, dict) else []:
        try:
            if not isinstance(item_id, str) or not isinstance(entry, dict) or not entry.get("last_review"):
                raise ValueError
            ProgressStore._put_card(connection, item_id, entry)
        except (KeyError, TypeError, ValueError, OverflowError):
            skipped += 1
    reviews = data.get("reviews")
    for log in reviews if isinstance(reviews, list) else []:
        try:
            at = datetime.fromisoformat(log["at"])
            if at.tzinfo is None:
                raise ValueError
            duration = log.get("duration_ms")
            review = ReviewLog(
                0,
                str(log["item"]),
                int(log["rating"]),
                to_ms(at),
                int(duration) if isinstance(duration, int | float) else None,
                str(log.get("state") or "new"),
            )
            if not 1 <= review.rating <= 4:
                raise ValueError
        except (KeyError, TypeError, ValueError, OverflowError):
            skipped += 1
            continue
        connection.execute(
            "INSERT INTO reviews (item_id, rating, at, duration_ms, state) VALUES (?, ?, ?, ?, ?)",
            (review.item_id, review.rating, review.at_ms, review.duration_ms, review.state),
        )
        _tally(connection, review, +1)
    settings = data.get("settings")
    for key, value in settings.items() if isinstance(settings, dict) else []:
        connection.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (str(key), json.dumps(value)))
    current = data.get("current_exercise")
    if isinstance(current, str):
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('current_exercise', ?)", (current,))
    return skipped


# ---------------------------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _tally(connection: sqlite3.Connection, log: ReviewLog, sign: int) -> None:
    review_state = int(log.state == "review")
    passed = int(log.state == "review" and log.rating > 1)
    slot = log.at_ms // SLOT_MS
    connection.execute(
        "INSERT INTO review_tallies (slot, reviews, review_state, review_passed, duration_ms) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (slot) DO UPDATE SET reviews = reviews + excluded.reviews, "
        "review_state = review_state + excluded.review_state, review_passed = review_passed + excluded.review_passed, "
        "duration_ms = duration_ms + excluded.duration_ms",
        (slot, sign, sign * review_state, sign * passed, sign * (log.duration_ms or 0)),
    )
    if sign < 0:
        connection.execute("DELETE FROM review_tallies WHERE slot = ? AND reviews <= 0", (slot,))
    if log.confidence is not None:
        connection.execute(
            "INSERT INTO confidence_tallies (level, reviews, remembered) VALUES (?, ?, ?) "
            "ON CONFLICT (level) DO UPDATE SET reviews = reviews + excluded.reviews, "
            "remembered = remembered + excluded.remembered",
            (log.confidence, sign, sign * int(log.rating > 1)),
        )


def _put_due_now(connection: sqlite3.Connection, entry: DueNow) -> None:
    connection.execute(
        "INSERT INTO due_now (item_id, exercise, mistake, at) VALUES (?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE "
        "SET exercise = excluded.exercise, mistake = excluded.mistake, at = excluded.at",
        (entry.item_id, entry.exercise, entry.mistake, entry.at),
    )


def _state_name(entry: dict[str, Any]) -> str:
    return {1: "learning", 2: "review", 3: "relearning"}.get(int(entry.get("state", 1)), "learning")


def _snapshot(progress: Progress) -> dict[str, Any]:
    return {
        "exercises": {name: asdict(state) for name, state in progress.exercises.items()},
        "settings": {key: json.dumps(value) for key, value in progress.settings.items()},
        "current_exercise": progress.current_exercise,
    }


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _cannot_write(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc)
    return "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text


def _locked(exc: sqlite3.DatabaseError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _quote_uri(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()))


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _bool_or_none(value: bool | None) -> int | None:
    return None if value is None else int(value)
