"""Shared helpers for the benchmarks: fresh databases, generated data, child-process timing and peak RSS."""

import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

INSTITUTIONS = {
    "관악구청": [
        "총무과",
        "기획예산과",
        "일자리정책과",
        "지역경제과",
        "복지정책과",
        "청소행정과",
        "공원녹지과",
        "문화체육과",
        "보라매동주민센터",
        "신림동주민센터",
        "행운동주민센터",
        "교육정책과",
    ],
    "관악구의회": ["의회사무국 의정팀", "의회사무국 의사팀"],
    "관악구시설관리공단": ["경영지원팀", "체육시설팀", "주차사업팀", "시설관리팀"],
    "관악문화재단": ["경영지원팀", "문화사업팀", "공연장운영팀", "도서관팀"],
}
TITLES = {
    "CATER": ["회의용 도시락 구입", "주민 간담회 다과 구입", "직원 교육 중식 제공"],
    "PRINT": ["홍보 현수막 제작", "사업 안내 리플릿 인쇄", "민원 안내문 인쇄"],
    "EVENT": ["구민 축제 운영 대행", "기념식 무대·음향 임차"],
    "CLEAN": ["청사 방역소독 용역", "시설 특별 청소 용역"],
    "OFFICE": ["사무용품 구입", "복사용지 구입", "토너 구입"],
    "REPAIR": ["경로당 집수리", "사무실 칸막이 보수"],
    "GIFT": ["기념품 제작", "행사 판촉물 구입"],
    "NONE": ["청사 전기요금", "차량 유류 구입", "도로 포장 공사"],
}
KIND_BY_CATEGORY = {"EVENT": "용역", "CLEAN": "용역", "REPAIR": "공사", "NONE": "공사"}
METHODS = ["일반경쟁", "제한경쟁", "수의1인견적", "수의2인이상견적", "종합쇼핑몰"]
TYPES = ["인증사회적기업", "예비사회적기업", "사회적협동조합", "협동조합", "마을기업", "자활기업"]


def check_digit(nine: str) -> str:
    from procure.core.business_no import business_no_check_digit

    return str(business_no_check_digit(nine))


def business_no(prefix: str, n: int) -> str:
    nine = f"{prefix}{n:04d}"
    return nine + check_digit(nine)


SE_SUPPLIERS = [business_no("99940", n) for n in range(60)]
ORDINARY_SUPPLIERS = [business_no("99941", n) for n in range(240)]


def write_institutions(path: Path) -> None:
    """The institutions and departments the generated ledgers name: reference data, declared before a ledger is
    imported (docs/formats.md §3a); an import never invents them."""
    kinds = {"관악구청": "구청", "관악구의회": "구의회", "관악구시설관리공단": "공단", "관악문화재단": "재단"}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["기관명", "기관유형", "부서명"])
        for institution, departments in INSTITUTIONS.items():
            for department in departments:
                writer.writerow([institution, kinds[institution], department])


def write_enterprises(path: Path) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["기업명", "사업자등록번호", "기업유형", "인증일자", "만료일자"])
        for n, number in enumerate(SE_SUPPLIERS):
            start = datetime.date(2018 + n % 6, 1 + n % 12, 1)
            writer.writerow([f"벤치기업{n:02d} (예시)", number, rng.choice(TYPES), start.isoformat(), ""])


def ledger_rows(count: int, *, seed: int = 42, year: int = 2025):
    rng = random.Random(seed)
    units = [(i, d) for i, ds in INSTITUTIONS.items() for d in ds]
    categories = list(TITLES)
    start = datetime.date(year, 1, 1)
    for index in range(count):
        institution, department = units[rng.randrange(len(units))]
        category = categories[rng.randrange(len(categories))]
        se = rng.random() < 0.12 and category != "NONE"
        supplier = SE_SUPPLIERS[rng.randrange(60)] if se else ORDINARY_SUPPLIERS[rng.randrange(240)]
        day = start + datetime.timedelta(days=rng.randrange(365))
        yield [
            institution,
            department,
            day.isoformat(),
            f"{rng.choice(TITLES[category])} {index}",
            KIND_BY_CATEGORY.get(category, "물품"),
            METHODS[rng.randrange(5)],
            f"{rng.randrange(10, 5000) * 10_000:,}",
            f"업체{supplier[-4:]}",
            f"{supplier[:3]}-{supplier[3:5]}-{supplier[5:]}",
            category,
        ]


def write_ledger(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "기관명",
                "부서명",
                "계약일자",
                "계약명",
                "구분",
                "계약방법",
                "계약금액",
                "업체명",
                "사업자등록번호",
                "분류",
            ]
        )
        writer.writerows(ledger_rows(count))


def database_url(base: str | None, name: str, workdir: Path) -> str:
    """A fresh, migrated database: an SQLite file in workdir, or a new PostgreSQL database next to `base`."""
    if not base or base.startswith("sqlite"):
        url = f"sqlite:///{workdir / (name + '.sqlite3')}"
    else:
        import psycopg

        prefix, _, _ = base.rpartition("/")
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        url = f"{prefix}/{name}"
    manage("migrate", "--noinput", "-v0", url=url)
    return url


def environment(url: str) -> dict:
    """Production settings (DEBUG off: Django's debug cursor would record every query)."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }


def manage(*args, url: str) -> str:
    """Run manage.py against `url` in a child process and return its standard output."""
    completed = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=environment(url), cwd=ROOT, capture_output=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {completed.stderr.decode()[-2000:]}")
    return completed.stdout.decode()


def run_measured(command: list[str], env: dict) -> tuple[float, float, str]:
    """Run a child; return (seconds, its own peak RSS in MB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err)
        # wait4 reports this child's resource usage (its peak RSS), not the sum over all children.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{command} failed: {err.read().decode()[-2000:]}")
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="procure-bench-"))
