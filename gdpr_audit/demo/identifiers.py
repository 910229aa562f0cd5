"""Identifiers that look real to detectors but belong to nobody.

Phone numbers use fictional ranges where a country reserves them (UK Ofcom drama
numbers, US 555-01xx, French 01 99 00); IBANs and German tax ids carry valid
check digits (python-stdnum) so checksum-validating recognizers accept them;
e-mail addresses use the reserved ``example.*`` domains.
"""

from __future__ import annotations

import numpy as np
from stdnum import iban as stdnum_iban
from stdnum.iso7064 import mod_11_10

EMAIL_DOMAINS_EN = ("example.com", "example.org", "example.net", "mail.example.com")
EMAIL_DOMAINS_DE = ("example.de", "example.com", "post.example.de", "example.org")

_TRANSLIT = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "à": "a",
        "ç": "c",
        "ô": "o",
        "í": "i",
        "á": "a",
        "ó": "o",
        "ú": "u",
        "'": "",
        " ": "",
        "É": "E",
    }
)


def ascii_local_part(name: str) -> str:
    """``Jürgen`` -> ``juergen``: the form names take in e-mail addresses."""
    return name.lower().translate(_TRANSLIT).replace("-", "")


def _digits(rng: np.random.Generator, n: int) -> str:
    return f"{int(rng.integers(0, 10**n)):0{n}d}"


def _local(rng: np.random.Generator, n: int) -> str:
    """Subscriber digits: never starting with 0 or 1 (trunk and service prefixes)."""
    return str(int(rng.integers(2 * 10 ** (n - 1), 10**n)))


def phone_number(rng: np.random.Generator, country: str, area: str | None = None) -> str:
    """A phone number in one of the formats usual in ``country``."""
    if country == "DE":
        style = int(rng.integers(0, 6))
        mobile = ("160", "170", "171", "175", "160", "171")[int(rng.integers(0, 6))]
        area = area or ("30", "40", "89", "221", "69")[int(rng.integers(0, 5))]
        local = _local(rng, 7 if len(area) <= 3 else 6)
        if style == 0:
            return f"0{mobile} {_local(rng, 7)}"
        if style == 1:
            return f"+49 {area} {local}"
        if style == 2:
            return f"(0{area}) {local[:3]} {local[3:5]} {local[5:]}"
        if style == 3:
            return f"0{mobile}/{_local(rng, 7)}"
        if style == 4:
            return f"+49 {mobile} {_local(rng, 7)}"
        return f"0{area} {local}"
    if country == "AT":
        if rng.random() < 0.5:
            return f"+43 664 {_local(rng, 7)}"
        return f"+43 {area or '1'} {_local(rng, 3)} {_digits(rng, 4)}"
    if country == "US":
        city = ("212", "312", "415", "503", "512", "617")[int(rng.integers(0, 6))]
        tail = f"01{_digits(rng, 2)}"
        return f"({city}) 555-{tail}" if rng.random() < 0.5 else f"+1 {city}-555-{tail}"
    if country == "GB":
        if rng.random() < 0.5:
            return f"020 7946 0{_digits(rng, 3)}"
        return f"+44 20 7946 0{_digits(rng, 3)}"
    if country == "FR":
        return f"+33 1 99 00 {_digits(rng, 2)} {_digits(rng, 2)}"
    if country == "BE":
        return (
            f"+32 2 {int(rng.integers(2, 8))}{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
        )
    if country == "IE":
        return f"+353 1 {_local(rng, 3)} {_local(rng, 4)}"
    if country == "NL":
        return f"+31 20 {_local(rng, 3)} {_local(rng, 4)}"
    return f"+49 30 {_local(rng, 7)}"


def iban_de(rng: np.random.Generator, grouped: bool | None = None) -> str:
    """A German IBAN with valid check digits (``DE`` + 2 + BLZ 8 + account 10)."""
    bban = _digits(rng, 18)
    check = stdnum_iban.calc_check_digits(f"DE00{bban}")
    number = f"DE{check}{bban}"
    if grouped is None:
        grouped = bool(rng.random() < 0.5)
    return stdnum_iban.format(number) if grouped else number


def tax_id_de(rng: np.random.Generator) -> str:
    """A German Steuer-ID (IdNr) that passes ``stdnum.de.idnr`` (11 digits, mod 11,10)."""
    while True:
        digits = [int(d) for d in rng.permutation(10)[:9]]
        dup = digits[int(rng.integers(0, 9))]
        digits.insert(int(rng.integers(1, 10)), dup)
        if digits[0] != 0:
            break
    body = "".join(map(str, digits))
    return body + mod_11_10.calc_check_digit(body)


#: Card numbers published by payment networks for testing (Luhn-valid, never issued).
TEST_CARDS = (
    "4111 1111 1111 1111",
    "5555 5555 5555 4444",
    "4012 8888 8888 1881",
    "3782 822463 10005",
    "6011 1111 1111 1117",
    "5105 1051 0510 5100",
)


def test_ip(rng: np.random.Generator) -> str:
    """An address from the documentation ranges (RFC 5737)."""
    net = ("192.0.2", "198.51.100", "203.0.113")[int(rng.integers(0, 3))]
    return f"{net}.{int(rng.integers(1, 255))}"
