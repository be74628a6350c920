"""The keys a learner can press, as the footer and the `?` panel show them.

Both read the screen's bindings (data with ids and descriptions), so they are always true. They differ
from Textual's own in what comes first and what is kept:

- `AppFooter` keeps `q Quit` and `? Keys` visible at any width: when the screen's keys do not all fit,
  the command palette's `^p` goes first, then the screen's least important keys (the last declared);
  everything dropped is still in `?`.
- `KeysPanel` lists the screen's own keys first, then the app's (everywhere), and only then the keys of
  the focused widget that Textual provides (scrolling, focus, copy), dimmed.

Bindings in one `Binding.Group` (the ratings 1-4, an answer's letters) are shown as one line: "1-4 Rate".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey, FooterLabel
from textual.widgets._footer import KeyGroup as FooterKeyGroup

PALETTE_WIDTH = 14  # " ^p palette " with its padding and the border before it


@dataclass(frozen=True)
class KeyGroup(Binding.Group):
    """Keys shown together ("1 2 3 4 Rate"); `itemized` ones are also named one by one in `?`
    ("Rate: 1 Again, 2 Hard, 3 Good, 4 Easy"), where each key means something different."""

    itemized: bool = False


@dataclass
class KeyEntry:
    """One line of keys: a single binding, or a group of them shown together."""

    bindings: list[tuple[Binding, bool, str]]  # (binding, enabled, tooltip)
    node: DOMNode
    keys: str  # as shown: "space", "1-4", "a b c"
    description: str

    @property
    def enabled(self) -> bool:
        return any(enabled for _, enabled, _ in self.bindings)

    @property
    def group(self) -> Binding.Group | None:
        return self.bindings[0][0].group


def shown_keys(keys: list[str]) -> str:
    """'1 2 3 4' reads as '1-4', 'a b c d' as 'a-d'; anything else is listed."""
    if len(keys) > 2 and all(len(key) == 1 for key in keys):
        codes = [ord(key) for key in keys]
        if codes == list(range(codes[0], codes[0] + len(codes))):
            return f"{keys[0]}-{keys[-1]}"
    return " ".join(keys)


def key_entries(node: DOMNode, *, footer: bool) -> list[KeyEntry]:
    """The screen's active bindings as lines, in the binding chain's order (focused widget first).

    `footer` keeps only bindings marked `show`; the help wants every binding with a description.
    """
    screen = node.screen
    app = node.app
    by_action: dict[tuple[int, str], tuple[DOMNode, list[tuple[Binding, bool, str]]]] = {}
    for source, binding, enabled, tooltip in screen.active_bindings.values():
        if binding.system or (footer and not binding.show) or not (binding.description or binding.group):
            continue
        key = (id(source), binding.action)
        by_action.setdefault(key, (source, []))[1].append((binding, enabled, tooltip))
    entries: list[KeyEntry] = []
    for source, bindings in by_action.values():
        binding = bindings[0][0]
        # The shortest key first: "q ^q", not "^q q".
        bindings.sort(key=lambda b: len(app.get_key_display(b[0])))
        display = shown_keys(list(dict.fromkeys(app.get_key_display(b) for b, _, _ in bindings)))
        last = entries[-1] if entries else None
        if binding.group is not None and last is not None and last.group is binding.group and last.node is source:
            last.bindings.extend(bindings)
            continue
        entries.append(KeyEntry(list(bindings), source, display, binding.description))
    for entry in entries:
        if entry.group is not None:
            members = list(dict.fromkeys(app.get_key_display(b) for b, _, _ in entry.bindings))
            entry.keys = shown_keys(members)
            entry.description = entry.group.description
    return entries


def _entry_width(entry: KeyEntry) -> int:
    """Cells a (non-compact) footer item takes, as Footer lays it out."""
    if entry.group is not None and len(entry.bindings) > 1:
        # Each key with a margin either side, then the group's label and its margin.
        keys = list(dict.fromkeys(b.key_display or b.key for b, _, _ in entry.bindings))
        return sum(len(key) + 2 for key in keys) + len(entry.description) + 1
    return len(entry.keys) + len(entry.description) + 3


class AppFooter(Footer):
    """The footer, fitted to the width: the app's own keys (quit, help) never fall off the end."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        app = self.app
        entries = key_entries(self, footer=False)
        own = []
        for entry in entries:
            shown = [b for b in entry.bindings if b[0].show]
            if entry.node is not app and shown:
                entry.bindings = shown
                own.append(entry)
        # Quit and help always, each by its plain key when it works (q, ?) and by the key that works
        # while a text field has the focus (ctrl+q, f1) when the field takes the plain one as text.
        everywhere = []
        for action in ("quit", "toggle_help"):
            entry = next((e for e in entries if e.node is app and e.bindings[0][0].action == action), None)
            if entry is not None:
                shown = [b for b in entry.bindings if b[0].show]
                entry.bindings = shown or entry.bindings[:1]
                entry.keys = app.get_key_display(entry.bindings[0][0])
                everywhere.append(entry)
        # In the footer, each key of a group shows alone (Footer's own layout), so width is measured per key.
        for entry in own:
            if entry.group is not None and len(entry.bindings) > 1:
                entry.keys = " ".join(app.get_key_display(b) for b, _, _ in entry.bindings)
        # The footer's own width: narrower than the screen while the keys panel is open beside it.
        width = self.size.width or self.screen.size.width or app.size.width
        needed = sum(_entry_width(entry) for entry in own + everywhere)
        palette = self.show_command_palette and app.ENABLE_COMMAND_PALETTE and needed + PALETTE_WIDTH <= width
        room = width - (PALETTE_WIDTH if palette else 0) - sum(_entry_width(entry) for entry in everywhere)
        kept: list[KeyEntry] = []
        for entry in own:  # in the screen's order: its first keys are its most important
            if _entry_width(entry) <= room:
                kept.append(entry)
                room -= _entry_width(entry)
            else:
                break
        for entry in kept + everywhere:
            yield from self._items(entry)
        if palette:
            try:
                _node, binding, enabled, _tooltip = self.screen.active_bindings[app.COMMAND_PALETTE_BINDING]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def _items(self, entry: KeyEntry) -> Iterable[Widget]:
        app = self.app
        if entry.group is not None and len(entry.bindings) > 1:
            with FooterKeyGroup(classes="-compact" if entry.group.compact else ""):
                for binding, enabled, tooltip in entry.bindings:
                    yield FooterKey(
                        binding.key,
                        app.get_key_display(binding),
                        "",
                        binding.action,
                        disabled=not enabled,
                        tooltip=tooltip or binding.description,
                        classes="-grouped",
                    ).data_bind(compact=Footer.compact)
            yield FooterLabel(entry.description)
            return
        binding, enabled, tooltip = entry.bindings[0]
        yield FooterKey(
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not entry.enabled,
            tooltip=tooltip,
        ).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        # What fits depends on the width: lay the keys out again for the new one.
        if self._bindings_ready and self.is_attached:
            self.call_after_refresh(self.recompose)


def help_rows(node: DOMNode) -> list[tuple[str, list[KeyEntry]]]:
    """The `?` panel's sections: this screen's keys, the app's, then the focused widget's own."""
    app = node.app
    screen = node.screen
    entries = key_entries(node, footer=False)

    def ours(entry: KeyEntry) -> bool:
        # The app's bindings are data with ids; Textual's stock ones (tab, copy, scrolling) have none.
        return any(binding.id for binding, _, _ in entry.bindings)

    own = [entry for entry in entries if entry.node is screen and ours(entry)]
    everywhere = [entry for entry in entries if entry.node is app]
    widget = [entry for entry in entries if entry not in own and entry not in everywhere]
    # The screen's own bindings that do nothing right now are left out: the list says what works here.
    own = [entry for entry in own if entry.enabled]
    sections = [("This screen", own), ("Everywhere", everywhere)]
    if widget:
        focused = screen.focused
        name = getattr(focused, "KEYS_NAME", None) or "In the focused part"
        sections.append((name, widget))
    return [(title, rows) for title, rows in sections if rows]


class KeysPanel(Widget):
    """The `?` panel: every key that works here, the screen's own first."""

    DEFAULT_CSS = """
    KeysPanel {
        split: right;
        width: 40%;
        min-width: 36;
        max-width: 60;
        height: 100%;
        border-left: vkey $foreground 30%;
        padding: 0 1;
        background: $surface;
    }
    KeysPanel VerticalScroll { height: 1fr; }
    KeysPanel .keys-title { text-style: bold; color: $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Keys  (? hides)", classes="keys-title", markup=False)
        with VerticalScroll(can_focus=False):
            yield Static("", id="keys-table")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.call_after_refresh(self.refresh_keys))
        self.watch(self.screen, "focused", lambda _focused: self.call_after_refresh(self.refresh_keys))
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def refresh_keys(self) -> None:
        if not self.is_attached:
            return
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", no_wrap=True)
        table.add_column()
        for number, (title, entries) in enumerate(help_rows(self)):
            dim = title not in ("This screen", "Everywhere")
            if number:
                table.add_row("", "")
            table.add_row("", Text(title, style="bold underline"))
            for entry in entries:
                table.add_row(
                    Text(entry.keys, style="dim" if dim else "bold"),
                    Text(_described(entry), style="dim" if dim or not entry.enabled else ""),
                )
        with contextlib.suppress(NoMatches):
            self.query_one("#keys-table", Static).update(table)


# Textual's own keys, said in the app's words where the stock description is too terse.
STOCK_WORDS = {"command_palette": "Command palette: every section and action", "change_theme": "Theme (colours)"}


def _described(entry: KeyEntry) -> str:
    """A group's description, with each key's own meaning when there are few (ratings, confidence)."""
    text = STOCK_WORDS.get(entry.bindings[0][0].action, entry.description)
    # A group whose keys each mean something else (ratings, confidence) names them one by one.
    if getattr(entry.group, "itemized", False):
        parts = [f"{b.key_display or b.key} {b.description}" for b, _, _ in entry.bindings if b.description]
        if parts:
            text += ": " + ", ".join(parts)
    return text
