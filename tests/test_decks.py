"""Deck loading: every card kind, review items, pools, and every problem located by file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from backprop_study.cards.decks import load_decks

GOOD_DECK = """\
deck: sample
title: "Sample: every kind"
description: one of each
source: the tests
pools:
  explanations:
    - Feed data through layers to get prediction
    - Measures how wrong the prediction is
    - Moves error backward to adjust earlier layers
    - Slowly moves weights to reduce the error
cards:
  - id: basic-one
    kind: basic
    tags: [forward-pass]
    front: What does the forward pass compute?
    back: The prediction, layer by layer.
    explain: It runs before the loss.
  - id: reversed-one
    kind: reversed
    front: Loss Function
    back: Measures how wrong the prediction is
  - id: cloze-one
    kind: cloze
    context: |
      error = y - output
    text: |
      d_output = {{error * sigmoid_derivative(output)}}
      d_hidden = {{d_output.dot(weights_hidden_output.T)}} * sigmoid_derivative(hidden_output)
  - id: choice-one
    kind: choice
    question: What is the Forward Pass?
    answer: Feed data through layers to get prediction
    wrong_from: explanations
  - id: choice-own
    kind: choice
    question: Which one is a loss?
    answer: squared error
    wrong: [sigmoid, learning rate, chain rule]
  - id: typed-one
    kind: typed
    question: Which rule links derivatives across layers?
    answer: the chain rule
    accept: [chain rule]
  - id: order-one
    kind: order
    question: Put one training iteration in order.
    items: [forward pass, loss, backward pass, weight update]
  - id: numeric-one
    kind: numeric
    template: sigmoid-derivative
    tolerance: 0.002
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_kind_loads_with_its_fields(tmp_path: Path) -> None:
    write(tmp_path, "sample.yaml", GOOD_DECK)
    decks = load_decks(tmp_path)
    assert decks.errors == ()
    deck = decks.deck("sample")
    assert deck.title == "Sample: every kind"
    assert [card.kind for card in deck.cards] == [
        "basic",
        "reversed",
        "cloze",
        "choice",
        "choice",
        "typed",
        "order",
        "numeric",
    ]
    basic = decks.card("basic-one")
    assert basic.front == "What does the forward pass compute?"
    assert basic.tags == ("forward-pass",)
    assert basic.explain == "It runs before the loss."
    assert basic.line == 12
    cloze = decks.card("cloze-one")
    assert cloze.context == "error = y - output"
    assert cloze.cloze_answers == ("error * sigmoid_derivative(output)", "d_output.dot(weights_hidden_output.T)")
    assert decks.card("typed-one").accept == ("chain rule",)
    assert decks.card("order-one").items == ("forward pass", "loss", "backward pass", "weight update")
    numeric = decks.card("numeric-one")
    assert (numeric.template, numeric.tolerance) == ("sigmoid-derivative", 0.002)
    assert decks.pools["explanations"][0] == "Feed data through layers to get prediction"


def test_a_prompt_is_one_line_even_when_the_question_shows_code(tmp_path: Path) -> None:
    write(
        tmp_path,
        "code.yaml",
        """\
        deck: code
        title: Code
        cards:
          - id: which-step
            kind: typed
            question: |
              Which key step do these lines carry out?
              d_output = error * sigmoid_derivative(output)
              d_hidden = d_output.dot(W2.T)
            answer: Backward Pass
          - id: gap
            kind: cloze
            text: |
              # Forward pass
              hidden_input = {{np.dot(X, W1)}}
              hidden_output = sigmoid(hidden_input)
        """,
    )
    decks = load_decks(tmp_path)
    assert decks.card("which-step").prompt == (
        "Which key step do these lines carry out? d_output = error * sigmoid_derivative(output); "
        "d_hidden = d_output.dot(W2.T)"
    )
    assert decks.card("gap").prompt == "hidden_input = [np.dot(X, W1)]; hidden_output = sigmoid(hidden_input)"


def test_cards_about_a_lesson_row(tmp_path: Path) -> None:
    write(tmp_path, "sample.yaml", GOOD_DECK)
    decks = load_decks(tmp_path)
    assert [card.id for card in decks.cards_about("concept-forward-pass")] == ["basic-one"]
    assert [card.id for card in decks.cards_about("basic-one")] == ["basic-one"]
    assert decks.cards_about("concept-nothing-here") == ()
    with pytest.raises(KeyError, match="There is no deck 'nope'; the decks are: sample"):
        decks.cards(["nope"])


def test_review_items_reversed_gives_two_and_cloze_one_per_span(tmp_path: Path) -> None:
    write(tmp_path, "sample.yaml", GOOD_DECK)
    decks = load_decks(tmp_path)
    ids = [item.id for item in decks.review_items()]
    assert ids == [
        "basic-one",
        "reversed-one",
        "reversed-one:reverse",
        "cloze-one:1",
        "cloze-one:2",
        "choice-one",
        "choice-own",
        "typed-one",
        "order-one",
        "numeric-one",
    ]
    assert decks.item("reversed-one:reverse").card.id == "reversed-one"
    assert decks.item("cloze-one:2").variant == "2"


def test_ids_are_stable_when_the_text_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "sample.yaml", GOOD_DECK)
    before = [item.id for item in load_decks(tmp_path).review_items()]
    path.write_text(GOOD_DECK.replace("The prediction, layer by layer.", "The network's guess."), encoding="utf-8")
    after = load_decks(tmp_path)
    assert [item.id for item in after.review_items()] == before
    assert after.card("basic-one").back == "The network's guess."  # the cache noticed the edit


def test_markup_looking_text_is_kept_literally(tmp_path: Path) -> None:
    write(
        tmp_path,
        "markup.yaml",
        """\
        deck: markup
        title: Markup
        cards:
          - id: looks-like-markup
            kind: basic
            front: "Is [bold]this[/bold] in [0,1]? $x$ and **y**"
            back: "[red]no[/red] \\\\[escaped\\\\] <b>tag</b>"
        """,
    )
    card = load_decks(tmp_path).card("looks-like-markup")
    assert card.front == "Is [bold]this[/bold] in [0,1]? $x$ and **y**"
    assert card.back == "[red]no[/red] \\[escaped\\] <b>tag</b>"


def test_a_bad_deck_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    write(tmp_path, "a-good.yaml", GOOD_DECK)
    write(tmp_path, "b-broken.yaml", "deck: broken\ntitle: Broken\ncards:\n  - id: x\n    kind: basic\n   front: [\n")
    decks = load_decks(tmp_path)
    assert [deck.id for deck in decks.decks] == ["sample"]
    (problem,) = decks.errors
    assert problem.path == tmp_path / "b-broken.yaml"
    assert problem.line in (5, 6)
    assert "not valid YAML" in problem.message


def test_a_bad_card_is_left_out_alone(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deck.yaml",
        """\
        deck: partly
        title: Partly good
        cards:
          - id: fine
            kind: basic
            front: a
            back: b
          - id: missing-back
            kind: basic
            front: a
        """,
    )
    decks = load_decks(tmp_path)
    assert [card.id for card in decks.cards()] == ["fine"]
    (problem,) = decks.errors
    assert (problem.line, problem.message) == (8, "card missing-back: a basic card needs `back`")


def bad_card(tmp_path: Path, card: str) -> tuple[int | None, str]:
    """Load a deck whose one card is `card` (indented under cards:); return the problem's line and message."""
    body = textwrap.indent(textwrap.dedent(card), "  ")
    write(tmp_path, "deck.yaml", f"deck: d\ntitle: D\ncards:\n{body}")
    decks = load_decks(tmp_path)
    assert len(decks.errors) == 1, decks.errors
    problem = decks.errors[0]
    assert problem.path == tmp_path / "deck.yaml"
    assert str(problem).startswith(f"{tmp_path / 'deck.yaml'}:{problem.line}: ")
    return problem.line, problem.message


@pytest.mark.parametrize(
    ("card", "line", "expected"),
    [
        ("- kind: basic\n  front: a\n  back: b\n", 4, "has no `id`"),
        ("- id: Bad_Id\n  kind: basic\n  front: a\n  back: b\n", 4, "lowercase letters, digits and single hyphens"),
        ("- id: x\n  kind: flash\n  front: a\n", 5, "kind 'flash'; expected one of basic, reversed, cloze"),
        ("- id: x\n  kind: basic\n  front: a\n  back: b\n  hint: c\n", 8, "unknown field 'hint' for a basic card"),
        ("- id: x\n  kind: basic\n  front: ''\n  back: b\n", 6, "`front` must be non-empty text"),
        ("- id: x\n  kind: basic\n  front: yes\n  back: b\n", 6, "read as true/false; put the text in quotes"),
        ("- id: x\n  kind: cloze\n  text: no spans here\n", 6, "needs at least one {{...}} span"),
        ("- id: x\n  kind: cloze\n  text: 'a {{b}} {{ }}'\n", 6, "span is empty"),
        ("- id: x\n  kind: cloze\n  text: 'a {{b}} c}}'\n", 6, "has no partner"),
        ("- id: x\n  kind: choice\n  question: q\n  answer: a\n", 4, "needs `wrong` (a list) and/or `wrong_from`"),
        ("- id: x\n  kind: choice\n  question: q\n  answer: a\n  wrong: [b, c]\n", 8, "at least 3 different"),
        ("- id: x\n  kind: choice\n  question: q\n  answer: a\n  wrong: [b, A, c]\n", 8, "answer is also listed"),
        ("- id: x\n  kind: choice\n  question: q\n  answer: a\n  wrong_from: nothing\n", 8, "no pool named"),
        ("- id: x\n  kind: typed\n  question: q\n  answer: a\n  accept: b\n", 8, "`accept` must be a list"),
        ("- id: x\n  kind: order\n  question: q\n  items: [a, b]\n", 7, "`items` needs at least 3 entries"),
        ("- id: x\n  kind: order\n  question: q\n  items:\n    - a\n    - b\n    - a\n", 10, "'a' appears twice"),
        ("- id: x\n  kind: numeric\n  template: cosine\n", 6, "unknown template 'cosine'; expected one of"),
        ("- id: x\n  kind: numeric\n  template: chain-rule\n  tolerance: -1\n", 7, "`tolerance` must be above 0"),
        ("- id: x\n  kind: numeric\n  template: chain-rule\n  tolerance: big\n", 7, "`tolerance` must be a number"),
        ("- just text\n", 4, "each card must be a mapping"),
    ],
)
def test_every_card_problem_names_file_line_and_what_was_expected(
    tmp_path: Path, card: str, line: int, expected: str
) -> None:
    got_line, message = bad_card(tmp_path, card)
    assert expected in message
    assert got_line == line


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", None, "the file is empty"),
        ("- a\n- b\n", 1, "a deck must be a mapping"),
        ("deck: d\ncards: [x]\n", 1, "the deck has no `title:`"),
        ("deck: D D\ntitle: t\ncards: [x]\n", 1, "deck id 'D D' must be lowercase"),
        ("deck: d\ntitle: t\ncards: []\n", 3, "`cards:` must be a non-empty list"),
        ("deck: d\ntitle: t\nauthor: me\ncards: [x]\n", 3, "unknown top-level field 'author'"),
        ("deck: d\ntitle: t\ntitle: u\ncards: [x]\n", 3, "the key 'title' appears twice"),
        ("deck: d\ntitle: t\ncards:\n  - id: a\n    kind: basic\n   front: x\n", 6, "not valid YAML"),
        (
            "deck: d\ntitle: t\npools:\n  p: []\ncards:\n  - id: a\n    kind: basic\n    front: x\n    back: y\n",
            4,
            "pool 'p' must be a non-empty list",
        ),
    ],
)
def test_every_deck_problem_names_file_and_line(tmp_path: Path, text: str, line: int | None, expected: str) -> None:
    write(tmp_path, "deck.yaml", text)
    decks = load_decks(tmp_path)
    assert decks.errors, "expected a problem"
    problem = decks.errors[0]
    assert problem.path == tmp_path / "deck.yaml"
    assert problem.line == line
    assert expected in problem.message


def test_duplicate_ids_across_decks_name_both_places(tmp_path: Path) -> None:
    first = write(
        tmp_path, "a.yaml", "deck: a\ntitle: A\ncards:\n  - id: same\n    kind: basic\n    front: x\n    back: y\n"
    )
    second = write(
        tmp_path,
        "b.yaml",
        "deck: b\ntitle: B\ncards:\n  - id: other\n    kind: basic\n    front: x\n    back: y\n"
        "  - id: same\n    kind: basic\n    front: p\n    back: q\n",
    )
    decks = load_decks(tmp_path)
    (problem,) = decks.errors
    assert problem.path == second
    assert problem.line == 8
    assert f"{first}:4" in problem.message
    assert decks.card("same").deck == "a"  # the first keeps the id; the duplicate is left out
    assert decks.card("other") is not None


def test_duplicate_deck_ids_and_pool_names_name_both_places(tmp_path: Path) -> None:
    pool = "pools:\n  shared: [p, q, r]\n"
    card = "cards:\n  - id: {id}\n    kind: choice\n    question: q\n    answer: a\n    wrong_from: shared\n"
    first = write(tmp_path, "a.yaml", "deck: a\ntitle: A\n" + pool + card.format(id="c1"))
    write(tmp_path, "b.yaml", "deck: b\ntitle: B\n" + pool + card.format(id="c2"))
    write(tmp_path, "c.yaml", "deck: a\ntitle: Again\n" + card.format(id="c3"))
    decks = load_decks(tmp_path)
    messages = [(e.path.name, e.line, e.message) for e in decks.errors]
    assert ("b.yaml", 4, f"pool 'shared' is already defined at {first}:4; pool names are global") in messages
    assert ("c.yaml", 1, f"deck id 'a' is already used by {first}:1; each deck needs its own id") in messages
    # b's card still draws from the pool a defined: pools are global.
    assert decks.card("c2") is not None


def test_pool_options_count_towards_three_wrong_options(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deck.yaml",
        """\
        deck: d
        title: D
        pools:
          tiny: [the answer, one]
        cards:
          - id: too-few
            kind: choice
            question: q
            answer: The Answer
            wrong: [two]
            wrong_from: tiny
        """,
    )
    decks = load_decks(tmp_path)
    (problem,) = decks.errors
    assert problem.line == 11  # the `wrong_from:` line
    assert "at least 3 different wrong options besides the answer, has 2" in problem.message


def test_missing_folder_and_non_utf8_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes("deck: d\ntitle: caf\xe9 au lait\ncards: []\n".encode("latin-1"))
    decks = load_decks([tmp_path, tmp_path / "nowhere"])
    messages = sorted(str(e) for e in decks.errors)
    assert f"{tmp_path / 'latin.yaml'}:2: not UTF-8 text: byte 0xe9 at column 11" in "\n".join(messages)
    assert any("nowhere: no such file or folder" in m for m in messages)


def test_a_symlink_loop_a_dangling_link_and_a_folder_in_the_decks_folder_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "sample.yaml", GOOD_DECK)
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")  # points at itself
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "deleted.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "notes.txt").write_text("not a deck", encoding="utf-8")  # other files are not decks: no noise
    decks = load_decks(tmp_path)
    assert decks.card("basic-one") is not None  # the good deck still loads
    problems = {e.path.name: e.message for e in decks.errors}
    assert set(problems) == {"loop.yaml", "gone.yaml", "folder.yaml"}
    assert problems["loop.yaml"].startswith("a symbolic link that leads nowhere")
    assert "it loops, or its target is gone" in problems["gone.yaml"]
    assert problems["folder.yaml"].startswith("is a folder, not a deck file")


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path):  # what a folder without read permission does (root ignores chmod, so simulate)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    (problem,) = load_decks(tmp_path).errors
    assert str(problem) == f"{tmp_path}: the folder cannot be listed: Permission denied"


# ------------------------------------------------------------------ several sources: shipped, then the workspace's

SHIPPED = """\
deck: lesson
title: Shipped
pools:
  names: [Forward Pass, Loss Calculation, Backward Pass, Weight Update]
cards:
  - id: kept
    kind: basic
    front: shipped front
    back: shipped back
  - id: changed
    kind: basic
    front: shipped question
    back: shipped answer
"""

OTHER_SHIPPED = """\
deck: other
title: Other shipped
cards:
  - id: other-card
    kind: basic
    front: f
    back: b
"""


def test_a_later_source_replaces_a_card_with_a_note_not_an_error(tmp_path: Path) -> None:
    shipped, own = tmp_path / "shipped", tmp_path / "own"
    shipped.mkdir()
    own.mkdir()
    write(shipped, "01-lesson.yaml", SHIPPED)
    write(
        own,
        "mine.yaml",
        """\
        deck: mine
        title: Mine
        cards:
          - id: changed
            kind: basic
            front: my question
            back: my answer
          - id: new-one
            kind: basic
            front: f
            back: b
        """,
    )
    decks = load_decks([shipped, own])
    assert decks.errors == ()
    assert decks.card("changed").front == "my question"
    assert [card.id for card in decks.deck("lesson").cards] == ["kept"]
    assert [card.id for card in decks.deck("mine").cards] == ["changed", "new-one"]
    assert [item.id for item in decks.review_items()].count("changed") == 1
    (note,) = decks.notes
    assert str(note) == f"{own / 'mine.yaml'}:4: card 'changed' replaces the one at {shipped / '01-lesson.yaml'}:10"


def test_a_later_source_replaces_a_whole_deck_in_its_place(tmp_path: Path) -> None:
    shipped, own = tmp_path / "shipped", tmp_path / "own"
    shipped.mkdir()
    own.mkdir()
    write(shipped, "01-lesson.yaml", SHIPPED)
    write(shipped, "02-other.yaml", OTHER_SHIPPED)
    write(
        own,
        "lesson.yaml",
        """\
        deck: lesson
        title: My lesson
        pools:
          names: [a, b, c, d]
        cards:
          - id: kept
            kind: basic
            front: mine
            back: mine
        """,
    )
    decks = load_decks([shipped, own])
    assert decks.errors == ()
    assert [deck.id for deck in decks.decks] == ["lesson", "other"]  # new cards keep their place in the order
    assert decks.deck("lesson").title == "My lesson"
    assert decks.card("changed") is None  # the shipped deck went, with all its cards
    assert decks.card("kept").front == "mine"
    assert decks.pools["names"] == ("a", "b", "c", "d")
    messages = [note.message for note in decks.notes]
    assert messages[0] == f"deck 'lesson' replaces the one at {shipped / '01-lesson.yaml'}:1, with all its cards"
    assert messages[1].startswith("pool 'names' replaces the one at")
    assert len(messages) == 2  # the deck's own cards are covered by the deck's note


def test_within_one_source_a_repeated_id_is_still_an_error(tmp_path: Path) -> None:
    shipped, own = tmp_path / "shipped", tmp_path / "own"
    shipped.mkdir()
    own.mkdir()
    write(shipped, "01-lesson.yaml", SHIPPED)
    write(own, "a.yaml", "deck: a\ntitle: A\ncards:\n  - {id: twice, kind: basic, front: f, back: b}\n")
    write(own, "b.yaml", "deck: b\ntitle: B\ncards:\n  - {id: twice, kind: basic, front: f, back: b}\n")
    decks = load_decks([shipped, own])
    (problem,) = decks.errors
    assert problem.path.name == "b.yaml" and "card id 'twice' is already used at" in problem.message
    assert decks.notes == ()


# ------------------------------------------------------------------ accept lists: one per concept


ACCEPTING = """\
deck: d
title: D
accept_lists:
  backward-pass: [Backward Pass, backpropagation, back propagation, backprop]
cards:
  - id: one
    kind: typed
    question: q1
    answer: Backward Pass
    accept_from: backward-pass
  - id: two
    kind: typed
    question: q2
    answer: Backpropagation
    accept: [the backward step]
    accept_from: backward-pass
"""


def test_typed_cards_on_one_concept_share_its_accept_list(tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", ACCEPTING)
    decks = load_decks(tmp_path)
    assert decks.errors == ()
    assert decks.card("one").accept == ("backpropagation", "back propagation", "backprop")
    assert decks.card("two").accept == ("the backward step", "Backward Pass", "back propagation", "backprop")
    assert decks.accept_lists["backward-pass"][0] == "Backward Pass"
    cached = load_decks(tmp_path)  # the resolved lists come out of the cache the same way
    assert cached.card("two").accept == decks.card("two").accept


def test_an_unknown_accept_list_is_an_error_on_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "d.yaml",
        ACCEPTING.replace("accept_from: backward-pass\n  - id: two", "accept_from: nope\n  - id: two"),
    )
    decks = load_decks(tmp_path)
    (problem,) = decks.errors
    assert problem.line == 10
    assert problem.message == "card one: no accept list named 'nope' (accept lists: backward-pass)"
    assert decks.card("one") is None and decks.card("two") is not None


def test_cached_load_gives_the_same_decks_and_errors(tmp_path: Path) -> None:
    write(tmp_path, "sample.yaml", GOOD_DECK)
    write(tmp_path, "bad.yaml", "deck: bad\ntitle: B\ncards:\n  - id: x\n    kind: basic\n")
    fresh = load_decks(tmp_path, cache=False)
    load_decks(tmp_path)  # writes the cache
    cached = load_decks(tmp_path)
    assert cached.cards() == fresh.cards()
    assert [str(e) for e in cached.errors] == [str(e) for e in fresh.errors]
    assert [i.id for i in cached.review_items()] == [i.id for i in fresh.review_items()]


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    from backprop_study.cards.deck_cache import _cache_dir

    write(tmp_path, "sample.yaml", GOOD_DECK)
    load_decks(tmp_path)
    for cached in _cache_dir().iterdir():
        cached.write_text("{ not json", encoding="utf-8")
    assert load_decks(tmp_path).card("basic-one").back == "The prediction, layer by layer."


def test_an_order_card_has_at_most_twelve_items(tmp_path: Path) -> None:
    items = "".join(f"      - step {n}\n" for n in range(13))
    deck = f"deck: d\ntitle: D\ncards:\n  - id: long\n    kind: order\n    question: q\n    items:\n{items}"
    write(tmp_path, "long.yaml", deck)
    problems = [str(e) for e in load_decks(tmp_path, cache=False).errors]
    assert any("at most 12 items" in p and ":20:" in p for p in problems), problems
