"""The command line pauses the garbage collector around its load and leaves it as it found it."""

from __future__ import annotations

import gc

from skms.cli import collector_paused


def test_the_collector_is_paused_inside_and_restored_with_nothing_frozen() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [[] for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.is_tracked(made[0])


def test_a_collector_switched_off_by_the_host_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
