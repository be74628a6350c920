"""The numbers behind the plots, checked against the reference; and whose code computed them.

No Textual here: these are the engine's experiments (backprop_study.plots.experiments).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from backprop_study.plots import experiments as ex
from backprop_study.plots.charts import legend, render_text, summary_lines
from backprop_study.solutions import backprop as bp
from backprop_study.store import paths


def passed(workspace, name: str) -> None:
    workspace.progress().update(lambda p: setattr(p.exercise(name), "passed_at", "2026-11-28T10:00:00+00:00"))


def solve(workspace, name: str) -> Path:
    """Put the exercise's solution in the learner's file, as a learner who solved it would have."""
    target = workspace.exercises_dir / f"{name}.py"
    target.write_text((paths.shipped_solutions_dir() / f"{name}.py").read_text(encoding="utf-8"), encoding="utf-8")
    return target


def solved_with(workspace, name: str, old: str, new: str) -> Path:
    """The solution with one piece replaced: a learner's file that passed but misbehaves elsewhere."""
    target = solve(workspace, name)
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in the solution of {name}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    passed(workspace, name)
    return target


# ------------------------------------------------------------------ the numbers, from the reference


def test_loss_curve_is_the_lessons_run() -> None:
    result = ex.loss_curve()
    np.testing.assert_allclose(result.reference, bp.train_lesson().losses, rtol=0, atol=1e-12)
    assert result.learner is None
    assert not result.source.learner
    assert "Computed with the reference" in summary_lines(result)[-1]


def test_loss_curve_follows_its_parameters() -> None:
    result = ex.loss_curve(learning_rate=0.5, epochs=300)
    expected = bp.train_lesson(learning_rate=0.5, epochs=300).losses
    np.testing.assert_allclose(result.reference, expected, atol=1e-12)


def test_learning_rates_too_small_good_and_too_large() -> None:
    result = ex.learning_rates()
    diagnoses = [run.diagnosis for run in result.runs]
    assert diagnoses == ["too small", "good", "oscillates", "diverges"]
    small, good, _, large = result.runs
    assert good.epochs_to_target is not None and good.epochs_to_target < result.epochs
    assert small.epochs_to_target is None, "1% of the stable rate crawls: not there in 200 steps"
    assert large.epochs_to_target is None, "above 2/λmax the loss grows instead"
    assert large.losses[-1] > large.losses[0]
    assert result.largest_stable_rate == pytest.approx(0.92686, rel=1e-4)


def test_a_larger_rate_than_the_good_one_needs_more_epochs_or_never_converges() -> None:
    limit = ex.learning_rates(epochs=1).largest_stable_rate
    result = ex.learning_rates(rates=[0.5 * limit, 0.99 * limit, 1.2 * limit], epochs=2000)
    good, zigzag, diverging = result.runs
    assert good.epochs_to_target is not None
    assert zigzag.epochs_to_target is not None and zigzag.epochs_to_target > good.epochs_to_target
    assert diverging.epochs_to_target is None
    assert diverging.diagnosis == "diverges"


def test_learning_rate_losses_are_gradient_descent_on_the_bowl() -> None:
    result = ex.learning_rates(rates=[0.3], epochs=50)
    X, y = _bowl()
    w = np.zeros((X.shape[1], 1))
    for step in range(51):
        assert result.runs[0].losses[step] == pytest.approx(0.5 * np.mean((X @ w - y) ** 2), rel=1e-12)
        w = w - 0.3 * X.T @ (X @ w - y) / len(X)


def _bowl() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    features = rng.standard_normal((40, 2)) * np.array([1.5, 0.4])
    X = np.column_stack([features, np.ones(40)])
    return X, X @ np.array([[2.0], [-3.0], [0.5]]) + 0.1 * rng.standard_normal((40, 1))


def test_gradient_norms_vanish_for_sigmoid_not_for_relu_and_explode_at_a_large_scale() -> None:
    result = ex.gradient_norms(depth=10, width=30)
    sigmoid, relu, large = (series.norms for series in result.series)
    assert sigmoid[0] < 1e-4 * sigmoid[-1], "sigmoid: the first layer gets almost nothing"
    assert np.all(np.diff(np.log10(sigmoid)) > 0), "and it shrinks layer after layer towards the input"
    assert relu.max() / relu.min() < 10, "ReLU with He's scale keeps every layer's gradient in one decade"
    assert large.min() > 1e6 * relu.max(), "weights of scale 1 in 30-wide layers blow the gradient up"


def test_gradient_norms_match_the_reference_backprop() -> None:
    result = ex.gradient_norms(depth=6, width=12, activation="tanh", scale=0.5)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((32, 10))
    y = (rng.random((32, 1)) > 0.5).astype(float)
    sizes = [10, 12, 12, 12, 12, 12, 1]
    for series in result.series:
        params = bp.init_network(sizes, seed=0, scale=series.scale, activation=series.activation)
        activations = bp.network_forward(params, X, series.activation, "linear")
        grads = bp.network_gradients(params, activations, y, series.activation, "linear", "mse")
        np.testing.assert_allclose(series.norms, bp.gradient_norms(grads), rtol=1e-10)


def test_xor_without_biases_is_the_lessons_net_and_with_biases_reaches_the_targets() -> None:
    result = ex.xor_boundary(epochs=10_000, resolution=21)
    without, with_biases = result.panels
    lesson = bp.train_lesson()
    trained_output = bp.forward(bp.XOR_X, *lesson.weights)[1].ravel()  # the net after the last update
    assert without.grid[0, 0] == pytest.approx(trained_output[0], abs=1e-12)
    # The lesson prints the output of its last forward pass, one update earlier: 0.204 all the same.
    assert without.grid[0, 0] == pytest.approx(lesson.output[0, 0], abs=1e-4)
    assert round(without.grid[0, 0], 3) == 0.204
    assert without.grid[-1, -1] == pytest.approx(trained_output[3], abs=1e-12), "row = x2, column = x1"
    assert without.grid[-1, 0] == pytest.approx(trained_output[1], abs=1e-12), "(0, 1): last row, first column"
    assert not without.within(0.1)
    assert with_biases.within(0.1)
    trained = bp.train_with_biases(bp.XOR_X, bp.XOR_Y, bp.xor_weights_with_biases(42, 2), 0.1, 10_000)
    expected = bp.forward_with_biases(bp.XOR_X, *trained.weights)[1].ravel()
    np.testing.assert_allclose(with_biases.outputs, expected, atol=1e-12)
    assert with_biases.grid[0, -1] == pytest.approx(expected[2]), "(x1, x2) = (1, 0) is row 0, last column"


def test_xor_shows_one_net_when_asked_and_follows_hidden_units() -> None:
    result = ex.xor_boundary(show="with", hidden=4, learning_rate=0.5, epochs=1500, resolution=5)
    (panel,) = result.panels
    assert panel.biases and "4 hidden" in panel.title
    assert panel.within(0.1), "4 hidden units at rate 0.5 get there in 1,200 epochs (FIELD-NOTES)"


def test_overfitting_marks_the_lowest_validation_loss() -> None:
    result = ex.overfitting(epochs=3000)
    assert result.best_epoch == int(np.argmin(result.validation_losses))
    assert 0 < result.best_epoch < 3000
    assert result.validation_losses[-1] > result.validation_losses[result.best_epoch], "it got worse after"
    assert result.train_losses[-1] < result.train_losses[result.best_epoch], "while training kept improving"
    assert result.stopped_at == result.best_epoch + result.patience


def test_weight_decay_moves_the_early_stopping_point() -> None:
    plain = ex.overfitting(epochs=3000)
    decayed = ex.overfitting(epochs=3000, weight_decay=0.003)
    assert decayed.best_epoch > plain.best_epoch
    assert decayed.validation_losses[-1] < plain.validation_losses[-1]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("loss", {"epochs": 0}),
        ("loss", {"learning_rate": -1.0}),
        ("learning-rate", {"rates": [0.1, float("nan")]}),
        ("gradients", {"depth": 1}),
        ("gradients", {"activation": "softplus"}),
        ("xor", {"show": "sideways"}),
        ("overfitting", {"weight_decay": -0.1}),
    ],
)
def test_bad_parameters_are_refused_with_a_reason(name: str, params: dict) -> None:
    with pytest.raises(ValueError, match=r"must"):
        ex.run_experiment(name, None, **params)


def test_progress_is_reported_and_a_cancel_stops_the_run() -> None:
    seen: list[float] = []
    ex.loss_curve(epochs=2000, progress=lambda fraction, text: seen.append(fraction))
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)

    cancel = threading.Event()

    def stop_halfway(fraction: float, text: str) -> None:
        if fraction > 0.5:
            cancel.set()

    with pytest.raises(ex.Cancelled):
        ex.overfitting(epochs=3001, progress=stop_halfway, cancel=cancel)  # parameters no other test computed


def test_the_reference_is_computed_once_per_parameters() -> None:
    first = ex.gradient_norms(depth=7, width=9)
    seen: list[float] = []
    again = ex.gradient_norms(depth=7, width=9, progress=lambda fraction, text: seen.append(fraction))
    assert seen == [1.0], "kept from the first run"
    for one, other in zip(first.series, again.series, strict=True):
        np.testing.assert_array_equal(one.norms, other.norms)
    first.series[0].norms[:] = 0  # a caller changing its result does not change the kept one
    assert ex.gradient_norms(depth=7, width=9).series[0].norms[0] > 0


def test_every_result_draws_with_labelled_axes_and_a_legend() -> None:
    results = [
        ex.loss_curve(epochs=200),
        ex.learning_rates(),
        ex.gradient_norms(),
        ex.xor_boundary(epochs=200, resolution=11),
        ex.overfitting(epochs=300),
    ]
    for result in results:
        text = render_text(result, 80, 20, color=False)
        assert "\x1b[" not in text
        assert max(len(line) for line in text.splitlines()) <= 80
        assert legend(result)
        assert legend(result)[-1][2] in text.splitlines()[-1], "the legend is under the plot"
    assert "epoch" in render_text(results[0], 80, 20, color=False)
    assert "x1" in render_text(results[3], 80, 20, color=False)


# ------------------------------------------------------------------ whose code: the learner's after a pass


def test_a_fresh_workspace_uses_the_reference_and_says_why(workspace) -> None:
    result = ex.learning_rates(workspace)
    assert not result.source.learner
    assert "exercise 10 has not passed yet" in result.source.label


def test_learner_code_is_used_once_the_exercise_has_passed(workspace) -> None:
    solve(workspace, "10_learning_rate")
    passed(workspace, "10_learning_rate")
    result = ex.learning_rates(workspace)
    assert result.source.learner
    assert result.source.label.startswith("Computed with your code (exercises/10_learning_rate.py)")
    reference = ex.learning_rates()
    for mine, theirs in zip(result.runs, reference.runs, strict=True):
        np.testing.assert_allclose(mine.losses, theirs.losses, rtol=1e-12)
        assert mine.diagnosis == theirs.diagnosis


def test_learner_code_that_passed_but_differs_is_shown_as_it_is(workspace) -> None:
    # A learner's loop that records the loss *after* the step still draws: the plot shows their curve.
    solved_with(
        workspace,
        "07_training_loop",
        "        losses.append(squared_error(y, output))\n",
        "        losses.append(squared_error(y, output) * 2)\n",
    )
    result = ex.loss_curve(workspace, epochs=500)
    assert result.source.learner
    np.testing.assert_allclose(result.learner, 2 * result.reference)
    assert "your training loop" in [label for _, _, label in legend(result)]


def test_learner_code_that_hangs_falls_back_to_the_reference(workspace) -> None:
    solved_with(workspace, "10_learning_rate", "    w = np.zeros((X.shape[1], 1))\n", "    while True:\n        pass\n")
    started = time.monotonic()
    result = ex.learning_rates(workspace, time_limit=2.0)
    assert time.monotonic() - started < 10
    assert not result.source.learner
    assert "did not finish within 2 s" in result.source.label
    assert [run.diagnosis for run in result.runs] == ["too small", "good", "oscillates", "diverges"]


def test_learner_code_that_raises_falls_back_and_names_the_line(workspace) -> None:
    target = solved_with(
        workspace,
        "11_vanishing_gradients",
        "    return [float(np.linalg.norm(dW)) for dW, _ in grads]\n",
        "    raise ValueError('not today')\n",
    )
    line = target.read_text(encoding="utf-8").splitlines().index("    raise ValueError('not today')") + 1
    result = ex.gradient_norms(workspace)
    assert not result.source.learner
    assert f"raised ValueError: not today (line {line})" in result.source.label


def test_learner_code_with_the_wrong_shape_falls_back(workspace) -> None:
    solved_with(
        workspace,
        "11_vanishing_gradients",
        "    return [float(np.linalg.norm(dW)) for dW, _ in grads]\n",
        "    return [float(np.linalg.norm(dW)) for dW, _ in grads][:-1]\n",
    )
    result = ex.gradient_norms(workspace, depth=5)
    assert not result.source.learner
    assert "NaN" in result.source.label or "shape" in result.source.label


def test_learner_code_cannot_print_exit_or_read_stdin_in_our_process(workspace, capfd) -> None:
    solved_with(
        workspace,
        "13_overfitting",
        "def noisy_data(",
        "print('hello from the learner')\nimport sys\nsys.stdin.read()\n\n\ndef noisy_data(",
    )
    result = ex.overfitting(workspace, epochs=200)
    assert result.source.learner
    out, err = capfd.readouterr()
    assert "hello from the learner" not in out + err
    solved_with(workspace, "13_overfitting", "def noisy_data(", "import sys\nsys.exit(3)\n\n\ndef noisy_data(")
    result = ex.overfitting(workspace, epochs=200)
    assert not result.source.learner
    assert "called sys.exit(3)" in result.source.label


def test_cancelling_stops_a_hanging_learner_run_promptly(workspace) -> None:
    solved_with(workspace, "10_learning_rate", "    w = np.zeros((X.shape[1], 1))\n", "    while True:\n        pass\n")
    cancel = threading.Event()
    timer = threading.Timer(0.5, cancel.set)
    timer.start()
    started = time.monotonic()
    with pytest.raises(ex.Cancelled):
        ex.learning_rates(workspace, cancel=cancel, time_limit=30.0)
    assert time.monotonic() - started < 5, "a cancel does not wait for the time limit"


def test_xor_uses_each_exercise_that_has_passed(workspace) -> None:
    solve(workspace, "08_biases")
    passed(workspace, "08_biases")
    result = ex.xor_boundary(workspace, epochs=300, resolution=5)
    without, with_biases = result.panels
    assert not without.source.learner and "exercise 07 has not passed yet" in without.source.label
    assert with_biases.source.learner
    reference = ex.xor_boundary(show="with", epochs=300, resolution=5).panels[0]
    np.testing.assert_allclose(with_biases.grid, reference.grid, atol=1e-12)
    lines = summary_lines(result)
    assert any("your code" in line for line in lines) and any("the reference" in line for line in lines)


@pytest.mark.parametrize(
    ("planted", "said"),
    [
        ("    w = np.ones(10**11)\n", "ran out of memory"),
        ("    import os\n    os._exit(0)\n", "stopped (exit code 0) before it answered"),
    ],
    ids=["runaway-allocation", "os-exit"],
)
def test_learner_code_that_dies_falls_back_with_the_reason(workspace, planted: str, said: str) -> None:
    solved_with(workspace, "10_learning_rate", "    w = np.zeros((X.shape[1], 1))\n", planted)
    result = ex.learning_rates(workspace)
    assert not result.source.learner
    assert said in result.source.label


# ------------------------------------------------------------------ hostile learner code (issue 15)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("ending", ["returns", "hangs"])
def test_processes_the_learners_code_starts_in_a_new_session_end_with_the_run(
    workspace, tmp_path: Path, ending: str
) -> None:
    pid_file = tmp_path / "pid"
    planted = (
        "    import subprocess\n"
        "    child = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        f"    open({str(pid_file)!r}, 'a').write(f'{{child.pid}}\\n')\n"
        + ("    while True:\n        pass\n" if ending == "hangs" else "")
        + "    w = np.zeros((X.shape[1], 1))\n"
    )
    solved_with(workspace, "10_learning_rate", "    w = np.zeros((X.shape[1], 1))\n", planted)
    result = ex.learning_rates(workspace, time_limit=3.0)
    assert result.source.learner == (ending == "returns")
    pids = [int(word) for word in pid_file.read_text().split()]
    deadline = time.monotonic() + 3
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if _alive(pid)]
    for pid in left:
        os.kill(pid, 9)  # our own test's processes, by id
    assert not left, "a process the learner's code started in a new session outlived the plot run"


def test_what_the_learners_code_says_reaches_the_screen_safely(workspace) -> None:
    solved_with(
        workspace,
        "11_vanishing_gradients",
        "    return [float(np.linalg.norm(dW)) for dW, _ in grads]\n",
        "    raise ValueError('\\x1b]0;pwned\\x07\\x1b[2J' + 'y' * 100_000)\n",
    )
    label = ex.gradient_norms(workspace).source.label
    assert "raised ValueError: \\x1b]0;pwned\\x07\\x1b[2J" in label
    assert "\x1b" not in label and "\x07" not in label and len(label) < 500


def test_a_learners_diagnosis_is_shown_short_and_safe(workspace) -> None:
    solved_with(workspace, "10_learning_rate", '        return "diverges"\n', '        return "\\x1b[2J" + "d" * 500\n')
    result = ex.learning_rates(workspace)
    assert result.source.learner
    diverging = result.runs[-1].diagnosis
    assert diverging.startswith("\\x1b[2Jddd") and diverging.endswith("…") and len(diverging) <= 40


def test_a_result_of_python_objects_is_refused_and_the_reference_used(workspace) -> None:
    solved_with(
        workspace,
        "11_vanishing_gradients",
        "    return [float(np.linalg.norm(dW)) for dW, _ in grads]\n",
        "    return [object() for _ in grads]\n",
    )
    result = ex.gradient_norms(workspace)
    assert not result.source.learner
    assert "Python objects" in result.source.label or "float" in result.source.label


def test_the_legends_say_what_their_numbers_and_overlaps_mean() -> None:
    rates = ex.learning_rates(None)
    labels = [label for _, _, label in legend(rates)]
    converged = [run for run in rates.runs if run.epochs_to_target is not None]
    assert converged and all(
        f"converged in {run.epochs_to_target} steps" in label for run, label in zip(rates.runs, labels, strict=False)
        if run.epochs_to_target is not None
    )  # fmt: skip
    curve = ex.loss_curve(None, epochs=200)
    same = ex.LossCurve(curve.reference, curve.reference.copy(), curve.learning_rate, curve.epochs, curve.source)
    assert legend(same)[1][2] == "your training loop (the same curve, drawn over it)"
    differs = ex.LossCurve(curve.reference, curve.reference * 2, curve.learning_rate, curve.epochs, curve.source)
    assert legend(differs)[1][2] == "your training loop"
