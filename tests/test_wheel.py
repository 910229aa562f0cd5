"""The built wheel is complete and works on its own (issue #13).

The wheel is built from an sdist (as ``python -m build`` does, so MANIFEST.in is tested
too) of a copy of the project's build inputs, never in the shared checkout. It must carry
the notebooks and suites (``gdpr_audit/_data``), every SQL, YAML, vocabulary and template
file of the package. Installed into a fresh venv (dependencies made visible from the
project's venv through a ``.pth`` file, nothing from the network), ``gdpr-audit run`` on a
small demo from another folder writes the report, and the package it imports is the
wheel's, not the checkout's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
#: What the build reads: the sdist is made from these (MANIFEST.in picks the rest).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md",
                "gdpr_audit", "notebooks", "expectations")
#: Package files that are data, not code: every one must be in the wheel.
DATA_SUFFIXES = {".sql", ".yaml", ".txt", ".css", ".j2", ".json", ".html"}


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
         ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode in ok, (
        f"{' '.join(map(str, cmd))} -> {proc.returncode}\n{proc.stdout[-3000:]}\n"
        f"{proc.stderr[-3000:]}")
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build sdist + wheel from a copy of the build inputs, without build isolation
    (setuptools, wheel and build come with the ``dev`` extra)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "_data")
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    out = work / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
         cwd=work)
    wheels = list(out.glob("gdpr_audit-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _package_data_files() -> set[str]:
    """Data files of the checkout's package, as wheel paths."""
    found = set()
    for path in (ROOT / "gdpr_audit").rglob("*"):
        if (path.is_file() and path.suffix in DATA_SUFFIXES and "__pycache__" not in path.parts
                and "_data" not in path.relative_to(ROOT).parts):
            found.add(path.relative_to(ROOT).as_posix())
    return found


def test_wheel_carries_notebooks_suites_and_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())

    notebooks = {f"gdpr_audit/_data/notebooks/{p.name}"
                 for p in (ROOT / "notebooks").glob("*.ipynb")}
    suites = {f"gdpr_audit/_data/expectations/{p.name}"
              for p in (ROOT / "expectations").glob("*.json")}
    assert len(notebooks) == 8 and len(suites) >= 7
    assert notebooks <= names, sorted(notebooks - names)
    assert suites <= names, sorted(suites - names)

    data = _package_data_files()
    kinds = {Path(n).suffix for n in data}
    assert {".sql", ".yaml", ".txt", ".css", ".j2"} <= kinds
    assert any(n.startswith("gdpr_audit/discover/vocab/") for n in data)
    assert "gdpr_audit/sql/model/canonical.sql" in data
    assert "gdpr_audit/report/templates/gdpr/index.html.j2" in data
    assert data <= names, sorted(data - names)

    # Only the shipped copies: no paired percent scripts, no tests, no checkout leftovers.
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "expectations/"))]
    assert not [n for n in names if "/_data/notebooks/" in n and not n.endswith(".ipynb")]


def test_installed_wheel_runs_an_audit_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(_run([str(python), "-c", purelib], cwd=tmp_path).stdout.strip())
    # The project's dependencies (and pip) without the network: the dev venv's site-packages
    # after the new venv's own, so the wheel's gdpr_audit comes first. The dev venv's editable
    # finder is a .pth there, which Python does not process from a path added this way.
    prefix = {"base": sys.prefix, "platbase": sys.prefix}
    dev_site = Path(sysconfig.get_paths(vars=prefix)["purelib"])
    (site / "project-deps.pth").write_text(f"{dev_site}\n")
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed",
          "--disable-pip-version-check", "-q", str(wheel)], cwd=tmp_path)

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GDPR_AUDIT_", "PYTHON"))}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # the same for the dependencies' data files: nbconvert's base templates (lab, ...) are
    # installed under the dev venv's share/jupyter, where a pip install would put them too
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    cli = str(env_dir / "bin" / "gdpr-audit")

    where = _run([str(python), "-c", "import gdpr_audit, gdpr_audit.core.shipped as s; "
                  "print(gdpr_audit.__file__); print(s.shipped_dir('notebooks')); "
                  "print(s.shipped_dir('expectations'))"], cwd=work, env=env).stdout.split()
    for path in where:
        assert Path(path).resolve().is_relative_to(env_dir.resolve()), where
    assert where[1].endswith("gdpr_audit/_data/notebooks"), where
    assert all(Path(p).is_dir() for p in where[1:]), where

    _run([cli, "demo", "--contacts", "300", "--out", "d"], cwd=work, env=env)
    # 1: the demo's planted violations fail suites; the report is still written
    _run([cli, "run", "d", "--db", "a.duckdb", "--out", "reports"], cwd=work, env=env, ok=(0, 1))
    assert (work / "reports" / "index.html").is_file()
    assert (work / "reports" / "checks.html").is_file()
