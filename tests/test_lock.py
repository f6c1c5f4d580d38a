"""The set-up contract: every Python package comes from the hashed lock, nothing else.

A fresh machine broke six golden tests once because `pyproject.toml` had only lower
bounds. These tests keep the lock complete and in force: the lock pins every package with
hashes, pyproject's ranges admit what it pins, the venv the suite runs in is exactly the
lock, and `make install` builds a working venv from nothing but the lock.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_every_pin_is_exact_and_hashed() -> None:
    text = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    assert len(entries) == len(locked()) > 20
    for entry in entries:
        assert _PIN.match(entry), f"not an exact pin: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"no hash: {entry.splitlines()[0]}"


def test_pyproject_ranges_admit_the_locked_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()
    assert project["license"] == "MIT"  # an SPDX expression, not the deprecated table
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is a dependency but not in requirements.lock (run make lock)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} outside {spec}"
        for extra in req.extras:  # pagefind[bin] brings pagefind-bin
            assert any(n.startswith(name) and n != name for n in pins), f"{spec}: extra {extra} not locked"


def test_this_environment_is_the_lock() -> None:
    """The suite runs on exactly the locked versions, so goldens mean what they say."""
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("atlaspress", None)
    pins = locked()
    drift = {name: (installed.get(name), version) for name, version in pins.items() if installed.get(name) != version}
    assert not drift, f"installed != locked (name: (installed, locked)): {drift}; run make install"
    extra = sorted(set(installed) - set(pins))
    assert not extra, f"installed but not locked: {extra}"


@pytest.mark.slow
def test_make_install_builds_a_working_venv_from_the_lock_alone(tmp_path: Path) -> None:
    """`make install`'s Python step on an empty folder; then the new venv builds the demo."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    run = subprocess.run(
        ["make", "-C", str(ROOT), f"VENV={venv}", f"PYTHON={sys.base_prefix}/bin/python3", f"{venv}/.installed"],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    freeze = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "list", "--format=freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout
    got = {canonicalize_name(n): v for n, v in (line.split("==") for line in freeze.split())}
    assert got == locked()
    site = tmp_path / "out"
    build = subprocess.run(
        [str(venv / "bin/atlaspress"), "build", str(ROOT / "examples/demo"), "--out", str(site)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    assert (site / "places/kaesong-industrial-zone/index.html").exists()
