"""A wrapper that fetches the reference at run time.

expect: fail
says: sigmoid() gets its answer from the course's reference code (backprop_study.solutions.backprop.sigmoid
"""

import importlib


def sigmoid(z):
    reference = importlib.import_module("backprop_study." + "solutions.backprop")
    return reference.sigmoid(z)
