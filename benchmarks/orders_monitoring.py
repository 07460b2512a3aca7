"""Benchmark: electronic monitoring detection on one core against 10,000 active exclusion zones.

Measures (1) the vectorised detector (STRtree point-in-zone for every point, own-order filter, curfews)
in points per second, and (2) the delay from a point's arrival to its alert for batches of different
sizes (the supplier's batch waits at most one batch interval, then this processing time).

    .venv/bin/python -m benchmarks.orders_monitoring [--points 1000000] [--zones 10000]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from shapely.geometry import Polygon

from benchmarks.machine import machine
from portcullis.orders.monitoring_engine import Curfew, Rules, circle, detect


def build_rules(zones: int, rng: np.random.Generator) -> tuple[Rules, np.ndarray, np.ndarray]:
    """One zone per tag across England and Wales: two-thirds circles (100 m to 2 km), a third polygons."""
    lats, lons = rng.uniform(50.0, 55.5, zones), rng.uniform(-5.5, 1.7, zones)
    rules = Rules()
    for i in range(zones):
        if i % 3:
            rules.add_zone(i, circle(lats[i], lons[i], float(rng.uniform(100, 2000))), (f"order-{i}", "zone"))
        else:
            d = rng.uniform(0.002, 0.02)
            rules.add_zone(
                i,
                Polygon(
                    [
                        (lons[i] - d, lats[i] - d),
                        (lons[i] + d, lats[i] - d),
                        (lons[i] + d, lats[i] + d),
                        (lons[i] - d, lats[i] + d),
                    ]
                ),
                (f"order-{i}", "z"),
            )
        if i % 10 == 0:
            rules.curfews.append(Curfew(i, 19 * 60, 7 * 60, lats[i] + 0.05, lons[i] + 0.05, 100))
    _ = rules.tree  # built once when the zones change, not per batch
    return rules, lats, lons


def batch(
    n: int, zones: int, lats: np.ndarray, lons: np.ndarray, rng: np.random.Generator, hit_rate: float = 0.01
) -> tuple[np.ndarray, ...]:
    tag = rng.integers(0, zones, n)
    lat = lats[tag] + rng.normal(0, 0.05, n)  # subjects move around near their zone
    lon = lons[tag] + rng.normal(0, 0.05, n)
    inside = rng.random(n) < hit_rate
    lat[inside], lon[inside] = lats[tag[inside]], lons[tag[inside]]
    epoch = 1_748_851_200 + np.sort(rng.integers(0, 86_400, n)).astype(float)
    event = np.zeros(n, dtype=np.int8)
    event[rng.random(n) < 0.0005] = 1
    return tag, epoch, lat, lon, event


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--zones", type=int, default=10_000)
    args = parser.parse_args()
    rng = np.random.default_rng(2025)
    print(f"Machine: {machine()}")
    t0 = time.perf_counter()
    rules, lats, lons = build_rules(args.zones, rng)
    print(f"Zones: {args.zones} active (index built in {time.perf_counter() - t0:.2f} s)")

    size = 100_000
    rounds = max(1, args.points // size)
    times, hits = [], 0
    for _ in range(rounds):
        arrays = batch(size, args.zones, lats, lons, rng)
        t = time.perf_counter()
        hits += len(detect(rules, *arrays))
        times.append(time.perf_counter() - t)
    total = sum(times)
    print(
        f"Throughput: {rounds * size:,} points in {total:.2f} s = {rounds * size / total:,.0f} points/s "
        f"on one core ({hits:,} alerts' worth of hits)"
    )

    print("Point-to-alert delay (processing time of the batch the point arrives in):")
    for n in (100, 1_000, 10_000, 100_000):
        lat_ms = []
        for _ in range(20 if n < 100_000 else 5):
            arrays = batch(n, args.zones, lats, lons, rng)
            t = time.perf_counter()
            detect(rules, *arrays)
            lat_ms.append((time.perf_counter() - t) * 1000)
        lat_ms.sort()
        p95 = lat_ms[max(0, int(len(lat_ms) * 0.95) - 1)]
        print(f"  batch {n:>7,}: median {statistics.median(lat_ms):8.2f} ms, p95 {p95:8.2f} ms")


if __name__ == "__main__":
    main()
