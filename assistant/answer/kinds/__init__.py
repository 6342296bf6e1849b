"""One module per kind of answer, each with ``KIND``: when it applies and how it answers.

The order they are tried in is the table in ``answer/compose.py``."""
