"""Organised immigration crime: networks, members, associations, disruptions, operations with partners,
the network graph, and the partnerships register."""

from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date

import pycountry
from sqlalchemy import select

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.orders import service as orders_service
from portcullis.returns import rules
from portcullis.returns.models import Association, Disruption, Network, NetworkMember, Operation, Partnership
from portcullis.returns.service import NotFound, ReturnsError

MAX_GRAPH_NODES = 250


def _countries(codes: list[str], field: str) -> list[str]:
    clean = [c.strip().upper() for c in codes if c.strip()]
    bad = [c for c in clean if pycountry.countries.get(alpha_3=c) is None]
    if bad:
        raise ReturnsError.one(field, f"not ISO 3166 country codes: {', '.join(bad)}")
    return clean


def get_network(uow: UnitOfWork, network_id: str) -> Network:
    network = uow.session.get(Network, network_id)
    if network is None:
        raise NotFound(f"no network {network_id}")
    return network


def create_network(
    uow: UnitOfWork,
    *,
    actor: Principal,
    name: str,
    countries: list[str],
    activities: list[str],
    lead_agency: str = "nca",
) -> Network:
    if not name.strip():
        raise ReturnsError.one("name", "give the network a name")
    if uow.session.scalar(select(Network.id).where(Network.name == name.strip())):
        raise ReturnsError.one("name", "a network with this name already exists")
    network = Network(
        name=name.strip(),
        countries=" ".join(_countries(countries, "countries")),
        activities=", ".join(a.strip() for a in activities if a.strip()),
        lead_agency=lead_agency,
    )
    uow.session.add(network)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="oic_network",
        record_id=network.id,
        justification="Network recorded",
    )
    return network


def add_member(
    uow: UnitOfWork,
    *,
    actor: Principal,
    network_id: str,
    person_id: str,
    role: str,
    since: date | None = None,
) -> NetworkMember:
    network = get_network(uow, network_id)
    if role not in rules.MEMBER_ROLES:
        raise ReturnsError.one("role", f"choose one of: {', '.join(rules.MEMBER_ROLES)}")
    if uow.session.get(Person, person_id) is None:
        raise ReturnsError.one("person_id", "no person with that id")
    if any(m.person_id == person_id for m in network.members):
        raise ReturnsError.one("person_id", "this person is already a member of the network")
    member = NetworkMember(person_id=person_id, role=role, since=since)
    network.members.append(member)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COMBINATION,
        record_type="oic_network",
        record_id=network.id,
        subject_id=person_id,
        justification="Linked a person to a network",
        details={"role": role},
    )
    return member


def link(uow: UnitOfWork, *, actor: Principal, person_a: str, person_b: str, kind: str, source: str) -> None:
    if person_a == person_b:
        raise ReturnsError.one("person_b", "a person cannot be linked to themselves")
    a, b = sorted((person_a, person_b))
    for pid in (a, b):
        if uow.session.get(Person, pid) is None:
            raise ReturnsError.one("person_id", f"no person with id {pid}")
    if not kind.strip():
        raise ReturnsError.one("kind", "say how they are associated")
    exists = uow.session.scalar(
        select(Association.id).where(
            Association.person_a == a, Association.person_b == b, Association.kind == kind.strip()
        )
    )
    if exists:
        raise ReturnsError.one("person_b", "these people are already linked in this way")
    uow.session.add(Association(person_a=a, person_b=b, kind=kind.strip(), source=source.strip()))
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COMBINATION,
        record_type="oic_association",
        record_id=f"{a}:{b}",
        subject_id=a,
        justification="Association recorded",
        details={"other": b, "kind": kind.strip()},
    )


def record_disruption(
    uow: UnitOfWork,
    *,
    actor: Principal,
    network_id: str,
    kind: str,
    on: date,
    person_id: str | None = None,
    country: str = "GBR",
    partner: str | None = None,
    operation_id: str | None = None,
    sentence_months: int | None = None,
    details: str = "",
    scpo_applicant: str = "cps",
) -> Disruption:
    get_network(uow, network_id)
    problems = rules.disruption_violations(
        kind, sentence_months=sentence_months, person_id=person_id, on=on, today=clock.today_in_london()
    )
    if problems:
        raise ReturnsError(problems)
    if person_id and uow.session.get(Person, person_id) is None:
        raise ReturnsError.one("person_id", "no person with that id")
    _countries([country], "country")
    if kind == "scpo-application" and person_id:
        # The application itself is made through the orders service, so its rules apply (age, applicant).
        try:
            application = orders_service.create_application(
                uow,
                order_type="scpo",
                applicant_agency=scpo_applicant,
                subject_person_id=person_id,
                actor=actor,
                with_notice=True,
                court="high-court",
                on=on,
            )
        except orders_service.OrdersError as exc:
            raise ReturnsError([rules.Violation(e["field"], e["reason"]) for e in exc.errors]) from None
        details = f"{details.strip()} SCPO application {application.reference}".strip()
    disruption = Disruption(
        network_id=network_id,
        person_id=person_id,
        kind=kind,
        on=on,
        country=country.upper(),
        partner=partner,
        operation_id=operation_id,
        sentence_months=sentence_months,
        details=details.strip(),
    )
    uow.session.add(disruption)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="oic_disruption",
        record_id=disruption.id,
        subject_id=person_id,
        justification=f"Disruption recorded: {kind}",
    )
    return disruption


def create_operation(
    uow: UnitOfWork,
    *,
    actor: Principal,
    name: str,
    partners: list[str],
    started_on: date,
    network_id: str | None = None,
    summary: str = "",
) -> Operation:
    problems = []
    if not name.strip():
        problems.append(rules.Violation("name", "give the operation a name"))
    elif uow.session.scalar(select(Operation.id).where(Operation.name == name.strip())):
        problems.append(rules.Violation("name", "an operation with this name already exists"))
    if not [p for p in partners if p.strip()]:
        problems.append(rules.Violation("partners", "name at least one partner, such as the Belgian police"))
    if started_on > clock.today_in_london():
        problems.append(rules.Violation("started_on", "the date is in the future"))
    if network_id and uow.session.get(Network, network_id) is None:
        problems.append(rules.Violation("network_id", "no network with that id"))
    if problems:
        raise ReturnsError(problems)
    operation = Operation(
        name=name.strip(),
        partners=[p.strip() for p in partners if p.strip()],
        started_on=started_on,
        network_id=network_id,
        summary=summary.strip(),
    )
    uow.session.add(operation)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="oic_operation",
        record_id=operation.id,
        justification="Operation recorded",
    )
    return operation


def add_partnership(
    uow: UnitOfWork,
    *,
    actor: Principal,
    country: str,
    title: str,
    kind: str,
    signed_on: date,
    purpose: str,
    source: str,
    amount_pence: int | None = None,
    status: str = "agreed",
) -> Partnership:
    problems = []
    if kind not in ("agreement", "funded-project", "declaration"):
        problems.append(rules.Violation("kind", "choose agreement, funded-project or declaration"))
    if not title.strip():
        problems.append(rules.Violation("title", "give the partnership a title"))
    if amount_pence is not None and amount_pence < 0:
        problems.append(rules.Violation("amount", "cannot be negative"))
    if not source.strip():
        problems.append(rules.Violation("source", "say where this is announced or agreed"))
    if problems:
        raise ReturnsError(problems)
    partnership = Partnership(
        country=_countries([country], "country")[0],
        title=title.strip(),
        kind=kind,
        signed_on=signed_on,
        amount_pence=amount_pence,
        purpose=purpose.strip(),
        status=status,
        source=source.strip(),
    )
    uow.session.add(partnership)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="partnership",
        record_id=partnership.id,
        justification="Partnership recorded",
    )
    return partnership


@dataclass(frozen=True)
class GraphNode:
    id: str
    label: str
    role: str
    x: float
    y: float
    degree: int
    ring: int


@dataclass(frozen=True)
class Graph:
    nodes: list[GraphNode]
    edges: list[tuple[str, str, str]]
    total_people: int
    total_links: int
    focus: str | None
    truncated: bool


def network_graph(
    uow: UnitOfWork,
    *,
    actor: Principal,
    network_id: str,
    justification: str,
    focus: str | None = None,
    depth: int = 2,
) -> Graph:
    """The network's people and links laid out in rings around a focus person (by default the best
    connected member). Large networks show the focus's neighbourhood, capped, so the page stays usable.
    Looking at the graph is a consultation of every person shown, and is audited."""
    if uow.session.scalar(select(Network.id).where(Network.id == network_id)) is None:
        raise NotFound(f"no network {network_id}")
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type="oic_network",
        record_id=network_id,
        subject_id=focus,
        justification=justification,
        details={"view": "graph"},
    )
    # Plain column queries, not ORM objects: a network can have thousands of members and links.
    roles = dict(
        uow.session.execute(
            select(NetworkMember.person_id, NetworkMember.role).where(NetworkMember.network_id == network_id)
        ).all()
    )
    members = set(roles)
    links = [
        (a, b, kind)
        for a, b, kind in uow.session.execute(
            select(Association.person_a, Association.person_b, Association.kind)
            .join(NetworkMember, NetworkMember.person_id == Association.person_a)
            .where(NetworkMember.network_id == network_id)
        )
        if b in members
    ]
    adjacency: dict[str, set[str]] = defaultdict(set)
    edges = []
    for a, b, kind in links:
        adjacency[a].add(b)
        adjacency[b].add(a)
        edges.append((a, b, kind))
    if not members:
        return Graph([], [], 0, 0, None, False)
    centre = focus if focus in members else max(members, key=lambda p: (len(adjacency[p]), p))
    rings: dict[str, int] = {centre: 0}
    queue = deque([centre])
    while queue and len(rings) < MAX_GRAPH_NODES:
        person = queue.popleft()
        if rings[person] >= depth:
            continue
        for other in sorted(adjacency[person], key=lambda p: -len(adjacency[p])):
            if other not in rings and len(rings) < MAX_GRAPH_NODES:
                rings[other] = rings[person] + 1
                queue.append(other)
    if len(members) <= MAX_GRAPH_NODES:  # small networks: show everyone, unlinked members on the outer ring
        for person in sorted(members):
            rings.setdefault(person, depth + 1)
    names = {p.id: p.full_name for p in uow.session.scalars(select(Person).where(Person.id.in_(list(rings))))}
    by_ring: dict[int, list[str]] = defaultdict(list)
    for person, ring in rings.items():
        by_ring[ring].append(person)
    nodes = []
    for ring, people in by_ring.items():
        radius = 0.0 if ring == 0 else 110.0 * ring
        for i, person in enumerate(sorted(people, key=lambda p: (roles.get(p, ""), p))):
            angle = 2 * math.pi * i / max(len(people), 1)
            nodes.append(
                GraphNode(
                    person,
                    names.get(person, person),
                    roles.get(person, "associate"),
                    round(radius * math.cos(angle), 1),
                    round(radius * math.sin(angle), 1),
                    len(adjacency[person]),
                    ring,
                )
            )
    shown = set(rings)
    return Graph(
        nodes,
        [e for e in edges if e[0] in shown and e[1] in shown],
        len(members),
        len(edges),
        centre,
        len(shown) < len(members),
    )
