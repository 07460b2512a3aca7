"""A generated, labelled set of hard name variations for measuring matching quality (no downloads).

Each listed identity gets one manipulated query: its name in Cyrillic or Arabic script, its parts swapped,
a typo, a missing middle name, a nickname, an initial, or a year-only date of birth. Look-alike queries are
other people: the same surname with another given name and date of birth, or a one-letter-different name
born decades apart. Deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

RUSSIAN_GIVEN = [
    ("Aleksandr", "Александр"),
    ("Dmitry", "Дмитрий"),
    ("Sergei", "Сергей"),
    ("Vladimir", "Владимир"),
    ("Nikolai", "Николай"),
    ("Mikhail", "Михаил"),
    ("Andrei", "Андрей"),
    ("Yuri", "Юрий"),
    ("Ivan", "Иван"),
    ("Pavel", "Павел"),
    ("Oleg", "Олег"),
    ("Igor", "Игорь"),
    ("Viktor", "Виктор"),
    ("Yevgeny", "Евгений"),
    ("Boris", "Борис"),
    ("Grigory", "Григорий"),
    ("Konstantin", "Константин"),
    ("Maxim", "Максим"),
    ("Anatoly", "Анатолий"),
    ("Vasily", "Василий"),
]
RUSSIAN_FAMILY = [
    ("Ivanov", "Иванов"),
    ("Smirnov", "Смирнов"),
    ("Kuznetsov", "Кузнецов"),
    ("Popov", "Попов"),
    ("Sokolov", "Соколов"),
    ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"),
    ("Novikov", "Новиков"),
    ("Morozov", "Морозов"),
    ("Petrov", "Петров"),
    ("Volkov", "Волков"),
    ("Solovyov", "Соловьёв"),
    ("Vasiliev", "Васильев"),
    ("Zaitsev", "Зайцев"),
    ("Pavlov", "Павлов"),
    ("Semenov", "Семенов"),
    ("Golubev", "Голубев"),
    ("Vinogradov", "Виноградов"),
    ("Bogdanov", "Богданов"),
    ("Vorobyov", "Воробьёв"),
    ("Fedorov", "Федоров"),
    ("Mikhailov", "Михайлов"),
    ("Belyaev", "Беляев"),
    ("Tarasov", "Тарасов"),
]
ARABIC_GIVEN = [
    ("Mohammed", "محمد"),
    ("Ahmed", "أحمد"),
    ("Hassan", "حسن"),
    ("Hussein", "حسين"),
    ("Omar", "عمر"),
    ("Khalid", "خالد"),
    ("Youssef", "يوسف"),
    ("Ibrahim", "إبراهيم"),
    ("Mahmoud", "محمود"),
    ("Mustafa", "مصطفى"),
    ("Tariq", "طارق"),
    ("Karim", "كريم"),
    ("Samir", "سمير"),
    ("Fatima", "فاطمة"),
    ("Mariam", "مريم"),
    ("Nabil", "نبيل"),
    ("Walid", "وليد"),
    ("Faisal", "فيصل"),
    ("Bilal", "بلال"),
    ("Jamal", "جمال"),
]
ARABIC_FAMILY = [
    ("Haddad", "حداد"),
    ("Khoury", "خوري"),
    ("Nasser", "ناصر"),
    ("Saleh", "صالح"),
    ("Hamdan", "حمدان"),
    ("Mansour", "منصور"),
    ("Qasim", "قاسم"),
    ("Darwish", "درويش"),
    ("Abbas", "عباس"),
    ("Farouk", "فاروق"),
    ("Aziz", "عزيز"),
    ("Salim", "سليم"),
    ("Jaber", "جابر"),
    ("Yassin", "ياسين"),
    ("Hamid", "حامد"),
    ("Rashid", "رشيد"),
    ("Bakr", "بكر"),
    ("Shami", "شامي"),
    ("Tamimi", "تميمي"),
    ("Zaidan", "زيدان"),
]
ENGLISH_GIVEN = [
    ("William", "Bill"),
    ("Robert", "Bob"),
    ("Richard", "Dick"),
    ("Margaret", "Peggy"),
    ("Elizabeth", "Liz"),
    ("James", "Jim"),
    ("Thomas", "Tom"),
    ("Edward", "Ted"),
    ("Catherine", "Kate"),
    ("Michael", "Mike"),
    ("Christopher", "Chris"),
    ("Anthony", "Tony"),
    ("Jonathan", "Jon"),
    ("Samuel", "Sam"),
    ("Patrick", "Paddy"),
    ("Henry", "Harry"),
    ("Susan", "Sue"),
    ("Jennifer", "Jenny"),
    ("Daniel", "Danny"),
    ("Nicholas", "Nick"),
]
ENGLISH_MIDDLE = ["John", "Anne", "Marie", "Lee", "James", "Louise", "Edward", "Grace", "Paul", "Rose"]
ENGLISH_FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Harrison",
    "Fletcher",
    "Pemberton",
    "Ashworth",
    "Whitfield",
    "Cartwright",
    "Blackwood",
    "Hargreaves",
]
MANIPULATIONS = ("script", "swap", "typo", "no_middle", "nickname", "initial", "year_only")


@dataclass(frozen=True)
class Record:
    ref: str
    names: tuple[str, ...]
    date_of_birth: str | None
    nationalities: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    ref: str
    record: Record
    truth: str | None  # the listed identity's ref, or None for a look-alike
    manipulation: str


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1) if len(word) > 3 else 1
    letters = "abcdefghijklmnoprstuvy"
    how = rng.choice(("swap", "drop", "replace", "double"))
    if how == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(letters) + word[i + 1 :]


def _dob(rng: random.Random) -> str:
    return f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(
    count: int = 1000, lookalikes: int = 1000, seed: int = 20261126
) -> tuple[list[Record], list[Query]]:
    rng = random.Random(seed)
    listed: list[Record] = []
    queries: list[Query] = []
    seen: set[tuple[str, ...]] = set()
    while len(listed) < count:
        n = len(listed)
        culture = ("ru", "ar", "en")[n % 3]
        if culture == "ru":
            (given, given_c), (family, family_c) = rng.choice(RUSSIAN_GIVEN), rng.choice(RUSSIAN_FAMILY)
            (father, father_c) = rng.choice(RUSSIAN_GIVEN)
            middle, middle_c = father + "ovich", father_c + "ович"
            nat, native = "RUS", f"{given_c} {middle_c} {family_c}"
        elif culture == "ar":
            (given, given_c), (family, family_c) = rng.choice(ARABIC_GIVEN), rng.choice(ARABIC_FAMILY)
            middle, middle_c = rng.choice(ARABIC_GIVEN)
            nat, native = rng.choice(("SYR", "IRQ", "EGY", "JOR")), f"{given_c} {middle_c} {family_c}"
        else:
            given, _ = rng.choice(ENGLISH_GIVEN)
            middle, family = rng.choice(ENGLISH_MIDDLE), rng.choice(ENGLISH_FAMILY)
            nat, native = "GBR", ""
        key = (given, middle, family)
        if key in seen:
            continue
        seen.add(key)
        record = Record(f"L{n}", (f"{given} {middle} {family}",), _dob(rng), (nat,))
        listed.append(record)
        options = [
            m for m in MANIPULATIONS if (m != "script" or native) and (m != "nickname" or culture == "en")
        ]
        how = options[(n // 3) % len(options)]
        names = {
            "script": native,
            "swap": f"{family} {given}",
            "typo": f"{_typo(rng, given)} {middle} {_typo(rng, family)}"
            if n % 2
            else f"{given} {_typo(rng, family)}",
            "no_middle": f"{given} {family}",
            "nickname": f"{dict(ENGLISH_GIVEN).get(given, given)} {family}",
            "initial": f"{given[0]}. {middle} {family}",
            "year_only": f"{given} {middle} {family}",
        }[how]
        dob = record.date_of_birth if how != "year_only" and n % 4 else (record.date_of_birth or "")[:4]
        queries.append(
            Query(f"Q{n}", Record(f"Q{n}", (names,), dob, (nat,) if n % 5 else ()), record.ref, how)
        )
    for m in range(lookalikes):
        target = listed[rng.randrange(len(listed))]
        parts = target.names[0].split()
        if m % 2:
            pool = [g for g, _ in RUSSIAN_GIVEN + ARABIC_GIVEN + ENGLISH_GIVEN if g != parts[0]]
            name, how = f"{rng.choice(pool)} {parts[-1]}", "lookalike_other_given"
            dob = _dob(rng)
        else:
            name, how = f"{_typo(rng, parts[0])} {parts[-1]}", "lookalike_born_apart"
            year = int((target.date_of_birth or "1970")[:4])
            dob = f"{year + rng.choice((-30, -20, 20, 25)) if year < 1980 else year - 30}-06-15"
        queries.append(Query(f"X{m}", Record(f"X{m}", (name,), dob, target.nationalities), None, how))
    return listed, queries
