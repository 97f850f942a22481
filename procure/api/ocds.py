"""OCDS 1.1 publication: releases of every contract, in a release package, streamed (constant memory).

Every purchase line of the year (imported, entered by hand, or a paid platform contract) and every platform
contract signed and not yet paid is a contracting process (an ocid); a line that copies a platform contract
(ledger/reconcile.py) is not released again. A release is never edited: each change is a release of its own with
the whole current state — a paid platform contract gets a `contractTermination` release (`terminated`: complete),
each reversal (환수 · 계약 해제) a `contractAmendment` whose value is what remains (`cancelled` when nothing does).
A year with no contract has no package (the schema wants at least one release).

The ocid is `<OCDS_OCID_PREFIX>-<key>`, where the key is the line's ledger identity (the same key a re-import
computes; a platform contract gets the identity its ledger line will have once paid), so ocids are stable across
exports and across payment. Output is deterministic: the same year exported twice differs only in the package's
`publishedDate`.

Mapping (docs/formats.md §7): buyer = the institution (parties: buyer, procuringEntity); supplier identified by
사업자등록번호 under the scheme `KR-BRN`, its social economy types on the contract day in `details`; 계약방법 →
`tender.procurementMethod` (일반경쟁 open, 제한경쟁 selective, 수의 1인 견적 direct, 수의 2인 이상 견적 limited,
종합쇼핑몰 limited) with `procurementMethodDetails` in Korean; 구분 → `mainProcurementCategory`; amounts in KRW.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Iterator

from django.conf import settings

from procure.buying.models import Contract, ContractStatus
from procure.enterprises.models import EnterpriseType
from procure.ledger import keys
from procure.ledger.models import ContractMethod, PurchaseRecord, PurchaseSource

VERSION = "1.1"
KST = datetime.timezone(datetime.timedelta(hours=9))
METHODS = {
    ContractMethod.OPEN: ("open", "일반경쟁입찰"),
    ContractMethod.RESTRICTED: ("selective", "제한경쟁입찰"),
    ContractMethod.SINGLE_QUOTE: ("direct", "수의계약 (1인 견적)"),
    ContractMethod.MULTI_QUOTE: ("limited", "수의계약 (2인 이상 견적)"),
    ContractMethod.SHOPPING_MALL: ("limited", "종합쇼핑몰 (다수공급자계약) 구매"),
    # As 나라장터 publishes them (procure/g2b): 지명경쟁 invites chosen suppliers; 수의계약 without its quote count.
    ContractMethod.NOMINATED: ("selective", "지명경쟁입찰"),
    ContractMethod.PRIVATE: ("direct", "수의계약 (견적 수 미공개)"),
}
ROUTE_METHODS = {"single_quote": "single_quote", "multi_quote": "multi_quote", "shopping_mall": "shopping_mall"}
CATEGORIES = {"goods": "goods", "services": "services", "works": "works"}
CHUNK = 2000


def prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def ocid_for(identity: int) -> str:
    return f"{prefix()}-{identity & 0xFFFFFFFFFFFFFFFF:016x}"


def _when(day: datetime.date) -> str:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=KST).isoformat()


def _types(held: str) -> list[str]:
    return [EnterpriseType(t).label for t in held.split(",") if t in EnterpriseType.values]


def release(
    *,
    identity: int,
    day: datetime.date,
    title: str,
    kind: str,
    method: str,
    amount: int,
    institution,
    supplier_name: str,
    business_no: str,
    held_types: str,
    source: str,
) -> dict:
    ocid = ocid_for(identity)
    buyer = {"id": f"KR-GWANAK-INST-{institution.pk}", "name": institution.name}
    buyer_identifier = (
        {"identifier": {"scheme": "KR-ORGCD", "id": institution.code, "legalName": institution.name}}
        if institution.code
        else {}
    )
    supplier = {"id": f"KR-BRN-{business_no}", "name": supplier_name}
    types = _types(held_types)
    value = {"amount": amount, "currency": "KRW"}
    tender = {"id": f"{ocid}-tender", "title": title}
    if kind in CATEGORIES:
        tender["mainProcurementCategory"] = CATEGORIES[kind]
    if method in METHODS:
        tender["procurementMethod"], tender["procurementMethodDetails"] = METHODS[method]
    else:
        tender["procurementMethodDetails"] = "계약방법 미기재"
    supplier_details = {"socialEconomyEnterprise": bool(types), "socialEconomyTypes": types}
    contract = {
        "id": f"{ocid}-contract",
        "awardID": f"{ocid}-award",
        "title": title,
        "status": "active",
        "value": value,
        "dateSigned": _when(day),
    }
    return {
        "ocid": ocid,
        "id": f"{ocid}-contract",
        "date": _when(day),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "ko",
        "parties": [
            {
                **buyer,
                **buyer_identifier,
                "roles": ["buyer", "procuringEntity"],
                "address": {"countryName": "대한민국"},
            },
            {
                **supplier,
                "identifier": {"scheme": "KR-BRN", "id": business_no, "legalName": supplier_name},
                "roles": ["supplier"],
                "details": supplier_details,
            },
        ],
        "buyer": buyer,
        "tender": tender,
        "awards": [
            {
                "id": f"{ocid}-award",
                "title": title,
                "status": "active",
                "date": _when(day),
                "value": value,
                "suppliers": [supplier],
            }
        ],
        "contracts": [contract],
        "source": source,  # dropped before output; kept for counting in tests
    }


def _stamp(moment: datetime.datetime) -> str:
    """When a change was recorded, to the microsecond: two changes of one second keep their order."""
    return moment.astimezone(KST).isoformat()


def changes(first: dict, *, paid_at: datetime.datetime | None, amount: int, reversals: list) -> Iterator[dict]:
    """Releases after the first, one per change (a release is never edited): payment of a platform contract
    (complete: `terminated`), then each reversal (환수 · 계약 해제) as an amendment whose value is what remains;
    a contract taken back whole is `cancelled`. Each carries the whole current state, so the compiled record is
    the latest release."""
    ocid = first["ocid"]
    state = copy.deepcopy(first)
    contract = state["contracts"][0]
    if paid_at is not None:
        contract["status"] = "terminated"
        contract.setdefault("period", {})["endDate"] = _stamp(paid_at)
        yield {**copy.deepcopy(state), "id": f"{ocid}-paid", "date": _stamp(paid_at), "tag": ["contractTermination"]}
    remaining = amount
    for index, reversal in enumerate(reversals, start=1):
        remaining += reversal.amount
        contract["value"] = {"amount": remaining, "currency": "KRW"}
        contract.setdefault("amendments", []).append(
            {
                "id": f"{ocid}-reversal-{index}",
                "date": _stamp(reversal.created_at),
                "rationale": reversal.note,
                "description": (
                    f"환수·계약 해제 {-reversal.amount:,}원 (원래 계약금액 {amount:,}원, 남은 금액 {remaining:,}원)"
                ),
            }
        )
        if remaining == 0:
            contract["status"] = "cancelled"
        yield {
            **copy.deepcopy(state),
            "id": f"{ocid}-reversal-{index}",
            "date": _stamp(reversal.created_at),
            "tag": ["contractAmendment"],
        }


def releases(year: int) -> Iterator[dict]:
    """The year's releases, ledger lines first (by date and key), then unpaid platform contracts."""
    records = (
        PurchaseRecord.objects.contracts()  # copies of platform contracts are the platform's release; reversals amend
        .filter(contract_date__year=year)
        .select_related("institution")
        .prefetch_related("reversals")
        .order_by("contract_date", "identity")
    )
    last = None
    while True:
        chunk = records
        if last is not None:
            chunk = records.filter(contract_date__gte=last[0]).exclude(contract_date=last[0], identity__lte=last[1])
        rows = list(chunk[:CHUNK])
        if not rows:
            break
        for r in rows:
            first = release(
                identity=r.identity,
                day=r.contract_date,
                title=r.title,
                kind=r.kind,
                method=r.method,
                amount=r.amount,
                institution=r.institution,
                supplier_name=r.supplier_name,
                business_no=r.supplier_business_no,
                held_types=r.held_types,
                source=r.source,
            )
            yield first
            yield from changes(
                first,
                paid_at=r.created_at if r.source == PurchaseSource.PLATFORM else None,
                amount=r.amount,
                reversals=sorted(r.reversals.all(), key=lambda v: v.pk),
            )
        last = (rows[-1].contract_date, rows[-1].identity)
    unpaid = (
        Contract.objects.filter(contract_date__year=year)
        .exclude(status__in=[ContractStatus.PAID, ContractStatus.CANCELLED])
        .select_related("institution", "department", "enterprise")
        .order_by("contract_date", "number")
    )
    for c in unpaid.iterator(chunk_size=CHUNK):
        text = keys.key_text(
            c.institution_id,
            c.department_id,
            c.contract_date.isoformat(),
            c.title,
            c.kind,
            c.enterprise.business_no,
        )
        yield release(
            identity=keys.identity(text, 0),
            day=c.contract_date,
            title=c.title,
            kind=c.kind,
            method=ROUTE_METHODS.get(c.route, "open"),
            amount=c.amount,
            institution=c.institution,
            supplier_name=c.enterprise.name,
            business_no=c.enterprise.business_no,
            held_types=",".join(_enterprise_types(c)),
            source="platform-unpaid",
        )


def _enterprise_types(contract) -> list[str]:
    return list(
        contract.enterprise.certifications.valid_on(contract.contract_date).values_list("type", flat=True).distinct()
    )


def years() -> list[int]:
    """Years with at least one release (newest first): counted ledger lines, or platform contracts not yet paid."""
    lines = {d.year for d in PurchaseRecord.objects.contracts().dates("contract_date", "year")}
    unpaid = {
        d.year
        for d in Contract.objects.exclude(status__in=[ContractStatus.PAID, ContractStatus.CANCELLED]).dates(
            "contract_date", "year"
        )
    }
    return sorted(lines | unpaid, reverse=True)


def package_chunks(year: int, *, published: datetime.datetime | None = None) -> Iterator[str]:
    """The release package as text, piece by piece (for a streaming response or standard output)."""
    published = (published or datetime.datetime.now(KST)).astimezone(KST).replace(microsecond=0)
    head = {
        "uri": f"{settings.SITE_URL}/open-data/ocds/{year}.json",
        "version": VERSION,
        "publishedDate": published.isoformat(),
        "publisher": {"name": settings.OCDS_PUBLISHER},
        "license": settings.OPEN_DATA_LICENSE_URL,
        "publicationPolicy": f"{settings.SITE_URL}/open-data/",
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    yield text[:-2] + ',\n  "releases": ['
    first = True
    for item in releases(year):
        item.pop("source", None)
        body = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("\n    " if first else ",\n    ") + body
        first = False
    yield "\n  ]\n}\n"


def package(year: int, *, published=None) -> dict:
    """The whole package as one object (tests and small years)."""
    return json.loads("".join(package_chunks(year, published=published)))
