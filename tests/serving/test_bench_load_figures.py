"""`make bench-load` reads wrk's printed report. The files in wrk/ are reports wrk 4.1 (Debian's package)
printed here: the finder's every-search-new load (seconds are printed with a trailing space), and the
faults' load with the 5xx and 404 counts the benchmark's Lua script adds."""

from pathlib import Path

import pytest

from bench.load import parse_wrk

REPORTS = Path(__file__).parent / "wrk"


def test_latencies_are_read_from_their_own_lines_whatever_the_unit():
    # The Latency line above ends "66.50%": a loose pattern read that as the p50 and printed nan.
    figures = parse_wrk((REPORTS / "every-search-new.txt").read_text())
    assert (figures["rps"], figures["requests"]) == (39.53, 397)
    assert (figures["p50"], figures["p99"]) == pytest.approx((1380, 2010))


def test_the_faults_report_tells_404s_from_5xx_and_socket_errors():
    figures = parse_wrk((REPORTS / "faults.txt").read_text())
    assert (figures["p50"], figures["p99"]) == pytest.approx((18.38, 1150))
    assert (figures["5xx"], figures["404"], figures["non_2xx"], figures["errors"], figures["timeouts"]) == (
        0,
        37,
        37,
        14,
        0,
    )
