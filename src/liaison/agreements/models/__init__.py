from .commitments import Commitment, ProgressUpdate
from .documents import Document, DocumentSignatory, DocumentVersion, StoredFile
from .meetings import Meeting
from .signatures import SignatoryKey, Signature

__all__ = [
    "Commitment",
    "Document",
    "DocumentSignatory",
    "DocumentVersion",
    "Meeting",
    "ProgressUpdate",
    "SignatoryKey",
    "Signature",
    "StoredFile",
]
