"""The engine's layout holds: a few packages named for what they hold, layers that only import downwards,
no import cycles, every package shipped in the wheel, and the one plot table read by both UIs."""

from __future__ import annotations

import ast
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "backprop_study"

# Lowest first. A module may import its own layer's modules (without a cycle) and any layer below.
LAYERS: list[set[str]] = [
    {"__init__", "store", "solutions"},
    {"course", "lesson", "instructions", "watch", "toolkit", "times"},
    {"grading", "cards"},
    {"checks", "plots"},
    {"course_progress", "hints", "exercise_files"},
    {"overview", "validation"},
    {"commands"},
    {"tui"},
    {"cli", "__main__"},  # the entry point: the commands, or the app
]


def _unit(module: str) -> str:
    """`backprop_study.grading.child` -> "grading": the layer unit a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(unit: str) -> int:
    for index, units in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"backprop_study.{unit} is in no layer of tests/test_layout.py: place it")


def _engine_modules() -> dict[str, Path]:
    modules = {}
    for path in ENGINE.rglob("*.py"):
        relative = path.relative_to(ENGINE).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        modules[".".join(["backprop_study", *parts])] = path
    for path in (ROOT / "tui").rglob("*.py"):
        parts = [p for p in path.relative_to(ROOT / "tui").with_suffix("").parts if p != "__init__"]
        modules[".".join(["backprop_study", "tui", *parts])] = path
    return modules


def _imports(path: Path, module: str, is_package: bool) -> set[str]:
    """Every backprop_study module `path` imports, at any depth, except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("backprop_study"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if is_package else module.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    package = package.rsplit(".", 1)[0]
                base = f"{package}.{base}" if base else package
            if base.startswith("backprop_study"):
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _engine_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = _imports(path, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for module, targets in _graph().items():
        for target in targets:
            if _layer(_unit(target)) > _layer(_unit(module)):
                upward.append(f"{module} imports {target}")
    assert not upward, "imports that run upwards:\n" + "\n".join(sorted(upward))


def test_there_are_no_import_cycles() -> None:
    graph = _graph()
    # A package's __init__ that hands names on is not a cycle with the modules it re-exports.
    edges = defaultdict(set)
    for module, targets in graph.items():
        for target in targets:
            if not module.startswith(target + ".") and not target.startswith(module + "."):
                edges[module].add(target)
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                walk(target, [*trail, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_engine_has_few_top_level_modules_and_each_package_says_what_it_holds() -> None:
    top = sorted(p.name for p in ENGINE.glob("*.py"))
    assert len(top) <= 15, top
    for init in ENGINE.glob("*/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring, f"{init.relative_to(ROOT)} needs a docstring saying what its package holds"
        first = docstring.splitlines()[0]
        assert first.endswith("."), f"{init.relative_to(ROOT)}: one sentence first: {first!r}"


def test_every_package_is_shipped_in_the_wheel() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    shipped = set(settings["packages"])
    for init in ENGINE.rglob("__init__.py"):
        package = ".".join(("backprop_study", *init.parent.relative_to(ENGINE).parts)).rstrip(".")
        assert package in shipped, f"{package} is missing from pyproject.toml's packages"
    styles = [p for p in (ROOT / "tui").rglob("*.tcss")]
    assert styles, "the screens' styles live in .tcss files"
    for style in styles:
        folder = ".".join(("backprop_study", "tui", *style.parent.relative_to(ROOT / "tui").parts))
        patterns = settings["package-data"].get(folder, [])
        assert "*.tcss" in patterns, f"{style.relative_to(ROOT)} would be left out of the wheel"


def test_screens_keep_their_styles_in_tcss_files() -> None:
    """A screen's styles live in its .tcss file; a small widget class may keep its DEFAULT_CSS, as Textual's do."""
    for module in (ROOT / "tui" / "screens").glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any("Screen" in ast.unparse(base) for base in node.bases):
                names = {t.id for item in node.body if isinstance(item, ast.Assign) for t in item.targets
                         if isinstance(t, ast.Name)}  # fmt: skip
                assert "DEFAULT_CSS" not in names, f"{module.name}: {node.name}'s styles belong in a .tcss file"


# -- the one plot table -----------------------------------------------------------------------------------


def test_study_plot_options_come_from_the_plot_table() -> None:
    from backprop_study.cli import build_parser
    from backprop_study.plots.parameters import PLOTS

    parser = build_parser()
    plot_parser = parser._subparsers._group_actions[0].choices["plot"]  # type: ignore[union-attr]
    flags = {flag for action in plot_parser._actions for flag in action.option_strings}
    helps = {flag: action.help for action in plot_parser._actions for flag in action.option_strings}
    for plot in PLOTS:
        for parameter in plot.parameters:
            assert parameter.flag in flags, f"study plot has no {parameter.flag} for {plot.name}"
            assert plot.name in helps[parameter.flag]
            if parameter.default is not None:
                assert f"(default {parameter.shown(parameter.default)})" in helps[parameter.flag]


def test_the_experiments_defaults_are_the_tables() -> None:
    import inspect

    from backprop_study.plots import experiments
    from backprop_study.plots.parameters import PLOTS

    functions = {
        "loss": experiments.loss_curve,
        "learning-rate": experiments.learning_rates,
        "gradients": experiments.gradient_norms,
        "xor": experiments.xor_boundary,
        "overfitting": experiments.overfitting,
    }
    assert set(functions) == {plot.name for plot in PLOTS}
    for plot in PLOTS:
        signature = inspect.signature(functions[plot.name])
        for parameter in plot.parameters:
            assert signature.parameters[parameter.key].default == parameter.default, (plot.name, parameter.key)


async def test_the_plots_screen_builds_its_controls_from_the_table(tmp_path: Path) -> None:
    from textual.widgets import Input, Select

    from backprop_study.plots.parameters import PLOTS
    from backprop_study.store.workspace import init_workspace
    from backprop_study.tui.app import make_app
    from backprop_study.tui.screens.plots import PlotsScreen

    app = make_app(init_workspace(tmp_path / "ws"))
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("plots")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlotsScreen)
        screen.workers.cancel_all()
        for plot in PLOTS:
            for parameter in plot.parameters:
                widget = screen.query_one(f"#{plot.name}-{parameter.key}")
                if parameter.kind == "choice":
                    assert isinstance(widget, Select) and widget.value == parameter.default
                else:
                    assert isinstance(widget, Input) and widget.value == parameter.shown(parameter.default)
                assert screen.parameters(plot.name)[parameter.key] == parameter.default
