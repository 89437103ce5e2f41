"""Names people search for, and the characters no text in the handbook may hold.

Two titles are the same name when they match after Unicode compatibility folding (NFKC:
fullwidth 'Ｔｅａｍ' is 'Team'), case folding, dropping invisible characters (zero-width
spaces, soft hyphens), reading blank letters as spaces and collapsing spaces. Two names *look*
the same when they also match after UTS #39's confusable mapping of their non-ASCII letters
(Cyrillic 'Т' is drawn as Latin 'T'): see `lookalike_key`. A word that mixes Latin, Cyrillic
and Greek letters ('Flоor' with a Cyrillic 'о') is almost always a typing accident or a
deliberate look-alike, so it is reported rather than compared.

Text rules (`text_rules`), for every field of every file, after Unicode's own guidance:

- control characters (C0, DEL, C1; a tab and a line break aside) are never text;
- UAX #9's explicit bidirectional formatting characters (embeddings, overrides, isolates) show
  text in another order than it is stored and read: refused everywhere. The implicit marks
  (LRM, RLM, ALM) only set the direction of one place and stay allowed in right-to-left text;
- blank letters, which draw nothing yet are not spaces (the Hangul fillers, from Unicode's
  Other_Default_Ignorable_Code_Point; the blank Braille cell outside Braille), fake a space;
- in names and other one-line fields, invisible format characters (zero-width space, soft
  hyphen, byte order mark) are refused too, except the joiners real text needs: U+200C/U+200D
  after a virama or between two letters of a script that joins or conjoins (Persian
  'کارشناس‌ارشد', Devanagari 'क्‍ष'), and U+200D inside an emoji sequence ('👩‍💻'), as UAX #31
  (section 2.3) and UTS #51 describe them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Scripts whose letters are easily mistaken for one another.
_CONFUSABLE = {"LATIN", "CYRILLIC", "GREEK"}

# C0 controls but tab, line feed and carriage return; DEL; C1 controls (all of category Cc,
# which Unicode never extends), and UAX #9's explicit formatting characters: LRE RLE PDF LRO RLO
# (U+202A-U+202E) and LRI RLI FSI PDI (U+2066-U+2069), the complete set of its Table 1 (their
# bidi classes; tests/test_hostile_text.py checks the set against the Unicode database).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_EXPLICIT_BIDI = "\u202a-\u202e\u2066-\u2069"
EXPLICIT_BIDI_CLASSES = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"})
# Letters that draw nothing: the Hangul fillers (Unicode's Other_Default_Ignorable_Code_Point
# letters), and the blank Braille cell (a space only between Braille letters).
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_BRAILLE_BLANK = "\u2800"
# One search per value finds whether it needs a closer look (nearly no value does).
_SUSPECT = re.compile(f"[{_CONTROL}{_EXPLICIT_BIDI}{''.join(sorted(BLANKS))}]")
# The implicit directional marks LRM, RLM, ALM (UAX #9).
_MARKS = frozenset("\u200e\u200f\u061c")
_ZWNJ, _ZWJ, _VS16 = "\u200c", "\u200d", "\ufe0f"
_VIRAMA = 9  # the canonical combining class of viramas


def _label(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE'; 'U+001B' for a control character, which has no name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


@dataclass(frozen=True)
class Rule:
    """Characters of a value that break one text rule, and the message for them."""

    kind: str  # 'control', 'bidi', 'blank' or 'invisible'
    labels: tuple[str, ...]  # e.g. ('U+202E RIGHT-TO-LEFT OVERRIDE',)

    def message(self, value: str) -> str:
        listed = ", ".join(self.labels)
        shown = value if len(value) <= 80 else value[:77] + "..."
        what = {
            "control": f"contains control characters ({listed}): delete them",
            "bidi": (
                f"contains bidirectional formatting characters ({listed}), which show the text "
                "in another order than it is read: delete them"
            ),
            "blank": (
                f"contains characters that look like a space but are not one ({listed}): type "
                "a space instead, or delete them"
            ),
            "invisible": f"contains invisible characters ({listed}): delete them",
        }[self.kind]
        return f"{shown!r} {what}"


def text_rules(text: str, line: bool = False) -> list[Rule]:
    """The text rules `text` breaks (see the module's doc); `line` for a name or another
    one-line field, where invisible characters are refused too. Nearly every value is looked
    at by one regular-expression search (names of other scripts: one pass over their letters)."""
    found: dict[str, list[str]] = {}
    if _SUSPECT.search(text):
        for i, char in enumerate(text):
            kind = _kind(text, i, char)
            if kind and kind != "invisible":
                found.setdefault(kind, []).append(_label(char))
    if line and not text.isascii():
        for i, char in enumerate(text):
            if unicodedata.category(char) == "Cf" and _kind(text, i, char) == "invisible":
                found.setdefault("invisible", []).append(_label(char))
    order = ("control", "bidi", "blank", "invisible")
    return [Rule(k, tuple(dict.fromkeys(found[k]))) for k in order if k in found]


def _kind(text: str, i: int, char: str) -> str | None:
    code = ord(char)
    if (code < 0x20 and char not in "\t\n\r") or 0x7F <= code <= 0x9F:
        return "control"
    if unicodedata.bidirectional(char) in EXPLICIT_BIDI_CLASSES:
        return "bidi"
    if char in BLANKS:
        if char == _BRAILLE_BLANK and _between(text, i, _is_braille):
            return None
        return "blank"
    if unicodedata.category(char) != "Cf":
        return None
    if char in _MARKS:
        return None if _right_to_left(text) else "invisible"
    if char in (_ZWNJ, _ZWJ) and _joiner_needed(text, i):
        return None
    return "invisible"


def _between(text: str, i: int, test: Callable[[str], bool]) -> bool:
    return 0 < i < len(text) - 1 and test(text[i - 1]) and test(text[i + 1])


def _is_braille(char: str) -> bool:
    return "\u2800" <= char <= "\u28ff"


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _joiner_needed(text: str, i: int) -> bool:
    """Whether the joiner at `i` is part of how the text is spelt (UAX #31 2.3, UTS #51)."""
    if i == 0 or i == len(text) - 1:
        return False
    before, after = text[i - 1], text[i + 1]
    if unicodedata.combining(before) == _VIRAMA:
        return True
    if text[i] == _ZWJ and _emoji_before(text, i) and unicodedata.category(after) == "So":
        return True
    return _letter(before) and _letter(after) and _joining_script(before, after)


def _emoji_before(text: str, i: int) -> bool:
    """An emoji (with its skin tone or presentation selector) ends just before `i`."""
    j = i - 1
    if text[j] == _VS16 and j > 0:
        j -= 1
    return unicodedata.category(text[j]) in ("So", "Sk")


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _joining_script(before: str, after: str) -> bool:
    """Both letters are of one script, and not of a script whose spelling never uses joiners
    (Latin, Greek, Cyrillic: there a joiner only hides a difference)."""
    # Unicode's Scripts.txt, loaded when first needed.
    from confusable_homoglyphs import categories  # type: ignore[import-untyped]

    script = categories.alias(before)
    if script in ("COMMON", "INHERITED"):
        return False
    return bool(script not in _CONFUSABLE and categories.alias(after) in (script, "INHERITED"))


def invisible_characters(text: str) -> list[str]:
    """Invisible characters in `text` that no name needs, named as people can look them up
    ('U+200B ZERO WIDTH SPACE'); the joiners that scripts and emoji need are not among them."""
    return [label for rule in text_rules(text, line=True) for label in rule.labels]


def _visible(text: str) -> str:
    """`text` without format characters, and with blank letters read as spaces."""
    return "".join(" " if c in BLANKS else c for c in text if unicodedata.category(c) != "Cf")


def comparison_key(name: str) -> str:
    """The form in which two names are compared for being the same."""
    if name.isascii():  # nothing to fold or drop but case and spacing
        return " ".join(name.casefold().split())
    folded = unicodedata.normalize("NFKC", _visible(name)).casefold()
    return " ".join(folded.split())


def lookalike_key(name: str) -> str:
    """The form in which two names are compared for looking the same: `comparison_key`, with
    every non-ASCII character mapped to the character it is drawn like, after UTS #39's
    confusables (the confusable-homoglyphs package's copy of Unicode's confusables.txt):
    Cyrillic 'Т' and Latin 'T', Persian 'ک' and Arabic 'ك', '–' and '-'. ASCII is compared
    as typed ('rn' and 'm', 'I' and 'l' are different names people use)."""
    if name.isascii():
        return comparison_key(name)
    # Mapped before and after case folding: confusables.txt maps Cyrillic 'Т' to 'T', and
    # folding makes both 't'.
    table = _prototypes()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", _visible(name)))
    text = unicodedata.normalize("NFD", text.translate(table).casefold()).translate(table)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _plain(text: str) -> str:
    # The package writes right-to-left characters between two LRMs, as confusables.txt's
    # comments show them.
    return text.replace("\u200e", "").replace("\u200f", "")


@functools.cache
def _prototypes() -> dict[int, str]:
    """Non-ASCII character → the prototype of its confusable class (its UTS #39 skeleton).

    The package lists, for each character, the characters it is confusable with, in both
    directions: a character mapped to a prototype lists only that prototype, and a prototype
    lists the characters mapped to it. Two characters that list only each other are one class
    of two, mapped to the smaller, which keeps the classes (and so the comparison) the same.
    """
    from confusable_homoglyphs.confusables import (  # type: ignore[import-untyped]
        confusables_data,
    )

    listed = {_plain(k): [_plain(e["c"]) for e in v] for k, v in confusables_data.items()}
    table: dict[int, str] = {}
    for char, others in listed.items():
        if len(char) != 1 or char.isascii() or len(others) != 1:
            continue  # a prototype (or a sequence) stands for itself
        other = others[0]
        if listed.get(other) == [char]:  # a class of two
            other = min(char, other)
        if other != char:
            table[ord(char)] = other
    return table


@dataclass(frozen=True)
class MixedWord:
    word: str
    scripts: tuple[str, ...]  # e.g. ('Cyrillic', 'Latin'), sorted
    odd: str  # the letters of the less used script, e.g. 'о'


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    script = name.split(" ", 1)[0]
    return script if script in _CONFUSABLE else None


def mixed_script_words(text: str) -> list[MixedWord]:
    """Words of `text` that mix Latin, Cyrillic or Greek letters.

    Letters are judged after compatibility folding (fullwidth 'Ｔ' is a Latin 'T'), but the
    word and its odd letters are given as written, so a writer can find them in the file.
    """
    if text.isascii():  # every ASCII letter is Latin
        return []
    out = []
    for word in _visible(text).split():
        letters: dict[str, list[str]] = {}
        for char in word:
            for folded in unicodedata.normalize("NFKC", char):
                script = _script(folded)
                if script:
                    letters.setdefault(script, []).append(char)
        if len(letters) > 1:
            rare = min(letters, key=lambda s: len(letters[s]))
            scripts = tuple(sorted(s.title() for s in letters))
            out.append(MixedWord(word, scripts, "".join(dict.fromkeys(letters[rare]))))
    return out


def id_from(text: str) -> str:
    """An id made of lowercase letters, digits and hyphens from `text`: 'Quality Coach (Remote)'
    → 'quality-coach-remote'; empty when `text` has no Latin letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def id_hint(value: object, suffix: str = "") -> str:
    """How to write an id, with `value` turned into one where it can be ('Agent_One' →
    'agent-one'): the hint of every "not a valid id" message."""
    rule = "use lowercase letters, digits and hyphens"
    suggested = id_from(value) if isinstance(value, str) else ""
    return f"{rule}, such as '{suggested}{suffix}'" if suggested else rule
