"""Build faults are reported in one line and skipped; the rest is built; never a traceback.

Fast tests call the article reader on real files (a FIFO, links, odd names, headers only)
and fuzz it with Hypothesis; the slow one runs `kg build` on such a folder, then makes the
write fail, and checks what a user sees.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import BuildReport, read_articles
from kg.extract.article import MAX_CHARS, ArticleError, read_article
from kg.rdfio import remove_stale_temps

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Ministers meet in Cairo\n\nEgypt's foreign minister met Qatar's prime minister in Cairo on Monday.\n"
IRI_SAFE = re.compile(r"[A-Za-z0-9._~-]+\Z")


def test_a_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    started, report = time.monotonic(), BuildReport()
    articles = read_articles(tmp_path, report)
    assert [a.doc_id for a in articles] == ["good"] and time.monotonic() - started < 5
    assert report.skipped == [("pipe.txt", "not a regular file (a FIFO, device or folder): not read")]


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    outside, folder = tmp_path / "secret.txt", tmp_path / "seeds"
    folder.mkdir()
    outside.write_text(GOOD, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "real.txt").write_text(GOOD, encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "real.txt")  # inside: fine
    report = BuildReport()
    ids = [a.doc_id for a in read_articles(folder, report)]
    assert ids == ["alias", "real"]
    assert report.skipped == [("leak.txt", "a link to a file outside the folder: not read")]


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n", b"date 2026-01-25\n",
                                  b"date 2026-01-25   \n\n  \n"])
def test_header_only_articles_are_reported(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "hollow.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError, match="empty file|no text after the header"):
        read_article(path)


def test_size_limit_is_spacys_max_length(tmp_path: Path) -> None:
    fits, over = tmp_path / "fits.txt", tmp_path / "over.txt"
    fits.write_text("Title\n\n" + "x" * (MAX_CHARS - 7), encoding="utf-8")
    over.write_text("Title\n\n" + "x" * MAX_CHARS, encoding="utf-8")
    assert len(read_article(fits).text) <= MAX_CHARS
    with pytest.raises(ArticleError, match="1,000,000-character limit"):
        read_article(over)


@pytest.mark.model
def test_the_model_takes_the_longest_article() -> None:
    from kg.extract.pipeline import make_nlp

    assert make_nlp().max_length >= MAX_CHARS


def test_unsafe_names_get_safe_unique_ids(tmp_path: Path) -> None:
    for name in ('a b.txt', 'a-b.txt', 'a"b.txt', 'x{y}.txt', 'ok_1.txt'):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    ids = {a.file_name: a.doc_id for a in read_articles(tmp_path, BuildReport())}
    assert ids["ok_1.txt"] == "ok_1" and ids["a-b.txt"] == "a-b"
    assert (ids["a b.txt"], ids['a"b.txt']) == ("a-b-2", "a-b-3")  # a-b.txt keeps its own
    assert ids["x{y}.txt"] == "x-y"


def test_stale_temp_files_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    import fcntl

    target = tmp_path / "graph.trig"
    stale, live, fresh = (tmp_path / f".graph.trig.{n}.tmp" for n in ("dead", "live", "new"))
    for temp in (stale, live, fresh):
        temp.write_bytes(b"half a graph")
    for temp in (stale, live):
        os.utime(temp, (time.time() - 60, time.time() - 60))
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        assert remove_stale_temps(target) == [stale]
    finally:
        os.close(holder)
    assert live.exists() and fresh.exists() and not stale.exists()


names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                min_size=1, max_size=24).filter(lambda n: not n.startswith("."))
contents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"\xef\xbb\xbf", b"date 2026-01-02\n", b"date 2026-13-45 x\n\nBody.",
                     GOOD.encode(), b"\xef\xbb\xbf" + GOOD.encode(), b"caf\xe9", b"a\x00b"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.dictionaries(names, contents, min_size=1, max_size=6))
def test_reader_fuzz_never_crashes_and_ids_are_safe(tmp_path_factory: pytest.TempPathFactory,
                                                     files: dict[str, bytes]) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for name, data in files.items():
        (folder / f"{name}.txt").write_bytes(data)
    report = BuildReport()
    try:
        articles = read_articles(folder, report)
    except Exception as exc:  # noqa: BLE001 - only "nothing readable" may escape, as a BuildError
        assert type(exc).__name__ == "BuildError" and "no readable article" in str(exc)
        articles = []
    ids = [a.doc_id for a in articles]
    assert len(ids) == len(set(ids)) and all(IRI_SAFE.match(i) for i in ids)
    assert all(a.text.strip() and len(a.text) <= MAX_CHARS for a in articles)
    assert all("\n" not in reason for _, reason in report.skipped)
    assert len(articles) + len(report.skipped) == len(files)


@pytest.mark.slow
@pytest.mark.model
def test_kg_build_reports_faults_in_one_line_each(tmp_path: Path) -> None:
    seeds, out = tmp_path / "seeds", tmp_path / "out" / "graph.trig"
    seeds.mkdir()
    (seeds / 'talks in "Cairo".txt').write_text(GOOD, encoding="utf-8")
    (seeds / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    (seeds / "dated.txt").write_bytes(b"date 2026-01-25\n")
    (seeds / "huge.txt").write_text("Title\n\n" + "word " * 250_000, encoding="utf-8")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "leak.txt").symlink_to(ROOT / "README.md")
    out.parent.mkdir()
    stale = out.parent / ".graph.trig.killed.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 60, time.time() - 60))
    run = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(seeds), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    skipped = [line for line in run.stderr.splitlines() if line.startswith("skipped ")]
    assert sorted(line.split(":")[0] for line in skipped) == [
        "skipped bom.txt", "skipped dated.txt", "skipped huge.txt", "skipped leak.txt",
        "skipped pipe.txt"]
    assert "Traceback" not in run.stderr and not stale.exists()
    assert "talks-in-cairo" in out.read_text(encoding="utf-8")

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    again = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(seeds), "--out",
                            str(blocked / "graph.trig")], cwd=ROOT, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.strip().splitlines()[-1].startswith(f"Error: cannot write {blocked}")
