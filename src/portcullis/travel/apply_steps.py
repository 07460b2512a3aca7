"""The steps of the public ETA application: the questions, the fields of each page, the checks on each
answer, and turning a finished draft into an applicant. Plain functions, no routes."""

from __future__ import annotations

from datetime import date
from typing import Any

from portcullis.travel import codes, mrz, photos, rules, service
from portcullis.travel.applicants import EMAIL
from portcullis.travel.page_helpers import YES_NO, nationality_items, radio_items, read_date

WHO = [
    ("self", "Myself"),
    ("other", "Someone else, for example my child"),
    ("group", "A group of people travelling together (up to 50, one payment)"),
]
METHOD = [
    ("mrz", "Type the 2 lines of letters and numbers at the bottom of the photo page"),
    ("fields", "Type the details one by one"),
]
SENTENCE = [
    ("0", "I have never been sentenced to prison"),
    ("1", "Less than 12 months"),
    ("12", "12 months or more"),
]
QUESTIONS: dict[str, tuple[str, list[tuple[str, str]], str | None]] = {
    "who": ("Who are you applying for?", WHO, None),
    "passport-method": ("How do you want to enter the passport details?", METHOD, None),
    "sentence": (
        "What is the longest prison sentence you have been given, anywhere in the world?",
        SENTENCE,
        "Include suspended sentences",
    ),
    "convicted": ("Have you ever been convicted of a criminal offence, anywhere in the world?", YES_NO, None),
    "exclusion": ("Are you subject to a UK deportation order or exclusion decision?", YES_NO, None),
    "immigration": (
        "Have you ever broken UK immigration law, for example by overstaying or using deception?",
        YES_NO,
        None,
    ),
    "conduct": ("Have you ever been involved in terrorism, war crimes or extremism?", YES_NO, None),
    "another": ("Do you want to add another person to the group?", YES_NO, None),
}
ORDER = [
    "who",
    "your-name",
    "passport-method",
    "passport",
    "personal",
    "email",
    "arrival",
    "photo",
    "sentence",
    "convicted",
    "conviction-date",
    "exclusion",
    "immigration",
    "conduct",
    "check",
    "another",
    "declaration",
]


def next_step(step: str, data: dict[str, Any]) -> str:
    cur = data["current"]
    if step == "passport-method" and cur.get("method") == "mrz":
        return "passport-mrz"
    if step == "passport-mrz":
        return "personal"
    following = ORDER[ORDER.index(step) + 1]
    skip = {
        "your-name": data.get("mode") == "self",
        "conviction-date": cur.get("convicted") != "yes",
        "another": data.get("mode") != "group",
    }
    if skip.get(following):
        return next_step(following, data)
    return following


def fields_for(step: str, data: dict[str, Any]) -> dict[str, Any]:
    """The template context for a step with several fields."""
    cur = data["current"]
    for_whom = "the person you are applying for" if data.get("mode") != "self" else "you"
    if step == "your-name":
        return {
            "title": "What is your name?",
            "intro": "You are applying on someone else's behalf.",
            "fields": [
                {
                    "name": "submitter",
                    "label": "Full name",
                    "value": data.get("submitter"),
                    "autocomplete": "name",
                }
            ],
        }
    if step == "passport-mrz":
        return {
            "title": "Enter the machine-readable zone",
            "intro": "These are the 2 lines of 44 letters, numbers "
            "and < signs at the bottom of the passport's photo page.",
            "fields": [
                {
                    "name": "line1",
                    "label": "First line",
                    "value": cur.get("line1"),
                    "classes": "govuk-!-font-family-tabular",
                },
                {
                    "name": "line2",
                    "label": "Second line",
                    "value": cur.get("line2"),
                    "classes": "govuk-!-font-family-tabular",
                },
            ],
        }
    if step == "passport":
        return {
            "title": "Passport details",
            "fields": [
                {
                    "name": "passport_number",
                    "label": "Passport number",
                    "value": cur.get("passport_number"),
                    "classes": "govuk-input--width-10",
                },
                {
                    "kind": "select",
                    "name": "issuing_state",
                    "label": "Country that issued the passport",
                    "options": nationality_items(cur.get("issuing_state"), blank="Choose a country"),
                },
                {
                    "kind": "select",
                    "name": "nationality",
                    "label": "Nationality on the passport",
                    "options": nationality_items(cur.get("nationality"), blank="Choose a nationality"),
                },
                {
                    "kind": "date",
                    "name": "expiry",
                    "label": "Expiry date",
                    "hint": "For example, 27 3 2031",
                    "value": as_date(cur.get("passport_expiry")),
                },
            ],
        }
    if step == "personal":
        return {
            "title": f"Personal details of {for_whom}",
            "intro": "As they appear on the passport.",
            "fields": [
                {"name": "given_names", "label": "Given names", "value": cur.get("given_names")},
                {"name": "family_name", "label": "Surname", "value": cur.get("family_name")},
                {
                    "kind": "date",
                    "name": "dob",
                    "label": "Date of birth",
                    "hint": "For example, 31 3 1980",
                    "value": as_date(cur.get("date_of_birth")),
                },
                {
                    "kind": "radios",
                    "name": "sex",
                    "label": "Sex as shown on the passport",
                    "options": radio_items(
                        [("F", "Female"), ("M", "Male"), ("X", "Unspecified (X)")], cur.get("sex")
                    ),
                },
            ],
        }
    if step == "email":
        return {
            "title": f"What is the email address of {for_whom}?",
            "intro": "We will send the decision here.",
            "fields": [
                {
                    "name": "email",
                    "label": "Email address",
                    "input_type": "email",
                    "value": cur.get("email"),
                    "autocomplete": "email",
                }
            ],
        }
    if step == "arrival":
        return {
            "title": "When do you plan to arrive in the UK?",
            "intro": "Leave blank if you do not know yet.",
            "fields": [
                {
                    "kind": "date",
                    "name": "arrival",
                    "label": "Date of arrival",
                    "value": as_date(cur.get("arrival_date")),
                }
            ],
        }
    if step == "photo":
        return {
            "title": f"Upload a photo of the face of {for_whom}",
            "multipart": True,
            "fields": [
                {
                    "kind": "file",
                    "name": "photo",
                    "label": "Photo",
                    "hint": f"JPEG or PNG, at least {photos.MIN_WIDTH} by {photos.MIN_HEIGHT} pixels and "
                    f"smaller than {photos.MAX_BYTES // (1024 * 1024)} MB",
                }
            ],
        }
    if step == "conviction-date":
        return {
            "title": "When were you last convicted?",
            "fields": [
                {
                    "kind": "date",
                    "name": "conviction",
                    "label": "Date of the most recent conviction",
                    "value": as_date(cur.get("last_conviction_on")),
                }
            ],
        }
    raise KeyError(step)


def as_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_step(step: str, form: Any, data: dict[str, Any], today: date) -> dict[str, str]:
    """Store the answer to `step` in the draft; returns field -> error message."""
    cur = data["current"]
    errors: dict[str, str] = {}
    if step in QUESTIONS:
        key = {"passport-method": "method"}.get(step, step)
        value = form.get(key)
        if value not in {v for v, _ in QUESTIONS[step][1]}:
            return {key: "Select an answer"}
        if step == "who":
            data["mode"] = value
        else:
            cur[key] = value
    elif step == "your-name":
        if not str(form.get("submitter", "")).strip():
            return {"submitter": "Enter your full name"}
        data["submitter"] = str(form["submitter"]).strip()
    elif step == "passport-mrz":
        line1, line2 = str(form.get("line1", "")), str(form.get("line2", ""))
        cur.update(line1=line1, line2=line2)
        result = mrz.parse_td3(line1, line2, today=today)
        if not result.valid:
            first = result.errors[0]
            target = "line1" if first.field == "line1" else "line2"
            return {
                target: f"The machine-readable zone is not valid: {first.field.replace('_', ' ')} "
                f"{first.reason}"
            }
        f = result.fields
        cur.update(
            passport_number=f["document_number"],
            issuing_state=f["issuing_state"],
            nationality=f["nationality"],
            passport_expiry=f["expiry_date"].isoformat(),
            family_name=f["surname"].title(),
            given_names=f["given_names"].title(),
            date_of_birth=f["date_of_birth"].isoformat(),
            sex=f["sex"],
        )
    elif step == "passport":
        cur["passport_number"] = str(form.get("passport_number", "")).strip().upper()
        if not cur["passport_number"]:
            errors["passport_number"] = "Enter the passport number"
        for name, message in (
            ("issuing_state", "Select the country that issued the passport"),
            ("nationality", "Select the nationality on the passport"),
        ):
            try:
                cur[name] = codes.normalise(str(form.get(name, "")), field=name)
            except codes.CodeError:
                errors[name] = message
        expiry, error = read_date(form, "expiry", "the passport's expiry date")
        if error or expiry is None:
            errors["expiry"] = error or "Enter the expiry date"
        else:
            cur["passport_expiry"] = expiry.isoformat()
    elif step == "personal":
        cur["given_names"] = str(form.get("given_names", "")).strip()
        cur["family_name"] = str(form.get("family_name", "")).strip()
        if not cur["family_name"]:
            errors["family_name"] = "Enter the surname as it appears on the passport"
        dob, error = read_date(form, "dob", "the date of birth")
        if error or dob is None:
            errors["dob"] = error or "Enter the date of birth"
        elif dob >= today:
            errors["dob"] = "Date of birth must be in the past"
        else:
            cur["date_of_birth"] = dob.isoformat()
        if form.get("sex") not in ("F", "M", "X"):
            errors["sex"] = "Select the sex shown on the passport"
        else:
            cur["sex"] = form["sex"]
    elif step == "email":
        cur["email"] = str(form.get("email", "")).strip()
        if not EMAIL.match(cur["email"]):
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    elif step == "arrival":
        if any(str(form.get(f"arrival-{p}", "")).strip() for p in ("day", "month", "year")):
            arrival, error = read_date(form, "arrival", "the date of arrival")
            if error or arrival is None:
                errors["arrival"] = error or "Enter the date of arrival"
            elif arrival < today:
                errors["arrival"] = "The date of arrival must be today or in the future"
            else:
                cur["arrival_date"] = arrival.isoformat()
        else:
            cur["arrival_date"] = None
    elif step == "conviction-date":
        when, error = read_date(form, "conviction", "the date of the conviction")
        if error or when is None:
            errors["conviction"] = error or "Enter the date"
        elif when > today:
            errors["conviction"] = "The date of the conviction must be in the past"
        else:
            cur["last_conviction_on"] = when.isoformat()
    return errors


def applicant_from(cur: dict[str, Any], data: dict[str, Any]) -> service.ApplicantIn:
    answers = rules.Answers(
        longest_custodial_sentence_months=int(cur.get("sentence") or 0),
        last_conviction_on=as_date(cur.get("last_conviction_on")) if cur.get("convicted") == "yes" else None,
        subject_to_exclusion_or_deportation=cur.get("exclusion") == "yes",
        immigration_breach=cur.get("immigration") == "yes",
        terrorism_or_extremism=cur.get("conduct") == "yes",
    )
    return service.ApplicantIn(
        given_names=cur.get("given_names", ""),
        family_name=cur.get("family_name", ""),
        date_of_birth=date.fromisoformat(cur["date_of_birth"]),
        sex=cur.get("sex", "X"),
        nationality=cur.get("nationality", ""),
        passport_number=cur.get("passport_number", ""),
        passport_issuing_state=cur.get("issuing_state", ""),
        passport_expiry=date.fromisoformat(cur["passport_expiry"]),
        email=cur.get("email", ""),
        answers=answers,
        arrival_date=as_date(cur.get("arrival_date")),
        photo_path=cur.get("photo_path"),
        on_behalf=data.get("mode") != "self",
        submitted_by=data.get("submitter"),
    )
