"""Conditions one at a time (the GOV.UK "add another" pattern, no JavaScript needed): a summary of the
conditions with "Change" and "Remove" on each and the question "Do you need to add another condition?",
then the kind (one question), then that kind's details on a page of its own. Any number of conditions of
every catalogue kind, polygon zones as points or GeoJSON with a preview. Two places use it:

- an officer's pending application: `/orders/applications/{id}/conditions` (`orders.write`, own force or
  agency), saved by `conditions_service.revise_application_conditions`;
- an order's conditions under a granted variation: `/orders/{id}/variations/{vid}/conditions`
  (`orders.court.decide`, the court's own orders), saved by `conditions_service.change_order_conditions`.

Each page view is audited as a consultation, each change as an alteration, in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.orders.condition_targets import (
    KIND_LABELS,
    OFFERED,
    Target,
    application_target,
    variation_target,
)
from portcullis.orders.condition_values import carried_over, form_values
from portcullis.orders.conditions import CONDITIONS, describe
from portcullis.orders.form_helpers import (
    METHODS,
    PREFIX,
    Errors,
    by_field,
    conditions_from_form,
    errors_from,
    form_data,
    text,
)
from portcullis.orders.page_common import consulted
from portcullis.orders.service import OrdersError
from portcullis.orders.types import ORDER_LABELS
from portcullis.orders.zone_preview import zone_svg
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)

Loader = Callable[[UnitOfWork], Target]


def _summary(
    request: Request, load: Loader, principal: Principal, values: dict[str, Any], errors: Errors
) -> Response:
    with unit_of_work() as uow:
        target = load(uow)
        consulted(
            uow, principal, target.record_type, target.record_id, target.subject_id, "Viewed the conditions"
        )
        items = []
        for n, c in enumerate(target.conditions):
            items.append(
                {
                    "label": KIND_LABELS.get(c.get("kind", ""), c.get("kind", "")),
                    "text": describe(CONDITIONS.validate_python(c)),
                    "svg": zone_svg(c, f"zone-preview-{n}"),
                }
            )
        count = len(items)
        return render(
            request,
            "orders/conditions_summary.html",
            {
                "title": f"You have {count} condition{'' if count == 1 else 's'}" if count else "Conditions",
                "caption": target.caption,
                "base": target.base,
                "back": target.back,
                "label": ORDER_LABELS[target.order_type],
                "items": items,
                "values": values,
                "errors": errors,
                "fe": by_field(errors),
            },
            status_code=400 if errors else 200,
        )


def _answer(request: Request, load: Loader, principal: Principal, form: dict[str, Any]) -> Response:
    answer = text(form, "add_another")
    if answer not in ("yes", "no"):
        errors = [{"text": "Select yes if you need to add another condition", "href": "#add_another"}]
        return _summary(request, load, principal, form, errors)
    with unit_of_work() as uow:
        target = load(uow)
    return RedirectResponse(f"{target.base}/new" if answer == "yes" else target.back, status_code=303)


def _choose(request: Request, load: Loader, principal: Principal, kind: str, asked: str) -> Response:
    with unit_of_work() as uow:
        target = load(uow)
    offered = OFFERED.get(target.order_type, ())
    if kind in offered:
        return RedirectResponse(f"{target.base}/new/{kind}", status_code=303)
    errors = [{"text": "Select the kind of condition", "href": "#kind"}] if asked else []
    return render(
        request,
        "orders/condition_kind.html",
        {
            "title": "What kind of condition?",
            "caption": target.caption,
            "base": target.base,
            "kinds": [(k, KIND_LABELS[k]) for k in offered],
            "errors": errors,
        },
        status_code=400 if errors else 200,
    )


def _form(
    request: Request,
    target: Target,
    kind: str,
    values: dict[str, Any],
    errors: Errors,
    status_code: int = 200,
    index: int | None = None,
) -> HTMLResponse:
    return render(
        request,
        "orders/condition_form.html",
        {
            "title": f"{KIND_LABELS[kind]}: details",
            "caption": target.caption,
            "base": target.base,
            "kind_label": KIND_LABELS[kind],
            "action": f"{target.base}/new/{kind}" if index is None else f"{target.base}/{index}",
            "button": "Add this condition" if index is None else "Save this condition",
            "kind": kind,
            "kinds": (kind,),
            "single": True,
            "methods": METHODS,
            "values": values,
            "errors": errors,
            "fe": by_field(errors),
        },
        status_code=status_code,
    )


def _checked_kind(target: Target, kind: str) -> str:
    if kind not in OFFERED.get(target.order_type, ()):
        raise HTTPException(status_code=404, detail="That kind of condition is not offered for this order")
    return kind


def _new_form(request: Request, load: Loader, kind: str) -> HTMLResponse:
    with unit_of_work() as uow:
        target = load(uow)
    values: dict[str, Any] = {"zone_shape": "circle", "notification_details": ["names", "home_address"]}
    return _form(request, target, _checked_kind(target, kind), values, [])


def _add(
    request: Request, load: Loader, kind: str, form: dict[str, Any], index: int | None = None
) -> Response:
    """Add a condition of `kind`, or (with `index`) replace that condition with the form's."""
    errors: Errors = []
    with unit_of_work() as uow:
        target = load(uow)
    _checked_kind(target, kind)
    prefix = PREFIX[kind]
    try:
        with unit_of_work() as uow:  # rolls back whole on any error: nothing is saved
            target = load(uow)
            form[prefix] = "yes"
            form["_protected_id"] = target.protected_id
            added, _, errors = conditions_from_form(uow.session, form, (kind,))
            if errors or not added:
                raise OrdersError([])
            conditions = list(target.conditions)
            if index is None:
                conditions.append(added[0])
                change = f"{KIND_LABELS[kind].lower()} added"
            else:
                conditions[index] = carried_over(conditions[index], added[0])
                change = f"{KIND_LABELS[kind].lower()} changed"
            target.save(uow, conditions, change)
        return RedirectResponse(target.base, status_code=303)
    except OrdersError as exc:
        # Only this condition can be wrong: point errors at its fields, whatever its index.
        prefixes = [prefix] * (len(target.conditions) + 1)
        errors += [_to_polygon(e, form) for e in errors_from(exc, prefixes)]
    form.pop("_protected_id", None)
    form.pop(prefix, None)
    return _form(request, target, kind, form, errors or _fallback(prefix), status_code=400, index=index)


def _existing(target: Target, index: int) -> dict[str, Any]:
    if not 0 <= index < len(target.conditions):
        raise HTTPException(status_code=404, detail="No such condition")
    return target.conditions[index]


def _change_form(request: Request, load: Loader, index: int) -> HTMLResponse:
    with unit_of_work() as uow:
        target = load(uow)
        condition = _existing(target, index)
        values = form_values(uow.session, condition)
    return _form(request, target, _checked_kind(target, condition["kind"]), values, [], index=index)


def _change(request: Request, load: Loader, index: int, form: dict[str, Any]) -> Response:
    with unit_of_work() as uow:
        kind = _existing(load(uow), index)["kind"]
    return _add(request, load, kind, form, index)


def _to_polygon(error: dict[str, str], form: dict[str, Any]) -> dict[str, str]:
    """A zone's whole-model errors (the ring, the shape) belong beside the boundary when one was drawn."""
    if error["href"] == "#zone" and text(form, "zone_shape") == "polygon":
        return {**error, "href": "#zone_polygon"}
    if error["href"] == "#zone":
        return {**error, "href": "#zone_radius_m"}
    return error


def _fallback(prefix: str) -> Errors:
    return [{"text": "Check the details of the condition", "href": f"#{prefix}"}]


def _remove(load: Loader, index: int) -> Response:
    with unit_of_work() as uow:
        target = load(uow)
        if not 0 <= index < len(target.conditions):
            raise HTTPException(status_code=404, detail="No such condition")
        removed = target.conditions[index]
        rest = target.conditions[:index] + target.conditions[index + 1 :]
        try:
            target.save(uow, rest, f"{KIND_LABELS.get(removed.get('kind', ''), 'condition').lower()} removed")
        except OrdersError:
            raise HTTPException(
                status_code=400, detail="That condition cannot be removed on its own"
            ) from None
    return RedirectResponse(target.base, status_code=303)


# Routes: an application's proposed conditions (officers).
APP = "/orders/applications/{application_id}/conditions"


def _app_loader(principal: Principal, application_id: str) -> Loader:
    return lambda uow: application_target(uow, principal, application_id)


@router.get(APP, response_class=HTMLResponse)
def application_conditions(
    request: Request, application_id: str, principal: Principal = Depends(require("orders.write"))
) -> Response:
    return _summary(request, _app_loader(principal, application_id), principal, {}, [])


@router.post(APP, response_class=HTMLResponse)
def application_add_another(
    request: Request,
    application_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    return _answer(request, _app_loader(principal, application_id), principal, form)


@router.get(APP + "/new", response_class=HTMLResponse)
def application_choose_kind(
    request: Request,
    application_id: str,
    kind: str = "",
    asked: str = "",
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    return _choose(request, _app_loader(principal, application_id), principal, kind, asked)


@router.get(APP + "/new/{kind}", response_class=HTMLResponse)
def application_condition_form(
    request: Request, application_id: str, kind: str, principal: Principal = Depends(require("orders.write"))
) -> HTMLResponse:
    return _new_form(request, _app_loader(principal, application_id), kind)


@router.post(APP + "/new/{kind}", response_class=HTMLResponse)
def application_add_condition(
    request: Request,
    application_id: str,
    kind: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    return _add(request, _app_loader(principal, application_id), kind, form)


@router.get(APP + "/{index}", response_class=HTMLResponse)
def application_change_form(
    request: Request, application_id: str, index: int, principal: Principal = Depends(require("orders.write"))
) -> HTMLResponse:
    return _change_form(request, _app_loader(principal, application_id), index)


@router.post(APP + "/{index}", response_class=HTMLResponse)
def application_change_condition(
    request: Request,
    application_id: str,
    index: int,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    return _change(request, _app_loader(principal, application_id), index, form)


@router.post(APP + "/{index}/remove", response_class=HTMLResponse)
def application_remove_condition(
    application_id: str, index: int, principal: Principal = Depends(require("orders.write"))
) -> Response:
    return _remove(_app_loader(principal, application_id), index)


# Routes: an order's conditions under a granted variation (court staff).
VAR = "/orders/{order_id}/variations/{variation_id}/conditions"


def _var_loader(principal: Principal, order_id: str, variation_id: str) -> Loader:
    return lambda uow: variation_target(uow, principal, order_id, variation_id)


@router.get(VAR, response_class=HTMLResponse)
def variation_conditions(
    request: Request,
    order_id: str,
    variation_id: str,
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _summary(request, _var_loader(principal, order_id, variation_id), principal, {}, [])


@router.post(VAR, response_class=HTMLResponse)
def variation_add_another(
    request: Request,
    order_id: str,
    variation_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _answer(request, _var_loader(principal, order_id, variation_id), principal, form)


@router.get(VAR + "/new", response_class=HTMLResponse)
def variation_choose_kind(
    request: Request,
    order_id: str,
    variation_id: str,
    kind: str = "",
    asked: str = "",
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _choose(request, _var_loader(principal, order_id, variation_id), principal, kind, asked)


@router.get(VAR + "/new/{kind}", response_class=HTMLResponse)
def variation_condition_form(
    request: Request,
    order_id: str,
    variation_id: str,
    kind: str,
    principal: Principal = Depends(require("orders.court.decide")),
) -> HTMLResponse:
    return _new_form(request, _var_loader(principal, order_id, variation_id), kind)


@router.post(VAR + "/new/{kind}", response_class=HTMLResponse)
def variation_add_condition(
    request: Request,
    order_id: str,
    variation_id: str,
    kind: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _add(request, _var_loader(principal, order_id, variation_id), kind, form)


@router.get(VAR + "/{index}", response_class=HTMLResponse)
def variation_change_form(
    request: Request,
    order_id: str,
    variation_id: str,
    index: int,
    principal: Principal = Depends(require("orders.court.decide")),
) -> HTMLResponse:
    return _change_form(request, _var_loader(principal, order_id, variation_id), index)


@router.post(VAR + "/{index}", response_class=HTMLResponse)
def variation_change_condition(
    request: Request,
    order_id: str,
    variation_id: str,
    index: int,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _change(request, _var_loader(principal, order_id, variation_id), index, form)


@router.post(VAR + "/{index}/remove", response_class=HTMLResponse)
def variation_remove_condition(
    order_id: str,
    variation_id: str,
    index: int,
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _remove(_var_loader(principal, order_id, variation_id), index)
