"""collect_g2b (docs/formats.md, docs/operations.md): 나라장터 계약 and 종합쇼핑몰 납품요구 into the ledger.

나라장터: for each institution with a 기관코드, each day, the three `*PPSSrch` operations (물품 · 용역 · 공사) with
`inqryDiv=1` (계약체결일자), `insttDivCd=2` (수요기관) and `insttCd`, one-day windows, every page. 종합쇼핑몰: each
day's 납품요구 상세 (`getDlvrReqDtlInfoList`, no 수요기관 filter: the whole day, kept where `dminsttCd` is one of
ours). A day is written — its lines and its CollectedDay mark — in one transaction once every page of it has been
read, so a run stopped by quota or a broken answer loses nothing and doubles nothing: the next run collects the
days not marked. Lines go through ledger.collected (identity by source number, reconciliation, roll-ups, audit).
"""

import datetime
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from procure.core.services import audit
from procure.core.text import quoted
from procure.g2b import mapping
from procure.g2b.client import Client, QuotaExceeded
from procure.g2b.models import CollectedDay, CollectionRun, RunStatus, Source
from procure.g2b.responses import ServiceError, read_page
from procure.institutions.models import Institution
from procure.institutions.selectors import UnitDirectory
from procure.ledger.collected import CollectedCounts, CollectedLine, collected_withdraw, collected_write
from procure.ledger.models import PurchaseKind, PurchaseSource

CONTRACT_OPERATIONS = {
    PurchaseKind.GOODS: "getCntrctInfoListThngPPSSrch",
    PurchaseKind.SERVICES: "getCntrctInfoListServcPPSSrch",
    PurchaseKind.WORKS: "getCntrctInfoListCnstwkPPSSrch",
}
MALL_OPERATION = "getDlvrReqDtlInfoList"
# 삭제이력 by 삭제일시 (inqryDiv=1, YYYYMMDDHHMM): contracts the source deleted — a 취소 or 해지 — whatever institution.
DELETION_OPERATIONS = (
    "getCntrctInfoListThngDltHstry",
    "getCntrctInfoListServcDltHstry",
    "getCntrctInfoListCnstwkDltHstry",
)
MAX_FAILURES = 200
# Another run counts as alive while it has written a day within this long.
ALIVE = datetime.timedelta(minutes=10)
MAX_FILE_BYTES = 200 * 1024 * 1024
SOURCE_LABELS = dict(Source.choices)


class CollectError(Exception):
    """A run that cannot start (no key, no institution with a code, bad dates); the message is Korean."""


def institutions_with_code(names: list[str] | None = None) -> list[Institution]:
    institutions = Institution.objects.filter(is_active=True).exclude(code="").order_by("name")
    if not names:
        return list(institutions)
    directory = UnitDirectory()
    chosen = []
    for name in names:
        institution = directory.institution(name)
        if institution is None:
            raise CollectError(f"기관 {quoted(name, '은/는')} 등록된 기관이 아닙니다.")
        if not institution.code:
            raise CollectError(f"기관 ‘{institution.name}’에 기관코드가 없습니다. 기관 관리에서 먼저 넣어 주세요.")
        chosen.append(institution)
    return chosen


class Collector:
    def __init__(self, *, client: Client, actor=None, trigger: str = "command", max_seconds: float | None = None):
        self.client = client
        self.max_seconds = max_seconds
        self.actor = actor
        self.trigger = trigger
        self.directory = UnitDirectory()

    def run(
        self,
        *,
        since: datetime.date,
        until: datetime.date,
        institutions: list[Institution],
        sources=(Source.G2B, Source.MALL),
        refresh_from: datetime.date | None = None,
    ) -> CollectionRun:
        """Collect the days from `since` to `until` not collected yet (and again those from `refresh_from`)."""
        if until < since:
            raise CollectError("종료일이 시작일보다 앞섭니다.")
        if not institutions:
            raise CollectError(
                "기관코드가 있는 기관이 없습니다. 기관 관리에서 기관코드(예: 관악구 3200000)를 넣어 주세요."
            )
        started = timezone.now()
        if CollectionRun.objects.filter(status=RunStatus.RUNNING, heartbeat_at__gte=started - ALIVE).exists():
            raise CollectError("다른 자료 모으기가 진행 중입니다. 끝난 뒤에 다시 실행해 주세요.")
        run = CollectionRun.objects.create(
            trigger=self.trigger, actor=self._actor(), since=since, until=until, heartbeat_at=started
        )
        try:
            return self._run(run, since, until, institutions, sources, refresh_from, started)
        except Exception as error:  # anything unforeseen: the run is not left "running"
            run.status = RunStatus.FAILED
            run.message = f"예상하지 못한 오류로 멈췄습니다: {error.__class__.__name__}"[:500]
            self._finish(run)
            raise

    def _run(self, run, since, until, institutions, sources, refresh_from, started) -> CollectionRun:
        done = defaultdict(set)
        for institution_id, source, day in CollectedDay.objects.filter(
            institution__in=institutions, day__gte=since, day__lte=until
        ).values_list("institution_id", "source", "day"):
            if refresh_from is None or day < refresh_from:
                done[(institution_id, source)].add(day)
        days = [since + datetime.timedelta(days=n) for n in range((until - since).days + 1)]
        try:
            for day in days:
                if self.max_seconds is not None and (timezone.now() - started).total_seconds() > self.max_seconds:
                    run.status = RunStatus.PARTIAL
                    run.message = (
                        f"{self._summary(run)} 한 번에 모으는 시간({self.max_seconds / 60:.0f}분)이 지나 "
                        f"{day:%Y.%m.%d}부터는 다음 실행에서 이어서 모읍니다."
                    )
                    return self._finish(run)
                if Source.G2B in sources:
                    for institution in institutions:
                        if day not in done[(institution.pk, Source.G2B)]:
                            self._contract_day(run, institution, day)
                    waiting = [i for i in institutions if day not in done[(i.pk, Source.G2B_DELETED)]]
                    if waiting:
                        self._deletions_day(run, waiting, day)
                if Source.MALL in sources:
                    waiting = [i for i in institutions if day not in done[(i.pk, Source.MALL)]]
                    if waiting:
                        self._mall_day(run, waiting, day)
        except QuotaExceeded as error:
            run.status = RunStatus.QUOTA
            run.message = f"{error} 모은 날까지는 저장했고, 다음 실행(다음 날 0시 이후)에서 이어서 모읍니다."
        except ServiceError as error:  # the key or the service: nothing more will work this run
            run.status = RunStatus.FAILED
            run.message = str(error)[:500]
        else:
            run.status = RunStatus.PARTIAL if run.failures else RunStatus.DONE
            run.message = self._summary(run)
        return self._finish(run)

    def _contract_day(self, run, institution: Institution, day: datetime.date) -> None:
        stamp = day.strftime("%Y%m%d")
        items: list[tuple[PurchaseKind, dict]] = []
        try:
            for kind, operation in CONTRACT_OPERATIONS.items():
                params = {
                    "inqryDiv": 1,
                    "inqryBgnDate": stamp,
                    "inqryEndDate": stamp,
                    "insttDivCd": 2,
                    "insttCd": institution.code,
                }
                calls = self.client.calls
                found = self.client.items(f"{settings.G2B_CONTRACT_URL}/{operation}", params)
                run.calls += self.client.calls - calls
                items.extend((kind, item) for item in found)
        except ServiceError as error:
            if error.kind in ("quota", "fatal"):
                raise
            self._fail(run, institution.name, Source.G2B, day, str(error))
            return
        lines = []
        for kind, item in items:
            try:
                lines.extend(self._contract_lines(item, institution, kind))
            except mapping.ItemProblem as problem:
                self._fail(run, institution.name, Source.G2B, day, str(problem))
        self._write_day(run, {institution.pk: lines}, Source.G2B, day)

    def _contract_lines(self, item: dict, institution: Institution, kind: str | None) -> list[CollectedLine]:
        name = mapping.contract_department_name(item, institution.code)
        department = self.directory.department(institution.pk, name) if name else None
        return mapping.contract_lines(
            item, institution_id=institution.pk, department_id=department.pk if department else None, kind=kind
        )

    def _mall_day(self, run, institutions: list[Institution], day: datetime.date) -> None:
        stamp = day.strftime("%Y%m%d")
        params = {"inqryDiv": 1, "inqryBgnDate": stamp, "inqryEndDate": stamp}
        try:
            calls = self.client.calls
            items = self.client.items(f"{settings.G2B_MALL_URL}/{MALL_OPERATION}", params)
            run.calls += self.client.calls - calls
        except ServiceError as error:
            if error.kind in ("quota", "fatal"):
                raise
            for institution in institutions:
                self._fail(run, institution.name, Source.MALL, day, str(error))
            return
        by_code = {institution.code: institution for institution in institutions}
        lines: dict[int, list[CollectedLine]] = {institution.pk: [] for institution in institutions}
        for item in items:
            buyer = by_code.get((item.get("dminsttCd") or "").strip())
            if buyer is None:
                continue
            try:
                lines[buyer.pk].append(mapping.mall_line(item, institution_id=buyer.pk))
            except mapping.ItemProblem as problem:
                self._fail(run, buyer.name, Source.MALL, day, str(problem))
        self._write_day(run, lines, Source.MALL, day)

    def _deletions_day(self, run, institutions: list[Institution], day: datetime.date) -> None:
        """The contracts 나라장터 deleted that day (삭제이력): their lines reversed, with the 삭제일시 as the reason."""
        stamp = day.strftime("%Y%m%d")
        params = {"inqryDiv": 1, "inqryBgnDt": f"{stamp}0000", "inqryEndDt": f"{stamp}2359"}
        deleted: dict[str, str] = {}
        try:
            for operation in DELETION_OPERATIONS:
                calls = self.client.calls
                found = self.client.items(f"{settings.G2B_CONTRACT_URL}/{operation}", params)
                run.calls += self.client.calls - calls
                for item in found:
                    try:
                        ref, when = mapping.deleted_contract(item)
                    except mapping.ItemProblem as problem:
                        self._fail(run, "", Source.G2B_DELETED, day, str(problem))
                        continue
                    deleted[ref] = when
        except ServiceError as error:
            if error.kind in ("quota", "fatal"):
                raise
            for institution in institutions:
                self._fail(run, institution.name, Source.G2B_DELETED, day, str(error))
            return
        with transaction.atomic():
            run.reversed += collected_withdraw(
                actor=self._actor(),
                source=PurchaseSource.G2B,
                deleted=deleted,
                origin={"source": Source.G2B_DELETED, "day": day.isoformat(), "run": run.pk},
            )
            for institution in institutions:
                CollectedDay.objects.update_or_create(
                    institution=institution, source=Source.G2B_DELETED, day=day, defaults={"lines": 0}
                )
        CollectionRun.objects.filter(pk=run.pk).update(
            calls=run.calls, reversed=run.reversed, heartbeat_at=timezone.now()
        )

    def _write_day(self, run, lines: dict[int, list[CollectedLine]], source: str, day: datetime.date) -> None:
        """A day's lines and its marks, all or nothing."""
        with transaction.atomic():
            all_lines = [line for institution_lines in lines.values() for line in institution_lines]
            counts = collected_write(
                actor=self._actor(), lines=all_lines, origin={"source": source, "day": day.isoformat(), "run": run.pk}
            )
            for institution_id, institution_lines in lines.items():
                CollectedDay.objects.update_or_create(
                    institution_id=institution_id, source=source, day=day, defaults={"lines": len(institution_lines)}
                )
        self._add(run, counts)
        run.days += 1
        CollectionRun.objects.filter(pk=run.pk).update(
            days=run.days,
            calls=run.calls,
            created=run.created,
            updated=run.updated,
            unchanged=run.unchanged,
            reversed=run.reversed,
            heartbeat_at=timezone.now(),
        )

    def _add(self, run, counts: CollectedCounts) -> None:
        run.created += counts.created
        run.updated += counts.updated
        run.unchanged += counts.unchanged
        run.reversed += counts.reversed

    def _fail(self, run, institution: str, source: str, day, message: str) -> None:
        if len(run.failures) < MAX_FAILURES:
            run.failures.append(
                {
                    "institution": institution,
                    "source": SOURCE_LABELS.get(source, source),
                    "day": day.isoformat() if day else "",
                    "message": message[:300],
                }
            )

    def _summary(self, run) -> str:
        text = (
            f"{run.days:,}일치를 모았습니다: 새로 등록 {run.created:,}줄, 변경 {run.updated:,}줄, "
            f"변경 없음 {run.unchanged:,}줄."
        )
        if run.reversed:
            text += (
                f" 출처에서 취소·삭제되었거나 공동도급에서 빠진 {run.reversed:,}줄은 되돌렸습니다(원래 줄은 남습니다)."
            )
        if run.failures:
            text += f" 실패 {len(run.failures):,}건은 아래 목록을 보세요."
        return text

    def _finish(self, run) -> CollectionRun:
        run.finished_at = timezone.now()
        run.save()
        audit(
            actor=self._actor(),
            action="g2b.collection.finished",
            obj=run,
            after={
                "status": run.status,
                "days": run.days,
                "created": run.created,
                "updated": run.updated,
                "reversed": run.reversed,
            },
        )
        return run

    def _actor(self):
        return self.actor if getattr(self.actor, "is_authenticated", False) else None


def collect_file(*, path: Path | str, actor=None, dry_run: bool = False) -> dict:
    """A saved answer of any list operation (JSON or XML as downloaded) into the ledger, all or nothing.

    Each item goes to the institution whose 기관코드 it names (`dminsttList`, then `cntrctInsttCd`; `dminsttCd` for
    a 납품요구); items of other institutions are skipped; the contracts of a 삭제이력 answer are reversed. An error
    envelope, or any item that cannot become a line, refuses the file: ServiceError / the result's "errors", and
    nothing is written."""
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CollectError("파일이 너무 큽니다 (200MB까지).")
    page = read_page(path.read_bytes())
    directory = UnitDirectory()
    codes = {i.code: i for i in Institution.objects.exclude(code="")}
    lines, errors, skipped = [], [], 0
    deleted: dict[str, str] = {}
    for row, item in enumerate(page.items, start=1):
        try:
            if mapping.is_deletion_item(item):
                ref, when = mapping.deleted_contract(item)
                deleted[ref] = when
            elif mapping.is_mall_item(item):
                institution = codes.get((item.get("dminsttCd") or "").strip())
                if institution is None:
                    skipped += 1
                    continue
                lines.append(mapping.mall_line(item, institution_id=institution.pk))
            elif mapping.is_contract_item(item):
                candidates = [*mapping.demand_codes(item), (item.get("cntrctInsttCd") or "").strip()]
                code = next((c for c in candidates if c in codes), None)
                if code is None:
                    skipped += 1
                    continue
                institution = codes[code]
                name = mapping.contract_department_name(item, code)
                department = directory.department(institution.pk, name) if name else None
                lines.extend(
                    mapping.contract_lines(
                        item, institution_id=institution.pk, department_id=department.pk if department else None
                    )
                )
            else:
                raise mapping.ItemProblem("계약(untyCntrctNo)도 납품요구(dlvrReqNo)도 아닌 항목입니다.")
        except mapping.ItemProblem as problem:
            errors.append({"row": row, "column": "", "message": str(problem)})
    result = {
        "rows": len(page.items),
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "reversed": 0,
        "skipped": skipped,
        "errors": errors,
    }
    if errors or dry_run:
        return result
    with transaction.atomic():
        counts = collected_write(actor=actor, lines=lines, origin={"file": path.name[:255]})
        withdrawn = collected_withdraw(
            actor=actor, source=PurchaseSource.G2B, deleted=deleted, origin={"file": path.name[:255]}
        )
        counts = counts._replace(reversed=counts.reversed + withdrawn)
        run = CollectionRun.objects.create(
            trigger="file",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            filename=path.name[:255],
            status=RunStatus.DONE,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
            reversed=counts.reversed,
            finished_at=timezone.now(),
            message=f"파일 {len(page.items):,}건 중 다른 기관 {skipped:,}건은 건너뛰었습니다.",
        )
        audit(actor=actor, action="g2b.collection.file", obj=run, after={"file": path.name[:255], **counts._asdict()})
    result.update(counts._asdict())
    return result


def default_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The daily task's days: from 1 January of yesterday's year to yesterday (the services publish up to
    yesterday); days already collected are skipped, except the last week, collected again for changes."""
    today = today or timezone.localdate()
    until = today - datetime.timedelta(days=1)
    return datetime.date(until.year, 1, 1), until


def client_from_settings(**kwargs) -> Client:
    key = (settings.DATA_GO_KR_SERVICE_KEY or "").strip()
    if not key:
        raise CollectError(
            "공공데이터포털 서비스키가 없습니다. 환경변수 DATA_GO_KR_SERVICE_KEY에 넣거나, "
            "저장한 응답 파일을 --from-file로 읽어 주세요."
        )
    return Client(service_key=key, **kwargs)


def record_refusal(*, trigger: str, actor, message: str) -> CollectionRun:
    """A run that could not start (no key, no code), kept so that the page says why nothing was collected."""
    return CollectionRun.objects.create(
        trigger=trigger,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        message=message[:500],
    )
