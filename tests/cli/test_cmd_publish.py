"""``publish``: the site in a folder, a second run that writes nothing, and the public address."""

from __future__ import annotations

from pypdf import PdfReader

from sistermap import cli
from tests.conftest import MINI


def test_publish_writes_the_site_then_only_what_changed(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SISTERMAP_PUBLIC_URL", raising=False)
    out = tmp_path / "site"
    assert cli.main(["publish", "--data", str(MINI), "--out", str(out), "--tour", "none"]) == 0
    first = capsys.readouterr()
    assert "17 city pages" in first.out and "0 unchanged" in first.out
    assert "SISTERMAP_PUBLIC_URL is not set" in first.err
    assert (out / "city/coventry.html").is_file() and not (out / "sitemap.xml").exists()
    assert cli.main(["publish", "--data", str(MINI), "--out", str(out), "--tour", "none"]) == 0
    assert " 0 files written" in capsys.readouterr().out


def test_publish_puts_the_public_address_in_the_sitemap(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SISTERMAP_PUBLIC_URL", "https://maps.example.org")
    out = tmp_path / "site"
    assert cli.main(["publish", "--data", str(MINI), "--out", str(out), "--tour", "none",
                     "--country", "JP"]) == 0
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://maps.example.org/city/kyoto.html</loc>" in sitemap
    assert "coventry" not in sitemap


def test_publish_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("x")
    assert cli.main(["publish", "--data", str(MINI), "--out", str(tmp_path),
                     "--tour", "none"]) == 1
    assert capsys.readouterr().err.startswith("error: ")
    assert cli.main(["publish", "--data", str(MINI), "--out", str(tmp_path / "mine.txt")]) == 2


def test_the_batch_sheet_prints_the_public_address(tmp_path, monkeypatch):
    monkeypatch.setenv("SISTERMAP_PUBLIC_URL", "https://maps.example.org")
    out = tmp_path / "coventry.pdf"
    assert cli.main(["sheet", "--data", str(MINI), "--city", "Coventry",
                     "--out", str(out)]) == 0
    words = "".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "maps.example.org/city?city=coventry" in words
    assert "localhost" not in words


def test_the_batch_image_credit_names_the_public_address(tmp_path, monkeypatch):
    monkeypatch.setenv("SISTERMAP_PUBLIC_URL", "https://maps.example.org")
    out = tmp_path / "coventry.pdf"
    assert cli.main(["image", "--data", str(MINI), "--city", "Coventry", "--size", "a4",
                     "--out", str(out)]) == 0
    assert "Natural Earth · maps.example.org" in PdfReader(str(out)).pages[0].extract_text()
