"""Which sources list the shown links: the corroboration figures and sentences.

``stats`` prints ``overlap_lines``; the city page says ``city_sentence``; the insights page
``counting_caption``. The provenance columns themselves are made on load (``store/frames.py``).
"""

from __future__ import annotations

import pandas as pd

from sistermap.i18n import _, n_, number
from sistermap.sources import MARKS, SOURCES


def overlap(partnerships: pd.DataFrame) -> dict:
    """Per source and between sources: what ``stats`` reports and the note quotes."""
    p = partnerships
    if "sources" not in p:
        return {}
    keys = [k for k in SOURCES if any(k in s for s in p["sources"])]
    per_source = {}
    for k in keys:
        mine = p[[k in s for s in p["sources"]]]
        ends = pd.concat([mine["city_a_id"], mine["city_b_id"]])
        per_source[k] = {"partnerships": int(len(mine)), "cities": int(ends.nunique()),
                         "only_this_source": int((mine["n_sources"] == 1).sum())}
    out: dict = {"by_source": per_source,
                 "by_corroboration": {int(n): int(c) for n, c in
                                      p["n_sources"].value_counts().sort_index().items()}}
    if "reviewed" in keys and "wikidata" in keys:
        reviewed = p[["reviewed" in s for s in p["sources"]]]
        confirmed = reviewed[["wikidata" in s for s in reviewed["sources"]]]
        out["reviewed_vs_wikidata"] = {
            "reviewed": int(len(reviewed)),
            "confirmed_by_wikidata": int(len(confirmed)),
            "not_in_wikidata": int(len(reviewed) - len(confirmed)),
            "wikidata_only": int(sum(s == ("wikidata",) for s in p["sources"])),
            "years_disagree": int(confirmed["year_disagrees"].sum()),
            "wikidata_states_a_year": int(p["source_notes"].str.contains(
                "Wikidata states established").sum()
                + (p["established"].notna() & p["sources"].map(lambda s: s == ("wikidata",)))
                .sum()),
            "confirmed_pct": round(100 * len(confirmed) / len(reviewed), 1)
            if len(reviewed) else 0.0,
        }
    return out


def overlap_lines(o: dict) -> list[str]:
    """``overlap`` as the lines ``python -m sistermap stats`` prints."""
    if not o:
        return []
    lines = ["", "sources:"]
    for key, n in o["by_source"].items():
        lines.append(f"  {SOURCES[key].mark:<20} {n['partnerships']:>6} partnerships "
                     f"{n['cities']:>6} cities  ({n['only_this_source']} listed by it alone)")
    lines.append("  listed by " + ", ".join(f"{k} source(s): {n}"
                                            for k, n in o["by_corroboration"].items()))
    rw = o.get("reviewed_vs_wikidata")
    if rw:
        lines += [f"  reviewed links Wikidata confirms: {rw['confirmed_by_wikidata']} of "
                  f"{rw['reviewed']} ({rw['confirmed_pct']}%); not in Wikidata: "
                  f"{rw['not_in_wikidata']}; years that disagree: {rw['years_disagree']}"
                  + ("" if rw["wikidata_states_a_year"] else
                     " (this Wikidata source states no years)"),
                  f"  links only Wikidata lists: {rw['wikidata_only']}"]
    return lines


def city_sentence(table: pd.DataFrame) -> str:
    """What a city page says about where its partners come from (``stats.partner_table``)."""
    if "sources" not in table or table.empty:
        return ""
    marks = table["sources"].value_counts()
    both = int(table["n_sources"].gt(1).sum())
    parts = [n_("**{n} partner**", "**{n} partners**", len(table)).format(
        n=number(len(table)))]
    if both:
        parts.append(_("{n} listed by more than one source").format(n=number(both)))
    for key, source in SOURCES.items():
        alone = int(marks.get(source.mark, 0))
        if not alone:
            continue
        if key == "wikidata":
            parts.append(_("{n} listed by Wikidata only (no year, kind or focus known "
                           "unless Wikidata gives one)").format(n=number(alone)))
        elif key == "reviewed":
            others = _(" or ").join(MARKS[k] for k in SOURCES if k != "reviewed"
                                    and (table["sources"].str.contains(MARKS[k]).any()))
            parts.append((_("{n} listed by the reviewed records only (not in {others})")
                          if others else _("{n} listed by the reviewed records only")).format(
                n=number(alone), others=others))
        else:
            parts.append(_("{n} listed by {source} only").format(n=number(alone),
                                                                   source=source.mark))
    if len(parts) == 1:
        return _("{first}.").format(first=parts[0])
    return _("{first}: {rest}.").format(first=parts[0], rest=_("; ").join(parts[1:]))


def counting_caption(partnerships: pd.DataFrame) -> str:
    """Which sources a chart counts, for the insights page."""
    if "sources" not in partnerships or partnerships.empty:
        return ""
    counts = partnerships["source_mark"].value_counts()
    listed = _("; ").join((_("{n} {sources}") if " + " in m else _("{n} {source} only")).format(
        n=number(n), sources=m, source=m) for m, n in counts.items())
    return _("These charts count {n} partnerships by source: {listed}.").format(
        n=number(len(partnerships)), listed=listed)
