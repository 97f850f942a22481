"""The consultation scheduler: as many meetings as the rules allow (equal to brute force on small cases),
and never a broken rule (the independent checker, on random larger cases)."""

import itertools
import json
import random

import pytest
from django.core.management import call_command

from procure.events.scheduler import (
    Enterprise,
    Meeting,
    Officer,
    Problem,
    ScheduleError,
    check_meetings,
    schedule,
)

CATEGORIES = ["FOOD", "PRINT", "CLEAN", "EDU"]


def random_problem(rng: random.Random, *, officers: int, enterprises: int, slots: int) -> Problem:
    return Problem(
        slots=[f"{10 + i}:00" for i in range(slots)],
        officers=[
            Officer(f"o{i}", frozenset(rng.sample(CATEGORIES, rng.randint(1, 2))), rng.randint(0, 3))
            for i in range(officers)
        ],
        enterprises=[
            Enterprise(f"e{i}", frozenset(rng.sample(CATEGORIES, rng.randint(1, 2))), rng.randint(0, 2))
            for i in range(enterprises)
        ],
    )


def brute_force_max(problem: Problem) -> int:
    """Try every subset of allowed meetings, largest first; the first valid size is the optimum."""
    candidates = [
        Meeting(o.id, e.id, s)
        for o in problem.officers
        for e in problem.enterprises
        for s in problem.slots
        if problem.allowed(o, e)
    ]
    for size in range(len(candidates), 0, -1):
        for subset in itertools.combinations(candidates, size):
            if not check_meetings(problem, list(subset)):
                return size
    return 0


@pytest.mark.parametrize("seed", range(40))
def test_the_count_equals_brute_force_on_small_cases(seed):
    rng = random.Random(seed)
    problem = random_problem(rng, officers=rng.randint(1, 3), enterprises=rng.randint(1, 2), slots=rng.randint(1, 3))
    # keep brute force affordable: at most 2^14 subsets
    allowed = sum(problem.allowed(o, e) for o in problem.officers for e in problem.enterprises) * len(problem.slots)
    if allowed > 14:
        problem.slots = problem.slots[:1]
    meetings = schedule(problem)
    assert check_meetings(problem, meetings) == []
    assert len(meetings) == brute_force_max(problem)


@pytest.mark.parametrize("seed", range(8))
def test_meetings_always_pass_the_checker_on_random_larger_cases(seed):
    rng = random.Random(1000 + seed)
    problem = random_problem(rng, officers=60, enterprises=11, slots=6)
    meetings = schedule(problem)
    assert check_meetings(problem, meetings) == []
    # an upper bound nobody can beat: each officer's wish, capped by the booths they could meet
    bound = sum(
        min(
            o.max_meetings,
            len(problem.slots),
            sum(problem.allowed(o, e) and e.capacity > 0 for e in problem.enterprises),
        )
        for o in problem.officers
    )
    assert len(meetings) <= bound


def test_a_scarce_booth_goes_to_the_officer_who_has_no_other_choice():
    """Greedy by arrival would give e1 to o1 and leave o2 with nothing; the optimum meets both."""
    problem = Problem(
        slots=["10:00"],
        officers=[Officer("o1", frozenset({"FOOD", "PRINT"}), 1), Officer("o2", frozenset({"FOOD"}), 1)],
        enterprises=[Enterprise("e1", frozenset({"FOOD"}), 1), Enterprise("e2", frozenset({"PRINT"}), 1)],
    )
    assert {(m.officer, m.enterprise) for m in schedule(problem)} == {("o1", "e2"), ("o2", "e1")}


def test_meetings_fixed_by_hand_are_kept():
    problem = Problem(
        slots=["10:00", "10:20"],
        officers=[Officer("o1", frozenset({"FOOD"}), 2)],
        enterprises=[Enterprise("e1", frozenset({"FOOD"}), 1), Enterprise("e2", frozenset({"FOOD"}), 1)],
        fixed=[Meeting("o1", "e2", "10:00")],
    )
    meetings = schedule(problem)
    assert Meeting("o1", "e2", "10:00") in meetings
    assert len(meetings) == 2


def test_the_checker_names_every_broken_rule():
    problem = Problem(
        slots=["10:00"],
        officers=[Officer("o1", frozenset({"FOOD"}), 1), Officer("o2", frozenset({"FOOD"}), 1)],
        enterprises=[Enterprise("e1", frozenset({"FOOD"}), 1), Enterprise("e2", frozenset({"EDU"}), 1)],
    )
    errors = check_meetings(
        problem,
        [Meeting("o1", "e1", "10:00"), Meeting("o2", "e1", "10:00"), Meeting("o1", "e2", "10:00")],
    )
    text = " ".join(errors)
    assert "관심 분야" in text  # o1–e2 do not share a category
    assert "겹칩니다" in text  # o1 twice at 10:00
    assert "부스 수용 인원" in text  # e1 holds two at once with capacity 1
    assert "희망한 최대" in text  # o1 has two meetings, wanted one


def test_repeated_ids_are_refused_in_korean():
    with pytest.raises(ScheduleError, match="중복"):
        Problem.from_json({"slots": ["10:00", "10:00"], "officers": [], "enterprises": []})


def test_the_command_reads_the_documented_format_and_prints_json(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "slots": ["10:00", "10:20"],
                "officers": [
                    {"id": "o1", "interests": ["FOOD"], "max_meetings": 3},
                    {"id": "o2", "interests": ["FOOD", "PRINT"], "max_meetings": 1},
                ],
                "enterprises": [
                    {"id": "e1", "categories": ["FOOD"], "capacity": 1},
                    {"id": "e2", "categories": ["PRINT"], "capacity": 2},
                ],
            }
        ),
        encoding="utf-8",
    )
    call_command("schedule_consultations", str(path), "--json")
    result = json.loads(capsys.readouterr().out)
    # o1 can only meet e1 (once); o2 wants one meeting: e2, or e1 in the other slot
    assert result["count"] == 2 == len(result["meetings"])
    assert {"officer", "enterprise", "slot"} == set(result["meetings"][0])
    assert any(m["officer"] == "o1" and m["enterprise"] == "e1" for m in result["meetings"])


def test_the_command_refuses_a_bad_file_in_korean(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        call_command("schedule_consultations", str(path), "--json")
