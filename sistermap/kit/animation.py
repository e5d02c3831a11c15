"""The growth of the movement as an animation to take away: GIF and MP4, one frame per year.

Made on the server from the same data, maths and colours as the maps: ``stillmaps`` fixes
the frame once for all the links (:func:`stillmaps.view_for`) and draws each year's links
into it (:func:`stillmaps.draw_frame` with ``show=``); which links a year shows is the map's
playback rule, :func:`timeline.shown_in` (formed by then, not yet ended or suspended), so the
animation and the browser's playback agree frame for frame. Each frame carries the year,
large, the number of links on the map, a legend, a title and the data credit, ready to paste
into slides.

Bounded so it takes seconds: one frame per year (at most :data:`MAX_FRAMES`; a longer span
steps over years), 1280×720 pixels. The GIF is written by Pillow with one palette for every
frame (taken from the last, fullest one), the MP4 (H.264, yuv420p, plays in PowerPoint,
Keynote and browsers) by the ffmpeg binary that the ``imageio-ffmpeg`` wheel ships; nothing
is fetched.

    python -m sistermap animate --out growth.gif --country JP
    python -m sistermap animate --out growth.mp4 --focus peace --from 1944
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sistermap import timeline
from sistermap.i18n import N_, _, n_, number
from sistermap.kit import stillmaps
from sistermap.palette import CITY_COLOR, palette
from sistermap.palette import title as palette_title

#: Output size in pixels (16:9, divisible by 16 for H.264).
SIZE = (1280, 720)
#: At most this many frames, the held last frame aside: a long span steps over years.
MAX_FRAMES = 120
#: Years per second of video, and how long the last year stays on screen.
FPS = 6
HOLD_SECONDS = 2.5
TITLE = N_("The sister-city movement, year by year")  # translated where it is drawn
FORMATS = {"gif": "image/gif", "mp4": "video/mp4"}
#: Colours in the GIF: the map uses a dozen; the rest are their anti-aliased blends.
GIF_COLORS = 96

Progress = Callable[[int, int, int], None]  # (frames done, frames in all, year)


@dataclass(frozen=True)
class AnimationOptions:
    color_by: str = "era"
    focus_first: tuple[str, ...] = ()
    title: str = TITLE
    subtitle: str = ""
    credit: str = stillmaps.DEFAULT_CREDIT
    first: int | None = None  # first year shown (default: the first link's year)
    last: int | None = None  # last year shown (default: the latest year formed or ended)
    size: tuple[int, int] = SIZE
    fps: int = FPS


def years(partnerships: pd.DataFrame, options: AnimationOptions = AnimationOptions()
          ) -> list[int]:
    """The years the animation shows, one frame each (stepped when over MAX_FRAMES)."""
    played = timeline.build(partnerships)
    if played is None:
        return []
    first = options.first if options.first is not None else played.first
    last = options.last if options.last is not None else played.last
    if last < first:
        return []
    step = max(1, math.ceil((last - first + 1) / MAX_FRAMES))
    out = list(range(first, last + 1, step))
    if out[-1] != last:
        out.append(last)
    return out


def frames(partnerships: pd.DataFrame, cities: pd.DataFrame,
           options: AnimationOptions = AnimationOptions(),
           progress: Progress | None = None) -> Iterator[tuple[int, np.ndarray, int]]:
    """(year, RGB frame, links drawn) for each year: the map as playback shows it then."""
    mpl = stillmaps._mpl()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    shown_years = years(partnerships, options)
    w_px, h_px = options.size
    scale = min(w_px, h_px) / 1080
    links = stillmaps.link_geometry(partnerships, cities, "", options.color_by,
                                    options.focus_first)
    formed = timeline.formed_years(partnerships)
    undated = int((formed == 0).sum())
    # The legend names what the animation draws: never the undated links' "Year unknown".
    items = stillmaps.legend_items([k for k, y in zip(links.keys, formed) if y > 0],
                                   options.color_by)
    with mpl.rc_context(stillmaps._rc()):
        fig = Figure(figsize=(w_px / stillmaps.DPI, h_px / stillmaps.DPI), dpi=stillmaps.DPI,
                     facecolor="white")
        canvas = FigureCanvasAgg(fig)
        top, foot, margin = 96 * scale / h_px, 44 * scale / h_px, 24 * scale / w_px
        ax = fig.add_axes((margin, foot, 1 - 2 * margin, 1 - top - foot))
        box = ax.get_position()
        view = stillmaps.view_for(links, box.width * w_px, box.height * h_px, pad=0.04)
        fig.text(margin, 1 - 16 * scale / h_px, stillmaps._clip(_(options.title), 80),
                 fontsize=34 * scale, fontweight="bold", va="top", ha="left", color="#111111",
                 parse_math=False)
        note = options.subtitle or (n_("{n} partnership with no known year is not shown",
                                       "{n} partnerships with no known year are not shown",
                                       undated).format(n=number(undated)) if undated else "")
        if note:
            fig.text(margin, 1 - 66 * scale / h_px, stillmaps._clip(note, 150),
                     fontsize=17 * scale, va="top", ha="left", color="#333333",
                     parse_math=False)
        fig.text(margin, 12 * scale / h_px, stillmaps._clip(_(options.credit), 200),
                 fontsize=13 * scale, va="bottom", ha="left", color="#444444",
                 parse_math=False)
        handles = [Line2D([], [], color=c, lw=5 * scale) for c, _label in items]
        labels = [label for _c, label in items]
        if any(s in timeline.ENDING for s in links.status):
            labels.append(_("Ended or suspended: leaves the map"))
            handles.append(Line2D([], [], color="#555555", lw=2.5 * scale,
                                  linestyle=(0, (4, 2))))
        # What every frame shares is drawn once: countries, title, credit, legend. Each
        # year's links are then drawn over a copy of it (blitting), on a transparent axes.
        stillmaps.draw_frame(ax, links, view, options.color_by, scale,
                             show=np.zeros(len(links.lines), bool))
        if handles:
            title = palette_title(options.color_by, options.focus_first)
            leg = ax.legend(handles, labels, title=title,
                            loc="lower left", fontsize=15 * scale, title_fontsize=16 * scale,
                            framealpha=0.94, borderpad=0.6, edgecolor="#333333")
            leg.set_zorder(9)
        canvas.draw()
        background = canvas.copy_from_bbox(fig.bbox)
        renderer = canvas.get_renderer()
        over = fig.add_axes(ax.get_position(), label="links")
        # The year and the count: large, top right, over the title band.
        year_text = fig.text(1 - margin, 1 - 8 * scale / h_px, "", fontsize=64 * scale,
                             fontweight="bold", va="top", ha="right", color="#111111")
        count_text = fig.text(1 - margin, 12 * scale / h_px, "", fontsize=15 * scale,
                              va="bottom", ha="right", color="#222222")
        for done, year in enumerate(shown_years, start=1):
            canvas.restore_region(background)
            for artist in [*over.collections, *over.texts]:
                artist.remove()  # last year's links (cheaper than clearing the axes)
            mask = timeline.shown_in(partnerships, year).to_numpy()
            stillmaps.draw_frame(over, links, view, options.color_by, scale * 1.2, show=mask,
                                 basemap=False)
            over.set_axis_off()
            n = int(mask.sum())
            year_text.set_text(str(year))
            count_text.set_text(n_("{n} partnership on the map", "{n} partnerships on the map",
                                   n).format(n=number(n)))
            for artist in (over, year_text, count_text):
                artist.draw(renderer)
            rgb = np.asarray(canvas.buffer_rgba())[:, :, :3].copy()
            if progress is not None:
                progress(done, len(shown_years), year)
            yield year, rgb, n


def gif(partnerships: pd.DataFrame, cities: pd.DataFrame,
        options: AnimationOptions = AnimationOptions(),
        progress: Progress | None = None) -> bytes:
    """An animated GIF: one frame per year, the last one held; loops."""
    from PIL import Image

    shots = [rgb for _, rgb, _ in frames(partnerships, cities, options, progress)]
    if not shots:
        raise ValueError("no partnership with a known year to animate")
    # One palette for all frames: colours stay steady from year to year and quantising is
    # fast (no palette search per frame). It is made from the fullest frame plus swatches of
    # the map's own colours, so a colour only a few early links use keeps its exact shade.
    palette = Image.fromarray(_palette_sample(shots, options.color_by)).quantize(
        colors=GIF_COLORS, method=Image.Quantize.MEDIANCUT)
    images = [Image.fromarray(s).quantize(palette=palette, dither=Image.Dither.NONE)
              for s in shots]
    step_ms = round(1000 / options.fps)
    durations = [step_ms] * (len(images) - 1) + [int(HOLD_SECONDS * 1000)]
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:],
                   duration=durations, loop=0, optimize=False, disposal=1)
    return buf.getvalue()


def _palette_sample(shots: list[np.ndarray], color_by: str) -> np.ndarray:

    fixed = [*palette(color_by).values(), CITY_COLOR, stillmaps.OCEAN, stillmaps.LAND,
             stillmaps.BORDER, "#111111", "#555555", "#ffffff"]
    rgb = [tuple(int(c.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)) for c in fixed]
    h, w, _ = shots[-1].shape
    swatch = np.zeros((h // 2, w, 3), np.uint8)
    band = max(1, w // len(rgb))
    for i, colour in enumerate(rgb):
        swatch[:, i * band:(i + 1) * band] = colour
    return np.concatenate([shots[-1], shots[len(shots) // 3], swatch], axis=0)


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped in the imageio-ffmpeg wheel (no download)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def mp4(partnerships: pd.DataFrame, cities: pd.DataFrame,
        options: AnimationOptions = AnimationOptions(),
        progress: Progress | None = None) -> bytes:
    """An H.264 MP4 (yuv420p, faststart): one frame per year, the last held."""
    import imageio_ffmpeg

    w, h = options.size
    hold = max(1, round(HOLD_SECONDS * options.fps))
    fd, path = tempfile.mkstemp(suffix=".mp4", prefix="sistermap-")
    os.close(fd)
    try:
        writer = imageio_ffmpeg.write_frames(
            path, (w, h), fps=options.fps, codec="libx264", pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p", quality=7, macro_block_size=16,
            output_params=["-movflags", "+faststart", "-preset", "veryfast"],
            ffmpeg_log_level="error")
        writer.send(None)  # start ffmpeg
        last = None
        count = 0
        for _, rgb, _ in frames(partnerships, cities, options, progress):
            writer.send(np.ascontiguousarray(rgb))
            last, count = rgb, count + 1
        if last is None:
            writer.close()
            raise ValueError("no partnership with a known year to animate")
        for _ in range(hold - 1):
            writer.send(np.ascontiguousarray(last))
        writer.close()
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


MAKERS = {"gif": gif, "mp4": mp4}


def make(fmt: str, partnerships: pd.DataFrame, cities: pd.DataFrame,
         options: AnimationOptions = AnimationOptions(),
         progress: Progress | None = None) -> bytes:
    if fmt not in MAKERS:
        raise ValueError(f"unknown format {fmt!r} (gif or mp4)")
    return MAKERS[fmt](partnerships, cities, options, progress)
