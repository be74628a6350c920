"""Cards to Anki and back, checked with the real Anki backend (the `anki` package): `study export anki`
and `study export tsv` import into a real collection with every card kind intact, a second import
updates rather than duplicates; `study import` reads what real Anki exports."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest
from anki.collection import Collection, ExportAnkiPackageOptions
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest, ImportCsvRequest

from backprop_study.cards.decks import load_decks
from backprop_study.cli import main
from backprop_study.store.workspace import Workspace

MY_DECK = """\
deck: my-cards
title: My cards
cards:
  - id: my-basic
    kind: basic
    tags: [chain-rule, mine]
    front: What does the chain rule link?
    back: Derivatives across layers.
    explain: Each layer's local derivative multiplies the one after it.
  - id: my-reversed
    kind: reversed
    front: d_output
    back: error * sigmoid_derivative(output)
  - id: my-cloze
    kind: cloze
    context: |
      error = y - output
    text: |
      d_output = {{error}} * {{sigmoid_derivative(output)}}
  - id: my-typed
    kind: typed
    question: Which variable holds the output layer's delta?
    answer: d_output
    accept: [delta output]
  - id: my-choice
    kind: choice
    question: What does the forward pass do?
    answer: Feeds data through the layers
    wrong: [Sends the error backward, Updates the weights, Measures the error, Picks the learning rate]
  - id: my-order
    kind: order
    question: Put the steps in order.
    items: [Forward pass, Loss, Backward pass, Update]
  - id: my-numeric
    kind: numeric
    template: sigmoid-derivative
"""


def study(workspace: Workspace, *args: str) -> int:
    return main(["--workspace", str(workspace.root), *args])


@pytest.fixture
def mine(workspace: Workspace) -> Workspace:
    (workspace.root / "quizzes").mkdir()
    (workspace.root / "quizzes" / "my-cards.yaml").write_text(MY_DECK, encoding="utf-8")
    return workspace


@pytest.fixture
def collection(tmp_path: Path):
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def _import_apkg(col: Collection, path: Path):
    return col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    ).log


def _import_tsv(col: Collection, path: Path):
    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def _note(col: Collection, card_id: str):
    from backprop_study.cards.anki_export import note_guid

    found = [col.get_note(nid) for nid in col.find_notes("") if col.get_note(nid).guid == note_guid(card_id)]
    assert len(found) == 1, f"{card_id}: {len(found)} notes"
    return found[0]


# -- export anki ---------------------------------------------------------------------------------


def test_every_shipped_card_imports_into_anki_with_one_anki_card_per_review_item(
    workspace: Workspace, collection: Collection, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "all.apkg"
    assert study(workspace, "export", "anki", str(out)) == 0
    deck_set = load_decks(workspace.deck_sources())
    log = _import_apkg(collection, out)
    assert len(log.new) == len(deck_set.cards()) == collection.note_count()
    # Reversed cards give two Anki cards and cloze cards one per gap, exactly as the app's review items.
    assert collection.card_count() == len(deck_set.review_items())
    names = {deck.name for deck in collection.decks.all_names_and_ids()}
    for deck in deck_set.decks:
        assert f"Backprop study::{deck.title}" in names
    assert f"{len(deck_set.cards())} notes from {len(deck_set.decks)} decks" in capsys.readouterr().out


def test_each_kind_is_rendered_for_anki(mine: Workspace, collection: Collection, tmp_path: Path) -> None:
    out = tmp_path / "mine.apkg"
    assert study(mine, "export", "anki", str(out), "--deck", "my-cards") == 0
    log = _import_apkg(collection, out)
    assert len(log.new) == 7 and collection.card_count() == 9  # reversed: 2, cloze with two gaps: 2

    basic = _note(collection, "my-basic")
    assert basic["Front"] == "What does the chain rule link?"
    assert basic["Back"] == "Derivatives across layers."
    assert "local derivative" in basic["Extra"]
    assert set(basic.tags) == {"my-cards", "chain-rule", "mine"}

    reversed_note = _note(collection, "my-reversed")
    assert len(reversed_note.cards()) == 2

    cloze = _note(collection, "my-cloze")
    assert cloze.note_type()["type"] == 1  # Anki's cloze kind
    assert cloze["Text"] == "d_output = {{c1::error}} * {{c2::sigmoid_derivative(output)}}"
    assert cloze["Context"] == "error = y - output"
    assert len(cloze.cards()) == 2

    typed = _note(collection, "my-typed")
    assert "{{type:Back}}" in typed.note_type()["tmpls"][0]["qfmt"]
    assert typed["Back"] == "d_output" and "delta output" in typed["Extra"]

    choice = _note(collection, "my-choice")
    options = re.findall(r"<li>(.*?)</li>", choice["Front"])
    assert len(options) == 4 and "Feeds data through the layers" in options
    letter = "ABCD"[options.index("Feeds data through the layers")]
    assert choice["Back"] == f"{letter}. Feeds data through the layers"
    assert "afresh from 4" in choice["Extra"]  # 4 wrong options, 3 shown: the app varies them

    order = _note(collection, "my-order")
    shown = re.findall(r"<li>(.*?)</li>", order["Front"])
    assert sorted(shown) == sorted(["Forward pass", "Loss", "Backward pass", "Update"])
    assert shown != ["Forward pass", "Loss", "Backward pass", "Update"], "never shown already in order"
    assert re.findall(r"<li>(.*?)</li>", order["Back"]) == ["Forward pass", "Loss", "Backward pass", "Update"]

    numeric = _note(collection, "my-numeric")
    a = float(re.search(r"a = (\d+(?:\.\d+)?)", numeric["Front"]).group(1))
    assert float(numeric["Back"]) == pytest.approx(a * (1 - a), abs=1e-3)  # worked by the reference
    assert "fresh numbers" in numeric["Extra"]


GRAPH_DECK = """\
deck: my-graph
title: My graph
cards:
  - id: my-graph-walk
    kind: graph
    graph: lesson
    tags: [chain-rule]
    question: Walk it back from the loss.
    explain: One link of the chain rule per node.
"""


def _numbers(text: str) -> list[float]:
    return [float(n.replace("−", "-")) for n in re.findall(r"[-−]?\d+(?:\.\d+)?(?:e[-−]?\d+)?", text)]


def test_a_graph_card_is_one_fixed_walk_worked_by_the_reference(
    workspace: Workspace, collection: Collection, tmp_path: Path
) -> None:
    """The front shows one example of the lesson's graph (drawn from the card's id, the same on every export)
    and the gradients to find in the app's order; the back gives each, with its local rule. Every number is
    recomputed here from the example as shown, with the reference."""
    from backprop_study.cards.anki_export import notes_for
    from backprop_study.solutions import backprop as bp

    (workspace.root / "quizzes").mkdir()
    (workspace.root / "quizzes" / "my-graph.yaml").write_text(GRAPH_DECK, encoding="utf-8")
    deck_set = load_decks(workspace.deck_sources())
    assert notes_for(deck_set, ["my-graph"]) == notes_for(deck_set, ["my-graph"])  # a fixed instance
    out = tmp_path / "graph.apkg"
    assert study(workspace, "export", "anki", str(out), "--deck", "my-graph") == 0
    log = _import_apkg(collection, out)
    assert len(log.new) == 1 and collection.card_count() == 1
    note = _note(collection, "my-graph-walk")

    front = note["Front"].replace("&nbsp;", " ")
    assert front.startswith("Walk it back from the loss.")
    assert "x ──W1──▶ z1 ──σ──▶ h ──W2──▶ z2 ──σ──▶ o ──▶ L = ½ (y − o)²" in front
    x = np.array([_numbers(re.search(r"x = \[(.*?)\]", front).group(1))])
    y = _numbers(re.search(r"y = (\S+)", front).group(1))[0]
    W1 = np.array(_numbers(re.search(r"W1 = \[(.*?)\]", front).group(1))).reshape(2, 2)
    W2 = np.array(_numbers(re.search(r"W2 = \[(.*?)\]", front).group(1))).reshape(2, 1)
    hidden, output = bp.forward(x, W1, W2)
    for label, value in (("h = σ(z1) (1×2)", hidden), ("o = σ(z2)", output)):
        shown = _numbers(re.search(re.escape(label) + r" = ([^<]*)", front).group(1))
        np.testing.assert_allclose(shown, value.ravel(), rtol=5e-3)
    loss = bp.squared_error(np.array([[y]]), output)
    assert _numbers(re.search(r"L = ½ \(y − o\)² = ([^<]*)", front).group(1))[0] == pytest.approx(loss, rel=5e-3)
    asked = re.findall(r"<li>(.*?)</li>", front)
    assert [item.split(" ")[0] for item in asked] == ["dL/do", "dL/dz2", "dL/dh", "dL/dz1", "dL/dW1"]
    assert asked[-1] == "dL/dW1 (2×2, row by row)"

    # The gradients of L from the reference's own deltas (the lesson's d_output is −dL/dz2).
    d_output = bp.output_delta(bp.output_error(np.array([[y]]), output), output)
    d_hidden = bp.hidden_delta(d_output, W2, hidden)
    expected = [output - y, -d_output, -d_output @ W2.T, -d_hidden, -x.T @ d_hidden]
    worked = re.findall(r"<li>(.*?)</li>", note["Back"])
    assert len(worked) == 5
    for item, node, value, rule in zip(
        worked,
        ["dL/do", "dL/dz2", "dL/dh", "dL/dz1", "dL/dW1"],
        expected,
        ["o − y", "o(1 − o)", "W2ᵀ", "h(1 − h)", "xᵀ"],
        strict=True,
    ):
        first, *rest = item.split("<br>")
        assert first.startswith(f"{node} = ") and rule in rest[0], item
        np.testing.assert_allclose(_numbers(first.removeprefix(f"{node} = ")), value.ravel(), rtol=5e-3)
        assert rest[1].startswith("Here: ")
    assert "One link of the chain rule" in note["Extra"] and "fresh example" in note["Extra"]


def test_exporting_again_updates_the_notes_instead_of_adding_copies(
    mine: Workspace, collection: Collection, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    assert study(mine, "export", "anki", str(first), "--deck", "my-cards") == 0
    _import_apkg(collection, first)
    deck_file = mine.root / "quizzes" / "my-cards.yaml"
    deck_file.write_text(MY_DECK.replace("Derivatives across layers.", "Derivatives, layer by layer."))
    # Anki (by default) updates a note only from a newer export, and stamps notes in whole seconds.
    time.sleep(1.1)
    assert study(mine, "export", "anki", str(second), "--deck", "my-cards") == 0
    log = _import_apkg(collection, second)
    assert collection.note_count() == 7
    assert len(log.new) == 0 and len(log.updated) == 7  # matched by GUID, one by one
    assert _note(collection, "my-basic")["Back"] == "Derivatives, layer by layer."


def test_the_same_numbers_and_options_on_every_export(mine: Workspace, tmp_path: Path) -> None:
    from backprop_study.cards.anki_export import notes_for

    deck_set = load_decks(mine.deck_sources())
    assert notes_for(deck_set, ["my-cards"]) == notes_for(deck_set, ["my-cards"])


# -- export tsv ----------------------------------------------------------------------------------


def test_tsv_has_ankis_headers_and_imports_with_every_card(
    workspace: Workspace, collection: Collection, tmp_path: Path
) -> None:
    out = tmp_path / "cards.tsv"
    assert study(workspace, "export", "tsv", str(out)) == 0
    header = out.read_text(encoding="utf-8").splitlines()[:6]
    assert header[:2] == ["#separator:tab", "#html:true"]
    assert "#tags column:6" in header and "#guid column:1" in header
    deck_set = load_decks(workspace.deck_sources())
    log = _import_tsv(collection, out)
    assert len(log.new) == len(deck_set.cards()) == collection.note_count()
    assert collection.card_count() == len(deck_set.review_items())
    again = _import_tsv(collection, out)
    assert len(again.new) == 0 and collection.note_count() == len(deck_set.cards())
    note = _note(collection, "code-d-output")
    assert "{{c1::" in note["Text"] and "lesson-code" in note.tags


def test_tsv_to_standard_output(mine: Workspace, capsys) -> None:
    assert study(mine, "export", "tsv", "-", "--deck", "my-cards") == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if not line.startswith("#")]
    assert len(rows) == 7 and all(len(row.split("\t")) == 6 for row in rows)


def test_an_unknown_deck_is_a_usage_error(workspace: Workspace, tmp_path: Path, capsys) -> None:
    assert study(workspace, "export", "anki", str(tmp_path / "x.apkg"), "--deck", "nope") == 2
    assert "There is no deck 'nope'" in capsys.readouterr().err


# -- import --------------------------------------------------------------------------------------


def _teacher_collection(path: Path) -> Collection:
    col = Collection(str(path))
    deck = col.decks.id("Teacher::Calculus")

    def add(note_type: str, fields: dict[str, str], tags: tuple[str, ...] = ()) -> None:
        note = col.new_note(col.models.by_name(note_type))
        for name, value in fields.items():
            note[name] = value
        note.tags = list(tags)
        col.add_note(note, deck)

    add(
        "Basic", {"Front": "What is a <b>gradient</b>?", "Back": "Partial derivatives.<br>It points uphill."}, ("calc",)
    )
    add("Basic (and reversed card)", {"Front": "ReLU", "Back": "max(0, x)"})
    add("Basic (type in the answer)", {"Front": "d/dx of x&sup2;?", "Back": "2x"})
    add("Cloze", {"Text": "{{c1::dL/dx}} = {{c2::dL/dy::outer}} &middot; dy/dx", "Back Extra": "Leibniz"})
    add("Basic", {"Front": "<img src='plot.png'>", "Back": "a picture"})
    return col


@pytest.mark.parametrize("legacy", [False, True], ids=["anki-21b", "legacy"])
def test_import_reads_what_anki_exports(workspace: Workspace, tmp_path: Path, capsys, legacy: bool) -> None:
    col = _teacher_collection(tmp_path / "teacher.anki2")
    package = tmp_path / "teacher.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=str(package), options=options, limit=None)
    col.close()

    assert study(workspace, "import", str(package), "--deck", "calculus") == 0
    out = capsys.readouterr().out
    assert "4 cards (1 basic, 1 cloze, 1 reversed, 1 typed) from 5 notes" in out
    assert "note 5: it has an image or a sound" in out
    assert "hints (::hint) were dropped" in out

    deck_set = load_decks(workspace.deck_sources(), cache=False)
    assert not deck_set.errors
    deck = deck_set.deck("calculus")
    assert deck.title == "Teacher::Calculus"
    by_kind = {card.kind: card for card in deck.cards}
    assert by_kind["basic"].front == "What is a gradient?"
    assert by_kind["basic"].back == "Partial derivatives.\nIt points uphill."
    assert by_kind["basic"].tags == ("calc",)
    assert by_kind["typed"].question == "d/dx of x²?" and by_kind["typed"].answer == "2x"
    assert by_kind["cloze"].text == "{{dL/dx}} = {{dL/dy}} · dy/dx"
    assert by_kind["cloze"].explain == "Leibniz"
    assert by_kind["reversed"].front == "ReLU"
    # The shipped decks are still there: a workspace deck adds to them.
    assert len(deck_set.decks) == len(load_decks(workspace.deck_sources()[:1]).decks) + 1


def test_importing_again_keeps_the_ids_and_asks_before_overwriting(
    workspace: Workspace, tmp_path: Path, capsys
) -> None:
    col = _teacher_collection(tmp_path / "teacher.anki2")
    package = tmp_path / "teacher.apkg"
    col.export_anki_package(out_path=str(package), options=ExportAnkiPackageOptions(), limit=None)
    col.close()
    assert study(workspace, "import", str(package), "--deck", "calculus") == 0
    first = {card.id for card in load_decks(workspace.deck_sources(), cache=False).deck("calculus").cards}
    assert study(workspace, "import", str(package), "--deck", "calculus") == 2
    assert "add --replace" in capsys.readouterr().err
    assert study(workspace, "import", str(package), "--deck", "calculus", "--replace") == 0
    again = {card.id for card in load_decks(workspace.deck_sources(), cache=False).deck("calculus").cards}
    assert first == again and len(first) == 4


def test_a_deck_id_already_in_use_is_refused(workspace: Workspace, tmp_path: Path, capsys) -> None:
    tsv = tmp_path / "cards.tsv"
    tsv.write_text("front\tback\n")
    assert study(workspace, "import", str(tsv), "--deck", "lesson-concepts") == 2
    assert "already used by" in capsys.readouterr().err
    assert not (workspace.root / "quizzes" / "lesson-concepts.yaml").exists()


def test_our_own_tsv_export_imports_back(mine: Workspace, tmp_path: Path, capsys) -> None:
    tsv = tmp_path / "mine.tsv"
    assert study(mine, "export", "tsv", str(tsv), "--deck", "my-cards") == 0
    assert study(mine, "import", str(tsv), "--deck", "round-trip") == 0
    deck = load_decks(mine.deck_sources(), cache=False).deck("round-trip")
    kinds = sorted(card.kind for card in deck.cards)
    assert kinds == ["basic", "basic", "basic", "basic", "cloze", "reversed", "typed"]
    cloze = next(card for card in deck.cards if card.kind == "cloze")
    assert cloze.cloze_answers == ("error", "sigmoid_derivative(output)")


def test_a_plain_tsv_without_headers(workspace: Workspace, tmp_path: Path, capsys) -> None:
    tsv = tmp_path / "Plain Cards.txt"
    tsv.write_text(
        "What is σ(0)?\t0.5\nThe sigmoid's slope at a is {{c1::a(1 - a)}}\t\n\t\nOnly a front\t\n",
        encoding="utf-8",
    )
    assert study(workspace, "import", str(tsv)) == 0
    out = capsys.readouterr().out
    assert "2 cards (1 basic, 1 cloze) from 3 notes" in out
    assert "line 4 (Only a front): it needs a front and a back" in out
    deck = load_decks(workspace.deck_sources(), cache=False).deck("plain-cards")
    assert [card.kind for card in deck.cards] == ["basic", "cloze"]


def test_a_file_that_is_not_cards_is_explained(workspace: Workspace, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(b"not a zip")
    assert study(workspace, "import", str(broken)) == 1
    assert "is not an Anki package" in capsys.readouterr().err
    assert study(workspace, "import", str(tmp_path / "missing.tsv")) == 1
    assert "does not exist" in capsys.readouterr().err
