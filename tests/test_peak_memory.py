"""evaluate --memory: the peak is the restoring process's own, not the evaluating process's."""
from restoration.evaluate import peak_memory


def test_peak_memory_is_the_cli_process_own():
    ballast = bytearray(1_500_000_000)  # the evaluating process is big after a table run
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page so it is resident
    m = peak_memory(width=96, height=64)
    assert 0.05 < m["peak_rss_gb"] < 1.2, m  # a small restore through the CLI, not the 1.5 GB here
    del ballast
