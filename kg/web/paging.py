"""Paging for long lists: which page was asked for (`?page=N`), and what the page shows."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app, request, url_for

from kg.store import QueryError

__all__ = ["Pager", "page_of", "requested"]
T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Page `number` (from 1) of `size` rows out of `total`."""

    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """Position of the page's first row (1-based; 0 when there are none)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def url(self, number: int) -> str:
        """This request's URL asking for page `number` (its other arguments kept)."""
        args = {**request.args.to_dict(), "page": number}
        return url_for(str(request.endpoint), **(request.view_args or {}), **args)


def requested(total: int, size: int | None = None) -> Pager:
    """The page the request asks for (`?page=`, default 1) of `total` rows.

    :raises QueryError: the page is not a positive whole number.
    """
    raw = request.args.get("page", "1").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise QueryError(f"page {raw!r} is not a page number (1, 2, ...)")
    size = size or int(current_app.config.get("KG_PAGE_SIZE", 50))
    return Pager(int(raw), size, total)


def page_of(rows: Sequence[T], pager: Pager) -> Sequence[T]:
    """The rows of one page."""
    return rows[pager.offset:pager.offset + pager.size]
