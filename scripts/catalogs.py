"""Re-extract the interface's strings and update the gettext catalogs (Babel).

    python scripts/catalogs.py            # update every sistermap/locale/<lang>/…/sistermap.po
    python scripts/catalogs.py --check    # exit 1 when a catalog is missing or stale strings
    python scripts/catalogs.py --fill de translations.json   # add translations from a file

The strings are those marked with ``_()``, ``n_()`` and ``N_()`` (``babel.cfg``), plus the
vocabularies' labels that are translated where they are shown (``schema`` kinds, statuses,
focus areas and eras with their summaries, continents and UN subregions): their keys stay
stable, their labels are looked up in the catalog. A new msgid arrives untranslated (an
empty msgstr, which tests/test_i18n.py reports); a removed one is dropped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sistermap import i18n, regions, schema  # noqa: E402

KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
METHODS = [("app.py", "python"), ("pages/**.py", "python"), ("sistermap/**.py", "python")]
#: Translated languages (English is the source).
TARGETS = tuple(lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT)


def vocabulary() -> list[str]:
    """The labels of the data's vocabularies, shown through ``_(label)``."""
    eras = (*schema.ERAS, schema.UNKNOWN_ERA)
    return [*schema.KINDS.values(), *schema.STATUSES.values(), *schema.FOCUS_AREAS.values(),
            schema.NOT_CLASSIFIED, *(e.label for e in eras), *(e.summary for e in eras),
            *regions.CONTINENTS, *regions._M49, "Unknown"]


def template() -> Catalog:
    """Every msgid the interface uses: extracted from the code, plus :func:`vocabulary`."""
    cat = Catalog(domain=i18n.DOMAIN, project="SisterMap", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        if (ROOT / filename).is_relative_to(ROOT / ".venv"):
            continue
        cat.add(message, None, [(filename, lineno)], auto_comments=comments, context=context,
                flags=("python-format",) if _formatted(message) else ())
    for label in vocabulary():
        cat.add(label, None, [("sistermap/schema.py", 0)])
    return cat


def _formatted(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("{" in t for t in texts)


def read(lang: str) -> Catalog:
    """The catalog of ``lang`` as it is on disk (an empty one if there is none yet)."""
    path = i18n.catalog_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=i18n.DOMAIN, project="SisterMap")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=i18n.DOMAIN)


def write(cat: Catalog, lang: str) -> None:
    path = i18n.catalog_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, cat, width=100, omit_header=False, sort_output=False,
                 include_previous=False, include_lineno=False)


def update(lang: str, tmpl: Catalog) -> Catalog:
    """``lang``'s catalog with the template's msgids: new ones empty, stale ones dropped."""
    cat = read(lang)
    cat.update(tmpl, no_fuzzy_matching=True, update_header_comment=False)
    cat.obsolete.clear()
    return cat


def fill(lang: str, translations: dict[str, str | list[str]]) -> int:
    """Set msgstrs of ``lang`` from ``{msgid: msgstr}`` (a plural's key is its singular, its
    value a list of its forms, the last one repeated for a language with more); return how
    many were set."""
    cat, done = read(lang), 0
    for message in cat:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key in translations:
            value = translations[key]
            if isinstance(message.id, tuple):  # a language's plural forms; the last repeats
                forms = list(value) if isinstance(value, list) else [value]
                forms += forms[-1:] * (cat.num_plurals - len(forms))
                value = tuple(forms[:cat.num_plurals])
            message.string = value
            message.flags.discard("fuzzy")
            done += 1
    write(cat, lang)
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report missing/stale msgids")
    ap.add_argument("--fill", nargs=2, metavar=("LANG", "JSON"))
    args = ap.parse_args(argv)
    if args.fill:
        lang, path = args.fill
        n = fill(lang, json.loads(Path(path).read_text(encoding="utf-8")))
        print(f"{lang}: {n} translations set")
        return 0
    tmpl = template()
    wanted = {m.id for m in tmpl if m.id}
    bad = False
    for lang in TARGETS:
        if args.check:
            have = {m.id for m in read(lang) if m.id}
            missing, stale = wanted - have, have - wanted
            if missing or stale:
                bad = True
                print(f"{lang}: {len(missing)} missing, {len(stale)} stale")
            continue
        write(update(lang, tmpl), lang)
        empty = sum(1 for m in read(lang) if m.id and not m.string)
        print(f"{lang}: {len(wanted)} messages, {empty} untranslated")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
