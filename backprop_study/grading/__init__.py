"""Grading learner code safely: the grader, its warm worker and child, the sandbox, and the result.

Job folders live in scratch folders (scratch.py) that a `study` killed mid-check cannot leave behind.
"""
