"""The one exception ingestion raises."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be turned into a document.

    The message is shown to the user as is, in the form ``"<file>: <what is wrong>"``, so a
    batch import can report it next to the other files and carry on.
    """

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem
