"""`study plot NAME`: the app's plots printed in the plain terminal."""

from __future__ import annotations

import pytest

from backprop_study.cli import main
from backprop_study.store import paths


def plot(capsys, workspace, *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(workspace.root), "plot", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_loss_prints_a_labelled_plot_and_says_whose_code(capsys, workspace) -> None:
    code, out, _ = plot(capsys, workspace, "loss", "--epochs", "500", "--size", "80x20")
    assert code == 0
    assert "Loss per epoch: the lesson's XOR net, learning rate 0.1" in out
    assert "epoch" in out and "loss ½Σ(y−o)²" in out
    assert "⣿ reference" in out
    assert "Computed with the reference: exercise 07 has not passed yet" in out
    assert "\x1b[" not in out, "no colour codes when the output is not a terminal"
    plot_lines = out.split("\n\n")[0].splitlines()
    assert len(plot_lines) <= 21 and max(len(line) for line in plot_lines) <= 80, "sized as asked"


def test_the_plot_fits_the_terminal_by_default(capsys, workspace, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    monkeypatch.setenv("LINES", "30")
    code, out, _ = plot(capsys, workspace, "gradients", "--layers", "6")
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines[:20]) == 90
    assert "Gradient norm ‖dW‖ per layer: 6 layers, 30 units each" in out


@pytest.mark.parametrize("name", ["loss", "learning-rate", "gradients", "xor", "overfitting"])
def test_every_plot_prints(capsys, workspace, name: str) -> None:
    fast = {"loss": ["--epochs", "300"], "xor": ["--epochs", "300"], "overfitting": ["--epochs", "300"]}
    code, out, _ = plot(capsys, workspace, name, "--size", "100x24", *fast.get(name, []))
    assert code == 0
    assert "Computed with the reference" in out


def test_an_unknown_plot_lists_the_valid_ones(capsys, workspace) -> None:
    code, _, err = plot(capsys, workspace, "weights")
    assert code == 2
    assert "There is no plot 'weights'" in err
    for name in ("loss", "learning-rate", "gradients", "xor", "overfitting"):
        assert f"  {name}\n" in err + "\n"


def test_learning_rates_can_be_chosen(capsys, workspace) -> None:
    code, out, _ = plot(capsys, workspace, "learning-rate", "--lr", "0.05", "--lr", "0.5", "--epochs", "300")
    assert code == 0
    assert "Loss per step at 2 learning rates" in out
    assert "lr 0.05     too small" in out
    assert "lr 0.5      good" in out


def test_xor_can_show_one_net(capsys, workspace) -> None:
    code, out, _ = plot(capsys, workspace, "xor", "--biases", "with", "--epochs", "2000", "--lr", "1.0")
    assert code == 0
    assert "with biases: all within 0.1" in out
    assert "without biases" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gradients", "--epochs", "5"], "--epochs does not apply to the gradients plot"),
        (["loss", "--lr", "0.1", "--lr", "0.2"], "the loss plot takes one --learning-rate"),
        (["loss", "--biases", "with"], "--biases does not apply to the loss plot"),
        (["loss", "--epochs", "0"], "epochs must be at least 1"),
        (["gradients", "--scale", "-2"], "scale must be a positive number"),
        (["loss", "--size", "big"], "--size must look like 100x30"),
    ],
)
def test_options_that_do_not_fit_are_usage_errors(capsys, workspace, args: list[str], message: str) -> None:
    code, _, err = plot(capsys, workspace, *args)
    assert code == 2
    assert message in err


def test_after_a_pass_the_plot_uses_the_learners_code(capsys, workspace) -> None:
    name = "10_learning_rate"
    solution = (paths.shipped_solutions_dir() / f"{name}.py").read_text(encoding="utf-8")
    (workspace.exercises_dir / f"{name}.py").write_text(solution, encoding="utf-8")
    workspace.progress().update(lambda p: setattr(p.exercise(name), "passed_at", "2026-11-28T10:00:00+00:00"))
    code, out, _ = plot(capsys, workspace, "learning-rate")
    assert code == 0
    assert "Computed with your code (exercises/10_learning_rate.py): exercise 10 has passed." in out


def test_help_names_the_plots(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["plot", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "which plot: loss, learning-rate, gradients, xor, overfitting" in out


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("", True), ("1", False)])
def test_only_a_non_empty_no_color_turns_colour_off(capsys, workspace, monkeypatch, no_color, coloured) -> None:
    # no-color.org: `NO_COLOR=` (set but empty) counts as unset, as it does for `study check`.
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, _ = plot(capsys, workspace, "loss", "--epochs", "200", "--size", "60x15")
    assert code == 0
    assert ("\x1b[" in out) is coloured
