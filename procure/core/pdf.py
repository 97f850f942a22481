"""PDF from HTML with Korean fonts (WeasyPrint; docs/operations.md).

The PDFs carry their own Korean font: Noto Sans KR (SIL OFL 1.1), a variable font with every weight, from the
justmytype-intl-cjk package that `make setup` installs. render_pdf declares it in an @font-face whose file:// URL
is resolved from the installed package at run time, under the family name PDF_FONT_FAMILY, and WeasyPrint embeds
the subset of it that a document uses. The PDF templates name that family first and the system's Noto CJK fonts
after it, as a fallback for a character the packaged font lacks.
"""

import functools
import logging
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

PDF_FONT_FAMILY = "Procure Noto Sans KR"
FONT_PACKAGE = "justmytype_intl_cjk"
FONT_FILE = "fonts/ofl/notosanskr/NotoSansKR[wght].ttf"

# WeasyPrint 66 pins a variable font's weight through fontTools' older API, which warns on every PDF.
warnings.filterwarnings("ignore", message="'instantiateVariableFont' is deprecated", category=UserWarning)


class PdfUnavailable(Exception):
    """This machine cannot make PDFs (Pango missing); the message is Korean."""


@functools.cache
def korean_font_path() -> Path | None:
    """The packaged Noto Sans KR file, or None (and a warning) where the package is missing."""
    from importlib.resources import files

    try:
        path = Path(str(files(FONT_PACKAGE) / FONT_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        logger.warning("PDF font package %s is missing: Korean PDFs fall back to the system's fonts", FONT_PACKAGE)
        return None
    return path


def font_face_css() -> str:
    """The @font-face rule that points PDF_FONT_FAMILY at the packaged file (empty without the package)."""
    path = korean_font_path()
    if path is None:
        return ""
    # No font-weight descriptor: fontconfig then sees each named instance of the variable font (Regular, Bold, ...)
    # with its own weight, where a descriptor would stamp one weight on all of them (WeasyPrint takes no range).
    return f'@font-face {{ font-family: "{PDF_FONT_FAMILY}"; src: url("{path.as_uri()}") format("truetype"); }}'


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as error:  # OSError: Pango is missing on this machine
        raise PdfUnavailable(
            "PDF를 만들 수 없습니다: 서버에 PDF 변환 도구(Pango)가 설치되어 있지 않습니다. XLSX를 이용해 주세요."
        ) from error
    font_config = FontConfiguration()
    stylesheets = [CSS(string=css, font_config=font_config)] if (css := font_face_css()) else []
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=stylesheets, font_config=font_config)
