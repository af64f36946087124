"""What an exported file says about itself: title, author, subject, language and dates.

A screen reader announces a PDF or Word file by its title, a records system files it by its
properties, and both should say the same thing as the record. So the PDF (`ui.pdf`,
`core.pdf_finish`) and the Word document (`core.export_docx`) take their properties from here,
and from the record alone: the dates are the record's own (made, last changed), never the
moment of export, so exporting the same record twice gives the same properties.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.plain_text import TRAINING_MARK, clean_text
from cspr_desktop.core.report.view_parts import checklist_title, header_view
from cspr_desktop.core.rules.pack_head import LoadedPack

LANGUAGE = "en-GB"
APP_NAME = "cspr-desktop"


@dataclass(frozen=True)
class DocumentProperties:
    title: str
    author: str
    subject: str
    keywords: str
    language: str
    created: datetime
    modified: datetime
    creator: str = APP_NAME

    def to_json(self) -> dict[str, str]:
        """As plain strings (the PDF worker reads them from a pipe)."""
        return {"title": self.title, "author": self.author, "subject": self.subject,
                "keywords": self.keywords, "language": self.language,
                "created": self.created.isoformat(), "modified": self.modified.isoformat(),
                "creator": self.creator}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> DocumentProperties:
        return cls(title=str(data["title"]), author=str(data["author"]),
                   subject=str(data["subject"]), keywords=str(data["keywords"]),
                   language=str(data["language"]),
                   created=datetime.fromisoformat(data["created"]),
                   modified=datetime.fromisoformat(data["modified"]),
                   creator=str(data.get("creator", APP_NAME)))


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def document_properties(record: Record, loaded: LoadedPack | None = None,
                        app_version: str = "") -> DocumentProperties:
    """The properties of `record`'s exports: the title as its first heading and id say, the
    practitioner who signed it (with their agency) as author, else the app."""
    title = f"{header_view(record, loaded).title} {record.id}"
    if record.kind == "training":
        title = f"{TRAINING_MARK}: {title}"
    completion = record.completion
    author = (f"{completion.practitioner_name}, {completion.agency}" if completion is not None
              else APP_NAME)
    checklist = checklist_title(record, loaded)
    creator = f"{APP_NAME} {app_version}".strip()
    return DocumentProperties(
        title=_one_line(title), author=_one_line(author),
        subject=_one_line(f"Safeguarding discussion record: {checklist}"),
        keywords=_one_line(f"safeguarding; {checklist}; record {record.id}"),
        language=LANGUAGE, created=_aware(record.created_at),
        modified=_aware(max(record.updated_at, record.created_at)),
        creator=_one_line(creator))


def _aware(moment: datetime) -> datetime:
    """A record's time (the computer's local time, as the app's clock gives it) with its
    offset, so files read elsewhere show the right moment."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _xmp_date(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def xmp_packet(properties: DocumentProperties) -> bytes:
    """The same properties as XMP, the metadata stream PDF readers and archives read first."""
    p = {key: escape(clean_text(value)) for key, value in properties.to_json().items()}
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{p["title"]}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{p["author"]}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{p["subject"]}</rdf:li></rdf:Alt>\
</dc:description>
<dc:language><rdf:Bag><rdf:li>{p["language"]}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{p["keywords"]}</pdf:Keywords>
<xmp:CreatorTool>{p["creator"]}</xmp:CreatorTool>
<xmp:CreateDate>{_xmp_date(properties.created)}</xmp:CreateDate>
<xmp:ModifyDate>{_xmp_date(properties.modified)}</xmp:ModifyDate>
<xmp:MetadataDate>{_xmp_date(properties.modified)}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")
