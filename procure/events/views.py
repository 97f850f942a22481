"""Event pages: public (the event, registration, booths), staff (setup, schedule, check-in, report), and the
pages of the people in a meeting (timetable, consultation note)."""

import math

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.accounts.models import Role
from procure.catalog.models import Category, Offering
from procure.core.access import access, public, signed_in
from procure.core.charts import bar_rows
from procure.core.client import client_address
from procure.core.exporters import export_response
from procure.core.feedback import reported
from procure.core.text import josa
from procure.enterprises.models import Enterprise
from procure.events import selectors, services, throttle
from procure.events.exports import EventReportExporter, RegistrationsExporter
from procure.events.forms import (
    BoothForm,
    CheckInForm,
    EventForm,
    ManualConsultationForm,
    NoteForm,
    RegistrationForm,
    SessionForm,
    SlotsForm,
)
from procure.events.models import Booth, Consultation, Event, FollowUp, Registration
from procure.events.permissions import can_edit_booth, can_note, is_program_staff
from procure.events.qr import checkin_qr_png, checkin_qr_svg


def _event(request, pk) -> Event:
    """A published event, or any event for staff (a draft is not public)."""
    event = get_object_or_404(Event, pk=pk)
    if not event.is_public and not is_program_staff(request.user):
        raise Http404
    return event


def _categories() -> dict:
    return dict(Category.objects.values_list("code", "name"))


@access(public)
def event_list(request):
    events = Event.objects.all() if is_program_staff(request.user) else selectors.public_events()
    mine = selectors.registrations_for_user(request.user) if request.user.is_authenticated else []
    return render(
        request,
        "events/event_list.html",
        {"events": events, "mine": mine, "is_staff": is_program_staff(request.user)},
    )


@access(public)
def event_detail(request, pk):
    event = _event(request, pk)
    registration = None
    if request.user.is_authenticated:
        registration = selectors.registrations_for_user(request.user).filter(event=event).first()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "booths": event.booths.select_related("enterprise"),
            "attendance": selectors.attendance(event),
            "registration": registration,
            "is_staff": is_program_staff(request.user),
        },
    )


@access(public)
def register(request, pk):
    """Officers with an account take a seat at once; others get a mail whose link confirms the registration
    (services: why the confirmation link), after the limits per address and per event (throttle.py)."""
    event = _event(request, pk)
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.role not in (Role.BUYER, Role.DISTRICT_ADMIN, Role.CENTER_STAFF):
        return render(request, "events/register.html", {"event": event, "form": None})
    form = RegistrationForm(request.POST or None, user=user, event=event)
    if request.method == "POST" and form.is_valid():
        if user is None:
            wait = throttle.registration_attempt(event_id=event.pk, address=client_address(request))
            if wait is not None:
                return _too_many_registrations(request, event, form, wait)
        try:
            registration = services.registration_create(event=event, user=user, **form.registration_fields())
        except services.EventError as error:
            form.add_error(None, error.messages[0])
        else:
            if registration.status == "pending":
                messages.info(
                    request,
                    f"{registration.email}{josa(registration.email, '으로/로')} 확인 메일을 보냈습니다. "
                    "메일의 주소를 열어 "
                    f"{settings.EVENT_REGISTRATION_CONFIRM_HOURS}시간 안에 신청을 확정해 주세요. "
                    "확정하기 전에는 자리가 잡히지 않습니다.",
                )
                return redirect("events:detail", pk=event.pk)
            if registration.status == "waitlisted":
                messages.warning(request, "정원이 차서 대기자로 신청되었습니다. 자리가 나면 메일로 알려 드립니다.")
            else:
                messages.success(request, "참가 신청이 확정되었습니다. 확인 메일을 보냈습니다.")
            return redirect("events:registration_detail", code=registration.code)
    return render(request, "events/register.html", {"event": event, "form": form})


def _too_many_registrations(request, event, form, wait: int):
    minutes = max(1, math.ceil(wait / 60))
    response = render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "too_many": f"이 주소나 이 행사에 신청이 너무 많이 들어왔습니다. {minutes}분 뒤에 다시 신청해 주세요. "
            "계정이 있으면 로그인하고 신청하면 바로 됩니다.",
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def _registration(code) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event", "institution", "department"), code=code)


@access(public)
def registration_detail(request, code):
    """The registrant's own page: status, QR, meetings. The 8-character code is the key (as on a ticket); for a
    registration made without an account only its mail carries it, so this page is also where the link in the
    mail confirms it (a button: a mail scanner that opens the link confirms nothing)."""
    registration = _registration(code)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            registration = services.registration_confirm(registration=registration)
        except services.EventError as error:
            messages.error(request, error.messages[0])
        else:
            if registration.status == "waitlisted":
                messages.warning(
                    request, "신청을 확정했습니다. 정원이 차서 대기자입니다. 자리가 나면 메일로 알려 드립니다."
                )
            else:
                messages.success(request, "참가 신청이 확정되었습니다. 참가 확인 코드와 QR을 메일로도 보냈습니다.")
        return redirect("events:registration_detail", code=code)
    categories = _categories()
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr_svg": checkin_qr_svg(registration) if registration.status in ("confirmed", "waitlisted") else "",
            "category_names": [categories.get(c, c) for c in registration.categories],
            "consultations": registration.consultations.select_related("slot", "booth__enterprise"),
        },
    )


@access(public)
def registration_qr(request, code):
    response = HttpResponse(checkin_qr_png(_registration(code)), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@access(public)
@require_POST
def registration_cancel(request, code):
    registration = _registration(code)
    services.registration_cancel(
        registration=registration, actor=request.user if request.user.is_authenticated else None
    )
    messages.success(request, "참가 신청을 취소했습니다.")
    return redirect("events:registration_detail", code=code)


@access(public)
def booth_list(request, pk):
    """The booth list and map, printable."""
    event = _event(request, pk)
    categories = _categories()
    booths = list(event.booths.select_related("enterprise"))
    for booth in booths:
        booth.category_names = [categories.get(c, c) for c in booth.categories]
    return render(request, "events/booth_list.html", {"event": event, "booths": booths})


@access(public)
def booth_detail(request, pk):
    booth = get_object_or_404(Booth.objects.select_related("event", "enterprise"), pk=pk)
    _event(request, booth.event_id)
    enterprise = booth.enterprise
    categories = _categories()
    shortlisted = set()
    can_shortlist = request.user.is_authenticated and request.user.role in (
        Role.BUYER,
        Role.DISTRICT_ADMIN,
        Role.CENTER_STAFF,
    )
    if can_shortlist:
        shortlisted = set(
            request.user.shortlists.values_list("items__offering_id", flat=True).exclude(items__offering_id=None)
        )
    return render(
        request,
        "events/booth_detail.html",
        {
            "booth": booth,
            "event": booth.event,
            "enterprise": enterprise,
            # What buyers may see today: an enterprise whose certification has ended is not listed (its pages
            # answer 404), so its booth names it without linking to them.
            "listed": Enterprise.objects.valid_on(timezone.localdate()).filter(pk=enterprise.pk).exists(),
            "offerings": Offering.objects.visible_on(timezone.localdate())
            .filter(enterprise=enterprise)
            .select_related("category")[:50],
            "certifications": enterprise.certifications.filter(status="approved").order_by("-valid_from")[:3],
            "category_names": [categories.get(c, c) for c in booth.categories],
            "can_shortlist": can_shortlist,
            "shortlisted": shortlisted,
            "can_edit": can_edit_booth(request.user, booth),
        },
    )


@access(signed_in)
def booth_edit(request, pk):
    booth = get_object_or_404(Booth.objects.select_related("event", "enterprise"), pk=pk)
    if not can_edit_booth(request.user, booth):
        raise PermissionDenied
    form = BoothForm(request.POST or None, instance=booth)
    if request.method == "POST" and form.is_valid():
        services.booth_update(actor=request.user, booth=booth, **{k: form.cleaned_data[k] for k in form.fields})
        messages.success(request, "부스 정보를 저장했습니다.")
        return redirect("events:booth_detail", pk=booth.pk)
    return render(request, "events/booth_edit.html", {"booth": booth, "event": booth.event, "form": form})


# --- staff ------------------------------------------------------------------------------------------------


@access(is_program_staff)
def event_new(request):
    return _event_form(request, Event())


@access(is_program_staff)
def event_edit(request, pk):
    return _event_form(request, get_object_or_404(Event, pk=pk))


def _event_form(request, event):
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = services.event_save(actor=request.user, event=form.save(commit=False))
        messages.success(request, "행사를 저장했습니다.")
        return redirect("events:manage", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@access(is_program_staff)
def manage(request, pk):
    """The staff's page of one event: program, slots, booths, registrations (paged), and the next steps."""
    event = get_object_or_404(Event, pk=pk)
    session_form = SessionForm(request.POST if "add_session" in request.POST else None)
    slots_form = SlotsForm(request.POST if "set_slots" in request.POST else None)
    if request.method == "POST":
        if "add_session" in request.POST and session_form.is_valid():
            services.session_add(actor=request.user, event=event, session=session_form.save(commit=False))
            messages.success(request, "프로그램을 추가했습니다.")
            return redirect("events:manage", pk=pk)
        if "set_slots" in request.POST and slots_form.is_valid():
            with reported(request, "상담 시간대를 만들었습니다."):
                services.slots_set(actor=request.user, event=event, **slots_form.cleaned_data)
            return redirect("events:manage", pk=pk)
        if "open_booths" in request.POST:
            with reported(request) as outcome:
                created = services.booths_from_round(actor=request.user, event=event)
                outcome.success = f"선정 기업 부스 {created}곳을 열었습니다."
            return redirect("events:manage", pk=pk)
        if "remove_session" in request.POST:
            services.session_remove(actor=request.user, event=event, session_id=request.POST.get("remove_session"))
            return redirect("events:manage", pk=pk)
    registrations = event.registrations.select_related("institution", "department").order_by("status", "created_at")
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "slots": event.slots.all(),
            "booths": event.booths.select_related("enterprise"),
            "booths_not_opened": services.booths_not_opened(event),
            "page": page,
            "attendance": selectors.attendance(event),
            "session_form": session_form,
            "slots_form": slots_form,
        },
    )


@access(is_program_staff)
def schedule(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = ManualConsultationForm(request.POST or None, event=event)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "run":
                count = services.consultations_schedule(actor=request.user, event=event)
                messages.success(request, f"상담 {count}건을 배정했습니다 (가능한 최대).")
            elif action == "send":
                sent = services.timetables_send(actor=request.user, event=event)
                messages.success(request, f"상담 일정을 {sent}명의 알림함으로 보냈습니다.")
            elif action == "remove":
                consultation = get_object_or_404(Consultation, event=event, pk=request.POST.get("consultation"))
                services.consultation_remove(actor=request.user, consultation=consultation)
                messages.success(request, "상담 하나를 지웠습니다.")
            elif action == "add" and form.is_valid():
                services.consultation_add(actor=request.user, event=event, **form.cleaned_data)
                messages.success(request, "상담을 직접 배정했습니다.")
            elif action == "add":
                messages.error(request, "담당자, 부스, 시간대를 모두 고르세요.")
        except services.EventError as error:
            messages.error(request, error.messages[0])
        return redirect("events:schedule", pk=pk)
    return render(
        request,
        "events/schedule.html",
        {"event": event, "grid": selectors.timetable_grid(event), "form": form, "count": event.consultations.count()},
    )


@access(is_program_staff)
def timetables_print(request, pk):
    """Every booth's and every officer's timetable, one per printed page."""
    event = get_object_or_404(Event, pk=pk)
    consultations = list(selectors.consultations_of(event))
    by_booth, by_officer = {}, {}
    for c in consultations:
        by_booth.setdefault(c.booth, []).append(c)
        by_officer.setdefault(c.registration, []).append(c)
    return render(
        request,
        "events/timetables_print.html",
        {"event": event, "by_booth": by_booth.items(), "by_officer": by_officer.items()},
    )


@access(signed_in)
def my_timetable(request, pk):
    """An officer's meetings, or the booth's meetings for a member of an exhibiting enterprise."""
    event = _event(request, pk)
    consultations = selectors.consultations_of(event)
    if request.user.role == Role.ENTERPRISE:
        consultations = consultations.filter(booth__enterprise_id=request.user.enterprise_id)
    else:
        consultations = consultations.filter(registration__user=request.user)
    return render(request, "events/my_timetable.html", {"event": event, "consultations": consultations})


@access(is_program_staff)
def checkin(request, pk):
    """Phone-sized: type the code, or scan the QR (the camera app opens this page with ?code=…)."""
    event = get_object_or_404(Event, pk=pk)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    checked = None
    if request.method == "POST" and form.is_valid():
        with reported(request) as outcome:
            checked = services.registration_check_in(event=event, code=form.cleaned_data["code"], actor=request.user)
            outcome.success = f"{checked.name} 님 ({checked.institution.name}) 입장 확인"
        if not outcome.refused:
            return redirect(reverse("events:checkin", args=[pk]))
    return render(
        request,
        "events/checkin.html",
        {"event": event, "form": form, "attendance": selectors.attendance(event)},
    )


@access(is_program_staff)
def attendance(request, pk):
    """Live attendance (the check-in page polls it)."""
    return JsonResponse(selectors.attendance(get_object_or_404(Event, pk=pk)))


@access(signed_in)
def consultation_detail(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("event", "slot", "booth__enterprise", "registration__institution"), pk=pk
    )
    if not can_note(request.user, consultation):
        raise PermissionDenied
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.note_add(actor=request.user, consultation=consultation, **form.cleaned_data)
        messages.success(request, "상담 기록을 저장했습니다.")
        return redirect("events:consultation", pk=pk)
    buyer_can_request = (
        request.user.role == Role.BUYER and consultation.registration.institution_id == request.user.institution_id
    )
    wants_quote = consultation.notes.filter(follow_up__in=[FollowUp.QUOTE, FollowUp.CONTRACT]).exists()
    return render(
        request,
        "events/consultation.html",
        {
            "consultation": consultation,
            "event": consultation.event,
            "notes": consultation.notes.select_related("author"),
            "form": form,
            "quote_link": (
                reverse("buying:request_new") + f"?enterprise={consultation.booth.enterprise_id}"
                if buyer_can_request and wants_quote
                else ""
            ),
        },
    )


@access(is_program_staff)
def report(request, pk):
    event = get_object_or_404(Event, pk=pk)
    effect = selectors.event_effect(event)
    return render(
        request,
        "events/report.html",
        {
            "event": event,
            "effect": effect,
            "attendance_bars": bar_rows((r.label, r.attendees) for r in effect["institutions"]),
            "amount_bars": bar_rows(
                (r.label, r.amounts[12]) for r in sorted(effect["enterprises"], key=lambda r: -r.amounts[12])
            ),
        },
    )


@access(is_program_staff)
def report_xlsx(request, pk):
    return export_response(EventReportExporter(event=get_object_or_404(Event, pk=pk)), "xlsx")


@access(is_program_staff)
def registrations_xlsx(request, pk):
    return export_response(RegistrationsExporter(event=get_object_or_404(Event, pk=pk)), "xlsx")
