"""공공구매 설명회·박람회·구매상담회: the event, its program, registrations, booths and 1:1 consultations."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Check-in codes: 8 characters a person can read aloud and type on a phone (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class EventKind(models.TextChoices):
    BRIEFING = "briefing", "공공구매 설명회"
    FAIR = "fair", "공공구매 박람회"
    CONSULTATION = "consultation", "구매상담회"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "준비 중"
    OPEN = "open", "신청 받는 중"
    CLOSED = "closed", "신청 마감"
    FINISHED = "finished", "종료"


class Event(models.Model):
    title = models.CharField("행사명", max_length=200)
    kind = models.CharField("행사 종류", max_length=20, choices=EventKind.choices, default=EventKind.BRIEFING)
    date = models.DateField("행사일")
    starts_at = models.TimeField("시작 시각")
    ends_at = models.TimeField("종료 시각")
    venue = models.CharField("장소", max_length=200)
    address = models.CharField("주소", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("정원", help_text="확정 신청자가 정원에 이르면 대기자로 받습니다.")
    description = models.TextField("안내", blank=True, max_length=4000)
    consent_text = models.TextField(
        "개인정보 수집·이용 동의문",
        max_length=2000,
        default="행사 운영(참가 확인, 상담 일정 안내)을 위해 이름, 소속, 연락처를 수집하며 행사 후 1년간 보관합니다.",
    )
    status = models.CharField("상태", max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    vetting_round = models.ForeignKey(
        "vetting.Round",
        verbose_name="참여기업 모집",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="이 모집에서 선정된 기업이 부스를 엽니다.",
    )
    default_max_meetings = models.PositiveSmallIntegerField("1인 최대 상담 수(기본)", default=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "행사"
        verbose_name_plural = "행사"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != EventStatus.DRAFT


class SessionKind(models.TextChoices):
    EDUCATION = "education", "교육"
    TALK = "talk", "발표"
    BOOTHS = "booths", "부스 관람"
    CONSULTATION = "consultation", "1:1 상담"
    OTHER = "other", "기타"


class ProgramSession(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.TimeField("시작")
    ends_at = models.TimeField("끝")
    title = models.CharField("제목", max_length=200)
    kind = models.CharField("구분", max_length=20, choices=SessionKind.choices, default=SessionKind.EDUCATION)
    speaker = models.CharField("강사·발표자", max_length=100, blank=True)

    class Meta:
        verbose_name = "프로그램"
        verbose_name_plural = "프로그램"
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "메일 확인 대기"
    CONFIRMED = "confirmed", "참가 확정"
    WAITLISTED = "waitlisted", "대기"
    CANCELLED = "cancelled", "취소"
    EXPIRED = "expired", "확인 기한 지남"


# A registration in these states is over: it holds nothing and its address may register again.
ENDED_STATUSES = (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)


class Registration(models.Model):
    """An officer's place at the event, with what they came to buy and their check-in code.

    Made without an account it is `pending`: it holds no seat until the link in its mail is followed (the
    code, which only the mail carries, opens the page that confirms it) within EVENT_REGISTRATION_CONFIRM_HOURS
    of the last mail; after that it is `expired` (services.registration_create / registration_confirm)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    name = models.CharField("이름", max_length=50)
    email = models.EmailField("이메일")
    phone = models.CharField("연락처", max_length=20, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name="기관", on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "institutions.Department",
        verbose_name="부서",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    categories = models.JSONField("구매 예정 분야", default=list, blank=True)
    interests = models.CharField("관심 품목(자유 기재)", max_length=300, blank=True)
    max_meetings = models.PositiveSmallIntegerField("희망 상담 수", default=3)
    status = models.CharField("상태", max_length=12, choices=RegistrationStatus.choices)
    code = models.CharField("참가 확인 코드", max_length=8, unique=True, default=new_checkin_code)
    consented_at = models.DateTimeField("동의 일시")
    confirmed_at = models.DateTimeField(
        "확정 일시", null=True, blank=True, help_text="자리를 잡은 때 (계정 신청은 신청 때, 그 밖에는 메일 확인 때)"
    )
    mailed_at = models.DateTimeField("확인 메일 발송 일시", null=True, blank=True)
    checked_in_at = models.DateTimeField("입장 일시", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("신청 일시", auto_now_add=True)

    class Meta:
        verbose_name = "참가 신청"
        verbose_name_plural = "참가 신청"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status__in=["cancelled", "expired"]),
                name="one_live_registration_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.event})"

    @property
    def is_live(self) -> bool:
        return self.status not in ENDED_STATUSES

    @property
    def confirm_by(self) -> datetime.datetime | None:
        """Until when a pending registration may be confirmed (hours after its last confirmation mail)."""
        if self.status != RegistrationStatus.PENDING:
            return None
        sent = self.mailed_at or self.created_at or timezone.now()
        return sent + datetime.timedelta(hours=settings.EVENT_REGISTRATION_CONFIRM_HOURS)

    @property
    def is_overdue(self) -> bool:
        """Pending past its deadline: expired, whether or not a later write has marked it so yet."""
        return self.status == RegistrationStatus.PENDING and timezone.now() > self.confirm_by

    def get_status_display(self) -> str:
        if self.is_overdue:
            return RegistrationStatus.EXPIRED.label
        return RegistrationStatus(self.status).label if self.status in RegistrationStatus.values else self.status


class Booth(models.Model):
    """An exhibiting enterprise at the event: where it stands and how many officers its staff can see at once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="booths")
    number = models.PositiveSmallIntegerField("부스 번호")
    capacity = models.PositiveSmallIntegerField(
        "시간대별 상담 인원", default=1, help_text="부스 상담 직원 수: 한 시간대에 동시에 만날 수 있는 담당자 수"
    )
    categories = models.JSONField("상담 분야", default=list, blank=True)
    contact_name = models.CharField("부스 담당자", max_length=50, blank=True)
    contact_phone = models.CharField("부스 연락처", max_length=20, blank=True)

    class Meta:
        verbose_name = "부스"
        verbose_name_plural = "부스"
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="one_booth_per_enterprise"),
            models.UniqueConstraint(fields=["event", "number"], name="booth_numbers_unique"),
        ]

    def __str__(self):
        return f"{self.number}번 {self.enterprise}"


class ConsultationSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.TimeField("시작")
    ends_at = models.TimeField("끝")

    class Meta:
        verbose_name = "상담 시간대"
        verbose_name_plural = "상담 시간대"
        ordering = ["event", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="slot_starts_once")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.starts_at.strftime("%H:%M")


class Consultation(models.Model):
    """One 1:1 meeting. The database holds two of the rules; booth capacity is checked by the service."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="consultations")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="consultations")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="consultations")
    slot = models.ForeignKey(ConsultationSlot, on_delete=models.CASCADE, related_name="consultations")
    by_hand = models.BooleanField("직접 배정", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "1:1 상담"
        verbose_name_plural = "1:1 상담"
        ordering = ["slot__starts_at", "booth__number"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="officer_once_per_slot"),
            models.UniqueConstraint(fields=["registration", "booth"], name="officer_meets_booth_once"),
        ]

    def __str__(self):
        return f"{self.slot} {self.registration.name} – {self.booth.enterprise}"


class InterestLevel(models.TextChoices):
    HIGH = "high", "높음"
    MEDIUM = "medium", "보통"
    LOW = "low", "낮음"


class FollowUp(models.TextChoices):
    NONE = "none", "후속 없음"
    QUOTE = "quote", "견적 요청"
    SAMPLE = "sample", "견본·자료 요청"
    VISIT = "visit", "방문·추가 상담"
    CONTRACT = "contract", "계약 추진"


class ConsultationNote(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    interest = models.CharField("관심도", max_length=10, choices=InterestLevel.choices)
    follow_up = models.CharField("후속 조치", max_length=10, choices=FollowUp.choices, default=FollowUp.NONE)
    next_step = models.CharField("다음 단계", max_length=300, blank=True)
    created_at = models.DateTimeField("작성 일시", auto_now_add=True)

    class Meta:
        verbose_name = "상담 기록"
        verbose_name_plural = "상담 기록"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.consultation}: {self.get_follow_up_display()}"

    @property
    def wants_follow_up(self) -> bool:
        return self.follow_up != FollowUp.NONE
