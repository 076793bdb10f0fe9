"""Every command lists its inputs one way (teikit.inputs): files, folders, globs; a path naming nothing is one line, exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from teikit.cli import main
from teikit.edition import REGISTER_FILES, Edition
from teikit.inputs import MissingInput, list_inputs

# Each command that takes paths, with the options it needs besides them.
COMMANDS = {
    "convert": (["convert"], ["-o", "{out}"]),
    "validate": (["validate"], []),
    "render html": (["render", "html"], ["-o", "{out}"]),
    "render pdf": (["render", "pdf"], ["-o", "{out}"]),
    "import": (["import"], ["-o", "{out}"]),
    "text": (["text"], []),
    "review": (["review"], []),
}


def _invoke(command: str, paths: list[str], tmp_path):
    head, tail = COMMANDS[command]
    args = head + paths + [a.format(out=tmp_path / "out") for a in tail]
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_missing_path_is_one_line_naming_it_and_exit_2(command, tmp_path):
    missing = tmp_path / "no-such-file.xml"
    result = _invoke(command, [str(missing)], tmp_path)
    assert result.exit_code == 2
    assert result.output == f"{missing}: error[X003]: no such file or folder\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_glob_matching_nothing_is_one_line_naming_it_and_exit_2(command, tmp_path):
    (tmp_path / "here.xml").write_text("<TEI/>", encoding="utf-8")
    pattern = f"{tmp_path}/nothing-*.xml"
    result = _invoke(command, [str(tmp_path / "here.xml"), pattern], tmp_path)
    assert result.exit_code == 2
    assert result.output == f"{pattern}: error[X003]: no file matches this pattern\n"


def _tree(root):
    for name in ("b.xml", "a.xml", "persons.xml", "notes.txt", "sub/c.xml", "sub-x/d.xml", ".hidden/e.xml",
                 "sub/.f.xml"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<TEI/>", encoding="utf-8")


def test_folders_give_every_file_below_but_hidden_ones_sorted_as_strings(tmp_path):
    _tree(tmp_path)
    base = str(tmp_path)
    assert list_inputs([tmp_path]) == [f"{base}/{n}" for n in ("a.xml", "b.xml", "persons.xml", "sub-x/d.xml",
                                                              "sub/c.xml")]
    assert list_inputs([tmp_path], leave_out=REGISTER_FILES) == [f"{base}/{n}" for n in ("a.xml", "b.xml",
                                                                                         "sub-x/d.xml", "sub/c.xml")]
    # Records: every file, as the build lists records/ (Edition.record_files).
    (tmp_path / "records").mkdir()
    _tree(tmp_path / "records")
    assert list_inputs([tmp_path / "records"], suffix=None) == Edition.open(tmp_path).record_files()


def test_files_come_as_given_globs_sorted_each_file_once_and_skipped_folders_left_out(tmp_path):
    _tree(tmp_path)
    base = str(tmp_path)
    assert list_inputs([f"{base}/sub/c.xml", f"{base}/*.xml", f"{base}/./b.xml"], leave_out=REGISTER_FILES) == [
        f"{base}/sub/c.xml", f"{base}/a.xml", f"{base}/b.xml"]
    assert list_inputs([f"{base}/**/c.xml"]) == [f"{base}/sub/c.xml"]
    assert list_inputs([tmp_path], skip=[tmp_path / "sub"]) == [f"{base}/{n}" for n in ("a.xml", "b.xml",
                                                                                       "persons.xml", "sub-x/d.xml")]


def test_every_missing_argument_is_named_and_the_others_files_kept(tmp_path):
    _tree(tmp_path)
    with pytest.raises(MissingInput) as caught:
        list_inputs([tmp_path / "a.xml", tmp_path / "gone.xml", f"{tmp_path}/z*.xml"])
    assert caught.value.missing == [(str(tmp_path / "gone.xml"), "no such file or folder"),
                                    (f"{tmp_path}/z*.xml", "no file matches this pattern")]
    assert caught.value.files == [str(tmp_path / "a.xml")]


def test_an_editions_build_folder_is_not_among_a_folders_files(tmp_path):
    (tmp_path / "edition.toml").write_text("", encoding="utf-8")
    for name in ("tei/a.xml", "build/html/tei/a.xml", "build/export/dc/a.xml", "sub/build/b.xml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>", encoding="utf-8")
    base = str(tmp_path)
    # Only the edition's own build folder goes: a folder named build elsewhere is input like any other.
    assert list_inputs([tmp_path]) == [f"{base}/sub/build/b.xml", f"{base}/tei/a.xml"]
    assert list_inputs([tmp_path / "build"]) == [f"{base}/build/export/dc/a.xml", f"{base}/build/html/tei/a.xml"]
