"""Search terms: the everyday words people search for, and the page each one leads to.

A role is found by its title and its other names (`aliases`); people also search in words of
their own: "call taker", "help desk", "VP", "how much does a team leader earn". The optional
catalog `roles_data/search_terms.yml` sends such words to a role's page (`role`), a department's
page (`department`) or any page of the site (`page`, a file in docs/); the handbook adds its own
words for pay, which lead to the salary bands page unless the catalog sends one elsewhere.

The words become the page's search tags, which Material's search weighs above titles. The
search itself is Material's: it adds a trailing wildcard to every word typed, so a query word
finds every indexed word it begins ("earn" finds "earnings") and lunr's pipeline never runs on
a query (a stemmed index would lose "salary", stored as "salari"). What people type around the
words that matter ("how", "does", "a") is dropped instead by the search's separator, which
splits text at these words as at spaces, in the index and in the query alike: `SEPARATOR` is
written in mkdocs.yml, and a test checks that the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from pydantic import Field

from handbook import names
from handbook.i18n import ENGLISH, N_, Language
from handbook.loading import Document
from handbook.model import Id, Line, Role, Strict
from handbook.problems import Problem, did_you_mean
from handbook.records import catalog_records

SEARCH_TERMS_FILE = "search_terms.yml"

# The handbook's own words for pay, for any organisation: they lead to the salary bands page.
# Search matches the beginning of words, so "earnings" is also found by "earn" and "earning".
PAY_PAGE = "reference/salaries.md"
PAY_WORDS = (
    "salary",
    "salaries",
    "pay",
    "paid",
    "earnings",
    "earns",
    "earned",
    "wages",
    "income",
    "how much",
)

# Words people put around the words that matter ("how much does a team leader earn"). Search
# would otherwise take each as the start of a word ("a" finds every word beginning with a),
# since Material gives every query word a trailing wildcard and so skips lunr's stop word
# filter. Dropped in lower case and capitalised ("The"), not in capitals: "IT" is a word.
STOP_WORDS = (
    *("a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "by", "with"),
    *("as", "into", "about", "is", "are", "am", "be", "was", "were", "do", "does", "did"),
    *("can", "could", "should", "would", "will", "how", "what", "who", "whom", "which"),
    *("when", "where", "why", "i", "me", "my", "we", "our", "you", "your", "it", "its"),
    *("this", "that", "there", "if", "so", "than", "then", "any", "some", "get"),
    # Every role is one to become: the word tells search nothing ("becoming a supervisor").
    *("become", "becoming", "became"),
)

# Where text is split into words: spaces and punctuation (so "(AHT)" and "CSR," are read as
# AHT and CSR, and "First-call" as two words), and the stop words between them.
_BREAKS = r"""\s\-,;:!?()\[\]{}"/"""


def _capitalised(word: str) -> str:
    first = word[0]
    return f"[{re.escape(first.upper())}{re.escape(first)}]{re.escape(word[1:])}"


# Where Chinese and Japanese text is split besides: the zero-width spaces Material's search puts
# between the words jieba finds, the ideographic space and the scripts' punctuation.
_CJK_BREAKS = "\u200b\u3000、。，．？！；：（）「」『』《》"


# The same words in the handbook's language, from its catalog (English: the lists above).
# TRANSLATORS: words people type when they look for pay, separated by commas: each leads to
# the salary bands page (search also finds the words that begin with one: "earn" → "earnings").
PAY_MESSAGE = N_("salary, salaries, pay, paid, earnings, earns, earned, wages, income, how much")
# TRANSLATORS: the small words people put around the words that matter in a search ("how much
# does a team leader earn"), separated by commas: search leaves them out. Never a word that
# could be a role's or a department's own name.
STOP_MESSAGE = N_(
    "a, an, the, and, or, of, to, in, on, at, for, from, by, with, as, into, about, is, are, "
    "am, be, was, were, do, does, did, can, could, should, would, will, how, what, who, whom, "
    "which, when, where, why, i, me, my, we, our, you, your, it, its, this, that, there, if, "
    "so, than, then, any, some, get, become, becoming, became"
)
_LIST = re.compile(r"\s*[,，、;；]\s*")


def _listed(language: Language, message: str) -> tuple[str, ...]:
    return tuple(word for word in _LIST.split(language.gettext(message).strip()) if word)


def pay_words(language: Language = ENGLISH) -> tuple[str, ...]:
    """The words that lead to the salary bands page, in the handbook's language."""
    return _listed(language, PAY_MESSAGE)


def stop_words(language: Language = ENGLISH) -> tuple[str, ...]:
    """The words search leaves out, in the handbook's language."""
    return _listed(language, STOP_MESSAGE)


def separator(language: Language = ENGLISH) -> str:
    """The search separator for a handbook in `language`: its stop words, and for Chinese and
    Japanese the breaks jieba's segmentation and their punctuation make."""
    breaks = _BREAKS + (_CJK_BREAKS if language.locale.language in {"zh", "ja"} else "")
    return _separator(breaks, stop_words(language))


def _separator(breaks: str = _BREAKS, stop: Iterable[str] = STOP_WORDS) -> str:
    words = "|".join(_capitalised(w) for w in sorted(set(stop), key=lambda w: (-len(w), w)))
    # A stop word counts only as a whole word: after the text's start or a break, and before a
    # break or the end (no lookbehind, which older browsers lack). At the start with no stop
    # word, the separator matches nothing, which search skips.
    return rf"(?:^|[{breaks}]+)(?:(?:{words})(?![^{breaks}])[{breaks}]*)*"


SEPARATOR = _separator()
_SPLIT = re.compile(SEPARATOR)


def search_words(text: str) -> list[str]:
    """The words search reads in `text` (split as the site's search splits it)."""
    return [word for word in _SPLIT.split(text) if word]


class SearchTerm(Strict):
    """Words people search for, and the one place they lead to."""

    words: list[Line] = Field(
        min_length=1, description="The words people type, e.g. 'call taker' or 'VP'."
    )
    role: Id | None = Field(default=None, description="A role id: the words find its page.")
    department: Id | None = Field(
        default=None, description="A department id: the words find its page."
    )
    page: Line | None = Field(
        default=None,
        description="A page of the site, as a file in docs/: 'careers/index.md'.",
    )


Kind = Literal["role", "department", "page"]
KINDS: tuple[Kind, ...] = ("role", "department", "page")


@dataclass(frozen=True)
class Term:
    """Checked words of the catalog, where they lead, and where they are written."""

    words: tuple[str, ...]
    kind: Kind
    target: str
    # Where the target is written, for a message about it.
    file: str
    line: int | None
    field: str


def read_terms(
    doc: Document,
    role_ids: Collection[str],
    department_ids: Collection[str],
    roles: Mapping[str, Role],
) -> tuple[list[Term], list[Problem]]:
    """The terms of `doc` (search_terms.yml, already parsed) and every problem in it.

    `role_ids` and `department_ids` are every id written in the data (valid records or not, so
    a broken role is not reported again here); `roles` the valid roles, whose names the words
    must not take from another role.
    """
    if doc.data is None:  # an empty file, or comments only
        return [], []
    reader = _Reader(doc, role_ids, department_ids, roles)
    for record, found, index in catalog_records(SearchTerm, doc, "search terms"):
        reader.problems += found
        if record is not None:
            reader.entry(record, index)
    return reader.terms, reader.problems


class _Reader:
    """Checks the entries of one catalog of search terms, in order."""

    def __init__(
        self,
        doc: Document,
        role_ids: Collection[str],
        department_ids: Collection[str],
        roles: Mapping[str, Role],
    ) -> None:
        self.doc = doc
        self.ids = {"role": role_ids, "department": department_ids}
        self.terms: list[Term] = []
        self.problems: list[Problem] = []
        # Each word already listed (folded as names are compared) → its line.
        self.seen: dict[str, int | None] = {}
        # Every role's names, folded: name → (role id, "title" or "alias").
        self.owners: dict[str, tuple[str, str]] = {}
        for rid, role in roles.items():
            self.owners.setdefault(names.comparison_key(role.title), (rid, "title"))
            for alias in role.aliases:
                self.owners.setdefault(names.comparison_key(alias), (rid, "alias"))

    def add(self, path: tuple[str | int, ...], message: str, warning: bool = False) -> None:
        field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
        line = self.doc.line_of(path)
        self.problems.append(Problem(self.doc.file, line, field, message, warning=warning))

    def entry(self, record: SearchTerm, index: int) -> None:
        targets = [kind for kind in KINDS if getattr(record, kind) is not None]
        kind, target = (targets[0], str(getattr(record, targets[0]))) if targets else (None, "")
        valid = self.target(index, targets, kind, target)
        # The words are checked whatever the target: a word listed twice is a problem either way.
        words = [w for i, w in enumerate(record.words) if self.word(index, i, w, kind, target)]
        if valid and kind is not None and words:
            line = self.doc.line_of((index, kind))
            field = f"[{index}].{kind}"
            self.terms.append(Term(tuple(words), kind, target, self.doc.file, line, field))

    def target(self, index: int, targets: list[Kind], kind: Kind | None, target: str) -> bool:
        """Whether the entry leads to one place that exists; if not, why."""
        if kind is None or len(targets) != 1:
            self.add(
                (index, targets[1]) if targets else (index,),
                "a search term leads to one place: give one of role (a role id), department "
                "(a department id) or page (a file in docs/)",
            )
            return False
        if kind == "page":
            message = _page_problem(target)
            if message:
                self.add((index, kind), message)
            return message is None
        if target not in self.ids[kind]:
            hint = did_you_mean(target, self.ids[kind])
            self.add((index, kind), f"unknown {kind} {target!r}{hint}")
            return False
        return True

    def word(self, index: int, i: int, word: str, kind: Kind | None, target: str) -> bool:
        """Whether `word` (the entry's i-th) can lead to the entry's target; if not, why."""
        path = (index, "words", i)
        key = names.comparison_key(word)
        if not search_words(word):
            self.add(
                path,
                f"{word!r} is made only of words search leaves out (such as 'how' or 'the'): "
                "write the word that matters",
            )
            return False
        if key in self.seen:
            where = f" (line {self.seen[key]})" if self.seen[key] else ""
            self.add(
                path, f"{word!r} is listed twice{where}: a word leads to one place; remove one"
            )
            return False
        self.seen[key] = self.doc.line_of(path)
        owner = self.owners.get(key)
        if owner is None:
            return True
        rid, name = owner
        if (kind, target) == ("role", rid):
            message = f"{word!r} is already this role's {name}, which search finds it by: remove it"
            self.add(path, message, warning=True)
        else:
            self.add(
                path,
                f"{word!r} is the {name} of role {rid!r}, which search finds by it: remove it "
                "here, or from that role",
            )
        return False


def _page_problem(page: str) -> str | None:
    """Why `page` is not written as a page of docs/ (whether it exists is checked by the build,
    which knows the pages)."""
    path = PurePosixPath(page)
    if page.startswith("docs/"):
        return f"write the page as a file in docs/, without 'docs/': {page[5:]!r}"
    if path.is_absolute() or ".." in path.parts or "\\" in page:
        return f"{page!r} is not a file in docs/: write its path from docs/, as 'careers/index.md'"
    if path.suffix != ".md":
        return f"{page!r} is not a page: write the Markdown file, e.g. 'careers/index.md'"
    return None


def words_by_page(
    terms: Iterable[Term],
    role_pages: Mapping[str, str],
    department_pages: Mapping[str, str],
    pay: Iterable[str] = PAY_WORDS,
) -> dict[str, list[str]]:
    """The words that lead to each page (by its file in docs/): the catalog's, and the
    handbook's pay words for the salary bands page unless the catalog sends one elsewhere."""
    out: dict[str, list[str]] = {}
    taken: set[str] = set()
    for term in terms:
        if term.kind == "role":
            src = role_pages.get(term.target)
        elif term.kind == "department":
            src = department_pages.get(term.target)
        else:
            src = term.target
        taken.update(names.comparison_key(word) for word in term.words)
        if src is not None:
            out.setdefault(src, []).extend(term.words)
    untaken = [word for word in pay if names.comparison_key(word) not in taken]
    if untaken:
        out.setdefault(PAY_PAGE, []).extend(untaken)
    return out


def missing_pages(terms: Iterable[Term], pages: Collection[str]) -> list[Problem]:
    """A problem for each page the catalog names that is not one of the site's `pages` (their
    paths: the project's pages and those the handbook makes), with the closest as a
    suggestion."""
    problems: list[Problem] = []
    known: list[str] | None = None
    for term in terms:
        if term.kind != "page" or term.target in pages:
            continue
        if known is None:
            known = sorted(pages)
        problems.append(
            Problem(
                term.file,
                term.line,
                term.field,
                f"no page {term.target!r} in the site{did_you_mean(term.target, known)}",
            )
        )
    return problems
