"""A contact import's writing transactions sized by time (Pace.hold): as many contacts as
the last chunk's time per contact fits in the hold, within bounds."""

from __future__ import annotations

import pytest

from domain.services.contact_import import MIN_WRITE_CHUNK, Pace, _next_size


@pytest.mark.parametrize(
    ("size", "held", "expected"),
    [
        (200, 0.040, 100),  # twice as long as the hold: half the contacts
        (100, 0.020, 100),  # just the hold
        (50, 0.005, 100),  # much quicker: at most twice as many as the last
        (150, 0.010, 200),  # never more than write_chunk
        (40, 1.0, MIN_WRITE_CHUNK),  # never fewer than MIN_WRITE_CHUNK
    ],
)
def test_the_next_chunk_fits_the_hold(size: int, held: float, expected: int) -> None:
    assert _next_size(Pace(write_chunk=200, hold=0.02), size, held) == expected


def test_without_a_hold_every_chunk_is_write_chunk() -> None:
    assert _next_size(Pace(write_chunk=200), 37, 5.0) == 200
