"""Uploaded files are hostile until proven otherwise.

On the way in (`clean_upload`): the kind is decided by what the file contains, never by its name; images
are decoded and re-encoded by Pillow (whatever else the bytes carried is dropped), PDFs and XLSX files are
opened structurally, and the file gets a neutral name with the extension of its detected kind. The model's
`upload_to` (`generated_upload_name`) then stores it under a random name.

On the way out (`serve_upload`): the kind is detected again from the stored bytes; only a real image is
shown inline, with its image type; everything else is a download (`attachment`). Every response carries
`nosniff` and a sandboxing Content-Security-Policy, and uploads never live under the path scripts may
load from (STATIC_URL, see core/middleware.py).
"""

import io
import uuid
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers

from procure.core.exporters import XLSX_CONTENT_TYPE

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
}
KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG 이미지",
    "jpeg": "JPEG 이미지",
    "webp": "WEBP 이미지",
    "xlsx": "XLSX",
    "csv": "CSV",
}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "webp": "webp", "xlsx": "xlsx", "csv": "csv"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "xlsx": XLSX_CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
}
IMAGE_KINDS = {"png", "jpeg", "webp"}
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
MEGABYTE = 1024 * 1024
# A photo larger than this many pixels is refused before it is decoded (a small file can claim a huge canvas).
MAX_IMAGE_PIXELS = 40_000_000
_INVALID = "파일을 열 수 없습니다. 손상되었거나 확장자와 내용이 다른 파일입니다."


def sniff_kind(head: bytes) -> str | None:
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head and b"\x00" not in head[:2048]:
        return "csv"
    return None


def validate_upload(uploaded, *, kinds: set[str], max_bytes: int) -> str:
    """Return the detected kind, or raise a Korean ValidationError naming what is allowed.

    Checks size and signature only; files kept for people to open go through `clean_upload`."""
    allowed = ", ".join(KIND_LABELS[k] for k in sorted(kinds))
    if uploaded.size == 0:
        raise ValidationError("빈 파일입니다.")
    if uploaded.size > max_bytes:
        raise ValidationError(
            f"파일이 너무 큽니다. {max_bytes // MEGABYTE}MB 이하로 올려 주세요 (현재 {uploaded.size / MEGABYTE:.1f}MB)."
        )
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    kind = sniff_kind(head)
    if kind not in kinds:
        raise ValidationError(f"허용되지 않는 파일 형식입니다. {allowed} 파일만 올릴 수 있습니다.")
    return kind


def clean_upload(uploaded, *, kinds: set[str], max_bytes: int) -> ContentFile:
    """The file as it will be stored: checked by content, images re-encoded, named by its detected kind."""
    kind = validate_upload(uploaded, kinds=kinds, max_bytes=max_bytes)
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if kind in IMAGE_KINDS:
        data = reencode_image(data, kind)
    elif kind == "pdf":
        check_pdf(data)
    elif kind == "xlsx":
        check_xlsx(data)
    return ContentFile(data, name=f"upload.{EXTENSIONS[kind]}")


def reencode_image(data: bytes, kind: str) -> bytes:
    """Decode the picture and write a new file of the same kind holding only its pixels."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != PILLOW_FORMATS[kind]:
                    raise ValidationError(_INVALID)
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise ValidationError("사진의 화소 수가 너무 많습니다. 4천만 화소 이하로 줄여 올려 주세요.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                if image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
                if kind == "jpeg" and image.mode in ("RGBA", "LA"):
                    image = image.convert("RGB")
                # Pillow writes some of what it read back out (a JPEG's COM comment, EXIF, ICC, XMP, PNG text):
                # any of it may carry markup. Only the pixels are kept (colours are as the file's numbers say).
                image.info = {}
                out = io.BytesIO()
                options = {"quality": 90} if kind in ("jpeg", "webp") else {"optimize": True}
                image.save(out, format=PILLOW_FORMATS[kind], **options)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 — whatever Pillow cannot decode is not a picture we keep
        raise ValidationError(_INVALID) from None
    return out.getvalue()


def check_pdf(data: bytes) -> None:
    """A PDF that a reader can open: header, cross-reference and at least one page."""
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError("암호가 걸린 PDF는 올릴 수 없습니다. 암호를 해제하고 올려 주세요.")
            if len(reader.pages) < 1:
                raise ValidationError(_INVALID)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001
        raise ValidationError(_INVALID) from None


def check_xlsx(data: bytes) -> None:
    """A workbook: a zip holding the parts every XLSX file has."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ValidationError(_INVALID) from None
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise ValidationError(_INVALID)


SAFE_EXTENSIONS = set(EXTENSIONS.values())


def generated_upload_name(folder: str, filename: str) -> str:
    """A random name under `folder`, keeping only an extension we produce ourselves."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in SAFE_EXTENSIONS else ".bin"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


SANDBOX_POLICY = "default-src 'none'; img-src 'self'; style-src 'none'; script-src 'none'; sandbox"


def serve_upload(stored, *, download_name: str, inline_images: bool = True) -> FileResponse:
    """Serve an uploaded file inertly: the type is what the bytes are, and only images are shown inline."""
    handle = stored.open("rb")
    head = handle.read(4096)
    handle.seek(0)
    kind = sniff_kind(head)
    if kind == "csv":  # "text without NUL bytes" is all the sniffer says: never serve it as anything but a download
        kind = None
    inline = inline_images and kind in IMAGE_KINDS
    extension = EXTENSIONS.get(kind, "bin")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=f"{download_name}.{extension}",
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not inline:  # documents (certificates, attachments, error lists) are never kept by a cache
        add_never_cache_headers(response)
    return response
