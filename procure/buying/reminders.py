"""Daily: remind buyers of 검수 and payment due soon or late; tell the center what is late."""

import datetime

from django.urls import reverse

from procure.accounts.models import Role, User
from procure.buying.deadlines import waiting
from procure.buying.models import Contract
from procure.core.services import notify

SOON_DAYS = 2


def reminders_send(*, today: datetime.date) -> dict[str, int]:
    sent = {"soon": 0, "late": 0, "center": 0}
    late = []
    for item in waiting(today=today):
        contract, due = item["contract"], item["due"]
        if item["days_late"] > 0:
            stage = "late"
            late.append(item)
        elif (due - today).days <= SOON_DAYS:
            stage = "soon"
        else:
            continue
        key = f"{stage}:{item['what']}:{due.isoformat()}"
        if key in contract.reminders_sent:
            continue
        when = "지났습니다" if stage == "late" else "다가옵니다"
        notify(
            recipient=contract.created_by,
            title=f"{item['what']} 기한이 {when}: {contract.title}",
            body=f"{contract.enterprise.name} · {contract.number} · 기한 {due:%Y.%m.%d}",
            link=reverse("buying:contract_detail", args=[contract.pk]),
        )
        Contract.objects.filter(pk=contract.pk).update(
            reminders_sent={**contract.reminders_sent, key: today.isoformat()}
        )
        sent[stage] += 1
    if late:
        body = "\n".join(
            f"{i['contract'].institution.name} {i['contract'].title}: {i['what']} {i['days_late']}일 지남" for i in late
        )
        for staff in User.objects.filter(role=Role.CENTER_STAFF, is_active=True):
            notify(recipient=staff, title=f"기한이 지난 계약 {len(late)}건", body=body, link=reverse("buying:overdue"))
            sent["center"] += 1
    return sent
