"""Every card of the shipped decks (quizzes/*.yaml): it loads, it can be shown, its answer is not empty,
and every numeric card's answer is the reference implementation's."""

from __future__ import annotations

import random

import numpy as np
import pytest

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.cards.numeric import format_number
from backprop_study.cards.questions import make_question
from backprop_study.solutions import backprop as bp
from backprop_study.store.paths import shipped_quizzes_dir


@pytest.fixture(scope="module")
def shipped() -> DeckSet:
    folder = shipped_quizzes_dir()
    decks = load_decks(folder, cache=False)
    assert decks.decks, f"no decks were found in {folder}: the shipped quizzes are missing"
    return decks


def test_the_shipped_decks_load_without_problems(shipped: DeckSet) -> None:
    assert [str(problem) for problem in shipped.errors] == []
    files = sorted(p.name for p in shipped_quizzes_dir().glob("*.yaml"))
    assert sorted(deck.path.name for deck in shipped.decks) == files  # every file became a deck


def test_every_card_shows_a_prompt_and_a_non_empty_answer(shipped: DeckSet) -> None:
    rng = random.Random(0)
    for item in shipped.review_items():
        question = make_question(item, shipped.pools, rng)
        assert question.prompt.strip(), item.id
        assert question.answer.strip(), item.id
        if item.kind == "choice":
            assert len(set(question.options)) == 4 and question.answer in question.options, item.id
        if item.kind == "order":
            assert sorted(question.items) == sorted(question.correct_order) and len(question.items) >= 3, item.id
        if item.kind == "typed":
            assert question.check(question.answer).correct, item.id
            for alternative in question.card.accept:
                assert question.check(alternative).correct, (item.id, alternative)
        if item.kind == "cloze":
            assert "[...]" in question.prompt, item.id


def reference_answer(template: str, v: dict) -> float:
    """The template's quantity, recomputed here from the numbers shown with the reference functions."""
    col = lambda values: np.array([[x] for x in values])  # noqa: E731
    if template == "sigmoid-value":
        return float(bp.sigmoid(np.array([[v["z"]]]))[0, 0])
    if template == "sigmoid-derivative":
        return float(bp.sigmoid_derivative(np.array([[v["a"]]]))[0, 0])
    if template == "output-delta":
        output = col(v["output"])
        return float(bp.output_delta(bp.output_error(col(v["y"]), output), output)[v["index"], 0])
    if template == "hidden-delta":
        d_hidden = bp.hidden_delta(col(v["d_output"]), col(v["weights_hidden_output"]), np.array(v["hidden_output"]))
        return float(d_hidden[v["index"]])
    if template == "weight-update":
        h = np.array(v["hidden_output"])
        _, w2 = bp.update_weights(
            np.zeros((h.shape[0], 2)),
            h,
            col(v["d_output"]),
            np.zeros_like(h),
            np.zeros((2, h.shape[1])),
            col(v["weights_hidden_output"]),
            v["learning_rate"],
        )
        return float(w2[v["index"], 0])
    if template == "squared-error":
        return bp.squared_error(col(v["y"]), col(v["output"]))
    if template == "chain-rule":
        params = [(np.array([[v["w"]]]), np.zeros((1, 1)))]
        x = np.array([[v["x"]]])
        loss = lambda: bp.network_loss(params, x, np.array([[v["y"]]]))  # noqa: E731
        return float(bp.numerical_gradient(loss, params[0][0])[0, 0])  # dL/dw by finite differences
    if template == "gradient-step":
        return v["w"] - v["learning_rate"] * v["grad"]
    raise AssertionError(f"no reference recipe for template {template!r}")


def test_every_numeric_card_matches_the_reference(shipped: DeckSet) -> None:
    numeric = [item for item in shipped.review_items() if item.kind == "numeric"]
    assert numeric, "the shipped decks have no numeric cards"
    for item in numeric:
        rng = random.Random(item.id)
        for _ in range(25):
            question = make_question(item, shipped.pools, rng)
            problem = question.numeric
            expected = reference_answer(problem.template, problem.inputs)
            assert problem.answer == pytest.approx(expected, abs=1e-7), (item.id, problem.inputs)
            assert question.check(problem.format_answer()).correct, item.id
            assert f"±{format_number(problem.tolerance, 8)} count" in question.prompt, item.id


def test_revision_prompts_have_a_short_model_answer_and_points_to_check(shipped: DeckSet) -> None:
    revision = [card for card in shipped.cards() if card.id.startswith("revision-")]
    assert len(revision) == 5, "the lesson has five flash revision prompts"
    for card in revision:
        model, _, points = card.back.partition("Check your answer has:")
        assert points, f"{card.id}: no points to check an answer against"
        assert len(model.split()) <= 40, f"{card.id}: the model answer is meant to be short"
        assert 2 <= points.count("•") <= 4, f"{card.id}: 2 to 4 key points"


def test_memory_hooks_are_plain_recall_cards(shipped: DeckSet) -> None:
    hooks = [card for card in shipped.cards() if "memory-hook" in card.tags]
    assert len(hooks) == 7 and all(card.kind == "basic" for card in hooks)


def test_typed_cards_on_one_concept_accept_the_same_answers(shipped: DeckSet) -> None:
    """One accept list per concept: every typed card naming a concept accepts all of that concept's answers."""
    concepts = set()
    for card in shipped.cards():
        if card.kind == "typed" and card.accept_from is not None:
            concepts.add(card.accept_from)
            question = make_question(shipped.item(card.id), shipped.pools)
            for answer in shipped.accept_lists[card.accept_from]:
                assert question.check(answer).correct, (card.id, answer)
    assert {"forward-pass", "backward-pass", "loss", "learning-rate", "chain-rule"} <= concepts


def test_the_biases_card_quotes_the_measured_epochs(shipped: DeckSet) -> None:
    back = shipped.card("concept-biases").back
    for biases in (False, True):
        epochs = bp.epochs_to_reach_targets(1.0, biases=biases)
        assert f"{epochs:,}" in back, (biases, epochs)


# -- the mistake -> card map: a catalogued mistake made in an exercise brings its card forward ---------


@pytest.mark.parametrize(
    ("mistake", "cards"),
    [
        (
            "LESSON:d_output:derivative_of_pre_activation",
            {"mistake-pre-activation-derivative", "mistake-pre-activation-derivative-fix"},
        ),
        (
            "BIASES:08 dW1:derivative_of_pre_activation",
            {"mistake-pre-activation-derivative-hidden", "mistake-pre-activation-derivative-fix"},
        ),
        ("LESSON:weights_input_hidden:w2_updated_first", {"mistake-w2-updated-first", "mistake-w2-updated-first-fix"}),
        ("TRAINING:d_hidden raw_error", {"mistake-raw-error", "mistake-raw-error-fix"}),
        ("LESSON:squared_error:target_broadcast", {"mistake-target-shape", "mistake-target-shape-fix"}),
        ("BIASES:08 db1:bias_wrong_axis", {"mistake-bias-axis", "mistake-bias-axis-fix"}),
        ("LESSON:sigmoid:tanh", {"code-sigmoid", "numeric-sigmoid-value"}),
        ("LESSON:loss_gradient:through_sigmoid", {"mistake-loss-gradient", "graph-lesson-walk"}),
        ("LESSON:d_hidden:output_slope", {"mistake-wrong-layer-slope", "graph-lesson-walk"}),
        ("PLANTED_BUG", {"mistake-gradient-check-localise"}),
        ("NUMERICAL_GRADIENT:tiny_step", {"concept-gradient-checking", "mistake-numerical-step"}),
        ("DIAGNOSE:rose_and_fell", {"mistake-diagnose-rules", "mistake-diagnose-run"}),
        ("VANISHING:clip by_value", {"mistake-clip-by-value", "mistake-clip-global-norm-fix"}),
        ("SCALES:glorot uniform", {"init-he-xavier", "mistake-init-scale"}),
        ("OVERFITTING:stop ties", {"overfitting-early-stopping", "mistake-early-stopping-run"}),
        ("SOFTMAX:sgd same_order", {"minibatch-sgd", "mistake-sgd-rng"}),
        ("SOFTMAX:sgd batch_loss", {"mistake-train-sgd-fix"}),
    ],
)
def test_a_mistake_brings_forward_the_cards_about_it(shipped: DeckSet, mistake: str, cards: set[str]) -> None:
    assert {card.id for card in shipped.cards_for_mistake(mistake)} == cards


def test_every_catalogued_mistake_has_one_or_two_cards(shipped: DeckSet) -> None:
    """One precise card, or a "which mistake" card and its fix: never a crowd of loosely related ones."""
    from backprop_study.checks.mistakes import catalogue

    counts = {mistake: len(shipped.cards_for_mistake(mistake)) for mistake in catalogue()}
    assert {mistake: n for mistake, n in counts.items() if not 1 <= n <= 2} == {}


def test_cards_named_by_a_mistake_come_forward_whole(shipped: DeckSet) -> None:
    """Only a card's first review item is brought forward: a mistake names cards with a single item, so the
    item that comes forward is the one about the mistake (not, say, the first gap of a longer cloze)."""
    several = [card.id for card in shipped.cards() if card.mistakes and len(card.review_items()) != 1]
    assert several == []


def test_there_is_a_graph_card_on_the_lesson_network(shipped: DeckSet) -> None:
    graphs = [card for card in shipped.cards() if card.kind == "graph"]
    assert graphs and all(card.graph == "lesson" and card.question for card in graphs)
    assert any(card.deck in ("lesson-code", "foundations") for card in graphs)


# -- numbers quoted on the mistake cards, measured again with the reference code ---------------------


def _solution(name: str):
    import importlib

    return importlib.import_module(f"backprop_study.solutions.{name}")


def test_the_never_assigned_loop_predicts_what_the_starting_weights_do(shipped: DeckSet) -> None:
    card = shipped.card("mistake-weights-never-assigned")
    w1, w2 = bp.lesson_weights(42)
    output = bp.forward(bp.XOR_X, w1, w2)[1]  # every epoch of that loop computes exactly this
    assert "[" + ", ".join(f"{v:.3f}" for v in output.ravel()) + "]" in card.answer
    lesson_run = bp.train_lesson().output  # the wrong option quoting the lesson's own run
    assert "[" + ", ".join(f"{v:.3f}" for v in lesson_run.ravel()) + "]" in " ".join(card.wrong)


def _exercise_09_run():
    """Exercise 09's module and the data and parameters its main() checks."""
    m09 = _solution("09_gradient_checking")
    rng = np.random.default_rng(9)
    X, y = rng.standard_normal((5, 3)), rng.random((5, 1))
    return m09, X, y, [rng.standard_normal(shape) for shape in ((3, 4), (1, 4), (4, 1), (1, 1))]


def test_the_gradient_check_card_quotes_the_errors_of_a_tanh_slope(shipped: DeckSet) -> None:
    m09, X, y, params = _exercise_09_run()

    def tanh_slope_backward(X, y, W1, b1, W2, b2):
        _, hidden, output = m09.forward(X, W1, b1, W2, b2)
        delta_output = (output - y) * m09.sigmoid_derivative(output)
        delta_hidden = delta_output @ W2.T * (1 - hidden**2)
        return X.T @ delta_hidden, delta_hidden.sum(0, keepdims=True), hidden.T @ delta_output, delta_output.sum(0)

    errors = m09.check_gradients(X, y, params, tanh_slope_backward)
    question = shipped.card("mistake-gradient-check-localise").question
    assert f"dW1 {errors['W1']:.2f}, db1 {errors['b1']:.2f}, dW2 {errors['W2']:.1e}, db2 {errors['b2']:.1e}" in question


def test_the_step_size_card_quotes_measured_errors(shipped: DeckSet) -> None:
    m09, X, y, params = _exercise_09_run()
    analytic = m09.backward(X, y, *params)

    def worst(h: float) -> float:
        return max(
            bp.relative_error(a, bp.numerical_gradient(lambda: m09.loss(X, y, *params), p, h))
            for p, a in zip(params, analytic, strict=True)
        )

    card = shipped.card("mistake-numerical-step")
    assert worst(1e-5) < 2e-10  # the question's "below 2e-10"
    for h, quoted in ((0.1, "1.2e-3"), (1e-3, "1.2e-7"), (1e-5, "1.7e-10"), (1e-8, "2.5e-7"), (1e-10, "3.4e-5")):
        assert f"{worst(h):.1e}".replace("e-0", "e-") == quoted, h
        assert quoted in card.explain
    assert 1e-7 < worst(1e-10) < 5e-5  # "up to about 3e-5, failing the 1e-7 check"


def test_the_diagnose_card_names_a_run_the_way_exercise_10_does(shipped: DeckSet) -> None:
    m10 = _solution("10_learning_rate")
    losses = np.concatenate(
        [np.linspace(12.0, 480.0, 21), np.geomspace(480.0, 1.0, 131)[1:], np.linspace(0.99, 0.9, 50)]
    )  # 201 losses: 200 steps, up to 480 by step 20, the target 1.0 first reached at step 150, ending at 0.9
    directions = np.ones(200)
    for k in range(14):
        directions[10 + 10 * k :] *= -1  # 14 reversals
    weights = np.concatenate([[0.0], np.cumsum(directions)])[:, None]
    assert (losses[0], losses.max(), losses[-1], losses[20]) == (12.0, 480.0, 0.9, 480.0)
    assert m10.epochs_to_converge(losses, 1.0) == 150 and m10.zigzags(weights) == 14
    assert shipped.card("mistake-diagnose-run").answer == m10.diagnose(losses, weights, 1.0) == "good"


def test_the_early_stopping_card_follows_exercise_13(shipped: DeckSet) -> None:
    m13 = _solution("13_overfitting")
    val = [1.00, 0.80, 0.70, 0.70, 0.75, 0.72, 0.90, 0.60, 0.50]
    best, best_epoch, val_losses = m13.train_with_early_stopping(0, lambda p: p + 1, val.__getitem__, 8, 3)
    assert (best, best_epoch, len(val_losses) - 1) == (2, 2, 5)  # epoch 2's params, stopped after epoch 5
    assert shipped.card("mistake-early-stopping-run").answer == "Epoch 2's; it stops after epoch 5"


def test_the_init_scale_card_uses_exercise_11s_rule(shipped: DeckSet) -> None:
    m11 = _solution("11_vanishing_gradients")
    card = shipped.card("mistake-init-scale")
    assert f"≈ {m11.init_scale(50, 30, 'tanh'):.3f}" in card.answer
    assert f"= {m11.init_scale(50, 30, 'relu'):.1f}" in " ".join(card.wrong)


def test_the_clipping_card_quotes_the_global_norm_clip(shipped: DeckSet) -> None:
    m11 = _solution("11_vanishing_gradients")
    [(clipped, _)], total = m11.clip_by_global_norm([(np.array([[3.0, 4.0]]), np.zeros((1, 1)))], 1.0)
    assert total == 5.0 and np.allclose(clipped, [[0.6, 0.8]])
    assert "[0.6, 0.8]" in shipped.card("mistake-clip-by-value").question
