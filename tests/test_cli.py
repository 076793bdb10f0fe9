"""The command line: every registered command loads, and usage errors exit with status 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from teikit.cli import COMMANDS, main
from teikit.commands.render import RENDERERS


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_module_loads(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "not available in this installation" not in result.output


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_every_renderer_loads(name):
    result = CliRunner().invoke(main, ["render", name, "--help"])
    assert result.exit_code == 0, result.output


def test_unknown_command_is_a_usage_error():
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_build_outside_an_edition_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["build", "--edition", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an edition folder" in result.output


def test_build_with_an_unknown_stage_is_a_usage_error(tmp_path):
    (tmp_path / "records").mkdir()
    result = CliRunner().invoke(main, ["build", "--edition", str(tmp_path), "--stages", "convert,typeset"])
    assert result.exit_code == 2
    assert "unknown stage typeset" in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "teikit, version" in result.output


@pytest.mark.parametrize("typed, meant", [("biuld", "build"), ("valdate", "validate"), ("imprt", "import")])
def test_a_mistyped_command_suggests_the_right_one(typed, meant):
    result = CliRunner().invoke(main, [typed])
    assert result.exit_code == 2
    assert f"Did you mean {meant}?" in result.output


def test_a_mistyped_renderer_suggests_the_right_one():
    result = CliRunner().invoke(main, ["render", "pfd"])
    assert result.exit_code == 2 and "Did you mean pdf?" in result.output
