"""The growth animation: one frame per year, drawn by the playback rule, as GIF and MP4."""

from __future__ import annotations

import io
import subprocess

import numpy as np
import pytest
from PIL import Image

from sistermap import cli, timeline
from sistermap.kit import animation
from sistermap.palette import ERA_COLORS
from tests.conftest import MINI

#: Mini's links: 1944 (early), 1947 and 1955 (post-war), 1956 onwards; Prague–Beijing
#: 2016, ended 2019.
SHORT = animation.AnimationOptions(first=1944, last=1957)


def pixels(rgb: np.ndarray, colour: str, legend: bool = False) -> int:
    """Pixels of this colour, outside the legend (lower left) unless asked."""
    want = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    h, w, _ = rgb.shape
    area = rgb.copy()
    if not legend:
        area[int(h * 0.55):, : int(w * 0.33)] = 0
    # Lines are drawn at 90% opacity: their pixels are the colour blended a little.
    return int((np.abs(area.astype(int) - want).sum(axis=2) <= 45).sum())


def test_years_are_one_per_year_from_the_first_link_to_the_last_change(mini_dataset):
    p = mini_dataset.partnerships
    assert animation.years(p) == list(range(1944, 2021))
    assert animation.years(p, SHORT) == list(range(1944, 1958))
    assert animation.years(p.iloc[0:0]) == []


def test_a_long_span_is_bounded(mini_dataset, monkeypatch):
    monkeypatch.setattr(animation, "MAX_FRAMES", 10)
    got = animation.years(mini_dataset.partnerships)
    assert len(got) <= 11 and got[0] == 1944 and got[-1] == 2020


def test_each_frame_draws_the_links_on_the_map_that_year(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    frames = {y: (rgb, n) for y, rgb, n in animation.frames(
        p, c, animation.AnimationOptions(first=1944, last=2020))}
    for year, (_, n) in frames.items():
        assert n == int(timeline.shown_in(p, year).sum())
    early, postwar, late = ERA_COLORS["early"], ERA_COLORS["postwar"], ERA_COLORS["global"]
    drawn = {y: pixels(rgb, postwar) for y, (rgb, _) in frames.items()}
    assert drawn[1944] == drawn[1946] == 0 and pixels(frames[1944][0], early) > 0
    assert drawn[1947] > 0 and drawn[1948] == drawn[1954] == drawn[1947]  # Kiel, 1947
    assert drawn[1955] > drawn[1954]  # Saint Paul–Nagasaki, 1955
    # Prague–Beijing (2016–2019, ended) leaves the map in its end year.
    ended = {y: pixels(frames[y][0], late) for y in (2015, 2016, 2018, 2019)}
    assert ended[2015] == 0 and ended[2016] > 0 and ended[2018] == ended[2016]
    assert ended[2019] == 0
    # The legend is drawn in, with every era shown.
    assert pixels(frames[1944][0], postwar, legend=True) > 0


def test_the_year_is_drawn_large(mini_dataset):
    (_, a, _), (_, b, _) = list(animation.frames(
        mini_dataset.partnerships, mini_dataset.cities,
        animation.AnimationOptions(first=1948, last=1949)))
    diff = np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 0
    ys, xs = np.nonzero(diff)
    # Only the year (top right, large) changes between two years without new links.
    assert xs.min() > a.shape[1] * 0.7 and ys.max() < a.shape[0] * 0.15
    assert ys.max() - ys.min() > 40  # tall digits


def test_the_gif_has_one_frame_per_year_at_slide_size(mini_dataset):
    data = animation.gif(mini_dataset.partnerships, mini_dataset.cities, SHORT)
    im = Image.open(io.BytesIO(data))
    assert im.format == "GIF" and im.size == animation.SIZE
    assert im.n_frames == len(animation.years(mini_dataset.partnerships, SHORT)) == 14
    assert im.info.get("loop") == 0
    im.seek(im.n_frames - 1)
    assert im.info["duration"] >= 2000  # the last year is held


def test_progress_is_reported_frame_by_frame(mini_dataset):
    seen = []
    animation.gif(mini_dataset.partnerships, mini_dataset.cities, SHORT,
                  progress=lambda done, total, year: seen.append((done, total, year)))
    assert seen[0] == (1, 14, 1944) and seen[-1] == (14, 14, 1957)


def test_the_mp4_is_a_valid_h264_video(mini_dataset, tmp_path):
    import imageio_ffmpeg

    data = animation.mp4(mini_dataset.partnerships, mini_dataset.cities, SHORT)
    assert data[4:8] == b"ftyp"
    path = tmp_path / "growth.mp4"
    path.write_bytes(data)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    hold = round(animation.HOLD_SECONDS * animation.FPS)
    assert frames == 14 + hold - 1
    probe = subprocess.run([animation.ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                           capture_output=True, text=True)
    assert "Video: h264" in probe.stderr and "1280x720" in probe.stderr
    assert "yuv420p" in probe.stderr


def test_nothing_to_animate_is_a_clear_error(mini_dataset):
    undated = mini_dataset.partnerships[mini_dataset.partnerships["established"].isna()]
    with pytest.raises(ValueError, match="no partnership with a known year"):
        animation.gif(undated, mini_dataset.cities)


def test_animate_command(tmp_path, capsys):
    out = tmp_path / "growth.gif"
    assert cli.main(["animate", "--data", str(MINI), "--out", str(out), "--first", "1944",
                     "--last", "1950"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert Image.open(out).n_frames == 7
    assert cli.main(["animate", "--data", str(MINI), "--out", str(tmp_path / "g.avi")]) == 2
    assert cli.main(["animate", "--data", str(MINI), "--out", str(tmp_path / "g.mp4"),
                     "--era", "unknown"]) == 1
