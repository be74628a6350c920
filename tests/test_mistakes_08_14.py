"""The graders of exercises 08-14 name each typical mistake, and accept a correct answer written another way.

Each test writes a mutated solution into a scratch exercises/ folder beside a copy of its grader, runs the
grader's checks in order (in this process: fast), and reads the first failure's message, exactly as the
runner would show it. (The same harness as tests/test_mistakes_01_07.py.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from grader_harness import EXERCISES, SOLUTIONS, first_failure, grade, mutate, solution

from backprop_study import checks
from backprop_study.checks import beyond, mistakes
from backprop_study.solutions import backprop as ref


def message_of(key: str, name: str) -> str:
    """The sentence catalogued for mistake `name` of quantity `key` (e.g. "08 dW1")."""
    return next(m.message for m in mistakes.BIASES[key] if m.name == name)


B, G, LR, D = "08_biases", "09_gradient_checking", "10_learning_rate", "11_vanishing_gradients"
DEEP, OF, SM = "12_deep_network", "13_overfitting", "14_softmax_spiral"

# 08 / 09 lines
DELTA_OUT = "delta_output = (output - y) * sigmoid_derivative(output)  # (N, 1) = dL/d(output's input)"
DELTA_HID = "delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)  # (N, H): the chain rule"
CENTRED = "grad[index] = (plus - minus) / (2 * h)"
REL = "return float(np.linalg.norm(a - n) / denominator)"
# 10
GRAD_10 = "gradient = X.T @ residual / X.shape[0]  # (D, N) @ (N, 1) -> (D, 1)"
# 11
CLIP_TOTAL = "total = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))"
CLIP_FACTOR = "factor = max_norm / total if total > max_norm else 1.0"
CLIP_RETURN = "return [(dW * factor, db * factor) for dW, db in grads], total"
# 12
TOP_12 = "delta = (output - y) / len(y) * output * (1.0 - output)  # (N, K): dL/dz at the output"
DOWN_12 = "delta = delta @ W.T * derivative(a_below)  # the chain rule: one layer down"
APPEND_12 = "activations.append(sigmoid(z) if index == len(params) - 1 else f(z))"
# 13
ORDER_13 = "order = np.random.default_rng(seed).permutation(n)  # one order for X and y alike"
DECAY_13 = "return [(dW + weight_decay * W, db) for (dW, db), (W, _) in zip(grads, params, strict=True)]"
# 14
SOFTMAX_EXP = "e = np.exp(z - z.max(axis=1, keepdims=True))  # (N, K), every entry in (0, 1]"
CE_14 = "return float(-np.mean(np.log(probs[np.arange(n), labels])))"
ONE_HOT_14 = "delta[np.arange(n), labels] -= 1.0  # p − one_hot, without building the one-hot"

MUTATIONS: dict[str, tuple[str, list[tuple[str, str]], str]] = {
    # ---- 08 biases
    "08 b1 left out": (
        B,
        [("hidden_output = sigmoid(X @ W1 + b1)  #", "hidden_output = sigmoid(X @ W1)  #")],
        message_of("08 hidden_output", "no_bias"),
    ),
    "08 b2 after the sigmoid": (
        B,
        [("output = sigmoid(hidden_output @ W2 + b2)", "output = sigmoid(hidden_output @ W2) + b2")],
        message_of("08 output", "bias_after_sigmoid"),
    ),
    "08 flipped sign": (
        B,
        [(DELTA_OUT, DELTA_OUT.replace("(output - y)", "(y - output)"))],
        message_of("08 dW2", "flipped_sign"),
    ),
    "08 divided by the batch": (
        B,
        [("dW2 = hidden_output.T @ delta_output", "dW2 = hidden_output.T @ delta_output / len(X)")],
        message_of("08 dW2", "divided_by_batch"),
    ),
    "08 bias gradient over the wrong axis": (
        B,
        [("db1 = delta_hidden.sum(axis=0, keepdims=True)", "db1 = delta_hidden.sum(axis=1, keepdims=True)")],
        message_of("08 db1", "bias_wrong_axis_keepdims"),
    ),
    "08 bias gradient not summed": (
        B,
        [("db1 = delta_hidden.sum(axis=0, keepdims=True)", "db1 = delta_hidden")],
        message_of("08 db1", "bias_not_summed"),
    ),
    "08 derivative on the pre-activation": (
        B,
        [(DELTA_HID, "delta_hidden = delta_output @ W2.T * sigmoid_derivative(X @ W1 + b1)")],
        message_of("08 dW1", "derivative_of_pre_activation"),
    ),
    "08 hidden derivative left out": (
        B,
        [(DELTA_HID, "delta_hidden = delta_output @ W2.T")],
        message_of("08 dW1", "no_hidden_derivative"),
    ),
    "08 raw error sent back": (
        B,
        [(DELTA_HID, "delta_hidden = (output - y) @ W2.T * sigmoid_derivative(hidden_output)")],
        message_of("08 dW1", "raw_error"),
    ),
    "08 output derivative left out": (
        B,
        [(DELTA_OUT, "delta_output = output - y")],
        message_of("08 dW2", "no_output_derivative"),
    ),
    "08 missing transpose": (
        B,
        [("dW1 = X.T @ delta_hidden  #", "dW1 = X @ delta_hidden  #")],
        checks.MATMUL_HINT[1],
    ),
    "08 stepping uphill": (
        B,
        [
            ("W1 = W1 - learning_rate * dW1", "W1 = W1 + learning_rate * dW1"),
            ("b1 = b1 - learning_rate * db1", "b1 = b1 + learning_rate * db1"),
            ("W2 = W2 - learning_rate * dW2", "W2 = W2 + learning_rate * dW2"),
            ("b2 = b2 - learning_rate * db2", "b2 = b2 + learning_rate * db2"),
        ],
        mistakes.LEARNING_RATE["descent uphill"],
    ),
    # ---- 09 gradient checking
    "09 one-sided difference": (
        G,
        [
            ("x[index] = original - h\n        minus = f()", "x[index] = original\n        minus = f()"),
            (CENTRED, "grad[index] = (plus - minus) / h"),
        ],
        mistakes.NUMERICAL_GRADIENT["forward_difference"],
    ),
    "09 divided by h": (
        G,
        [(CENTRED, "grad[index] = (plus - minus) / h")],
        mistakes.NUMERICAL_GRADIENT["divided_by_h"],
    ),
    "09 x not restored": (
        G,
        [("        x[index] = original  # put it back before the next element\n", "")],
        mistakes.NUMERICAL_GRADIENT["not_restored"],
    ),
    "09 element-wise maximum": (
        G,
        [(REL, "return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))")],
        mistakes.RELATIVE_ERROR["elementwise_max"][0],
    ),
    "09 not relative": (
        G,
        [(REL, "return float(np.linalg.norm(a - n))")],
        mistakes.RELATIVE_ERROR["not_relative"][0],
    ),
    "09 divided by zero": (
        G,
        [("    if denominator == 0:\n        return 0.0\n", "")],
        mistakes.ZERO_GRADIENTS,
    ),
    "09 the planted bug left in": (
        G,
        [
            (
                "_, hidden_output, output = forward(X, W1, b1, W2, b2)",
                "z1, hidden_output, output = forward(X, W1, b1, W2, b2)",
            ),
            ("sigmoid_derivative(hidden_output)  # (N, H)", "sigmoid_derivative(z1)  # (N, H)"),
        ],
        mistakes.PLANTED_BUG,
    ),
    # ---- 10 learning rate
    "10 loss without the half": (
        LR,
        [("loss = 0.5 * float(np.mean(residual**2))", "loss = float(np.mean(residual**2))")],
        mistakes.LEARNING_RATE["loss no_half"],
    ),
    "10 gradient not divided by N": (
        LR,
        [(GRAD_10, "gradient = X.T @ residual")],
        mistakes.LEARNING_RATE["gradient not_divided"],
    ),
    "10 gradient with a flipped sign": (
        LR,
        [("residual = X @ w - y  # (N, 1)", "residual = y - X @ w")],
        mistakes.LEARNING_RATE["gradient flipped_sign"],
    ),
    "10 stepping uphill": (
        LR,
        [("w = w - learning_rate * gradient", "w = w + learning_rate * gradient")],
        mistakes.LEARNING_RATE["descent uphill"],
    ),
    "10 history without the start": (
        LR,
        [("    return losses, weights\n", "    return losses[1:], weights[1:]\n")],
        mistakes.LEARNING_RATE["descent no_start"],
    ),
    "10 history without the end": (
        LR,
        [("    return losses, weights\n", "    return losses[:-1], weights[:-1]\n")],
        mistakes.LEARNING_RATE["descent no_end"],
    ),
    "10 epochs counted from 1": (
        LR,
        [("return int(reached[0]) if reached.size else None", "return int(reached[0]) + 1 if reached.size else None")],
        mistakes.LEARNING_RATE["converge off_by_one"],
    ),
    "10 never converging is -1": (
        LR,
        [("return int(reached[0]) if reached.size else None", "return int(reached[0]) if reached.size else -1")],
        mistakes.LEARNING_RATE["converge not_none"],
    ),
    "10 zero steps counted as zigzags": (
        LR,
        [("axis=1) < 0))", "axis=1) <= 0))")],
        mistakes.LEARNING_RATE["zigzag non_strict"],
    ),
    "10 NaN not diagnosed": (
        LR,
        [("if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:", "if losses[-1] > losses[0]:")],
        'test "diverges" first',
    ),
    # ---- 11 vanishing and exploding
    "11 norms squared": (
        D,
        [("return [float(np.linalg.norm(dW)) for dW, _ in grads]", "return [float(np.sum(dW**2)) for dW, _ in grads]")],
        mistakes.VANISHING["norms squared"],
    ),
    "11 norms with the biases": (
        D,
        [
            (
                "return [float(np.linalg.norm(dW)) for dW, _ in grads]",
                "return [float(np.sqrt(np.sum(dW**2) + np.sum(db**2))) for dW, db in grads]",
            )
        ],
        mistakes.VANISHING["norms with_biases"],
    ),
    "11 norms last layer first": (
        D,
        [
            (
                "return [float(np.linalg.norm(dW)) for dW, _ in grads]",
                "return [float(np.linalg.norm(dW)) for dW, _ in grads[::-1]]",
            )
        ],
        mistakes.VANISHING["norms reversed"],
    ),
    "11 scale without the square root": (
        D,
        [("return float(np.sqrt(2.0 / n_in))", "return float(2.0 / n_in)")],
        mistakes.VANISHING["scale variance"],
    ),
    "11 He and Xavier swapped": (
        D,
        [
            (
                '    if activation == "relu":\n        return float(np.sqrt(2.0 / n_in))',
                '    if activation != "relu":\n        return float(np.sqrt(2.0 / n_in))',
            )
        ],
        mistakes.VANISHING["scale swapped"],
    ),
    "11 clipped by value": (
        D,
        [
            (
                CLIP_RETURN,
                "m = max_norm\n    return [(np.clip(dW, -m, m), np.clip(db, -m, m)) for dW, db in grads], total",
            )
        ],
        mistakes.VANISHING["clip by_value"],
    ),
    "11 clipped layer by layer": (
        D,
        [
            (
                CLIP_RETURN,
                "return [(dW * min(1.0, max_norm / np.sqrt(np.sum(dW**2) + np.sum(db**2))), "
                "db * min(1.0, max_norm / np.sqrt(np.sum(dW**2) + np.sum(db**2)))) for dW, db in grads], total",
            )
        ],
        mistakes.VANISHING["clip per_layer"],
    ),
    "11 biases left out of the total": (
        D,
        [(CLIP_TOTAL, "total = float(np.sqrt(sum(np.sum(dW**2) for dW, db in grads)))")],
        mistakes.VANISHING["clip biases_left_out"],
    ),
    "11 always rescaled": (
        D,
        [(CLIP_FACTOR, "factor = max_norm / total")],
        mistakes.VANISHING["clip always_rescaled"],
    ),
    "11 total after clipping": (
        D,
        [(CLIP_RETURN, "return [(dW * factor, db * factor) for dW, db in grads], min(total, max_norm)")],
        mistakes.VANISHING["clip total_after"],
    ),
    "11 clipped in place": (
        D,
        [(CLIP_RETURN, "for dW, db in grads:\n        dW *= factor\n        db *= factor\n    return grads, total")],
        mistakes.VANISHING["clip modified_input"],
    ),
    # ---- 12 any depth
    "12 not divided by N": (
        DEEP,
        [(TOP_12, "delta = (output - y) * output * (1.0 - output)")],
        mistakes.DEEP["not_divided"],
    ),
    "12 divided at every layer": (
        DEEP,
        [(DOWN_12, "delta = delta @ W.T * derivative(a_below) / len(y)")],
        mistakes.DEEP["divided_each_layer"],
    ),
    "12 flipped sign": (
        DEEP,
        [(TOP_12, "delta = (y - output) / len(y) * output * (1.0 - output)")],
        mistakes.DEEP["flipped_sign"],
    ),
    "12 output derivative left out": (
        DEEP,
        [(TOP_12, "delta = (output - y) / len(y)")],
        mistakes.DEEP["no_output_derivative"],
    ),
    "12 derivative on the pre-activation": (
        DEEP,
        [
            (
                DOWN_12,
                "W_below, b_below = params[layer - 1]\n"
                "            delta = delta @ W.T * derivative(activations[layer - 1] @ W_below + b_below)",
            )
        ],
        mistakes.DEEP["derivative_of_pre_activation"],
    ),
    "12 hidden derivative left out": (
        DEEP,
        [(DOWN_12, "delta = delta @ W.T")],
        mistakes.DEEP["no_hidden_derivative"],
    ),
    "12 bias gradient over the wrong axis": (
        DEEP,
        [
            (
                "grads.append((a_below.T @ delta, delta.sum(axis=0, keepdims=True)))",
                "grads.append((a_below.T @ delta, delta.sum(axis=1, keepdims=True)))",
            )
        ],
        mistakes.DEEP["bias_wrong_axis"],
    ),
    "12 missing transpose": (
        DEEP,
        [(DOWN_12, "delta = delta @ W * derivative(a_below)")],
        checks.MATMUL_HINT[1],
    ),
    "12 gradients last layer first": (
        DEEP,
        [("    return grads[::-1]\n", "    return grads\n")],
        mistakes.DEEP_REVERSED,
    ),
    "12 hidden activation on the output": (
        DEEP,
        [(APPEND_12, "activations.append(f(z))")],
        mistakes.DEEP_FORWARD["hidden_activation_on_output"],
    ),
    "12 pre-activations stored": (
        DEEP,
        [(APPEND_12, "activations.append(sigmoid(z) if index == len(params) - 1 else z)")],
        mistakes.DEEP_FORWARD["pre_activations"],
    ),
    "12 X left out of the list": (
        DEEP,
        [
            (
                "    return activations\n\n\ndef network_gradients",
                "    return activations[1:]\n\n\ndef network_gradients",
            )
        ],
        mistakes.DEEP_FORWARD["missing_input"],
    ),
    # ---- 13 overfitting
    "13 split with replacement": (
        OF,
        [(ORDER_13, "order = np.random.default_rng(seed).integers(0, n, n)")],
        mistakes.OVERFITTING["split overlap"],
    ),
    "13 X and y shuffled apart": (
        OF,
        [("return X[train], y[train], X[val], y[val]", "return X[train], y[order[::-1][n_val:]], X[val], y[val]")],
        mistakes.OVERFITTING["split unpaired"],
    ),
    "13 split not shuffled": (
        OF,
        [(ORDER_13, "order = np.arange(n)")],
        mistakes.OVERFITTING["split not_shuffled"],
    ),
    "13 split ignores the seed": (
        OF,
        [(ORDER_13, "order = np.random.default_rng(0).permutation(n)")],
        mistakes.OVERFITTING["split seed"],
    ),
    "13 penalty without the half": (
        OF,
        [("0.5 * weight_decay * sum(", "weight_decay * sum(")],
        mistakes.OVERFITTING["penalty no_half"],
    ),
    "13 biases penalised": (
        OF,
        [("sum(np.sum(W**2) for W, _ in params)", "sum(np.sum(W**2) + np.sum(b**2) for W, b in params)")],
        mistakes.OVERFITTING["penalty biases"],
    ),
    "13 weight decay on the biases": (
        OF,
        [
            (
                DECAY_13,
                "return [(dW + weight_decay * W, db + weight_decay * b) for (dW, db), (W, b) in zip(grads, params)]",
            )
        ],
        mistakes.OVERFITTING["decay biases"],
    ),
    "13 weight decay with the wrong sign": (
        OF,
        [(DECAY_13, DECAY_13.replace("dW + weight_decay * W", "dW - weight_decay * W"))],
        mistakes.OVERFITTING["decay sign"],
    ),
    "13 weight decay doubled": (
        OF,
        [(DECAY_13, DECAY_13.replace("dW + weight_decay * W", "dW + 2 * weight_decay * W"))],
        mistakes.OVERFITTING["decay doubled"],
    ),
    "13 last params returned": (
        OF,
        [("return best_params, best_epoch, val_losses", "return params, best_epoch, val_losses")],
        mistakes.OVERFITTING["stop last_params"],
    ),
    "13 no patience": (
        OF,
        [("elif epoch - best_epoch >= patience:", "else:")],
        mistakes.OVERFITTING["stop no_patience"],
    ),
    "13 ties count as improvements": (
        OF,
        [("if val_losses[-1] < val_losses[best_epoch]:", "if val_losses[-1] <= val_losses[best_epoch]:")],
        mistakes.OVERFITTING["stop ties"],
    ),
    "13 patience off by one": (
        OF,
        [("elif epoch - best_epoch >= patience:", "elif epoch - best_epoch > patience:")],
        mistakes.OVERFITTING["stop patience_off_by_one"],
    ),
    "13 never stops": (
        OF,
        [("elif epoch - best_epoch >= patience:", "elif epoch < 0:")],
        mistakes.OVERFITTING["stop never"],
    ),
    # ---- 14 softmax on the spiral
    "14 softmax over columns": (
        SM,
        [
            (SOFTMAX_EXP, "e = np.exp(z - z.max(axis=0, keepdims=True))"),
            ("return e / e.sum(axis=1, keepdims=True)", "return e / e.sum(axis=0, keepdims=True)"),
        ],
        mistakes.SOFTMAX["softmax axis0"],
    ),
    "14 softmax overflows": (SM, [(SOFTMAX_EXP, "e = np.exp(z)")], mistakes.SOFTMAX["softmax overflow"]),
    "14 softmax without keepdims": (
        SM,
        [("return e / e.sum(axis=1, keepdims=True)", "return e / e.sum(axis=1)")],
        mistakes.SOFTMAX["softmax keepdims"],
    ),
    "14 cross-entropy summed": (SM, [(CE_14, CE_14.replace("np.mean", "np.sum"))], mistakes.SOFTMAX["ce sum"]),
    "14 cross-entropy without the minus": (
        SM,
        [(CE_14, CE_14.replace("-np.mean", "np.mean"))],
        mistakes.SOFTMAX["ce no_minus"],
    ),
    "14 cross-entropy of a table": (
        SM,
        [(CE_14, CE_14.replace("probs[np.arange(n), labels]", "probs[:, labels]"))],
        mistakes.SOFTMAX["ce table"],
    ),
    "14 one-hot not subtracted": (SM, [(ONE_HOT_14, "pass")], mistakes.SOFTMAX["delta no_one_hot"]),
    "14 delta not divided by N": (
        SM,
        [("    return delta / n\n", "    return delta\n")],
        mistakes.SOFTMAX["delta not_divided"],
    ),
    "14 one subtracted everywhere": (
        SM,
        [(ONE_HOT_14, "delta -= 1.0")],
        mistakes.SOFTMAX["delta minus_one_everywhere"],
    ),
    "14 last batch dropped": (
        SM,
        [("for start in range(0, n, batch_size):", "for start in range(0, n - batch_size + 1, batch_size):")],
        mistakes.SOFTMAX["batches drop_last"],
    ),
    "14 batches not shuffled": (
        SM,
        [("order = rng.permutation(n)", "order = np.arange(n)")],
        mistakes.SOFTMAX["batches not_shuffled"],
    ),
    "14 batches drawn with replacement": (
        SM,
        [("order = rng.permutation(n)", "order = rng.integers(0, n, n)")],
        mistakes.SOFTMAX["batches repeats"],
    ),
    "14 one step per epoch": (
        SM,
        [("for batch in minibatches(len(X), batch_size, rng):", "for batch in [np.arange(len(X))]:")],
        mistakes.SOFTMAX["sgd steps"],
    ),
    "14 stepping uphill": (
        SM,
        [("(W - learning_rate * dW, b - learning_rate * db)", "(W + learning_rate * dW, b + learning_rate * db)")],
        mistakes.SOFTMAX["sgd uphill"],
    ),
}


@pytest.mark.parametrize("mistake", list(MUTATIONS))
def test_each_mistake_gets_its_message(mistake: str, tmp_path: Path) -> None:
    name, replacements, expected = MUTATIONS[mistake]
    failure = first_failure(grade(tmp_path, name, mutate(name, *replacements)))
    assert expected in failure.message, failure.message
    assert len(failure.message.splitlines()) <= 6, "messages must stay short"


def test_a_wrong_gradient_shows_once_and_training_waits(tmp_path: Path) -> None:
    source = mutate(B, ("dW2 = hidden_output.T @ delta_output", "dW2 = hidden_output.T @ delta_output / len(X)"))
    outcomes = grade(tmp_path, B, source)
    assert [o.status for o in outcomes] == ["passed", "failed", "skipped"]
    assert outcomes[2].message == "fix `gradients` first"


def test_an_unknown_mistake_is_described_with_its_worst_element(tmp_path: Path) -> None:
    source = mutate(DEEP, (DOWN_12, "delta = delta @ W.T * derivative(a_below) * 1.5 + 0.001"))
    message = first_failure(grade(tmp_path, DEEP, source)).message
    assert message.startswith("dW_2 (layer 2 of 3) is wrong (shape (5, 4), as expected (N=7 samples, layer sizes")
    assert "worst element [" in message and "largest error" in message


def test_untouched_todos_say_not_written_yet(tmp_path: Path) -> None:
    source = (EXERCISES / f"{SM}.py").read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "softmax is not written yet" in text)
    outcomes = grade(tmp_path, SM, source)
    assert outcomes[0].message == (
        f"softmax() is not written yet: replace `raise NotImplementedError` with your code ({SM}.py line {line})."
    )
    assert [o.status for o in outcomes] == ["failed", "skipped", "skipped", "failed", "skipped"]


# ------------------------------------------------- correct answers written otherwise

ALTERNATIVES: dict[str, list[tuple[str, str]]] = {
    B: [
        ("db1 = delta_hidden.sum(axis=0, keepdims=True)", "db1 = np.sum(delta_hidden, axis=0)"),
        ("dW1 = X.T @ delta_hidden  #", 'dW1 = np.einsum("nd,nh->dh", X, delta_hidden)  #'),
        (DELTA_OUT, "delta_output = -(y - output) * output * (1 - output)"),
        ("W1 = W1 - learning_rate * dW1", "W1 -= learning_rate * dW1"),
    ],
    G: [
        (
            "    grad = np.zeros(x.shape)\n    for index in np.ndindex(x.shape):",
            "    grad = np.zeros(x.shape)\n"
            "    for flat in range(x.size):\n        index = np.unravel_index(flat, x.shape)",
        ),
        (
            "denominator = np.linalg.norm(a) + np.linalg.norm(n)",
            "denominator = np.sqrt(np.sum(a**2)) + np.sqrt(np.sum(n**2))",
        ),
        (REL, "return float(np.sqrt(np.sum((a - n) ** 2)) / denominator)"),
    ],
    LR: [
        ("loss = 0.5 * float(np.mean(residual**2))", "loss = (residual.T @ residual).item() / (2 * len(y))"),
        (GRAD_10, "gradient = np.mean(X * residual, axis=0).reshape(-1, 1)"),
        (
            "return int(np.sum(np.sum(steps[1:] * steps[:-1], axis=1) < 0))",
            "return sum(1 for s, t in zip(steps, steps[1:]) if s @ t < 0)",
        ),
        ("return int(reached[0]) if reached.size else None", "return next((int(t) for t in reached), None)"),
    ],
    D: [
        (
            "return [float(np.linalg.norm(dW)) for dW, _ in grads]",
            "return [float(np.sqrt(np.sum(dW * dW))) for dW, _ in grads]",
        ),
        (CLIP_TOTAL, "total = float(np.linalg.norm(np.concatenate([g.ravel() for pair in grads for g in pair])))"),
        (CLIP_FACTOR, "factor = min(1.0, max_norm / total) if total > 0 else 1.0"),
    ],
    DEEP: [
        (TOP_12, "delta = (output - y) * output * (1.0 - output) / output.shape[0]"),
        (
            "grads.append((a_below.T @ delta, delta.sum(axis=0, keepdims=True)))",
            "grads.insert(0, (np.dot(a_below.T, delta), delta.sum(axis=0)))",
        ),
        ("    return grads[::-1]\n", "    return grads\n"),
    ],
    OF: [
        (ORDER_13, "order = np.random.default_rng(seed).choice(n, size=n, replace=False)"),
        (DECAY_13, "return [(dW + weight_decay * W, db.copy()) for (dW, db), (W, _) in zip(grads, params)]"),
        (
            "        if val_losses[-1] < val_losses[best_epoch]:\n            best_params, best_epoch = params, epoch\n"
            "        elif epoch - best_epoch >= patience:\n            break",
            "        if val_losses[-1] < min(val_losses[:-1]):\n            best_params, best_epoch = params, epoch\n"
            "        if epoch - best_epoch == patience:\n            break",
        ),
    ],
    SM: [
        (SOFTMAX_EXP, "e = np.exp(z - np.max(z, axis=-1)[:, None])"),
        (CE_14, "return float(-np.sum(np.eye(probs.shape[1])[labels] * np.log(probs)) / n)"),
        (ONE_HOT_14, "delta = delta - np.eye(probs.shape[1])[labels]"),
        (
            "    order = rng.permutation(n)\n    for start in range(0, n, batch_size):\n"
            "        yield order[start : start + batch_size]",
            "    order = np.arange(n)\n    rng.shuffle(order)\n"
            "    return [order[i : i + batch_size] for i in range(0, n, batch_size)]",
        ),
    ],
}


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_a_correct_answer_written_another_way_passes(name: str, tmp_path: Path) -> None:
    outcomes = grade(tmp_path, name, mutate(name, *ALTERNATIVES[name]))
    assert outcomes and all(o.status == "passed" for o in outcomes), outcomes


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_the_solution_passes_every_check(name: str, tmp_path: Path) -> None:
    outcomes = grade(tmp_path, name, solution(name))
    assert outcomes and all(o.status == "passed" for o in outcomes), outcomes


# ------------------------------------------------------------ the catalogue itself


@pytest.mark.parametrize("quantity", list(mistakes.BIASES))
def test_every_catalogued_mistake_differs_from_the_answer(quantity: str) -> None:
    """Otherwise a right answer could be called wrong."""
    for case in beyond.bias_cases(seed=7):
        right = {
            "08 hidden_output": case.hidden,
            "08 output": case.output,
            **{f"08 {k}": v for k, v in case.grads.items()},
        }
        for mistake in mistakes.BIASES[quantity]:
            wrong = np.asarray(mistake.compute(case))
            assert wrong.shape != right[quantity].shape or not np.allclose(wrong, right[quantity]), mistake.name


def test_every_deep_mistake_differs_from_the_answer_where_it_can() -> None:
    """Each wrong backward loop changes some gradient (for relu, f'(z) = f'(a): that one is no mistake there)."""
    for case in beyond.deep_cases(seed=3):
        for index, name in enumerate(mistakes.DEEP):
            if name == "derivative_of_pre_activation" and case.activation == "relu":
                continue
            differs = [
                not np.allclose(
                    np.asarray(beyond.deep_variants(case, layer, which)[index].value), case.grads[layer][which]
                )
                if np.shape(beyond.deep_variants(case, layer, which)[index].value) == case.grads[layer][which].shape
                else True
                for layer in range(len(case.params))
                for which in (0, 1)
            ]
            assert any(differs), (case.activation, name)


# ---------------------------------------------------------------- what the course promises


def _load_solution(name: str):
    return checks.load_exercise(SOLUTIONS / f"{name}.py")


def test_the_biased_net_reaches_every_xor_target_within_0_1() -> None:
    module = _load_solution(B)
    for learning_rate, epochs in ((1.0, 700), (0.1, 7_000)):
        (W1, b1, W2, b2), losses = module.train(ref.XOR_X, ref.XOR_Y, module.init_params(), learning_rate, epochs)
        output = module.forward_with_biases(ref.XOR_X, W1, b1, W2, b2)[1]
        assert np.all(np.abs(output - ref.XOR_Y) < 0.1), (learning_rate, output.ravel())
        assert losses[-1] < losses[0]


def test_the_lesson_net_without_biases_cannot_get_there() -> None:
    """The reason exercise 08 exists: the same starting point without biases stays far from the targets."""
    run = ref.train_lesson(epochs=10_000)
    assert np.any(np.abs(run.output - ref.XOR_Y) > 0.2)
    hidden = ref.forward(np.zeros((1, 2)), *ref.lesson_weights())[0]
    assert np.allclose(hidden, 0.5)


def test_the_exercise_starts_from_the_references_weights() -> None:
    for got, expected in zip(_load_solution(B).init_params(), ref.xor_weights_with_biases(), strict=True):
        assert np.array_equal(got, expected)


def test_the_learning_rate_regimes_are_what_the_exercise_says() -> None:
    module = _load_solution(LR)
    X, y = module.make_data()
    limit, target = module.largest_stable_rate(X), 1.01 * module.best_loss(X, y)
    names = []
    for fraction in (0.01, 0.4, 0.97, 1.05):
        losses, weights = module.gradient_descent(X, y, fraction * limit, 200)
        names.append(module.diagnose(losses, weights, target))
    assert names == ["too small", "good", "oscillates", "diverges"]


def test_the_deep_sigmoid_net_vanishes_and_relu_with_he_does_not() -> None:
    module = _load_solution(D)
    rng = np.random.default_rng(11)
    X, y = rng.standard_normal((32, 10)), (rng.random((32, 1)) > 0.5).astype(float)
    sizes = [10] + [30] * 8 + [1]

    def norms(activation: str, scale: float | str) -> list[float]:
        params = module.init_network(sizes, seed=0, scale=scale, activation=activation)
        return module.gradient_norms(module.backward(params, module.forward(params, X, activation), y, activation))

    sigmoid, relu_he, relu_big = norms("sigmoid", "auto"), norms("relu", "auto"), norms("relu", 1.0)
    assert sigmoid[0] < 1e-3 * sigmoid[-1]  # vanishing: the first layer barely learns
    assert 0.1 < relu_he[0] / relu_he[-1] < 10  # steady
    assert min(relu_big) > 1e6  # exploding
    # and clipping caps the exploding step's length at max_norm, keeping its direction
    grads = module.backward(
        module.init_network(sizes, 0, 1.0, "relu"),
        module.forward(module.init_network(sizes, 0, 1.0, "relu"), X, "relu"),
        y,
        "relu",
    )
    clipped, total = module.clip_by_global_norm(grads, 1.0)
    assert total > 1e6
    assert np.isclose(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in clipped)), 1.0)
    assert np.allclose(clipped[0][0] * total, grads[0][0])


def test_the_deep_exercise_agrees_with_the_reference_for_every_activation() -> None:
    module = _load_solution(DEEP)
    for case in beyond.deep_cases(seed=21):
        activations = module.network_forward(case.params, case.X, case.activation)
        for got, expected in zip(activations, case.activations, strict=True):
            assert np.allclose(got, expected)
        for (dW, db), (eW, eb) in zip(
            module.network_gradients(case.params, activations, case.y, case.activation), case.grads, strict=True
        ):
            assert np.allclose(dW, eW) and np.allclose(db, eb)


def test_weight_decay_and_early_stopping_help_on_the_noisy_curve() -> None:
    """The overfitting exercise shows what it claims: validation loss rises without help, and both remedies help."""
    module = _load_solution(OF)
    X, y = module.noisy_data(20, seed=1)
    X_train, y_train, X_val, y_val = module.split(X, y, 0.5, seed=0)

    def run(weight_decay: float) -> tuple[float, float]:
        params = module.init_params(50, seed=0)
        val = []
        for _ in range(4000):
            grads = module.add_weight_decay(module.gradients(params, X_train, y_train), params, weight_decay)
            params = [(W - 0.05 * dW, b - 0.05 * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]
            val.append(module.mse(params, X_val, y_val))
        return min(val), val[-1]

    best_plain, last_plain = run(0.0)
    _, last_decayed = run(0.003)
    assert last_plain > 1.1 * best_plain  # overfitting: the validation loss climbs back up
    assert last_decayed < last_plain  # weight decay keeps it lower


def test_minibatch_sgd_learns_the_spiral_and_a_linear_model_cannot() -> None:
    module = _load_solution(SM)
    X, labels = module.spiral_data(100, 3, seed=0)
    accuracy = {}
    for hidden in (0, 64):
        sizes = [2, hidden, 3] if hidden else [2, 3]
        params, _ = module.train_sgd(module.init_network(sizes, seed=0), X, labels, 1.0, 60, 32)
        accuracy[hidden] = module.accuracy(params, X, labels)
    assert accuracy[64] > 0.9 and accuracy[0] < 0.7
