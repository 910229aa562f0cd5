"""Rebuild the special-category vocabularies in ``gdpr_audit/discover/vocab/``.

Run: ``.venv/bin/python benchmarks/vocab/build_vocab.py [--doid PATH|URL] [--partyfacts PATH|URL]
[--curated-only]``

Sources (docs/detection.md lists each output file with its source, date and licence):

- Human Disease Ontology, ``DOreports/HumanDO.tsv`` (CC0 1.0): English disease labels,
  kept when short enough to be written in a note (1-3 words, no digits or brackets) and
  not an ordinary word (``seeds/ordinary_words.txt``).
- Party Facts, ``import/elecglob/partyfacts-core-parties.csv`` (MIT): parties of the EU
  member states and the UK active since 2005 with at least 1% of the vote, native and
  English names and usable abbreviations.
- ``seeds/*.txt``: lists curated by the project (MIT): plain-word conditions, German
  compound heads, medicines, religious practice, trade unions, party spellings, ethnic
  groups and minorities (UK monitoring answers after the ONS 2021 classification, OGL
  v3.0; Germany's four recognised national minorities).

Build time only: the runtime never downloads anything. Each output file starts with a
header (category, language, source, licence, date) and holds one ``term[TAB flags]`` per
line; flags: ``cs`` case-sensitive, ``person`` needs a person in the sentence, ``cue``
needs a category cue (membership, office, vote) in the sentence.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
OUT = HERE.parent.parent / "gdpr_audit" / "discover" / "vocab"
DOID_URL = (
    "https://raw.githubusercontent.com/DiseaseOntology/HumanDiseaseOntology/main/"
    "DOreports/HumanDO.tsv"
)
PARTYFACTS_URL = (
    "https://raw.githubusercontent.com/hdigital/partyfactsdata/main/"
    "import/elecglob/partyfacts-core-parties.csv"
)
#: EU member states and the UK (ISO 3166 alpha-3, as Party Facts spells them).
COUNTRIES = frozenset(
    [
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "GBR",
    ]  # noqa: SIM905
)
#: Abbreviations collide with everything ("EU", "MP", "BND", "LLP"): only those of the
#: countries whose notes the scanner reads (DE, AT, UK, IE), plus seeds/parties_extra.txt.
SHORT_NAME_COUNTRIES = frozenset({"DEU", "AUT", "GBR", "IRL"})
#: Vote share (%) a party needs: 1% in general; in the countries whose notes the scanner
#: reads, small parties with seats count too (DUP 0.9, Plaid Cymru 0.7, SSW 0.3).
MIN_SHARE, MIN_SHARE_HOME = 1.0, 0.1
MIT = "MIT (curated by the gdpr-audit project)"


def _read(source: str) -> str:
    if re.match(r"https?://", source):
        with urllib.request.urlopen(source, timeout=60) as resp:  # noqa: S310 (build time)
            return resp.read().decode("utf-8")
    return Path(source).read_text("utf-8")


def _seed(name: str) -> list[tuple[str, str]]:
    """(term, flags) of a seed file, comments and blank lines skipped."""
    out = []
    for line in (SEEDS / name).read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, flags = line.partition("\t")
        out.append((term.strip(), flags.strip()))
    return out


def _guard() -> frozenset[str]:
    return frozenset(t.lower() for t, _ in _seed("ordinary_words.txt"))


def doid_terms(text: str, guard: frozenset[str]) -> list[tuple[str, str]]:
    """Disease labels of HumanDO.tsv short and specific enough for a CRM note."""
    terms = set()
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        label = (row.get("label") or "").strip().strip('"').lower()
        if (
            not label
            or re.search(r"[\d(),\[\]/:;]", label)
            or not 1 <= len(label.split()) <= 3
            or len(label) < 5
            or label in guard
            or label.endswith((" type", " disease type"))
        ):
            continue
        terms.add(label)
    return [(t, "") for t in sorted(terms)]


# One-word party names are often ordinary words ("Action", "Respect", "Forward"): kept
# only when they cannot be English ones (a letter outside ASCII) or end like a party.
_PARTY_END = re.compile(
    r"(?:partei|partiet|parti|party|puolue|pártja|lista|listan|liitto|unie|links)$"
)


def _distinct_word(word: str) -> bool:
    return not word.isascii() or bool(_PARTY_END.search(word.lower()))


def party_terms(text: str, guard: frozenset[str]) -> list[tuple[str, str]]:
    """Party names and abbreviations of the EU member states and the UK (Party Facts)."""

    def share(value: str) -> float:
        try:
            return float(value)
        except ValueError:
            return 0.0

    terms: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        last = row.get("year_last") or ""
        home = row["country"] in SHORT_NAME_COUNTRIES
        if (
            row["country"] not in COUNTRIES
            or (last and int(last) < 2005)
            or share(row.get("share", "")) < (MIN_SHARE_HOME if home else MIN_SHARE)
        ):
            continue
        for name in (row["name"], row["name_english"]):
            for part in re.split(r"\s+[–/]\s+|\s+--\s+", name or ""):
                part = part.strip()
                if (
                    len(part) >= 5
                    and part.lower() not in guard
                    and not re.search(r"[\[\]()!]", part)
                    and (" " in part or _distinct_word(part))
                ):
                    terms.setdefault(part.lower(), "cue")
                first = part.split()[0] if " " in part else ""
                if home and first and _PARTY_END.search(first.lower()) and len(first) >= 8:
                    terms.setdefault(first.lower(), "cue")  # "Piratenpartei (Deutschland)"
        short = (row.get("name_short") or "").strip()
        if (
            row["country"] in SHORT_NAME_COUNTRIES
            and re.fullmatch(r"[A-ZÄÖÜČŠŽŁ][A-Za-zÄÖÜäöüČŠŽčšžŁł0-9\-]{2,9}", short)
            and sum(c.isupper() for c in short) >= 2
            and short.lower() not in guard
        ):
            terms.setdefault(short, "cs cue")
    for term, flags in _seed("parties_extra.txt"):
        key = term if "cs" in flags else term.lower()
        terms[key] = " ".join(sorted(set(flags.split()) | {"cue"}))
    return sorted(terms.items(), key=lambda kv: kv[0].lower())


def write(name: str, header: dict[str, str], terms: list[tuple[str, str]]) -> int:
    lines = [f"# {k}: {v}" for k, v in header.items()]
    lines += [f"{t}\t{f}" if f else t for t, f in terms]
    (OUT / name).write_text("\n".join(lines) + "\n", "utf-8")
    return len(terms)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doid", default=DOID_URL, help="HumanDO.tsv (path or URL)")
    ap.add_argument("--partyfacts", default=PARTYFACTS_URL, help="core parties CSV (path or URL)")
    ap.add_argument("--date", default=dt.date.today().isoformat(), help="date of the sources")
    ap.add_argument(
        "--curated-only",
        action="store_true",
        help="rebuild only the files made from seeds/ (no download; DOID and Party Facts kept)",
    )
    args = ap.parse_args(argv)
    guard = _guard()
    OUT.mkdir(parents=True, exist_ok=True)
    built = {"built": f"{args.date} by benchmarks/vocab/build_vocab.py"}

    def curated(cat: str, lang: str, seed: str) -> dict[str, str]:
        return {
            "category": cat,
            "language": lang,
            "source": f"benchmarks/vocab/seeds/{seed}",
            "licence": MIT,
            **built,
        }

    counts = {}
    for out, cat, lang, seed in (
        ("health_en.txt", "HEALTH", "en", "health_en.txt"),
        ("health_de.txt", "HEALTH", "de", "health_de.txt"),
        ("health_heads_de.txt", "HEALTH", "de", "health_heads_de.txt"),
        ("medications.txt", "HEALTH", "en de", "medications.txt"),
        ("religion_en.txt", "RELIGION", "en", "religion_en.txt"),
        ("religion_de.txt", "RELIGION", "de", "religion_de.txt"),
        ("unions.txt", "TRADE_UNION", "en de", "unions.txt"),
        ("ethnic_en.txt", "ETHNIC_ORIGIN", "en", "ethnic_en.txt"),
        ("ethnic_de.txt", "ETHNIC_ORIGIN", "de", "ethnic_de.txt"),
    ):
        terms = _seed(seed)
        if cat == "TRADE_UNION":  # a union's name alone is the organisation, not a member
            terms = [(t, " ".join(sorted(set(f.split()) | {"cue"}))) for t, f in terms]
        counts[out] = write(out, curated(cat, lang, seed), terms)
    if args.curated_only:
        for name, n in counts.items():
            print(f"{name:<24} {n:>6} terms")
        return 0
    counts["health_doid_en.txt"] = write(
        "health_doid_en.txt",
        {
            "category": "HEALTH",
            "language": "en",
            "source": f"Human Disease Ontology, DOreports/HumanDO.tsv ({args.doid})",
            "licence": "CC0 1.0 (disease-ontology.org)",
            **built,
        },
        doid_terms(_read(args.doid), guard),
    )
    counts["parties_eu.txt"] = write(
        "parties_eu.txt",
        {
            "category": "POLITICAL_OPINION",
            "language": "en de",
            "source": f"Party Facts core parties ({args.partyfacts}) + seeds/parties_extra.txt",
            "licence": "MIT (Party Facts authors; project additions MIT)",
            **built,
        },
        party_terms(_read(args.partyfacts), guard),
    )
    for name, n in counts.items():
        print(f"{name:<24} {n:>6} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
