"""The demo data is true to its sources: every quote occurs, exactly, in the seed article it names.

The seed articles live outside the repository, in the project's shared folder next to it
(`<repo>/../shared/seeds`); CI has them. A bare clone does not, so these tests skip there, and only
there. `LIAISON_TEST_SEEDS_DIR` points elsewhere, for a checkout that is not next to the shared folder
(a git worktree, for instance).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from liaison.demo.agreements_data import COMMITMENTS, DOCUMENTS, MEETINGS

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("LIAISON_TEST_SEEDS_DIR") or REPO / ".." / "shared" / "seeds")

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"no seed articles at {SEEDS.resolve()}: a bare clone lacks the shared folder next to it",
)

# The seven commitments whose page named their document's article instead of their own.
MISLABELLED = {
    "c12-transnational-crime": "003_f7e726d1e6a85118.txt",
    "c12-border-twinning": "003_f7e726d1e6a85118.txt",
    "c12-border-stations": "003_f7e726d1e6a85118.txt",
    "m13-mechanisms": "000_0f5cc0062cd9151c.txt",
    "m13-info-hotline": "000_0f5cc0062cd9151c.txt",
    "m13-border-locality-meetings": "000_0f5cc0062cd9151c.txt",
    "m13-asean-ct": "000_0f5cc0062cd9151c.txt",
}


def _quotes() -> list[Any]:
    """(what, seed file named, quote) for every quote of the demo data; all are verbatim."""
    found = []
    for kind, rows in (("meeting", MEETINGS), ("document", DOCUMENTS), ("commitment", COMMITMENTS)):
        for row in rows:
            found.append(pytest.param(row["source"], row["source_quote"], id=f"{kind}:{row['key']}"))
            for n, other in enumerate(row.get("also_reported", []), start=1):
                found.append(
                    pytest.param(other["source"], other["quote"], id=f"{kind}:{row['key']}:also-{n}")
                )
    return found


def _seed(source: str) -> str:
    # A source is written "seeds/<file>" in the data; the file sits in SEEDS.
    path = SEEDS / Path(source).name
    assert Path(source).parent.name == "seeds" and path.is_file(), f"no seed file {source}"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("source", "quote"), _quotes())
def test_each_quote_occurs_exactly_in_the_seed_file_it_names(source: str, quote: str) -> None:
    # Exact: not whitespace-normalised, not case-folded; the page shows the quote as it is stored.
    assert quote.strip() == quote and quote
    assert quote in _seed(source)


def test_the_seven_mislabelled_commitments_name_their_own_article() -> None:
    by_key = {c["key"]: c for c in COMMITMENTS}
    documents = {d["key"]: d for d in DOCUMENTS}
    for key, seed_file in MISLABELLED.items():
        commitment = by_key[key]
        assert Path(commitment["source"]).name == seed_file, key
        # Their document quotes another article: the commitment must not borrow its label.
        assert documents[commitment["document"]]["source"] != commitment["source"], key
        assert commitment["source_quote"] in _seed(commitment["source"]), key
        assert commitment["source_quote"] not in _seed(documents[commitment["document"]]["source"]), key
