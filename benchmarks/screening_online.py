"""Online matching: latency and throughput on one core against generated list entries, and index memory.

    .venv/bin/python -m benchmarks.screening_online                      # 1,000,000 entries
    .venv/bin/python -m benchmarks.screening_online --entries 100000     # quicker

The entries are generated (given names from several cultures, 20,000 syllable-built surnames, dates of
birth, nationalities, some passport numbers and some names in Cyrillic or Arabic script) and put straight
into the in-memory index the service uses; half the queries are manipulated copies of listed entries
(typos, swapped order, a dropped middle name, the year only), half are people not on the list."""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from benchmarks.machine import machine
from portcullis.screening import variations
from portcullis.screening.index import IndexedEntry, MatchIndex
from portcullis.screening.matching import make_profile

SYLLABLE_TEXT = (
    "ab al an ar as ba be bo da de di do el en er fa fe ga go ha he ho in ka ke ko la le li lo ma me mi mo "
    "na ne ni no ol or pa pe ra re ri ro sa se si so ta te ti to va ve vi wa we ya yo za ze"
)
SYLLABLES = tuple(SYLLABLE_TEXT.split())
ENDINGS = ("", "", "son", "ov", "ova", "ez", "er", "man", "ski", "ian", "ini", "ley", "ton", "well", "i", "y")


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def nickname_names() -> set[str]:
    path = Path(variations.__file__).with_name("data") / "nicknames.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        w.strip().title() for line in lines if not line.startswith("#") for w in line.split(",") if w.strip()
    }


def name_pools(rng: random.Random) -> tuple[list[str], list[str]]:
    given = sorted(
        {g for g, _ in variations.RUSSIAN_GIVEN + variations.ARABIC_GIVEN}
        | {g for g, n in variations.ENGLISH_GIVEN}
        | {n for _, n in variations.ENGLISH_GIVEN}
        | set(variations.ENGLISH_MIDDLE)
        | nickname_names()
    )
    surnames: set[str] = set(variations.ENGLISH_FAMILY)
    while len(surnames) < 20_000:
        surnames.add(
            ("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(ENDINGS)).title()
        )
    return given, sorted(surnames)


def generate(count: int, seed: int = 1) -> Iterator[IndexedEntry]:
    rng = random.Random(seed)
    given, surnames = name_pools(rng)
    nationalities = ["GBR", "RUS", "SYR", "IRQ", "CHN", "NGA", "USA", "FRA", "DEU", "PAK", "IND", "BRA"]
    scripts = variations.RUSSIAN_GIVEN + variations.ARABIC_GIVEN
    for i in range(count):
        names = [
            f"{rng.choice(given)} {rng.choice(given) + ' ' if rng.random() < 0.4 else ''}"
            f"{rng.choice(surnames)}"
        ]
        if rng.random() < 0.05:  # a name in another script
            _, native = rng.choice(scripts)
            names.append(f"{native} {rng.choice(surnames)}")
        dob = None
        if rng.random() < 0.8:
            dob = f"{rng.randint(1940, 2005)}" + (
                f"-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else ""
            )
        ids = [f"P{rng.randrange(10**8):08d}"] if rng.random() < 0.2 else []
        profile = make_profile("person", names, dob, [rng.choice(nationalities)], ids)
        yield IndexedEntry(f"e{i}", "generated", "benchmark", names[0], None, None, profile)


def queries(entries: list[IndexedEntry], count: int, seed: int = 2) -> list[tuple[list[str], str | None]]:
    rng = random.Random(seed)
    given, surnames = name_pools(random.Random(99))
    found: list[tuple[list[str], str | None]] = []
    for i in range(count):
        if i % 2:
            found.append(([f"{rng.choice(given)} {rng.choice(surnames)}"], None))
            continue
        entry = rng.choice(entries)
        parts = entry.name.split()
        how = i % 8
        if how == 0:
            parts = [parts[-1], *parts[:-1]]
        elif how == 2:
            word = parts[-1]
            k = rng.randrange(1, len(word))
            parts[-1] = word[:k] + word[k + 1 :]
        elif how == 4 and len(parts) > 2:
            parts = [parts[0], parts[-1]]
        dob = entry.profile.date_of_birth
        found.append(([" ".join(parts)], dob[:4] if dob and how == 6 else dob))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(f"Machine: {machine()}")
    started = time.perf_counter()
    # Entries are generated and added one at a time (only a sample is kept to make queries from), so the
    # growth of the process is the index: columns, prepared names and posting lists.
    before = rss_mib()
    index = MatchIndex()
    sample: list[IndexedEntry] = []
    step = max(1, args.entries // (args.queries * 2))
    for number, entry in enumerate(generate(args.entries)):
        index.add(entry)
        if number % step == 0:
            sample.append(entry)
    index.freeze()
    build = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # as index.build() does: keep the collector off the index's objects
    after = rss_mib()
    asked = queries(sample, args.queries)
    print(
        f"generated and indexed {len(index):,} entries in {build:.1f} s; {index.key_count:,} keys; "
        f"posting arrays {index.memory_bytes() / 2**20:.0f} MiB; index memory (process growth) "
        f"{after - before:,.0f} MiB; RSS {after:,.0f} MiB"
    )
    from portcullis.screening.matching import make_profile as profile_of

    on = date(2026, 1, 1)
    wall_times, cpu_times = [], []
    top_hits = 0
    for names, dob in asked[:50]:  # warm-up
        index.search(profile_of("person", names, dob), on=on, limit=10)
    run_started, cpu_started = time.perf_counter(), time.thread_time()
    for names, dob in asked:
        t, c = time.perf_counter(), time.thread_time()
        found = index.search(profile_of("person", names, dob), on=on, limit=10)
        wall_times.append(time.perf_counter() - t)
        cpu_times.append(time.thread_time() - c)
        top_hits += bool(found and found[0].score >= 0.8)
    wall = time.perf_counter() - run_started
    cpu = time.thread_time() - cpu_started
    for label, times in (("wall clock", wall_times), ("CPU time", cpu_times)):
        times.sort()
        print(
            f"{len(times):,} queries, {label}: p50 {pct(times, 0.50):.1f} ms, "
            f"p95 {pct(times, 0.95):.1f} ms, "
            f"p99 {pct(times, 0.99):.1f} ms, mean {statistics.mean(times) * 1000:.1f} ms"
        )
    print(
        f"throughput on one core: {len(asked) / wall:.0f} matches/s by the wall clock, "
        f"{len(asked) / cpu:.0f} matches/s of CPU time (the machine is shared: load average "
        f"{os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs); {top_hits:,} queries with a candidate at 0.80 or above"
    )


def pct(times: list[float], p: float) -> float:
    return times[min(len(times) - 1, int(p * len(times)))] * 1000


if __name__ == "__main__":
    main()
