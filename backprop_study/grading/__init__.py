"""Grading learner code safely: the grader, its warm worker and child, the sandbox, and the result."""
