"""What graders import: the checking machinery, the seeded cases, and every catalogued mistake.

A grader writes `from backprop_study import checks` and uses `checks.expect`, `checks.lesson_cases`,
`checks.variants` and so on; the later exercises' cases are in `checks.beyond`, the sentences that
name each mistake in `checks.mistakes`, training runs compared epoch by epoch in `checks.runs`. Behind
them: `checks.shapes` (which axes are wrong, and the learner's line that made them) and
`checks.own_work` (answers taken from the course's own code are refused).
"""

from backprop_study.checks.core import (
    ATOL,
    GRADIENT_TOLERANCE,
    MATMUL_HINT,
    RTOL,
    ExerciseFile,
    LoadError,
    Mistake,
    Variant,
    after,
    as_array,
    call,
    call_in_place,
    check_gradient,
    check_order,
    checked,
    describe_difference,
    expect,
    expect_number,
    expect_tuple,
    fail,
    load_exercise,
    matching_variant,
    numeric_gradient,
    row_like,
)
from backprop_study.checks.lesson import CASE_SIZES, Case, lesson_cases, run_measure, run_steps
from backprop_study.checks.mistakes import mistake_message, variants

__all__ = [
    "ATOL",
    "CASE_SIZES",
    "GRADIENT_TOLERANCE",
    "MATMUL_HINT",
    "RTOL",
    "Case",
    "ExerciseFile",
    "LoadError",
    "Mistake",
    "Variant",
    "after",
    "as_array",
    "call",
    "call_in_place",
    "check_gradient",
    "check_order",
    "checked",
    "describe_difference",
    "expect",
    "expect_number",
    "expect_tuple",
    "fail",
    "lesson_cases",
    "load_exercise",
    "matching_variant",
    "mistake_message",
    "numeric_gradient",
    "row_like",
    "run_measure",
    "run_steps",
    "variants",
]
