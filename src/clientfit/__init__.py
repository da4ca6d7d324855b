"""clientfit: decide, on evidence, what to do with each client relationship."""

__version__ = "0.1.0"
