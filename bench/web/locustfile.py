"""Officers searching, opening offerings and dashboards; enterprises editing their profile (bench/web/run.py)."""

import itertools
import random
import re

from locust import HttpUser, constant, task
from locust.exception import StopUser

PASSWORD = "gwanak-demo-2026"
QUERIES = ["도시락", "현수막", "방역", "화분", "행사 대행", "기념품", "집수리", "교육", "떡", "인쇄"]
OFFICERS = itertools.count(1)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_out(response) -> bool:
    """A redirect to (or a page of) the login form: the user is not signed in, whatever the status says."""
    location = response.headers.get("Location", "") or response.url or ""
    return "/accounts/login/" in location


def log_in(user, username: str) -> None:
    """Signs in, or fails loudly: the failure is counted under "login" (run.py refuses a run that has any) and
    the simulated user stops — a throttled or refused login never turns into requests answered by redirects."""
    page = user.client.get("/accounts/login/", name="login page")
    token = TOKEN.search(page.text).group(1)
    with user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": user.host + "/accounts/login/"},
        name="login",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code == 302 and not signed_out(response):
            response.success()
            return
        response.failure(f"not signed in as {username}: {response.status_code}")
    raise StopUser()


class Officer(HttpUser):
    weight = 4
    wait_time = constant(0)  # saturate: measure what the server can do

    def on_start(self):
        log_in(self, f"officer{next(OFFICERS) % 200 + 1:03d}")

    @task(5)
    def search(self):
        page = self.client.get("/catalog/", params={"q": random.choice(QUERIES)}, name="search")
        offerings = re.findall(r'href="(/catalog/\d+/)[?"]', page.text)  # result links carry ?from_search=
        if offerings:
            self.client.get(random.choice(offerings), name="offering")

    @task(2)
    def dashboard(self):
        self.client.get("/performance/", name="dashboard")

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class Enterprise(HttpUser):
    """Edits its profile: every accepted edit must be in the audit trail afterwards (no lost write)."""

    weight = 1
    wait_time = constant(0)

    def on_start(self):
        log_in(self, "enterprise")

    @task
    def edit(self):
        page = self.client.get("/enterprises/mine/edit/", name="profile form")
        token = TOKEN.search(page.text)
        if not token:
            return
        fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page.text))
        fields.update({"csrfmiddlewaretoken": token.group(1), "phone": f"02-{random.randrange(10**7):07d}"})
        with self.client.post(
            "/enterprises/mine/edit/",
            fields,
            headers={"Referer": self.host + "/enterprises/mine/edit/"},
            name="profile edit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Saved means redirected to the profile, not to the login form (a lost session is not a save).
            if response.status_code == 302 and not signed_out(response):
                response.success()
            else:
                response.failure(f"not saved: {response.status_code}")


class SignedInHome(HttpUser):
    """The ceiling of a real page: an officer's home page (the layout, the menu for their role, the unread count,
    static text) — what every signed-in page costs before it shows anything of its own."""

    wait_time = constant(0)

    def on_start(self):
        log_in(self, f"officer{next(OFFICERS) % 200 + 1:03d}")

    @task
    def home(self):
        self.client.get("/", name="signed-in home")


class Trivial(HttpUser):
    """The peer: the same server answering a view that does nothing (/healthz)."""

    wait_time = constant(0)  # saturate: measure what the server can do

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz")
