import json

import pytest

from sistermap.errors import SisterMapError
from sistermap.publish.build import Deferred
from sistermap.publish.write import MANIFEST, write_site


def test_a_second_write_touches_only_what_changed(tmp_path):
    out = tmp_path / "site"
    first = write_site({"a.html": b"a", "b/c.html": b"c", "gone.html": b"x"}, out)
    assert sorted(first.written) == ["a.html", "b/c.html", "gone.html"]
    mtime = (out / "a.html").stat().st_mtime_ns
    second = write_site({"a.html": b"a", "b/c.html": b"C"}, out)
    assert second.written == ["b/c.html"] and second.unchanged == ["a.html"]
    assert second.removed == ["gone.html"] and not (out / "gone.html").exists()
    assert (out / "a.html").stat().st_mtime_ns == mtime
    assert (out / "b/c.html").read_bytes() == b"C"
    assert set(json.loads((out / MANIFEST).read_text())["files"]) == {"a.html", "b/c.html"}


def test_a_deferred_file_is_made_only_when_its_key_changes(tmp_path):
    made = []

    def make():
        made.append(1)
        return b"x%d" % len(made)

    write_site({"f.xlsx": Deferred("k1", make)}, tmp_path / "s")
    write_site({"f.xlsx": Deferred("k1", make)}, tmp_path / "s")
    assert len(made) == 1
    write_site({"f.xlsx": Deferred("k2", make)}, tmp_path / "s")
    assert (tmp_path / "s/f.xlsx").read_bytes() == b"x2"


def test_a_deleted_file_is_written_again(tmp_path):
    write_site({"a.html": b"a"}, tmp_path)
    (tmp_path / "a.html").unlink()
    assert write_site({"a.html": b"a"}, tmp_path).written == ["a.html"]


def test_a_folder_it_did_not_write_is_refused(tmp_path):
    (tmp_path / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(SisterMapError, match="not empty"):
        write_site({"a.html": b"a"}, tmp_path)
    assert (tmp_path / "thesis.docx").read_bytes() == b"mine"


@pytest.mark.parametrize("path", ["../x.html", "/etc/x", "a/../../x", MANIFEST])
def test_paths_outside_the_site_are_refused(tmp_path, path):
    with pytest.raises(SisterMapError):
        write_site({path: b"x"}, tmp_path / "s")


def test_only_files_the_manifest_lists_are_removed(tmp_path):
    write_site({"a.html": b"a"}, tmp_path)
    (tmp_path / "notes.txt").write_text("kept")
    write_site({"b.html": b"b"}, tmp_path)
    assert (tmp_path / "notes.txt").exists() and not (tmp_path / "a.html").exists()
