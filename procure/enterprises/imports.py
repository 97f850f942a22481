"""import_enterprises: certification periods, one row each (docs/formats.md §1).

Also reads the column sets of the official public lists (고용노동부 인증 사회적기업 현황, 행정안전부
마을기업 현황, 한국자활복지개발원 자활기업 현황): when a file has no 기업유형 column, the list's own
columns tell which type every row is.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from procure.core.business_no import normalize_business_no, validate_business_no
from procure.core.imports import Importer, ImportResult
from procure.core.models import AuditEvent
from procure.core.services import audit, build_audit_event
from procure.core.tabular import Column, RowErrors, Table, clean_text, parse_date
from procure.core.text import quoted
from procure.enterprises.models import (
    TYPE_BY_LABEL,
    Certification,
    Enterprise,
    EnterpriseType,
    term_end_limit,
    term_problem,
)
from procure.enterprises.signals import certifications_changed_send, enterprise_changed_send

COLUMNS = [
    Column(
        "name", "기업명", "name", required=True, aliases=("기관명", "업체명", "사업체명", "기업체명", "official_name")
    ),
    Column("business_no", "사업자등록번호", "business_no", required=True, aliases=("사업자번호",)),
    Column("type", "기업유형", "type", aliases=("기업 유형", "유형구분")),
    Column("cert_no", "인증번호", "cert_no", aliases=("지정번호", "인증·지정번호")),
    Column("valid_from", "인증일자", "valid_from", aliases=("지정일자", "지정일", "인증일")),
    Column("valid_to", "만료일자", "valid_to", aliases=("종료일자", "지정만료일")),
    Column("address", "소재지", "address", aliases=("주소", "소재지주소", "사업장주소")),
    Column(
        "products",
        "주생산품",
        "products",
        aliases=("사업내용", "주업종/주생산품", "주업종 / 주생산품", "업종", "public_service_description"),
    ),
    Column("phone", "전화", "phone", aliases=("전화번호", "연락처")),
    Column("homepage", "홈페이지", "homepage", aliases=("홈페이지주소",)),
    Column("representative", "대표자", "representative", aliases=("대표자명",)),
]

# Column sets of the official lists, and the type every row of such a list has.
OFFICIAL_LIST_SIGNATURES = [
    (("인증회차", "사회적목적실현유형", "사회서비스분야"), EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE),
    (("자활기업구분",), EnterpriseType.SELF_SUFFICIENCY_ENTERPRISE),
    (("마을기업명", "마을기업유형", "주업종/주생산품"), EnterpriseType.VILLAGE_ENTERPRISE),
]
TYPE_ALIASES = {
    "사회적기업": EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE,
    "인증사회적기업": EnterpriseType.CERTIFIED_SOCIAL_ENTERPRISE,
    "예비사회적기업": EnterpriseType.PRE_SOCIAL_ENTERPRISE,
    "일반협동조합": EnterpriseType.COOPERATIVE,
}
ENTERPRISE_FIELDS = ["name", "address", "phone", "homepage", "main_products", "representative"]
CERTIFICATION_FIELDS = ["number", "valid_to"]


@dataclass
class CertificationRow:
    row: int
    business_no: str
    type: str
    number: str
    valid_from: object
    valid_to: object
    enterprise_fields: dict


def parse_type(value) -> str:
    text = clean_text(value).replace(" ", "")
    if text in TYPE_BY_LABEL:
        return TYPE_BY_LABEL[text]
    if text in TYPE_ALIASES:
        return TYPE_ALIASES[text]
    if text in EnterpriseType.values:
        return text
    labels = " · ".join(label for _, label in EnterpriseType.choices)
    raise ValueError(f"기업유형 {quoted(clean_text(value), '을/를')} 알 수 없습니다. {labels} 중 하나로 입력해 주세요.")


def parse_homepage(value) -> str:
    text = clean_text(value)
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise ValueError(f"홈페이지 주소 {quoted(clean_text(value), '이/가')} 올바르지 않습니다.") from None
    return text


class EnterpriseImporter(Importer):
    kind = "enterprises"
    label = "기업·인증 목록"
    columns = COLUMNS

    def parse(self, table: Table, errors: RowErrors, progress=None) -> list[CertificationRow]:
        list_type = None
        if "type" not in table.columns:
            list_type = next((t for names, t in OFFICIAL_LIST_SIGNATURES if table.has_header(*names)), None)
            if list_type is None:
                errors.add(table.header_row, "기업유형", "필수 열 ‘기업유형’이 없습니다.")
                return []
        records = []
        self.row_count = 0
        for number, raw in table.rows():
            self.row_count += 1
            row_errors = errors.total
            name = clean_text(raw.get("name"))
            if not name:
                errors.add(number, "기업명", "기업명이 비어 있습니다.")
            business_no = normalize_business_no(clean_text(raw.get("business_no")))
            try:
                validate_business_no(clean_text(raw.get("business_no")))
            except ValidationError as error:
                errors.add(
                    number,
                    "사업자등록번호",
                    error.messages[0] if clean_text(raw.get("business_no")) else "사업자등록번호가 비어 있습니다.",
                )
            type_ = list_type
            if list_type is None:
                try:
                    type_ = parse_type(raw.get("type"))
                except ValueError as error:
                    errors.add(number, "기업유형", str(error))
            valid_from = valid_to = None
            for key, korean in (("valid_from", "인증일자"), ("valid_to", "만료일자")):
                if clean_text(raw.get(key)):
                    try:
                        value = parse_date(raw.get(key))
                    except ValueError as error:
                        errors.add(number, korean, str(error))
                    else:
                        if key == "valid_from":
                            valid_from = value
                        else:
                            valid_to = value
            if valid_from and valid_to and valid_to < valid_from:
                errors.add(number, "만료일자", "만료일자가 인증일자보다 빠릅니다.")
            elif type_ and (problem := term_problem(type_, valid_from, valid_to)):
                errors.add(number, "만료일자" if valid_from else "인증일자", problem)
            elif type_ and valid_to is None:
                valid_to = term_end_limit(type_, valid_from)  # 예비: three years at the most
            try:
                homepage = parse_homepage(raw.get("homepage"))
            except ValueError as error:
                errors.add(number, "홈페이지", str(error))
                homepage = ""
            if errors.total > row_errors:
                continue
            records.append(
                CertificationRow(
                    row=number,
                    business_no=business_no,
                    type=type_,
                    number=clean_text(raw.get("cert_no"))[:50],
                    valid_from=valid_from,
                    valid_to=valid_to,
                    enterprise_fields={
                        "name": name[:200],
                        "address": clean_text(raw.get("address"))[:300],
                        "phone": clean_text(raw.get("phone"))[:30],
                        "homepage": homepage[:300],
                        "main_products": clean_text(raw.get("products"))[:300],
                        "representative": clean_text(raw.get("representative"))[:50],
                    },
                )
            )
            if progress and self.row_count % 500 == 0:
                progress(self.row_count, 0)
        return records

    def apply(self, records: list[CertificationRow], result: ImportResult, *, actor, source, progress=None):
        # One enterprise may span several rows; its profile is the last non-empty value of each field,
        # applied once, so that re-importing the same file changes nothing.
        profiles: dict[str, dict] = {}
        for record in records:
            profile = profiles.setdefault(record.business_no, {})
            profile.update({k: v for k, v in record.enterprise_fields.items() if v})
        enterprises = {e.business_no: e for e in Enterprise.objects.filter(business_no__in=profiles)}
        periods = {
            (c.enterprise_id, c.type, c.valid_from): c
            for c in Certification.objects.filter(enterprise__business_no__in=profiles)
        }
        events = []
        seen = set()
        changed_enterprises = set()
        renamed = []
        for index, record in enumerate(records, start=1):
            action = "unchanged"
            enterprise = enterprises.get(record.business_no)
            profile = profiles[record.business_no]
            if enterprise is None:
                enterprise = Enterprise.objects.create(business_no=record.business_no, **profile)
                enterprises[record.business_no] = enterprise
                action = "created"
            elif record.business_no not in seen:
                before = {k: getattr(enterprise, k) for k in profile}
                if before != profile:
                    for k, v in profile.items():
                        setattr(enterprise, k, v)
                    enterprise.save()
                    renamed.append(enterprise)
                    action = "updated"
                    events.append(_event(actor, "enterprises.enterprise.imported", enterprise, before, profile, source))
            seen.add(record.business_no)

            key = (enterprise.pk, record.type, record.valid_from)
            certification = periods.get(key)
            if certification is None:
                certification = Certification.objects.create(
                    enterprise=enterprise,
                    type=record.type,
                    number=record.number,
                    valid_from=record.valid_from,
                    valid_to=record.valid_to,
                )
                periods[key] = certification
                changed_enterprises.add(enterprise.pk)
                action = "created"
                events.append(
                    _event(
                        actor, "enterprises.certification.imported", certification, None, _cert(certification), source
                    )
                )
            else:
                before = _cert(certification)
                certification.number = record.number or certification.number
                certification.valid_to = record.valid_to
                if _cert(certification) != before:
                    changed_enterprises.add(enterprise.pk)
                    certification.expiry_notice = ""
                    certification.save()
                    action = "updated" if action == "unchanged" else action
                    events.append(
                        _event(
                            actor,
                            "enterprises.certification.imported",
                            certification,
                            before,
                            _cert(certification),
                            source,
                        )
                    )
            result.count(record.row, action, f"{enterprise.name} {EnterpriseType(record.type).label}")
            if progress and index % 500 == 0:
                progress(index, len(records))
        AuditEvent.objects.bulk_create(events)
        for enterprise in renamed:
            enterprise_changed_send(sender=Enterprise, enterprise=enterprise)
        # Purchases already in the ledger and offerings in the search follow the new periods.
        certifications_changed_send(
            sender=Certification,
            business_nos={e.business_no for e in enterprises.values() if e.pk in changed_enterprises},
        )
        audit(
            actor=actor,
            action="enterprises.import.applied",
            after={**source, **{k: v for k, v in result.as_json().items() if k != "errors"}},
        )


def _cert(certification: Certification) -> dict:
    return {
        "type": certification.type,
        "number": certification.number,
        "valid_from": certification.valid_from.isoformat() if certification.valid_from else None,
        "valid_to": certification.valid_to.isoformat() if certification.valid_to else None,
        "status": certification.status,
    }


def _event(actor, action, obj, before, after, source) -> AuditEvent:
    return build_audit_event(
        actor=actor or "가져오기", action=action, obj=obj, before=before, after={**after, "source": source["filename"]}
    )
