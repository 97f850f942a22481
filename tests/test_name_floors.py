"""The floors hold for names too (issue 31): what import-linter cannot see.

1. A template's `{% url %}` / `url()` or a `reverse()` / `redirect()` in Python names only URLs of its own floor or
   below — a lower app that links to a higher app's page knows that app as surely as an import would. The floors
   are read from the import-linter contract in pyproject.toml, so the two checks cannot drift apart.
2. No import circle inside an app, lazy (function-level) imports included: a circle held together by an import
   inside a function is still a circle.
"""

import ast
import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "procure"
URL_NAME = re.compile(
    r"""(?:\{%\s*url\s+|\burl\(\s*|\breverse(?:_lazy)?\(\s*|\bredirect\(\s*)['"]([a-z_]+):[\w-]+['"]"""
)


def floors() -> dict[str, int]:
    """App name → floor number (0 is the top, the shell); apps on one floor share it."""
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contract if c["id"] == "floors")["layers"]
    return {
        module.strip().removeprefix("procure."): number
        for number, layer in enumerate(layers)
        for module in layer.split("|")
    }


def namespace_owners() -> dict[str, str]:
    """URL namespace → the app whose views answer it."""
    from django.urls import get_resolver

    owners = {}
    for pattern in get_resolver().url_patterns:
        namespace = getattr(pattern, "namespace", None)
        if not namespace:
            continue
        inner_patterns = getattr(pattern, "url_patterns", [])
        modules = {getattr(getattr(inner, "callback", None), "__module__", "") for inner in inner_patterns}
        apps = {module.split(".")[1] for module in modules if module.startswith("procure.")}
        if apps:  # Django's own (admin) are not on our floors
            assert len(apps) == 1, (namespace, apps)
            owners[namespace] = apps.pop()
    return owners


def sources():
    """(app, path, text) of every template and Python module of every app."""
    for app_dir in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "apps.py").exists()):
        for path in sorted(app_dir.rglob("*")):
            if path.suffix in {".html", ".txt", ".py"} and "migrations" not in path.parts:
                yield app_dir.name, path, path.read_text(encoding="utf-8")


def upward_names() -> list[str]:
    floor_of, owner_of = floors(), namespace_owners()
    found = []
    for app, path, text in sources():
        for match in URL_NAME.finditer(text):
            target = owner_of.get(match.group(1))
            if target is None or target == app:
                continue
            if floor_of[target] <= floor_of[app]:  # above, or a sibling on the same floor
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line} ({app}) names {match.group(0)!r} of {target}")
    return found


@pytest.mark.django_db(databases=[])
def test_no_page_names_a_url_of_a_higher_floor():
    assert upward_names() == []


@pytest.mark.django_db(databases=[])
def test_the_name_check_sees_a_template_that_links_up():
    template = PACKAGE / "catalog" / "templates" / "catalog" / "_floor_probe.html"
    template.write_text("<a href=\"{% url 'buying:request_new' %}\">견적</a>", encoding="utf-8")
    try:
        assert any("_floor_probe.html" in line for line in upward_names())
    finally:
        template.unlink()


def imports_of(path: Path, package: str) -> set[str]:
    """Modules of `package` that `path` imports, at any depth (function-level imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith(package + ".")}


def circles_in(app_dir: Path) -> list[list[str]]:
    package = f"procure.{app_dir.name}"
    modules = {
        ".".join((package, *path.relative_to(app_dir).with_suffix("").parts)): path
        for path in app_dir.rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    }
    graph = defaultdict(set)
    for name, path in modules.items():
        graph[name] = {target for target in imports_of(path, package) if target in modules and target != name}
    circles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for name in sorted(modules):
        if name not in state:
            visit(name, [name])
    return circles


def test_no_import_circle_inside_an_app():
    found = {
        app_dir.name: circles
        for app_dir in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "apps.py").exists())
        if (circles := circles_in(app_dir))
    }
    assert found == {}


def test_the_circle_check_sees_a_lazy_import(tmp_path):
    app = tmp_path / "probe"
    app.mkdir()
    (app / "a.py").write_text("def f():\n    from procure.probe import b  # noqa\n")
    (app / "b.py").write_text("from procure.probe.a import f  # noqa\n")
    assert circles_in(app) == [["procure.probe.a", "procure.probe.b", "procure.probe.a"]]
