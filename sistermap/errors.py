"""The project's own exceptions: what a library function raises when it cannot do its job.

Library code raises these and never exits; ``cli`` turns them into an ``error:`` line and an
exit code, ``app`` into a message on the page. Data problems found while reading a file are
not exceptions but :class:`sistermap.schema.Problem` values, reported all at once.
"""

from __future__ import annotations


class SisterMapError(Exception):
    """Something the user asked for cannot be done; the message says what and why."""


class UnknownCity(SisterMapError):
    """A city named by id or name is not in the dataset, or the name is ambiguous."""

    def __init__(self, asked: str):
        super().__init__(f"unknown or ambiguous city {asked!r}")
        self.asked = asked
