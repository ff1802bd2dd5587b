"""Make a rendered statement an archival PDF: PDF/A-3 (level B) with associated files.

reportlab writes the pages (every font embedded, no transparency, no
encryption); this module adds, in one incremental update before signing, what
PDF/A-3 asks of the document as a whole:

- XMP metadata that agrees with the Info dictionary (title, author, the true
  creation time, creator tool) and declares ``pdfaid:part 3``,
  ``pdfaid:conformance B``;
- an sRGB output intent (the ICC profile made by Pillow's littleCMS, so no
  file is read from the system);
- the document language (``/Lang``, the witness's language);
- the record JSON and the form schema as embedded *associated files*
  (``/AF``, ``AFRelationship`` Source and Supplement), so the statement carries
  its machine-readable original.

What it does not do: reportlab writes no structure tree, so the PDF is not
tagged (level A or PDF/UA would need one); docs/bundle.md says so.
"""

from __future__ import annotations

import io
from datetime import datetime

from PIL import ImageCms
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import (
    NS,
    VENDOR,
    ExpandedName,
    XmpStructure,
    XmpValue,
)

PDFA_PART = "3"
PDFA_CONFORMANCE = "B"
CREATOR = "Testimony Intake"
#: ``(file name, bytes, media type, description)`` of one associated file.
EmbeddedFile = tuple[str, bytes, str, str]
_RELATIONSHIP = {"record.json": "/Source"}  # the rest: /Supplement


def srgb_profile() -> bytes:
    """An sRGB ICC profile, built in memory."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return bytes(profile.tobytes())


def _output_intent(w: IncrementalPdfFileWriter) -> generic.DictionaryObject:
    icc = generic.StreamObject({generic.NameObject("/N"): generic.NumberObject(3)},
                               stream_data=srgb_profile())  # fmt: skip
    icc.compress()
    return generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/OutputIntent"),
            generic.NameObject("/S"): generic.NameObject("/GTS_PDFA1"),
            generic.NameObject("/OutputConditionIdentifier"): generic.TextStringObject("sRGB"),
            generic.NameObject("/Info"): generic.TextStringObject("sRGB IEC61966-2.1"),
            generic.NameObject("/DestOutputProfile"): w.add_object(icc),
        }
    )


def make_pdfa(
    pdf: bytes,
    *,
    title: str,
    lang: str,
    created: datetime,
    author: str,
    files: list[EmbeddedFile],
) -> bytes:
    """``pdf`` (from reportlab) as PDF/A-3B with ``files`` embedded as associated files."""
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = w.document_meta
    meta.title = title
    meta.author = author
    meta.creator = CREATOR
    meta.created = created
    meta.xmp_extra = [
        XmpStructure.of(
            (ExpandedName(NS["pdfaid"], "part"), XmpValue(PDFA_PART)),
            (ExpandedName(NS["pdfaid"], "conformance"), XmpValue(PDFA_CONFORMANCE)),
        )
    ]
    info = w.trailer.raw_get("/Info")  # reportlab writes one; poppler reads PDF/A from it
    info.get_object()["/GTS_PDFA1Version"] = generic.TextStringObject(
        f"PDF/A-{PDFA_PART}{PDFA_CONFORMANCE.lower()}"
    )
    # Info and XMP must agree (PDF/A): the producer pyHanko writes to both, the subject.
    info.get_object()["/Producer"] = generic.TextStringObject(VENDOR)
    info.get_object().pop("/Keywords", None)
    meta.subject = str(info.get_object().get("/Subject", "")) or None
    w.mark_update(info)
    root = w.root
    root["/Version"] = generic.NameObject("/1.7")
    root["/Lang"] = generic.TextStringObject(lang)
    root["/OutputIntents"] = generic.ArrayObject([w.add_object(_output_intent(w))])
    associated = generic.ArrayObject()
    for name, data, media_type, description in files:
        params = embed.EmbeddedFileParams(creation_date=created, modification_date=created)
        stream = embed.EmbeddedFileObject.from_file_data(
            w, data=data, mime_type=media_type, params=params
        )
        spec = embed.FileSpec(
            file_spec_string=name, file_name=name, embedded_data=stream, description=description
        )
        embed.embed_file(w, spec)  # (with af_relationship pyHanko would raise it to PDF 2.0)
        names = w.root["/Names"]["/EmbeddedFiles"]["/Names"]
        spec_ref = names[-1]
        spec_ref.get_object()["/AFRelationship"] = generic.NameObject(
            _RELATIONSHIP.get(name, "/Supplement")
        )
        associated.append(spec_ref)
    root["/AF"] = w.add_object(associated)
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
