"""The ministry's certified social enterprise list read against the registry (issue 32 §4): proposals, never changes.

Sources (../shared/design/public-data.md §4): the odcloud API `socialEnterpriseList` (no 사업자등록번호: rows are
matched on 인증번호 and 기관명) as fetched or as a saved JSON answer, and the 고용노동부 XLSX (or CSV) whose header row
holds 기관명 and 사업자등록번호 (rows matched on 사업자등록번호). Only the registry's 인증사회적기업 certifications are
compared. Each difference becomes a RegistryProposal for center staff:

- new: an enterprise of the registry that the list certifies while the registry has no 인증사회적기업 period for it
  (or, with a 사업자등록번호, a 관내 enterprise not registered yet);
- change: the registry's 인증번호 or 인증일자 differs from the list's;
- end: (a complete list only) a registered enterprise certified in the registry but absent from the list;
- uncertain: a row that matches by only one of 인증번호 and name, or several enterprises, or carries a bad number.

Staff apply or dismiss each one (apply_proposal / dismiss_proposal), audited, with the registry's event sent.
"""

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.core.business_no import normalize_business_no, validate_business_no
from procure.core.services import audit, notify, snapshot
from procure.core.tabular import Column, TableError, clean_text, open_table, parse_date
from procure.enterprises.models import (
    Certification,
    Enterprise,
    EnterpriseType,
    ProposalAction,
    ProposalStatus,
    RegistryListCheck,
    RegistryProposal,
)
from procure.enterprises.services import _staff
from procure.enterprises.signals import certifications_changed_send

SE = EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE
ISSUER = "고용노동부"
LOCAL_AREA = "관악구"  # as Enterprise.is_local: a 관내 enterprise not in the registry is proposed as new
MAX_ROWS = 100_000

LIST_COLUMNS = [
    Column("name", "기관명", "name", required=True, aliases=("기업명", "entNmV")),
    Column("business_no", "사업자등록번호", "business_no", aliases=("사업자번호",)),
    Column("cert_no", "인증번호", "cert_no", aliases=("certiNumV",)),
    Column("valid_from", "인증일자", "valid_from", aliases=("인증일", "certiIssuD")),
    Column("representative", "대표자", "representative", aliases=("ceoNmV",)),
    Column("address", "소재지", "address", aliases=("주소", "addr")),
    Column("region", "지역", "region", aliases=("busiAreaNm",)),
]


class ListError(Exception):
    """The file cannot be read as the list (Korean message; nothing written)."""


@dataclass
class ListRow:
    row: int
    name: str
    business_no: str = ""
    business_no_problem: str = ""
    cert_no: str = ""
    valid_from: datetime.date | None = None
    representative: str = ""
    address: str = ""
    region: str = ""

    def listed(self) -> dict:
        return {
            "name": self.name,
            "business_no": self.business_no,
            "cert_no": self.cert_no,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "representative": self.representative,
            "address": self.address,
        }


@dataclass
class ParsedList:
    source: str
    rows: list[ListRow]
    list_date: datetime.date | None = None
    problems: list[str] = field(default_factory=list)


_CERT_NO_DIGITS = re.compile(r"(\d{4})\s*-\s*(\d+)")
_LEGAL_FORMS = re.compile(
    r"\((주|재|사|유|합|사협|협)\)|㈜|주식회사|재단법인|사단법인|유한회사|유한책임회사|농업회사법인"
)
_POSTCODE = re.compile(r"^\d{5}\s+")


def cert_key(value: str) -> str:
    """제2007-001호, 2007-1, '2007 - 001' → 2007-001 (the year and the serial)."""
    match = _CERT_NO_DIGITS.search(value or "")
    return f"{match.group(1)}-{int(match.group(2)):03d}" if match else ""


def name_key(value: str) -> str:
    return re.sub(r"[\s·.,\-]", "", _LEGAL_FORMS.sub("", value or "")).lower()


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def _business_no(raw) -> tuple[str, str]:
    text = clean_text(raw)
    if not text:
        return "", ""
    try:
        validate_business_no(text)
    except ValidationError as error:
        return normalize_business_no(text), error.messages[0]
    return normalize_business_no(text), ""


def rows_from_api(items: list[dict]) -> ParsedList:
    """Rows of the odcloud answer (`data` items), in the documented field names."""
    rows, dates = [], []
    for index, item in enumerate(items[:MAX_ROWS], start=1):
        name = clean_text(item.get("entNmV"))
        if not name:
            continue
        rows.append(
            ListRow(
                row=index,
                name=name[:200],
                cert_no=clean_text(item.get("certiNumV"))[:50],
                valid_from=_date(item.get("certiIssuD")),
                representative=clean_text(item.get("ceoNmV"))[:50],
                address=_POSTCODE.sub("", clean_text(item.get("addr")))[:300],
                region=clean_text(item.get("busiAreaNm"))[:20],
            )
        )
        if _date(item.get("baseD")):
            dates.append(_date(item.get("baseD")))
    return ParsedList("api", rows, max(dates, default=None))


def read_json(content: bytes) -> ParsedList:
    """A saved API answer: one page `{data: [...]}`, or a list of pages or of items."""
    try:
        answer = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ListError("JSON 파일을 읽을 수 없습니다.") from None
    pages = answer if isinstance(answer, list) else [answer]
    items = []
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("data"), list):
            items.extend(i for i in page["data"] if isinstance(i, dict))
        elif isinstance(page, dict) and "entNmV" in page:
            items.append(page)
        else:
            raise ListError("사회적기업 인증현황 API의 응답 모양(data 목록)이 아닙니다.")
    parsed = rows_from_api(items)
    parsed.source = "json"
    return parsed


_FILE_DATE = re.compile(r"^(\d{2})(\d{2})(\d{2})")


def read_table_file(content: bytes, filename: str = "") -> ParsedList:
    """The 고용노동부 XLSX (header row found by 기관명 and 사업자등록번호, not row 1) or a CSV of the same columns."""
    try:
        table = open_table(content, LIST_COLUMNS, header_search_rows=30)
    except TableError as error:
        raise ListError(str(error)) from None
    if "business_no" not in table.columns and "cert_no" not in table.columns:
        raise ListError("‘사업자등록번호’나 ‘인증번호’ 열이 있어야 목록을 등록부와 대조할 수 있습니다.")
    rows, problems = [], []
    for number, raw in table.rows():
        if len(rows) >= MAX_ROWS:
            problems.append(f"{MAX_ROWS:,}행까지만 읽었습니다.")
            break
        name = clean_text(raw.get("name"))
        if not name:
            continue
        business_no, problem = _business_no(raw.get("business_no"))
        rows.append(
            ListRow(
                row=number,
                name=name[:200],
                business_no=business_no[:10],
                business_no_problem=problem,
                cert_no=clean_text(raw.get("cert_no"))[:50],
                valid_from=_date(raw.get("valid_from")),
                representative=clean_text(raw.get("representative"))[:50],
                address=clean_text(raw.get("address"))[:300],
                region=clean_text(raw.get("region"))[:20],
            )
        )
    list_date = None
    match = _FILE_DATE.match(filename.rsplit("/", 1)[-1])
    if match:
        try:
            list_date = datetime.date(2000 + int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            list_date = None
    return ParsedList(table.kind, rows, list_date, problems)


def read_list_file(content: bytes, filename: str = "") -> ParsedList:
    if content.lstrip()[:1] in (b"{", b"[") or content[:4] == b"\xef\xbb\xbf{":
        return read_json(content)
    return read_table_file(content, filename)


# --- proposals ---------------------------------------------------------------------------------------------


class _Registry:
    """The registry's enterprises and their 인증사회적기업 periods, indexed for matching."""

    def __init__(self, day: datetime.date):
        self.day = day
        self.by_business_no = {}
        self.by_name = defaultdict(list)
        self.by_cert = defaultdict(list)
        self.periods = defaultdict(list)
        for enterprise in Enterprise.objects.all().only("pk", "name", "business_no", "is_active"):
            self.by_business_no[enterprise.business_no] = enterprise
            self.by_name[name_key(enterprise.name)].append(enterprise)
        enterprises = {e.pk: e for e in self.by_business_no.values()}
        for certification in Certification.objects.approved().filter(type=SE).order_by("valid_from"):
            self.periods[certification.enterprise_id].append(certification)
            key = cert_key(certification.number)
            if key and certification.enterprise_id in enterprises:
                self.by_cert[key].append(enterprises[certification.enterprise_id])

    def current(self, enterprise) -> Certification | None:
        """The enterprise's 인증사회적기업 period valid on the list's day, or None."""
        periods = self.periods.get(enterprise.pk, [])
        for period in periods:
            if period.is_valid_on(self.day):
                return period
        return None

    def certified(self) -> list[tuple[Enterprise, Certification]]:
        found = []
        for enterprise in self.by_business_no.values():
            period = self.current(enterprise)
            if period is not None and enterprise.is_active:
                found.append((enterprise, period))
        return found


def _current_values(enterprise, certification) -> dict:
    values = {"enterprise": enterprise.name, "business_no": enterprise.business_no}
    if certification is not None:
        values.update(
            {
                "certification": certification.pk,
                "number": certification.number,
                "valid_from": certification.valid_from.isoformat() if certification.valid_from else None,
                "valid_to": certification.valid_to.isoformat() if certification.valid_to else None,
            }
        )
    return values


def _differences(row: ListRow, certification: Certification) -> list[str]:
    found = []
    if row.cert_no and cert_key(row.cert_no) != cert_key(certification.number):
        found.append(f"인증번호 {certification.number or '(없음)'} → {row.cert_no}")
    if row.valid_from and row.valid_from != certification.valid_from:
        before = f"{certification.valid_from:%Y.%m.%d}" if certification.valid_from else "(없음)"
        found.append(f"인증일자 {before} → {row.valid_from:%Y.%m.%d}")
    return found


def _match(row: ListRow, registry: _Registry) -> tuple[Enterprise | None, str]:
    """(enterprise, "") when sure; (candidate or None, why not) when not; (None, "") when not ours at all."""
    if row.business_no_problem:
        candidates = registry.by_cert.get(cert_key(row.cert_no), []) or registry.by_name.get(name_key(row.name), [])
        why = f"사업자등록번호 ‘{row.business_no}’: {row.business_no_problem}"
        return (candidates[0] if len(candidates) == 1 else None), why
    if row.business_no:
        enterprise = registry.by_business_no.get(row.business_no)
        if enterprise is not None:
            return enterprise, ""
        by_cert = [e for e in registry.by_cert.get(cert_key(row.cert_no), []) if row.cert_no]
        if by_cert:
            return by_cert[0], (
                f"인증번호 {row.cert_no}는 등록부의 {by_cert[0].name}({by_cert[0].business_no_display})와 같으나 "
                "사업자등록번호가 다릅니다"
            )
        return None, ""
    by_cert = registry.by_cert.get(cert_key(row.cert_no), []) if row.cert_no else []
    by_name = registry.by_name.get(name_key(row.name), [])
    both = [e for e in by_cert if e in by_name]
    if len(both) == 1:
        return both[0], ""
    if len(both) > 1 or len(by_cert) > 1 or len(by_name) > 1:
        return None, "등록부의 여러 기업과 맞습니다"
    if by_cert:
        return by_cert[0], f"인증번호는 같으나 기관명이 다릅니다 (목록 ‘{row.name}’, 등록부 ‘{by_cert[0].name}’)"
    if by_name:
        period = registry.current(by_name[0])
        number = period.number if period is not None and period.number else "없음"
        return by_name[0], f"기관명은 같으나 인증번호가 다릅니다 (목록 {row.cert_no or '없음'}, 등록부 {number})"
    return None, ""


def _propose(check, row, action, reason, enterprise=None, certification=None):
    return RegistryProposal(
        check_run=check,
        action=action,
        enterprise=enterprise,
        certification=certification,
        row=row.row if row else None,
        name=(row.name if row else enterprise.name)[:200],
        business_no=(row.business_no if row else enterprise.business_no)[:10],
        cert_no=row.cert_no if row else "",
        valid_from=row.valid_from if row else None,
        listed=row.listed() if row else {},
        current=_current_values(enterprise, certification) if enterprise is not None else {},
        reason=reason[:500],
    )


@transaction.atomic
def check_list(*, parsed: ParsedList, actor=None, filename: str = "", complete: bool = True) -> RegistryListCheck:
    """Read the list against the registry and record the proposals (earlier pending ones are superseded)."""
    day = parsed.list_date or timezone.localdate()
    registry = _Registry(day)
    check = RegistryListCheck.objects.create(
        source=parsed.source,
        filename=filename[:200],
        list_date=parsed.list_date,
        complete=complete,
        rows=len(parsed.rows),
        created_by=actor,
    )
    proposals, seen = [], set()
    counts = defaultdict(int)
    for row in parsed.rows:
        enterprise, doubt = _match(row, registry)
        if doubt:
            proposals.append(_propose(check, row, ProposalAction.UNCERTAIN, doubt, enterprise))
            if enterprise is not None:
                seen.add(enterprise.pk)  # not proposed for an end while its row is in doubt
            continue
        if enterprise is None:
            if LOCAL_AREA in row.address and row.business_no:
                reason = "등록부에 없는 관내 인증사회적기업입니다 (기업과 인증을 새로 등록)"
                proposals.append(_propose(check, row, ProposalAction.NEW, reason))
            elif LOCAL_AREA in row.address:
                reason = "등록부에 없는 관내 인증사회적기업이나 사업자등록번호가 없어 새로 등록할 수 없습니다"
                proposals.append(_propose(check, row, ProposalAction.UNCERTAIN, reason))
            else:
                counts["outside"] += 1
            continue
        seen.add(enterprise.pk)
        counts["matched"] += 1
        current = registry.current(enterprise)
        if current is None:
            ended = registry.periods.get(enterprise.pk)
            reason = "등록부에 인증사회적기업 인증이 없습니다"
            if ended:
                last = ended[-1]
                reason = f"등록부의 인증사회적기업 인증은 {last.valid_to:%Y.%m.%d}에 끝났으나 목록에 있습니다"
            proposals.append(_propose(check, row, ProposalAction.NEW, reason, enterprise))
            continue
        changes = _differences(row, current)
        if changes:
            proposals.append(_propose(check, row, ProposalAction.CHANGE, "; ".join(changes), enterprise, current))
    if complete:
        when = f"{day:%Y.%m.%d}"
        for enterprise, period in registry.certified():
            if enterprise.pk not in seen:
                reason = f"목록(기준일 {when})에 없습니다 — 인증 취소·반납 여부를 확인하세요"
                proposals.append(_propose(check, None, ProposalAction.END, reason, enterprise, period))
    RegistryProposal.objects.filter(status=ProposalStatus.PENDING).exclude(check_run=check).update(
        status=ProposalStatus.DISMISSED, decided_at=timezone.now(), decision_note="새 목록 대조로 대체됨"
    )
    RegistryProposal.objects.bulk_create(proposals)
    for proposal in proposals:
        counts[proposal.action] += 1
    check.summary = {"problems": parsed.problems, **counts}
    check.save(update_fields=["summary"])
    audit(
        actor=actor, action="enterprises.registry_list.checked", obj=check, after=check.summary | {"rows": check.rows}
    )
    if proposals:
        for staff in _staff():
            if staff != actor:
                notify(
                    recipient=staff,
                    title=f"인증 사회적기업 목록 대조: 확인할 제안 {len(proposals)}건",
                    body="고용노동부 인증 사회적기업 목록과 등록부가 다른 곳이 있습니다. 하나씩 확인해 반영해 주세요.",
                    link=reverse("enterprises:list_check_detail", args=[check.pk]),
                )
    return check


# --- decisions ---------------------------------------------------------------------------------------------

CERT_FIELDS = ["type", "number", "issuer", "valid_from", "valid_to", "status"]


def _decided(proposal, actor, status, note=""):
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note[:500]
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


@transaction.atomic
def apply_proposal(*, actor, proposal: RegistryProposal, end_date: datetime.date | None = None) -> str:
    """Carry out one proposal in the registry; returns what was done, in Korean. Raises ValueError when it cannot."""
    proposal = RegistryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValueError("이미 처리된 제안입니다.")
    action = proposal.action
    enterprise = proposal.enterprise
    if action == ProposalAction.UNCERTAIN:
        if enterprise is None:
            raise ValueError("대조할 등록 기업이 없는 제안은 반영할 수 없습니다. 기업을 등록한 뒤 다시 대조하세요.")
        current = Certification.objects.valid_on(timezone.localdate()).filter(enterprise=enterprise, type=SE).first()
        action, proposal.certification = (ProposalAction.CHANGE, current) if current else (ProposalAction.NEW, None)
    if action == ProposalAction.NEW:
        if enterprise is None:
            if Enterprise.objects.filter(business_no=proposal.business_no).exists():
                raise ValueError("그 사이 같은 사업자등록번호의 기업이 등록되었습니다. 목록을 다시 대조하세요.")
            listed = proposal.listed
            enterprise = Enterprise(
                name=proposal.name,
                business_no=proposal.business_no,
                representative=listed.get("representative", "")[:50],
                address=listed.get("address", "")[:300],
            )
            enterprise.full_clean()
            enterprise.save()
            audit(actor=actor, action="enterprises.enterprise.created", obj=enterprise, after={"name": enterprise.name})
        certification = Certification(
            enterprise=enterprise,
            type=SE,
            number=proposal.cert_no,
            issuer=ISSUER,
            valid_from=proposal.valid_from,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        certification.full_clean()
        certification.save()
        audit(
            actor=actor,
            action="enterprises.certification.from_list",
            obj=certification,
            after=snapshot(certification, CERT_FIELDS) | {"proposal": proposal.pk},
        )
        done = f"{enterprise.name}: 인증사회적기업 인증을 등록했습니다."
    else:
        certification = proposal.certification
        if certification is None:
            raise ValueError("제안의 인증이 등록부에서 지워졌습니다. 목록을 다시 대조하세요.")
        certification = Certification.objects.select_for_update().get(pk=certification.pk)
        before = snapshot(certification, CERT_FIELDS)
        if action == ProposalAction.CHANGE:
            if proposal.cert_no:
                certification.number = proposal.cert_no
            if proposal.valid_from:
                certification.valid_from = proposal.valid_from
            done = f"{certification.enterprise.name}: 인증 정보를 목록에 맞췄습니다."
        else:
            if end_date is None:
                raise ValueError("인증이 끝난 날(만료일자)을 입력해 주세요.")
            certification.valid_to = end_date
            done = f"{certification.enterprise.name}: 인증이 {end_date:%Y.%m.%d}까지로 끝났습니다."
        try:
            certification.full_clean()
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        certification.save()
        audit(
            actor=actor,
            action="enterprises.certification.from_list",
            obj=certification,
            before=before,
            after=snapshot(certification, CERT_FIELDS) | {"proposal": proposal.pk},
        )
        enterprise = certification.enterprise
    _decided(proposal, actor, ProposalStatus.APPLIED)
    certifications_changed_send(sender=Certification, business_nos={enterprise.business_no})
    return done


@transaction.atomic
def dismiss_proposal(*, actor, proposal: RegistryProposal, note: str = "") -> None:
    proposal = RegistryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValueError("이미 처리된 제안입니다.")
    _decided(proposal, actor, ProposalStatus.DISMISSED, note.strip())
    audit(
        actor=actor,
        action="enterprises.registry_proposal.dismissed",
        obj=proposal,
        after={"action": proposal.action, "name": proposal.name, "note": note.strip()},
    )


def fetch_and_check(*, actor=None, client=None, complete: bool = True) -> RegistryListCheck:
    """Read the list from the API (settings.ODCLOUD_URL with the data.go.kr key) and check it."""
    from procure.enterprises.odcloud import Client

    client = client or Client()
    return check_list(parsed=rows_from_api(client.social_enterprises()), actor=actor, complete=complete)
