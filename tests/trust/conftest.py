"""Fixtures of the trust-core tests: the agreements node (VN) and the pinned remote peer (LA) that
the agreements and federation tests already use, so these tests build the same real objects."""

from __future__ import annotations

from tests.agreements.conftest import draft, la_node_key, meeting, officials, outbox, vn  # noqa: F401
from tests.federation.conftest import remote  # noqa: F401
