"""The starting file, nothing written yet.

base: exercise
expect: fail
says: sigmoid() is not written yet
"""
