"""Uploaded files are checked by what they contain, not by their name, and by size."""

from django.core.exceptions import ValidationError

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
MEGABYTE = 1024 * 1024


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
    """Return the detected kind, or raise a Korean ValidationError naming what is allowed."""
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
