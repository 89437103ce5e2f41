"""Names people search for: how two titles are compared, and letters that only look alike.

Two titles are the same name when they match after Unicode compatibility folding (NFKC:
fullwidth 'Ｔｅａｍ' is 'Team'), case folding, dropping invisible characters (zero-width
spaces, soft hyphens) and collapsing spaces. A word that mixes Latin, Cyrillic and Greek
letters ('Flоor' with a Cyrillic 'о') is almost always a typing accident or a deliberate
look-alike, so it is reported rather than compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Scripts whose letters are easily mistaken for one another.
_CONFUSABLE = {"LATIN", "CYRILLIC", "GREEK"}


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def comparison_key(name: str) -> str:
    """The form in which two names are compared for being the same."""
    if name.isascii():  # nothing to fold or drop but case and spacing
        return " ".join(name.casefold().split())
    folded = unicodedata.normalize("NFKC", _visible(name)).casefold()
    return " ".join(folded.split())


def invisible_characters(text: str) -> list[str]:
    """Invisible characters in `text`, named as people can look them up ('U+200B ZERO WIDTH …')."""
    found = []
    for char in text:
        if unicodedata.category(char) == "Cf":
            label = f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}"
            if label not in found:
                found.append(label)
    return found


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
