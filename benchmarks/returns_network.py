"""Benchmark: the network page for a large smuggling network (5,000 people, 50,000 links by default).

Builds the network in a fresh SQLite database, then times the graph computation and the whole page
render (through the app), and reports how many people the page draws.

    .venv/bin/python -m benchmarks.returns_network [--people 5000] [--links 50000]
"""

from __future__ import annotations

import argparse
import random
import statistics as stats
import tempfile
import time

from fastapi.testclient import TestClient
from sqlalchemy import insert

from benchmarks.machine import machine
from portcullis.core import access, db
from portcullis.core.migrate import upgrade
from portcullis.core.parties import Person
from portcullis.returns import networks
from portcullis.returns.models import Association, Network, NetworkMember


def build(people: int, links: int) -> str:
    rng = random.Random(7)
    with db.unit_of_work() as uow:
        network = Network(name="Benchmark network", countries="AFG BEL", activities="small boats")
        uow.session.add(network)
        uow.flush()
        ids = [f"{i:032x}" for i in range(1, people + 1)]
        uow.session.execute(
            insert(Person),
            [
                {
                    "id": pid,
                    "given_names": "Member",
                    "family_name": f"N{i}",
                    "nationalities": "AFG",
                    "created_at": db.clock.now(),
                    "updated_at": db.clock.now(),
                }
                for i, pid in enumerate(ids)
            ],
        )
        uow.session.execute(
            insert(NetworkMember),
            [
                {
                    "network_id": network.id,
                    "person_id": pid,
                    "role": rng.choice(["facilitator", "driver", "organiser"]),
                }
                for pid in ids
            ],
        )
        pairs: set[tuple[str, str]] = set()
        while len(pairs) < links:  # preferential attachment: a few hubs, many with one or two links
            a, b = ids[int(rng.paretovariate(1.2)) % people], rng.choice(ids)
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        uow.session.execute(
            insert(Association),
            [{"person_a": a, "person_b": b, "kind": "calls", "source": "bench"} for a, b in pairs],
        )
        return network.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--links", type=int, default=50000)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    db.set_engine(db.make_engine(url))
    upgrade("heads", url)
    print(f"Machine: {machine()}")
    started = time.perf_counter()
    network_id = build(args.people, args.links)
    print(
        f"Built a network of {args.people:,} people and {args.links:,} links "
        f"in {time.perf_counter() - started:.1f} s"
    )
    timings = []
    for _ in range(10):
        started = time.perf_counter()
        with db.unit_of_work() as uow:
            graph = networks.network_graph(
                uow, actor=access.SYSTEM, network_id=network_id, justification="benchmark"
            )
        timings.append(time.perf_counter() - started)
    print(
        f"Graph: {len(graph.nodes)} people and {len(graph.edges)} links drawn (of {graph.total_people:,} and "
        f"{graph.total_links:,}); median {stats.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms"
    )
    from portcullis.app import create_app

    with db.unit_of_work() as uow:
        user = access.create_user(
            uow,
            email="bench@example.gov.uk",
            name="Bench",
            password="benchmark-password",
            role_names=["investigator"],
        )
        token, _ = access.start_session(uow, user)
    client = TestClient(create_app())
    client.cookies.set(access.SESSION_COOKIE, token)
    page_times = []
    for _ in range(10):
        started = time.perf_counter()
        page = client.get(f"/oic/networks/{network_id}", params={"justification": "benchmark"})
        page_times.append(time.perf_counter() - started)
    assert page.status_code == 200, page.status_code
    print(
        f"Page: {len(page.content) / 1024:.0f} KiB of HTML with inline SVG; median "
        f"{stats.median(page_times) * 1000:.0f} ms, max {max(page_times) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
