"""Pages for compliance and enforcement officers (sponsors, licences, downgrades, revocations, visits,
penalties, closures) and the managers' dashboard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation
from portcullis.employers import certificates, dashboard, service
from portcullis.employers.models import (
    ActionPlan,
    Certificate,
    Closure,
    ComplianceCase,
    Disqualification,
    Encounter,
    EnforcementVisit,
    Licence,
    Penalty,
    ReportingDuty,
    Sponsor,
)
from portcullis.employers.values import REGIONS, REVOCATION_GROUNDS, SECTORS, EmployersError
from portcullis.web import charts, navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
navigation.add(
    "Employer compliance",
    "/employers",
    "employers.read",
    "Sponsor licences, action plans, illegal working visits, civil penalties and closures.",
)
navigation.add(
    "Employer enforcement dashboard",
    "/employers/dashboard",
    "employers.dashboard",
    "Visits, arrests, penalties and licence actions by month, region and sector.",
)


def _org_names(session: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(
        session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all()
    )


@router.get("/employers", response_class=HTMLResponse)
def index(request: Request, _: Principal = Depends(require("employers.read"))) -> HTMLResponse:
    today = clock.today_in_london()
    with unit_of_work() as uow:
        session = uow.session
        sponsors = list(session.scalars(select(Sponsor).order_by(Sponsor.created_at.desc()).limit(200)))
        names = _org_names(session, {s.organisation_id for s in sponsors})
        overdue = certificates.overdue_duties(session, on=today)
        plans = list(
            session.scalars(
                select(ActionPlan).where(ActionPlan.outcome.is_(None)).order_by(ActionPlan.ends_on)
            )
        )
        cases = list(
            session.scalars(
                select(ComplianceCase)
                .where(ComplianceCase.status == "open")
                .order_by(ComplianceCase.opened_on.desc())
            )
        )
        licences = {lic.id: lic for lic in session.scalars(select(Licence))}
        sponsor_names = {s.id: names.get(s.organisation_id, "") for s in sponsors}
    return render(
        request,
        "employers/index.html",
        {
            "title": "Employer compliance",
            "sponsors": sponsors,
            "names": names,
            "overdue": overdue,
            "plans": plans,
            "cases": cases,
            "licences": licences,
            "sponsor_names": sponsor_names,
            "today": today,
        },
    )


def _sponsor_context(sponsor_id: str) -> dict[str, Any]:
    with unit_of_work() as uow:
        session = uow.session
        sponsor = session.get(Sponsor, sponsor_id)
        if sponsor is None:
            raise HTTPException(status_code=404)
        organisation = session.get(Organisation, sponsor.organisation_id)
        licence_ids = [lic.id for lic in sponsor.licences]
        cos = list(
            session.scalars(
                select(Certificate)
                .where(Certificate.licence_id.in_(licence_ids))
                .order_by(Certificate.assigned_on.desc())
            )
        )
        plans = list(
            session.scalars(
                select(ActionPlan)
                .where(ActionPlan.licence_id.in_(licence_ids))
                .order_by(ActionPlan.notified_on.desc())
            )
        )
        cases = list(session.scalars(select(ComplianceCase).where(ComplianceCase.sponsor_id == sponsor.id)))
        duties = list(
            session.scalars(
                select(ReportingDuty)
                .where(ReportingDuty.licence_id.in_(licence_ids))
                .order_by(ReportingDuty.due_on.desc())
            )
        )
        sanctions = service.blocks_for(session, sponsor.organisation_id)
    return {
        "title": organisation.name if organisation else "Sponsor",
        "sponsor": sponsor,
        "organisation": organisation,
        "licences": sponsor.licences,
        "cos": cos,
        "plans": plans,
        "cases": cases,
        "duties": duties,
        "sanctions": sanctions,
        "grounds": REVOCATION_GROUNDS,
        "errors": [],
        "form": {},
    }


@router.get("/employers/sponsors/{sponsor_id}", response_class=HTMLResponse)
def sponsor_page(
    request: Request, sponsor_id: str, _: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return render(request, "employers/sponsor.html", _sponsor_context(sponsor_id))


def _licence_sponsor(licence_id: str) -> str:
    with unit_of_work() as uow:
        licence = uow.session.get(Licence, licence_id)
        if licence is None:
            raise HTTPException(status_code=404)
        return licence.sponsor_id


@router.post("/employers/licences/{licence_id}/downgrade", response_class=HTMLResponse)
def downgrade(
    request: Request,
    licence_id: str,
    months: Annotated[str, Form()] = "",
    actions: Annotated[str, Form()] = "",
    principal: Principal = Depends(require("employers.write")),
) -> Response:
    sponsor_id = _licence_sponsor(licence_id)
    try:
        if not months.strip().isdigit():
            raise EmployersError("months", "Enter the action plan length as a whole number of months")
        with unit_of_work() as uow:
            service.downgrade(
                uow,
                licence_id=licence_id,
                on=clock.today_in_london(),
                months=int(months),
                actions=actions.splitlines(),
                actor=principal,
            )
    except EmployersError as exc:
        context = _sponsor_context(sponsor_id)
        context["errors"] = [{"text": exc.reason[0].upper() + exc.reason[1:], "href": f"#{exc.field}"}]
        context["form"] = {"months": months, "actions": actions, "error_field": exc.field}
        return render(request, "employers/sponsor.html", context, status_code=422)
    return RedirectResponse(f"/employers/sponsors/{sponsor_id}", status_code=303)


@router.post("/employers/licences/{licence_id}/revoke", response_class=HTMLResponse)
def revoke(
    request: Request,
    licence_id: str,
    ground: Annotated[str, Form()] = "",
    principal: Principal = Depends(require("employers.write")),
) -> Response:
    sponsor_id = _licence_sponsor(licence_id)
    try:
        with unit_of_work() as uow:
            service.revoke_licence(
                uow, licence_id=licence_id, ground=ground, on=clock.today_in_london(), actor=principal
            )
    except EmployersError as exc:
        context = _sponsor_context(sponsor_id)
        field = "ground" if exc.field == "ground" else "licence_id"
        context["errors"] = [{"text": exc.reason[0].upper() + exc.reason[1:], "href": f"#{field}"}]
        context["form"] = {"error_field": field}
        return render(request, "employers/sponsor.html", context, status_code=422)
    return RedirectResponse(f"/employers/sponsors/{sponsor_id}", status_code=303)


@router.get("/employers/enforcement", response_class=HTMLResponse)
def enforcement_page(request: Request, _: Principal = Depends(require("employers.read"))) -> HTMLResponse:
    with unit_of_work() as uow:
        session = uow.session
        visits = list(
            session.scalars(select(EnforcementVisit).order_by(EnforcementVisit.planned_on.desc()).limit(200))
        )
        counts = dict(
            session.execute(select(Encounter.visit_id, func.count()).group_by(Encounter.visit_id)).all()
        )
        arrests = dict(
            session.execute(
                select(Encounter.visit_id, func.count())
                .where(Encounter.arrested.is_(True))
                .group_by(Encounter.visit_id)
            ).all()
        )
        penalties = list(session.scalars(select(Penalty).order_by(Penalty.issued_on.desc()).limit(200)))
        closures = list(session.scalars(select(Closure).order_by(Closure.issued_at.desc())))
        referrals = list(
            session.scalars(select(Disqualification).order_by(Disqualification.referred_on.desc()).limit(200))
        )
        names = _org_names(
            session,
            {p.organisation_id for p in penalties}
            | {c.organisation_id for c in closures}
            | {d.organisation_id for d in referrals}
            | {v.organisation_id for v in visits if v.organisation_id},
        )
    return render(
        request,
        "employers/enforcement.html",
        {
            "title": "Illegal working enforcement",
            "visits": visits,
            "counts": counts,
            "arrests": arrests,
            "penalties": penalties,
            "closures": closures,
            "referrals": referrals,
            "names": names,
        },
    )


@router.get("/employers/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    region: str = "",
    sector: str = "",
    _: Principal = Depends(require("employers.dashboard")),
) -> HTMLResponse:
    errors = []
    if region and region not in REGIONS:
        errors.append({"text": "Choose a region from the list", "href": "#region"})
        region = ""
    if sector and sector not in SECTORS:
        errors.append({"text": "Choose a sector from the list", "href": "#sector"})
        sector = ""
    with unit_of_work() as uow:
        figures = dashboard.figures(
            uow.session, end=clock.today_in_london(), region=region or None, sector=sector or None
        )
    panels = []
    for key, label in dashboard.MEASURES.items():
        values = [figures.by_month[key][m] for m in figures.months]
        panels.append(
            {
                "key": key,
                "label": label,
                "total": figures.total(key),
                "chart": charts.column_chart(
                    f"{label} by month",
                    f"{label} in each of the last 12 months, from {figures.months[0]} to "
                    f"{figures.months[-1]}; the figures are in the table below.",
                    figures.months,
                    values,
                    chart_id=f"chart-{key}",
                ),
                "rows": list(zip(figures.months, values, strict=True)),
            }
        )
    region_chart = charts.column_chart(
        "Visits by region",
        "Visits in the last 12 months by region; the figures are in the table below.",
        list(figures.by_region["visits"]),
        list(figures.by_region["visits"].values()),
        chart_id="chart-region",
    )
    sector_chart = charts.column_chart(
        "Visits by sector",
        "Visits in the last 12 months by sector; the figures are in the table below.",
        list(figures.by_sector["visits"]),
        list(figures.by_sector["visits"].values()),
        chart_id="chart-sector",
    )
    return render(
        request,
        "employers/dashboard.html",
        {
            "title": "Employer enforcement dashboard",
            "figures": figures,
            "panels": panels,
            "errors": errors,
            "regions": REGIONS,
            "sectors": SECTORS,
            "region": region,
            "sector": sector,
            "measures": dashboard.MEASURES,
            "region_chart": region_chart,
            "sector_chart": sector_chart,
        },
    )
