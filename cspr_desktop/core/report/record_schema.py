"""The JSON Schema of an exported record file (`cspr schema --record`), from the same pydantic
models the import reads, so the schema and the import cannot disagree on shape.

The schema describes shape only: a file that fits it is still refused unless its seals and
signatures verify (see `core.seal` for what each covers).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cspr_desktop.core.records.records import Record
from cspr_desktop.core.records.seal import ExportSignature
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class RecordFile(BaseModel):
    """A completed record exported as JSON (File → Export → JSON, or `cspr export`)."""

    model_config = ConfigDict(extra="forbid", title="cspr-desktop record file")

    format: Literal["cspr-record"]
    schema_version: Literal[2] = Field(description="Version 1 files (unsigned, with a "
                                       "top-level content_hash) are still read, as legacy.")
    marking: Literal["OFFICIAL-SENSITIVE"] = Field(description=f"Always {MARKING}.")
    training: Literal["TRAINING — FICTIONAL CASE"] | None = Field(
        default=None, description=f"Present ({TRAINING_MARK}) only in a training record.")
    record: Record = Field(description="The whole record, with its chain of signatures.")
    export: ExportSignature = Field(description="The sending installation's signature over "
                                    "every other field of the file.")


def record_file_schema() -> dict[str, Any]:
    schema: dict[str, Any] = RecordFile.model_json_schema()
    schema["$schema"] = SCHEMA_DIALECT
    return schema
