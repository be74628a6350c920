"""The flashcards: cards and decks, numeric cards, questions, FSRS scheduling, review, quiz and stats."""
