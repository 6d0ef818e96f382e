"""The actions of the agreements app (STYLE.md rules 2-4): views, the API, federation handlers,
commands and tests all call these."""

from .commitments import can_update, check_record_progress, materialise_commitments, receive_update
from .documents import (
    check_create_document,
    check_new_version,
    check_share_document,
    missing_for_signing,
    receive_shared,
    version_content,
)
from .files import NewFile, receive_chunk
from .meetings import do_save_meeting
from .reads import do_record_file_read, do_record_review_export
from .signing import (
    check_sign_version,
    do_register_signatory,
    is_fully_signed,
    reach_label,
    reach_warnings,
    receive_signature,
    signatory_reach,
    signed_version,
    verify_document,
)

__all__ = [
    "NewFile",
    "can_update",
    "check_create_document",
    "check_new_version",
    "check_record_progress",
    "check_share_document",
    "check_sign_version",
    "do_record_file_read",
    "do_record_review_export",
    "do_register_signatory",
    "do_save_meeting",
    "is_fully_signed",
    "materialise_commitments",
    "missing_for_signing",
    "reach_label",
    "reach_warnings",
    "receive_chunk",
    "receive_shared",
    "receive_signature",
    "receive_update",
    "signatory_reach",
    "signed_version",
    "verify_document",
    "version_content",
]
