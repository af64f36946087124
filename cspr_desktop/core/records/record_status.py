"""Where a record stands: a draft still being filled in, or completed and signed. Its own module
so that the store can list and count records without the record models."""

from __future__ import annotations

from enum import StrEnum


class RecordStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
