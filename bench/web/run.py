"""Load on loopback: the production server (gunicorn) with the demo data, officers searching and opening
offerings and dashboards, an enterprise editing its profile — against a trivial view of the same server.

    .venv/bin/python bench/web/run.py [--duration 600] [--users 24] [--database-url postgres://…] [--smoke]

Prints one JSON document: {"database", "duration_s", "users", "requests", "failures", "server_errors",
"rps", "p50_ms", "p99_ms", "trivial_rps", "ratio_vs_trivial", "home_rps", "home_ratio_vs_trivial",
"edits_accepted", "edits_in_audit", "lost_writes"}. Goals: 0 server errors, 0 lost writes, p99 ≤ 5 × p50,
ratio_vs_trivial ≥ 0.4. home_ratio_vs_trivial is the ceiling beside it: signed-in officers opening only the
home page (layout, menu, static text), the least any signed-in page costs.
The load generator runs on the same 2-core machine as the server: it takes a share of the CPU.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import PYTHON, ROOT, database_url, environment, manage, workdir  # noqa: E402

PORT = 8799
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def serve(url: str, work: Path) -> subprocess.Popen:
    env = {
        **environment(url),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": "3",
    }
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(work / "gunicorn.log").open("w"),
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)  # noqa: S310 — loopback
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()  # never leave a server behind on the bench's port
    server.wait(timeout=30)
    raise RuntimeError((work / "gunicorn.log").read_text()[-2000:])


def load(work: Path, *, users: int, seconds: int, classes: list[str], name: str) -> dict:
    prefix = work / name
    subprocess.run(  # noqa: S603
        [
            str(Path(PYTHON).with_name("locust")),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 4)),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(prefix),
            "--only-summary",
            *classes,
        ],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    return {"rows": rows, "failures": failures}


def audit_count(url: str) -> int:
    script = (
        "from procure.core.models import AuditEvent;"
        "print(AuditEvent.objects.filter(action='enterprises.enterprise.changed').count())"
    )
    return int(manage("shell", "-v", "0", "-c", script, url=url).strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--smoke", action="store_true", help="2 users for 10 s: that the bench still runs (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.duration, args.users = 10, 2
    work = workdir()
    server = None
    try:
        url = database_url(args.database_url, "procure_bench_web", work)
        manage("seed_demo", "--quiet-personas", url=url)
        manage("collectstatic", "--noinput", "-v0", url=url)
        edits_before = audit_count(url)
        server = serve(url, work)
        mixed = load(work, users=args.users, seconds=args.duration, classes=["Officer", "Enterprise"], name="mixed")
        peer_seconds = max(5 if args.smoke else 30, args.duration // 5)
        trivial = load(work, users=args.users, seconds=peer_seconds, classes=["Trivial"], name="trivial")
        home = load(work, users=args.users, seconds=peer_seconds, classes=["SignedInHome"], name="home")
        edits_in_audit = audit_count(url) - edits_before
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if os.environ.get("KEEP_BENCH") != "1":
            shutil.rmtree(work, ignore_errors=True)
    login_failures = sum(
        int(f["Occurrences"]) for run in (mixed, home) for f in run["failures"] if f["Name"] == "login"
    )
    if login_failures:  # a run whose users were not signed in measures the login page, not the site
        sys.exit(f"{login_failures} simulated users could not sign in: {mixed['failures'] + home['failures']}")
    total = mixed["rows"]["Aggregated"]
    edits = mixed["rows"].get("profile edit", {})
    accepted = int(edits.get("Request Count", 0)) - int(edits.get("Failure Count", 0))
    server_errors = sum(
        int(f["Occurrences"]) for f in mixed["failures"] if "50" in f["Error"] and "HTTPError" in f["Error"]
    )
    rps = float(total["Requests/s"])
    trivial_rps = float(trivial["rows"]["Aggregated"]["Requests/s"])
    home_rps = float(home["rows"]["signed-in home"]["Requests/s"])
    print(
        json.dumps(
            {
                "database": "postgresql" if args.database_url else "sqlite",
                "duration_s": args.duration,
                "users": args.users,
                "requests": int(total["Request Count"]),
                "failures": int(total["Failure Count"]),
                "server_errors": server_errors,
                "rps": round(rps, 1),
                "p50_ms": float(total["50%"]),
                "p99_ms": float(total["99%"]),
                "trivial_rps": round(trivial_rps, 1),
                "ratio_vs_trivial": round(rps / trivial_rps, 3) if trivial_rps else None,
                "home_rps": round(home_rps, 1),
                "home_ratio_vs_trivial": round(home_rps / trivial_rps, 3) if trivial_rps else None,
                "edits_accepted": accepted,
                "edits_in_audit": edits_in_audit,
                # Requests still in flight when the load stops are saved but not counted as accepted: only a
                # shortfall of audited edits is a lost write.
                "lost_writes": max(0, accepted - edits_in_audit),
            }
        )
    )


if __name__ == "__main__":
    main()
