"""The flashcards: cards and decks, numeric and graph cards, questions, FSRS scheduling, review, quiz, stats.

`loop.py` closes the loop with the exercises: a mistake named by a grader brings its cards forward.
"""
