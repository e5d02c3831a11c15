"""Figures for issue 9 (items 5-8): broken files, concurrent merges, kills during merges.

    python bench/harden_figures.py [--merges 6] [--cli-kills 12] [--step-kills 200]

Not a speed benchmark: it counts what a user would see. Everything runs on generated
lists and the small test fixtures, so it needs nothing outside the repository.

* broken files: generated variants (JSON nested 1e2..1e5 levels, the Wikidata fixture cut
  at many points, non-results JSON, quote breaks at random rows, bare CR line ends,
  mixed UTF-8 / Windows-1252 rows, random byte flips of the fixtures) go through the real
  ``import`` command in this process; counted: tracebacks (an exception escaping, or
  "Traceback" in the output), and for the quote-break and mixed-encoding variants the good
  rows that did not come out as records (lost rows);
* concurrent merges: pairs of real ``python -m sistermap import … --merge-into D``
  processes started together; counted: partnerships missing afterwards, invalid datasets,
  non-zero exits;
* kills: real merge processes SIGKILLed at random moments, and forked writers killed
  before each file-system step of ``dataset.write`` (as the tests do, many more times);
  counted: datasets afterwards equal to neither the old nor the new version, or invalid.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sistermap import cli
from sistermap.importers import pairs  # noqa: E402
from sistermap.store import dataset  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "import"
MINI = ROOT / "tests" / "fixtures" / "mini"
HEADER = "city1,country1,city2,country2,year\n"


def _good_rows(n: int, rng: random.Random) -> list[str]:
    return [f"Ort{rng.randrange(10**6)},DE,Ville{rng.randrange(10**6)},FR,19{i % 90 + 10}\n"
            for i in range(n)]


def broken_files(tmp: Path, rng: random.Random) -> list[tuple[str, bytes, int | None]]:
    """(name, bytes, good rows expected as records or None when not countable)."""
    files: list[tuple[str, bytes, int | None]] = []
    for depth in (100, 1000, 10_000, 100_000):
        for opener in ("[", "{\"a\":"):
            doc = ('{"head": {"vars": ["city", "twin"]}, "results": {"bindings": '
                   + opener * depth + ("]" if opener == "[" else "}") * depth + "}}")
            files.append((f"deep{depth}{'o' if opener != '[' else 'a'}.json", doc.encode(), None))
    wd = (FIX / "wikidata_p190.json").read_bytes()
    for cut in sorted(rng.sample(range(1, len(wd) - 1), 40)):
        files.append((f"truncated{cut}.json", wd[:cut], None))
    for text in ('{"foo": [1, 2, 3]}', "[1, 2, 3]", "[]", "{}", "null", '"text"',
                 '{"head": 1, "results": 2}', '{"head": {"vars": []}, "results": {}}'):
        files.append((f"notresults{len(files)}.json", text.encode(), None))
    for k in range(40):
        rows = _good_rows(rng.randrange(5, 400), rng)
        at = rng.randrange(len(rows))
        cells = rows[at].split(",")
        col = rng.randrange(len(cells))
        cells[col] = '"' + cells[col]
        rows[at] = ",".join(cells)
        sep = rng.choice(["\n", "\r\n", "\r"])
        text = (HEADER + "".join(rows)).replace("\n", sep)
        files.append((f"quote{k}.csv", text.encode(), len(rows) - 1))
    for k in range(20):
        rows = _good_rows(rng.randrange(5, 200), rng)
        data = HEADER.encode()
        for i, row in enumerate(rows):
            row = row.replace("Ort", "Öhringen-Ört" if i % 7 else "Mälmö")
            data += row.encode("cp1252" if i % 7 == 0 else "utf-8")
        files.append((f"mixed{k}.csv", data, len(rows)))
    sources = [p for p in sorted(FIX.iterdir()) if p.is_file()]
    for k in range(60):
        src = rng.choice(sources).read_bytes()
        data = bytearray(src)
        for _ in range(rng.randrange(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        files.append((f"flipped{k}{Path(rng.choice(sources)).suffix}", bytes(data), None))
    return files


def run_broken(tmp: Path, rng: random.Random) -> dict:
    from sistermap.places import geocode

    files = broken_files(tmp, rng)
    tracebacks = lost = 0
    shared = geocode.Geocoder()  # one gazetteer for every run of the command
    geocode.Geocoder = lambda *a, **k: shared
    for name, data, expected in files:
        path = tmp / name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                cli.main(["import", str(path), "--out", str(tmp / "out"), "--quiet"])
        except BaseException as exc:  # noqa: BLE001 - this is what we count
            tracebacks += 1
            print(f"  TRACEBACK {name}: {type(exc).__name__}: {exc}"[:200])
            continue
        if "Traceback" in out.getvalue() + err.getvalue():
            tracebacks += 1
        if expected is not None:
            from sistermap.importers import pipeline

            (res,) = [r for r in pipeline.read_inputs([(name, data)], pipeline.ImportOptions())]
            if len(res.records) != expected:
                lost += 1
                print(f"  LOST {name}: {len(res.records)} records, {expected} expected")
    return {"broken files tried": len(files), "tracebacks": tracebacks,
            "files with lost rows": lost}


def _list(tag: int, n: int) -> str:
    """A pair list of real cities in the gazetteer, distinct per tag (no invented links:
    these lists only exist inside this scratch directory)."""
    cities = ["Kiel,DE", "Bonn,DE", "Oxford,GB", "Vaasa,FI", "Tampere,FI", "Lyon,FR",
              "Porto,PT", "Gdansk,PL", "Kyoto,JP", "Boston,US", "Turku,FI", "Brno,CZ",
              "Graz,AT", "Basel,CH", "Ghent,BE", "Malmo,SE", "Bergen,NO", "Aarhus,DK"]
    pairs_ = [(a, b) for i, a in enumerate(cities) for b in cities[i + 1:]]
    mine = pairs_[tag::2][:n]
    return "city1,country1,city2,country2\n" + "".join(f"{a},{b}\n" for a, b in mine)


def run_concurrent(tmp: Path, runs: int) -> dict:
    lost = invalid = bad_exit = 0
    for r in range(runs):
        target = tmp / f"merge{r}"
        shutil.copytree(MINI, target)
        lists = []
        for tag in (0, 1):
            path = tmp / f"list{r}-{tag}.csv"
            path.write_text(_list(tag, 60), encoding="utf-8")
            lists.append(path)
        procs = [subprocess.Popen(
            [sys.executable, "-m", "sistermap", "import", str(p), "--out",
             str(tmp / f"out{r}-{i}"), "--merge-into", str(target), "--quiet"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for i, p in enumerate(lists)]
        for p in procs:
            _, err = p.communicate(timeout=600)
            bad_exit += p.returncode != 0
            if "Traceback" in err:
                print("  TRACEBACK in a concurrent merge:", err[-300:])
        if dataset.validate(target):
            invalid += 1
            continue
        have = {tuple(sorted((r_["city_a_id"], r_["city_b_id"])))
                for r_ in dataset.read_tables(target)[1]}
        for i in range(2):
            wrote = dataset.read_tables(tmp / f"out{r}-{i}")[1]
            missing = [w for w in wrote if tuple(sorted((w["city_a_id"], w["city_b_id"])))
                       not in have]
            lost += len(missing)
    return {"concurrent merge runs (2 processes each)": runs,
            "partnerships lost": lost, "invalid datasets": invalid, "non-zero exits": bad_exit}


def run_cli_kills(tmp: Path, kills: int, rng: random.Random) -> dict:
    bad = 0
    source = tmp / "kill-list.csv"
    source.write_text(_list(0, 60), encoding="utf-8")
    for k in range(kills):
        target = tmp / f"kill{k}"
        shutil.copytree(MINI, target)
        old = dataset.read_tables(target)[:2]
        proc = subprocess.Popen(
            [sys.executable, "-m", "sistermap", "import", str(source), "--out",
             str(tmp / f"kout{k}"), "--merge-into", str(target), "--quiet"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen = dataset.read_tables(target)[:2]
        ok = not dataset.validate(target) and (seen == old or len(seen[1]) > len(old[1]))
        bad += not ok
    return {"real merges SIGKILLed at random moments": kills, "corrupted datasets": bad}


def _die_at(target: Path, frames, at: int) -> None:
    count = [0]
    for name in ("replace", "fsync", "unlink", "fchmod", "rename"):
        real = getattr(os, name)

        def step(*a, _real=real, **k):
            count[0] += 1
            if count[0] == at:
                os.kill(os.getpid(), signal.SIGKILL)
            return _real(*a, **k)

        setattr(os, name, step)
    dataset.write(target, *frames)
    os._exit(0)


def run_step_kills(tmp: Path, kills: int, rng: random.Random) -> dict:
    import pandas as pd

    from sistermap import schema

    ctx = multiprocessing.get_context("fork")
    cities, links, _ = dataset.read_tables(MINI)
    new = (pd.DataFrame(cities, columns=list(schema.CITY_COLUMNS)),
           pd.DataFrame(links[3:], columns=list(schema.PARTNERSHIP_COLUMNS)))
    ref = tmp / "newref"
    dataset.write(ref, *new)
    old_rows, new_rows = dataset.read_tables(MINI)[:2], dataset.read_tables(ref)[:2]
    bad = 0
    for k in range(kills):
        target = tmp / f"step{k}"
        shutil.copytree(MINI, target)
        p = ctx.Process(target=_die_at, args=(target, new, rng.randrange(1, 14)))
        p.start()
        p.join()
        seen = dataset.read_tables(target)[:2]
        with dataset.locked(target):
            pass
        bad += seen not in (old_rows, new_rows) or dataset.read_tables(target)[:2] != seen
    return {"writes SIGKILLed before a file-system step": kills, "corrupted datasets": bad}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--merges", type=int, default=6)
    ap.add_argument("--cli-kills", type=int, default=12)
    ap.add_argument("--step-kills", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(9)
    assert pairs  # the importer is importable before anything runs
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for title, fn in (("broken files", lambda: run_broken(tmp, rng)),
                          ("concurrent merges", lambda: run_concurrent(tmp, args.merges)),
                          ("kills (real merges)", lambda: run_cli_kills(tmp, args.cli_kills,
                                                                        rng)),
                          ("kills (write steps)", lambda: run_step_kills(tmp, args.step_kills,
                                                                         rng))):
            t0 = time.perf_counter()
            figures = fn()
            print(f"{title} ({time.perf_counter() - t0:.0f} s): "
                  + ", ".join(f"{k}: {v}" for k, v in figures.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
