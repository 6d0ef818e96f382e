"""Person-name matching across Vietnamese, Lao script and the romanisations of Lao names.

Pure Python (no Django): ``score`` and ``same_person`` for two bare names, ``compare`` for a
person with qualifiers (birth date, sex, nationality, documents), ``Index`` / ``SqliteIndex`` to
search many persons (``liaison.matching.pg.PgIndex`` in PostgreSQL). See ``docs/matching.md``.
"""

from liaison.matching.index import Index, SqliteIndex, index_keys
from liaison.matching.lao import romanise
from liaison.matching.normalise import fold_latin, name_keys, token_key
from liaison.matching.scoring import (
    HIT_THRESHOLD,
    REVIEW_THRESHOLD,
    Decision,
    MatchResult,
    Person,
    PersonQuery,
    PersonRecord,
    compare,
    same_person,
    score,
)

__all__ = [
    "HIT_THRESHOLD",
    "REVIEW_THRESHOLD",
    "Decision",
    "Index",
    "MatchResult",
    "Person",
    "PersonQuery",
    "PersonRecord",
    "SqliteIndex",
    "compare",
    "fold_latin",
    "index_keys",
    "name_keys",
    "romanise",
    "same_person",
    "score",
    "token_key",
]
