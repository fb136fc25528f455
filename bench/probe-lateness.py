#!/usr/bin/env python3
"""Probe lateness over a window, from two scrapes of the daemon's /metrics (vigil_probe_lateness_seconds).

Usage: bench/probe-lateness.py BEFORE AFTER   (files holding the /metrics text at the window's start and end)
Prints one line: rounds started in the window, p50 and p99 as the upper bound of the histogram bucket
they fall in, and the highest bucket any round reached. Bucket bounds: metrics.LatencyHistogram.LATENESS_BOUNDS.
"""
import re
import sys

BUCKET = re.compile(r'^vigil_probe_lateness_seconds_bucket\{le="([^"]+)"\} ([0-9.eE+]+)$')


def buckets(path):
    found = {}
    with open(path, encoding="utf-8") as text:
        for line in text:
            match = BUCKET.match(line.strip())
            if match:
                found[float(match.group(1))] = float(match.group(2))
    if not found:
        sys.exit(f"{path}: no vigil_probe_lateness_seconds_bucket lines (is [http] on?)")
    return found


def label(bound):
    return "> 10000 ms" if bound == float("inf") else f"<= {bound * 1000:g} ms"


def main():
    before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
    bounds = sorted(after)
    cumulative = [after[b] - before.get(b, 0) for b in bounds]   # Prometheus buckets are cumulative
    total = cumulative[-1]
    if total <= 0:
        print("rounds 0")
        return

    def quantile(q):
        return next(label(b) for b, n in zip(bounds, cumulative) if n >= q * total)

    worst = next(label(b) for b, n in zip(bounds, cumulative) if n >= total)
    print(f"rounds {int(total)}, p50 {quantile(0.50)}, p99 {quantile(0.99)}, max {worst}")


if __name__ == "__main__":
    main()
