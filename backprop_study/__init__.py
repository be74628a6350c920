"""backprop-study: the headless engine (no Textual here)."""

__version__ = "0.1.0"
