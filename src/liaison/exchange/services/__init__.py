"""The actions of the exchange app: every write goes through these `do_*`/`check_*` functions."""

from .files import NewFile
from .messages import (
    Draft,
    check_send_message,
    do_mark_read,
    do_read_attachment,
    is_recipient_side,
    store_message,
)
from .reports import can_file, check_file_report, check_save_schedule, do_send_reminder
from .widen import can_decide, check_decide_widen, check_request_widen

__all__ = [
    "Draft",
    "NewFile",
    "can_decide",
    "can_file",
    "check_decide_widen",
    "check_file_report",
    "check_request_widen",
    "check_save_schedule",
    "check_send_message",
    "do_mark_read",
    "do_read_attachment",
    "do_send_reminder",
    "is_recipient_side",
    "store_message",
]
