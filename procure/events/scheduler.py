"""The 1:1 consultation scheduler: who meets whom in which slot, as many meetings as the rules allow.

A problem is a list of slots, officers (interests, at most `max_meetings` meetings) and enterprises (categories,
`capacity` = how many officers the booth staff can see in one slot). A meeting (officer, enterprise, slot) is
allowed when the officer's interests meet the enterprise's categories. The rules:

- an officer is in at most one meeting per slot, and in at most `max_meetings` meetings;
- an officer meets an enterprise at most once;
- an enterprise holds at most `capacity` meetings in one slot.

Maximising the number of meetings under these rules is a 3-dimensional assignment, not a plain bipartite
matching (the "once per pair" rule crosses slots), so it is solved exactly with OR-Tools CP-SAT. Meetings fixed
by staff are kept and the rest is filled around them. Pure Python, no Django: the command, the service and the
tests share it. `check_meetings` is the independent checker of the same rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from procure.core.text import josa


class ScheduleError(ValueError):
    """The input cannot be scheduled; the message is Korean and says why."""


@dataclass(frozen=True)
class Officer:
    id: str
    interests: frozenset[str]
    max_meetings: int


@dataclass(frozen=True)
class Enterprise:
    id: str
    categories: frozenset[str]
    capacity: int


@dataclass(frozen=True)
class Meeting:
    officer: str
    enterprise: str
    slot: str


@dataclass
class Problem:
    slots: list[str]
    officers: list[Officer]
    enterprises: list[Enterprise]
    fixed: list[Meeting] = field(default_factory=list)

    @classmethod
    def from_json(cls, data) -> Problem:
        """The command's input (docs/formats.md): {"slots": [...], "officers": [...], "enterprises": [...]}."""
        if not isinstance(data, dict):
            raise ScheduleError("입력은 slots, officers, enterprises 를 가진 JSON 객체여야 합니다.")
        try:
            slots = [str(s) for s in data.get("slots", [])]
            officers = [
                Officer(str(o["id"]), frozenset(map(str, o.get("interests", []))), int(o.get("max_meetings", 1)))
                for o in data.get("officers", [])
            ]
            enterprises = [
                Enterprise(str(e["id"]), frozenset(map(str, e.get("categories", []))), int(e.get("capacity", 1)))
                for e in data.get("enterprises", [])
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise ScheduleError(f"입력 형식이 맞지 않습니다: {error}") from error
        problem = cls(slots, officers, enterprises)
        problem.validate()
        return problem

    def validate(self) -> None:
        for name, ids in (
            ("시간대", self.slots),
            ("담당자 id", [o.id for o in self.officers]),
            ("기업 id", [e.id for e in self.enterprises]),
        ):
            repeated = [value for value, count in Counter(ids).items() if count > 1]
            if repeated:
                raise ScheduleError(f"{name}가 중복되었습니다: {', '.join(repeated[:5])}")
        if any(o.max_meetings < 0 for o in self.officers) or any(e.capacity < 0 for e in self.enterprises):
            raise ScheduleError("max_meetings 와 capacity 는 0 이상이어야 합니다.")

    def allowed(self, officer: Officer, enterprise: Enterprise) -> bool:
        return bool(officer.interests & enterprise.categories)


def check_meetings(problem: Problem, meetings: list[Meeting]) -> list[str]:
    """Every broken rule, in Korean; an empty list means the schedule is valid."""
    problems = []
    officers = {o.id: o for o in problem.officers}
    enterprises = {e.id: e for e in problem.enterprises}
    slots = set(problem.slots)
    per_officer_slot = Counter((m.officer, m.slot) for m in meetings)
    per_pair = Counter((m.officer, m.enterprise) for m in meetings)
    per_officer = Counter(m.officer for m in meetings)
    per_booth_slot = Counter((m.enterprise, m.slot) for m in meetings)
    for m in meetings:
        officer, enterprise = officers.get(m.officer), enterprises.get(m.enterprise)
        if officer is None or enterprise is None or m.slot not in slots:
            problems.append(f"알 수 없는 담당자·기업·시간대: {m.officer} / {m.enterprise} / {m.slot}")
        elif not problem.allowed(officer, enterprise):
            problems.append(f"{m.officer}의 관심 분야가 {m.enterprise}의 분야와 맞지 않습니다.")
    problems += [f"{o}{josa(o, '은/는')} {s}에 상담이 겹칩니다." for (o, s), n in per_officer_slot.items() if n > 1]
    problems += [
        f"{o}{josa(o, '은/는')} {e}{josa(e, '과/와')} 두 번 이상 만납니다." for (o, e), n in per_pair.items() if n > 1
    ]
    problems += [
        f"{o}의 상담 수({n})가 희망한 최대({officers[o].max_meetings})를 넘습니다."
        for o, n in per_officer.items()
        if o in officers and n > officers[o].max_meetings
    ]
    problems += [
        f"{e}의 {s} 상담 수({n})가 부스 수용 인원({enterprises[e].capacity})을 넘습니다."
        for (e, s), n in per_booth_slot.items()
        if e in enterprises and n > enterprises[e].capacity
    ]
    return problems


def schedule(problem: Problem, *, time_limit: float = 30.0) -> list[Meeting]:
    """A schedule with the largest number of meetings (proved optimal by CP-SAT within the time limit)."""
    from ortools.sat.python import cp_model

    problem.validate()
    fixed_errors = check_meetings(problem, problem.fixed)
    if fixed_errors:
        raise ScheduleError("직접 배정한 상담이 규칙에 맞지 않습니다: " + fixed_errors[0])
    model = cp_model.CpModel()
    x = {}
    for officer in problem.officers:
        if officer.max_meetings == 0:
            continue
        for enterprise in problem.enterprises:
            if enterprise.capacity == 0 or not problem.allowed(officer, enterprise):
                continue
            for slot in problem.slots:
                x[officer.id, enterprise.id, slot] = model.new_bool_var("")
    for meeting in problem.fixed:
        model.add(x[meeting.officer, meeting.enterprise, meeting.slot] == 1)

    def total(keys):
        return sum(x[k] for k in keys)

    by_officer_slot, by_pair, by_officer, by_booth_slot = {}, {}, {}, {}
    for key in x:
        o, e, s = key
        by_officer_slot.setdefault((o, s), []).append(key)
        by_pair.setdefault((o, e), []).append(key)
        by_officer.setdefault(o, []).append(key)
        by_booth_slot.setdefault((e, s), []).append(key)
    officers = {o.id: o for o in problem.officers}
    enterprises = {e.id: e for e in problem.enterprises}
    for keys in by_officer_slot.values():
        model.add(total(keys) <= 1)
    for keys in by_pair.values():
        model.add(total(keys) <= 1)
    for o, keys in by_officer.items():
        model.add(total(keys) <= officers[o].max_meetings)
    for (e, _s), keys in by_booth_slot.items():
        model.add(total(keys) <= enterprises[e].capacity)
    # Spread meetings over slots in a stable way: among optimal schedules, prefer earlier slots (a tie-break
    # that never costs a meeting, since every meeting is worth far more than any slot preference).
    weight = len(problem.slots) + 1
    model.maximize(
        sum(var * (weight * weight) for var in x.values())
        - sum(var * problem.slots.index(k[2]) for k, var in x.items())
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ScheduleError("시간 안에 일정을 찾지 못했습니다. 다시 시도해 주세요.")
    slot_order = {s: i for i, s in enumerate(problem.slots)}
    meetings = [Meeting(*key) for key, var in x.items() if solver.value(var)]
    meetings.sort(key=lambda m: (slot_order[m.slot], m.enterprise, m.officer))
    return meetings
