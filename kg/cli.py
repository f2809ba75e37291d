"""The `kg` command: build, query, export, serve.

Commands import their heavy modules lazily so that `kg query`, `kg export` and `kg serve`
never load spaCy.
"""
from __future__ import annotations

from pathlib import Path

import click

DEFAULT_GRAPH = Path("data/graph.trig")


@click.group()
@click.version_option(package_name="newskg")
def cli() -> None:
    """Build and serve a knowledge graph of who met whom, from news articles."""


@cli.command()
@click.argument("seeds", type=click.Path(file_okay=False, path_type=Path), default=Path("seeds"))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_GRAPH,
              show_default=True, help="Where to write the dataset (TriG).")
def build(seeds: Path, out: Path) -> None:
    """Build the dataset from the articles in SEEDS (default: seeds/)."""
    from kg.build import BuildError, build_dataset

    try:
        report = build_dataset(seeds, out, progress=_progress)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    for name, reason in report.skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    click.echo(report.summary())


def _progress(items, label: str):
    """A click progress bar over the articles, showing the current file name."""
    return click.progressbar(items, label=label, item_show_func=lambda p: p.name if p else "",
                             file=click.get_text_stream("stderr"))
