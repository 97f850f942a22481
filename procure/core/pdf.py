"""PDF from HTML with Korean fonts (WeasyPrint and the Noto CJK fonts; docs/operations.md)."""


class PdfUnavailable(Exception):
    """This machine cannot make PDFs (Pango missing); the message is Korean."""


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango is missing on this machine
        raise PdfUnavailable(
            "PDF를 만들 수 없습니다: 서버에 PDF 변환 도구(Pango)가 설치되어 있지 않습니다. XLSX를 이용해 주세요."
        ) from error
    return HTML(string=html, base_url=base_url).write_pdf()
