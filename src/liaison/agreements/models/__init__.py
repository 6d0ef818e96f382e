from .commitments import Commitment, ProgressUpdate
from .documents import Document, DocumentSignatory, DocumentVersion, StoredFile
from .meetings import Meeting
from .signatures import Signature, SignatoryKey

__all__ = [
    "Commitment",
    "Document",
    "DocumentSignatory",
    "DocumentVersion",
    "Meeting",
    "ProgressUpdate",
    "Signature",
    "SignatoryKey",
    "StoredFile",
]
