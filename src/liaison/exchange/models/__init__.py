from .messages import (
    Attachment,
    Blob,
    Message,
    MessageRead,
    NamedRecipient,
    Receipt,
    Thread,
    WidenRequest,
    unit_chain_ids,
)
from .reports import Period, Report, ReportReminder, ReportSchedule

__all__ = [
    "Attachment",
    "Blob",
    "Message",
    "MessageRead",
    "NamedRecipient",
    "Period",
    "Receipt",
    "Report",
    "ReportReminder",
    "ReportSchedule",
    "Thread",
    "WidenRequest",
    "unit_chain_ids",
]
