"""The floors hold (import-linter, `make lint`), and a forbidden import is caught (issue 10)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — our own tool on our own code
        [str(LINT_IMPORTS), "--no-cache"], cwd=where, capture_output=True, text=True, timeout=300
    )


def test_the_floors_are_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Contracts: 1 kept, 0 broken." in done.stdout


def test_a_kernel_that_imports_a_domain_app_fails_the_build(tmp_path):
    shutil.copytree(ROOT / "procure", tmp_path / "procure", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "procure/core/wrong.py").write_text("from procure.ledger.models import PurchaseRecord  # noqa\n")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert "procure.core is not allowed to import procure.ledger" in done.stdout


def test_apps_on_one_floor_do_not_import_each_other(tmp_path):
    shutil.copytree(ROOT / "procure", tmp_path / "procure", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "procure/catalog/wrong.py").write_text("from procure.vetting.models import Round  # noqa\n")
    done = lint_imports(tmp_path)
    assert done.returncode != 0 and "procure.catalog is not allowed to import procure.vetting" in done.stdout
