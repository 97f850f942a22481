import json

from django.core.management.base import BaseCommand, CommandError

from procure.core.services import audit
from procure.enterprises import business_status
from procure.enterprises.odcloud import OdcloudError


class Command(BaseCommand):
    help = (
        "등록 기업의 사업자등록번호를 국세청 사업자등록 상태조회(100건씩)로 확인하고, 휴·폐업 기업을 지원센터에 "
        "알립니다 (매주 실행; 서비스키 DATA_GO_KR_SERVICE_KEY)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, json=False, **options):
        try:
            counts = business_status.check_all()
        except OdcloudError as error:
            audit(actor=None, action="enterprises.business_status.failed", after={"message": str(error)})
            raise CommandError(str(error)) from None
        audit(actor=None, action="enterprises.business_status.checked", after=counts)
        if json:
            self.stdout.write(_dumps(counts))
        else:
            self.stdout.write(
                f"{counts['checked']}개 기업 확인: 새로 휴·폐업 등으로 표시 {counts['flagged']}건, "
                f"다시 계속사업자 {counts['reopened']}건, 답 없음 {counts['not_answered']}건 "
                f"(요청 {counts['calls']}회)."
            )


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
