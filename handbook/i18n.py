"""The handbook's own words in the handbook's language: gettext catalogs and Babel's formats.

Every word the handbook writes (headings, facts, sentences, chart labels, the general pages) is
an English message looked up in the catalog of the handbook's `language` (handbook.yml, a BCP 47
code such as `es`, `zh-Hans` or `pt-BR`). The catalogs are the `.po` files under
`handbook/locale/<catalog>/LC_MESSAGES/handbook.po`, kept with Babel's tools (`make catalogs`);
they are compiled when a build first needs one, in memory, so no binary is ever committed and
a fresh checkout builds in any shipped language. Numbers, money, dates and plural forms follow
the locale's rules (Babel's CLDR data).

A language without a shipped catalog still gets its own formats and its own `lang`, with the
handbook's words in English; `language_problem` says so once.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

CATALOGS = Path(__file__).parent / "locale"
DOMAIN = "handbook"
SOURCE = "en"  # the language the messages are written in
_NUMBERS_KEPT = 100_000

# Chinese is written in two scripts; a code that names neither (`zh`, `zh-SG`) means Simplified
# unless its region writes Traditional.
_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})


def N_(message: str) -> str:
    """`message` as it is, marked for the catalogs: translated later, where it is shown."""
    return message


def plural_count(n: float) -> int:
    """The whole number gettext's plural rules are given for `n`: itself when whole, else one
    that takes the plural ('2.5 years'; gettext's rules are written for whole numbers)."""
    if isinstance(n, int):
        return n
    return int(n) if float(n).is_integer() else 5


def theme_language(locale: Locale, available: set[str]) -> str | None:
    """Material's name for the language of `locale` among `available` (its translations:
    'es', 'pt-BR', 'zh' for Simplified Chinese, 'zh-Hant'), or None."""
    written = script(locale)
    candidates = []
    if locale.territory:
        candidates.append(f"{locale.language}-{locale.territory}")
    if written and written != "Hans":
        candidates.append(f"{locale.language}-{written}")
    candidates.append(locale.language)
    return next((name for name in candidates if name in available), None)


def parse(tag: str) -> Locale:
    """The locale a BCP 47 tag names (`es`, `zh-Hans`, `pt_BR`), or ValueError saying why not."""
    try:
        return Locale.parse(tag.strip().replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError, TypeError) as error:
        raise ValueError(
            f"{tag!r} is not a language code Babel knows; write a BCP 47 code such as "
            "'en', 'es', 'zh-Hans' or 'pt-BR'"
        ) from error


def script(locale: Locale) -> str | None:
    """The locale's script, with Chinese's implied one made explicit."""
    if locale.script or locale.language != "zh":
        return locale.script
    return "Hant" if locale.territory in _TRADITIONAL_REGIONS else "Hans"


def catalog_names(locale: Locale) -> list[str]:
    """The catalog folders that could serve `locale`, most specific first."""
    names = []
    written = script(locale)
    if written and locale.territory:
        names.append(f"{locale.language}_{written}_{locale.territory}")
    if locale.territory:
        names.append(f"{locale.language}_{locale.territory}")
    if written:
        names.append(f"{locale.language}_{written}")
    if not written or (locale.script is None and locale.language != "zh"):
        names.append(locale.language)
    return names


def shipped() -> list[str]:
    """The catalogs in the package (folder names, e.g. 'es', 'zh_Hans')."""
    return sorted(p.parent.parent.name for p in CATALOGS.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def catalog_for(locale: Locale) -> str | None:
    """The shipped catalog that serves `locale`, or None (its words then stay English)."""
    available = set(shipped())
    return next((name for name in catalog_names(locale) if name in available), None)


@functools.cache
def _translations(catalog: str | None) -> gettext.NullTranslations:
    if catalog is None:
        return gettext.NullTranslations()
    path = CATALOGS / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        messages = read_po(po, locale=catalog, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True, eq=False)
class Language:
    """One language's words and formats: what every renderer writes text through."""

    tag: str  # the BCP 47 code as pages declare it (`lang`), e.g. 'es', 'zh-Hans'
    locale: Locale
    catalog: str | None
    translations: gettext.NullTranslations
    # Numbers as written, kept: a handbook writes the same few hundred figures many times.
    _numbers: dict[float, str] = field(default_factory=dict, repr=False)

    # ---- words ----------------------------------------------------------------------------

    def gettext(self, message: str, **values: object) -> str:
        """`message` in this language, with `%(name)s` replaced by `values`."""
        text = self.translations.gettext(message)
        return text % self._values(values) if values else text

    def ngettext(self, singular: str, plural: str, n: float, **values: object) -> str:
        """The form of the message that suits `n` in this language; `%(num)s` is `n` written
        in the locale's digits."""
        text = self.translations.ngettext(singular, plural, plural_count(n))
        return text % self._values({"num": n, **values})

    def pgettext(self, context: str, message: str, **values: object) -> str:
        text = self.translations.pgettext(context, message)
        return text % self._values(values) if values else text

    def _values(self, values: dict[str, object]) -> dict[str, object]:
        return {
            key: self.number(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else value
            for key, value in values.items()
        }

    # ---- formats --------------------------------------------------------------------------

    def number(self, value: float) -> str:
        """`value` in the locale's digits and grouping ('32,000'; '32.000' in Spanish)."""
        found = self._numbers.get(value)
        if found is None:
            found = str(format_decimal(value, locale=self.locale, decimal_quantization=False))
            if len(self._numbers) < _NUMBERS_KEPT:
                self._numbers[value] = found
        return found

    def date(self, value: dt.date) -> str:
        """A date in the locale's long format ('March 12, 2025'; '2025年3月12日')."""
        return str(format_date(value, format="long", locale=self.locale))

    def month(self, value: dt.date) -> str:
        """A month and year ('March 2025'; 'marzo de 2025')."""
        return str(format_skeleton("yMMMM", value, locale=self.locale))

    @property
    def direction(self) -> str:
        """'ltr' or 'rtl'."""
        return str(self.locale.text_direction)


def load(tag: str = SOURCE) -> Language:
    """The language a BCP 47 tag names (ValueError when Babel knows no such language)."""
    return _load(tag.strip().replace("_", "-"))


@functools.cache
def _load(tag: str) -> Language:
    locale = parse(tag)
    catalog = catalog_for(locale)
    return Language(tag, locale, catalog, _translations(catalog))


ENGLISH = load(SOURCE)


def language_problem(language: Language) -> str | None:
    """One line when the handbook's words cannot be in `language` (no catalog), else None."""
    if language.catalog is not None or language.locale.language == SOURCE:
        return None
    return (
        f"the handbook's own words have no {language.locale.english_name} translation yet, so "
        f"they stay in English (languages shipped: {', '.join(shipped())}); dates and numbers "
        f"follow {language.tag!r}"
    )
