"""Times as a person reads them: local, short, and relative to now ("today 14:02", "3 days ago").

Progress stores aware UTC times (ISO 8601 strings or datetimes); nothing shown to a learner should be
one of those. Every function takes `now`, so tests (and the screens' frozen clocks) give the same words
every day, and accepts either form of a stored time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

Moment = datetime | str


def _local(moment: Moment) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:  # stored times are UTC; a naive one is read as such rather than as local
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def _now(now: datetime | None) -> datetime:
    return _local(now or datetime.now(UTC))


def day_text(day: date, today: date) -> str:
    """'today', 'yesterday', '3 Mar', or '3 Mar 2025' when not this year."""
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    if (day - today).days == 1:
        return "tomorrow"
    short = f"{day.day} {day:%b}"
    return short if day.year == today.year else f"{short} {day.year}"


def on_day_text(moment: Moment, now: datetime | None = None) -> str:
    """The local day of a moment as it reads after a verb: 'today', 'yesterday', 'on 3 Mar', 'on 3 Mar 2025'."""
    day = day_text(_local(moment).date(), _now(now).date())
    return day if day in ("today", "yesterday", "tomorrow") else f"on {day}"


def when_text(moment: Moment, now: datetime | None = None) -> str:
    """The day and the local clock time: 'today 14:02', 'yesterday 09:15', '3 Mar 14:02', '3 Mar 2025'.

    A time in another year drops the clock time: the day is what matters that far back.
    """
    local, current = _local(moment), _now(now)
    day = day_text(local.date(), current.date())
    if local.year != current.year:
        return day
    return f"{day} {local:%H:%M}"


def ago_text(moment: Moment, now: datetime | None = None) -> str:
    """How long ago, in the largest unit that reads naturally: 'just now', '5 min ago', '3 hours ago',
    'yesterday', '3 days ago', '2 weeks ago', then the date ('3 Mar')."""
    local, current = _local(moment), _now(now)
    seconds = (current - local).total_seconds()
    if seconds < 0:
        return when_text(moment, now)  # in the future (a clock moved): say when, not "-3 min ago"
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    days = (current.date() - local.date()).days
    if days == 0 or hours < 6:  # an hour before midnight, seen just after it, is "1 hour ago"
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return day_text(local.date(), current.date())


def duration_text(seconds: float) -> str:
    """Spoken-style durations: '45 s', '12 min', '1 h 05 min'."""
    seconds = round(max(0.0, seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
