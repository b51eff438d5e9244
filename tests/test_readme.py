"""Every `manage.py` command README shows runs exactly as written, in a bare shell: no SECRET_KEY, no DEBUG.

The commands run through bash from a scratch folder that links the project's files, so relative outputs
(`-o bien-ban.pdf`) land there; the environment holds PATH and HOME only, plus DATA_DIR for a scratch database
(README's `make demo` state: migrated, demo loaded). The one change made: `synth` is given a small size.
README's production block is run as written by scripts/smoke-production.sh in CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINKED = (".venv", "manage.py", "xeploai", "tests", "templates", "static", "fixtures")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = re.sub(r"<!-- production-steps.*?\n```sh\n.*?```", "", text, flags=re.S)  # run by the smoke test
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(".venv/bin/python manage.py")]


COMMANDS = readme_commands()


def bare_env(data_dir: Path) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "DATA_DIR": str(data_dir)}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    for name in LINKED:
        (folder / name).symlink_to(ROOT / name)
    env = bare_env(folder / "data")
    for step in (".venv/bin/python manage.py migrate --noinput -v0", ".venv/bin/python manage.py load_demo"):
        subprocess.run(step, shell=True, cwd=folder, env=env, check=True, capture_output=True, timeout=300)
    return folder


def test_readme_shows_the_commands_this_test_runs():
    names = {command.split()[2] for command in COMMANDS}
    assert {"classify", "report", "synth"} <= names, COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_command_runs_as_written_with_no_variables(scratch, command):
    run = re.sub(r"--members \d+", "--members 300", command)
    result = subprocess.run(run, shell=True, cwd=scratch, env=bare_env(scratch / "data"), capture_output=True,
                            text=True, timeout=600, executable="/bin/bash")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    verb = command.split()[2]
    if verb == "classify":
        output = json.loads(result.stdout)
        assert output.get("members") or output.get("cells")  # a scenario (§4) or a pool (§4.1)
    if verb == "report":
        output = scratch / command.split("-o ")[1].split()[0]
        magic = b"%PDF" if output.suffix == ".pdf" else b"PK"
        assert output.read_bytes().startswith(magic)


def test_classify_bad_input_is_one_named_line(scratch):
    result = subprocess.run(".venv/bin/python manage.py classify tests/scenarios/bad-negative-votes.json", shell=True,
                            cwd=scratch, env=bare_env(scratch / "data"), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
