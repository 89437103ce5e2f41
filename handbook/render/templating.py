"""The renderers' templates: Jinja, autoescaped, in the handbook's language, overridable.

Each renderer computes a small view of the data and hands it to a template of the package
(`handbook/templates/<name>`), or to the project's own copy at `<custom_dir>/handbook/<name>`,
which replaces it (Material's `custom_dir` convention).

Escaping is by construction: every `{{ value }}` is written as text for HTML (its characters
escaped, braces too, its white space one space) unless the value is `Markup` made by the code
or by a filter — `md` for text in Markdown (headings, table cells). Words go through the
handbook's catalogs: `_("...")`, `ngettext(...)` and `{% trans %}` blocks, their values
escaped the same way and their numbers in the locale's digits.

The pages the renderers write are Markdown with HTML blocks, each block on one line of its own
(what `Build.set_aside` hands past Python-Markdown). So that templates can still be written one
element per line, a paragraph of a template (lines between blank lines) that starts with an
HTML tag is read as one line: its lines are joined, their indentation dropped, with a space
between two lines of text and nothing next to a tag. Other paragraphs (headings, Markdown
tables) keep their lines.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
)
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup, escape

from handbook import compat, i18n
from handbook.i18n import ENGLISH, Language, plural_count
from handbook.render import markup

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
OVERRIDES = "handbook"  # the folder inside a project's custom_dir that holds its templates

_TAG_ONLY = re.compile(r"^\{([%#]).*?\1\}$")
_BLANK = re.compile(r"\n[ \t]*\n")


def join_lines(source: str) -> str:
    """A template's source with each HTML paragraph made one line (see the module's doc)."""
    paragraphs = _BLANK.split(source)
    return "\n\n".join(_join(p) if _is_html(p) else p for p in paragraphs)


def _is_html(paragraph: str) -> bool:
    for line in paragraph.splitlines():
        stripped = line.strip()
        if stripped and not _TAG_ONLY.match(stripped):
            return stripped.startswith("<")
    return False


def _join(paragraph: str) -> str:
    out = ""
    for line in paragraph.splitlines():
        part = line.strip()
        if not part:
            continue
        if out and not (
            out.endswith((">", "%}", "#}")) or part.startswith(("<", "{%", "{#", "{%-"))
        ):
            out += " "
        out += part
    return out


class _Loader(BaseLoader):
    """Templates from a folder, read through `join_lines`."""

    def __init__(self, folders: list[Path]) -> None:
        self.files = FileSystemLoader([str(f) for f in folders], encoding="utf-8")

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.files.get_source(environment, template)
        return join_lines(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.files.list_templates()


class _Escaped(str):
    """Text already escaped by `markup.html`, which the autoescape writes as it is (a plain
    `str` subclass: made at C speed, where a `Markup` would run Python code twice)."""

    __slots__ = ()

    def __html__(self) -> str:
        return str.__str__(self)


_SEEN: dict[str, _Escaped] = {}  # text already escaped: titles and names recur on every page
_SEEN_MOST = 50_000


def text(value: object) -> object:
    """What `{{ value }}` writes: Markup as it is, anything else as escaped text."""
    if type(value) is str:
        found = _SEEN.get(value)
        if found is None:
            if len(_SEEN) >= _SEEN_MOST:
                _SEEN.clear()
            found = _SEEN[value] = _Escaped(markup.html(value))
        return found
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _Escaped(markup.html(value))
    return value


def out(value: object) -> str:
    """What `{{ value }}` writes, as `escape(text(value))` does, for templates compiled by
    `compat.quick_output`'s generator: the same text, with no `Markup` made on the way."""
    kind = type(value)
    if kind is str:
        found = _SEEN.get(value)  # type: ignore[call-overload]
        return found if found is not None else text(value)  # type: ignore[return-value]
    if kind is Markup or kind is _Escaped:
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)
    return str(escape(text(value)))


def _values(language: Language, values: Mapping[str, object]) -> dict[str, object]:
    """The values of a message as escaped text (numbers in the locale's digits); a message's
    text is a plain `str`, so `%` writes each as it is."""
    out: dict[str, object] = {}
    for key, value in values.items():
        kind = type(value)
        if kind is Markup or kind is _Escaped:
            out[key] = value
        elif kind is str:
            out[key] = text(value)
        elif (kind is int or kind is float) or (
            isinstance(value, (int, float)) and not isinstance(value, bool)
        ):
            out[key] = markup.html(language.number(value))  # type: ignore[arg-type]
        elif isinstance(value, Markup):
            out[key] = value
        else:
            out[key] = markup.html(str(value)) if value is not None else ""
    return out


_QUOTE_SAFE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}
_QUOTE_SAFE |= {ord("{"): "&#123;", ord("}"): "&#125;"}


def _message_text(text: str) -> str:
    """A translated message as HTML text: escaped, but for the apostrophe, which is text in
    an element and in the double-quoted attributes templates write."""
    return " ".join(text.split()).translate(_QUOTE_SAFE)


def words(language: Language) -> dict[str, Callable[..., Markup]]:
    """The gettext functions templates call, answering Markup: the message as text, its
    `%(name)s` replaced by the values, escaped as `text` does, numbers in the locale's digits.
    A message's escaped text is worked out once per language."""
    translations = language.translations
    said: dict[str, str] = {}  # message: its escaped translation
    forms: dict[tuple[str, str, str], str] = {}
    contexts: dict[tuple[str, str], str] = {}

    def say(message: str, /, **values: object) -> Markup:
        text = said.get(message)
        if text is None:
            text = said[message] = _message_text(translations.gettext(message))
        return Markup(text % _values(language, values) if values else text)

    def say_n(singular: str, plural: str, num: float, /, **values: object) -> Markup:
        form = translations.ngettext(singular, plural, plural_count(num))
        text = forms.get((singular, plural, form))
        if text is None:
            text = forms[singular, plural, form] = _message_text(form)
        return Markup(text % _values(language, {"num": num, **values}))

    def say_p(context: str, message: str, /, **values: object) -> Markup:
        text = contexts.get((context, message))
        if text is None:
            text = contexts[context, message] = _message_text(
                translations.pgettext(context, message)
            )
        return Markup(text % _values(language, values) if values else text)

    return {"_": say, "gettext": say, "ngettext": say_n, "pgettext": say_p}


class _SaidOnce(Extension):
    """Messages as the templates' cheapest code. A message with no values, `_("Skills")`, is
    translated and escaped when its template is compiled, not each time it is written: the
    environment is one language's, so the words are known then (a role page writes about a
    hundred of them). A message with values, `_("Pay: %(pay)s", pay=pay)`, is read as the
    filter `"Pay: %(pay)s"|hb_gettext(pay=pay)`: the same function, which Jinja calls
    directly, where a global is called through the render's context (a microsecond, some
    forty times a role page). `ngettext` and `pgettext` likewise."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        said: Callable[[str], str] = self.environment.handbook_said  # type: ignore[attr-defined]
        window: list[Token] = []
        previous: Token | None = None
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, opening, message, after = window
            if (
                name.type == "name"
                and name.value in _AS_FILTER
                and opening.type == "lparen"
                and message.type == "string"
                and after.type in ("rparen", "comma")
                and (previous is None or previous.type != "dot")
            ):
                lineno = name.lineno
                if after.type == "rparen" and name.value in _GETTEXT:
                    yield Token(lineno, "string", said(message.value))
                    yield Token(lineno, "pipe", "|")
                    yield Token(lineno, "name", "safe")
                    previous, window = after, []
                    continue
                if after.type == "comma":
                    yield Token(lineno, "string", message.value)
                    yield Token(lineno, "pipe", "|")
                    yield Token(lineno, "name", _AS_FILTER[name.value])
                    yield Token(lineno, "lparen", "(")
                    previous, window = after, []
                    continue
            previous = window.pop(0)
            yield previous
        yield from window


# The gettext functions, and the filters `_SaidOnce` calls them as.
_AS_FILTER = {
    "_": "hb_gettext",
    "gettext": "hb_gettext",
    "ngettext": "hb_ngettext",
    "pgettext": "hb_pgettext",
}
_GETTEXT = frozenset(name for name, filtered in _AS_FILTER.items() if filtered == "hb_gettext")


def _cache_key(language: Language, generator: type | None) -> str:
    """What a compiled template depends on besides its source (which Jinja's bytecode cache
    checks itself): the language and its catalog, whose words `_SaidOnce` compiles in, the code
    generator, and this module, which sets the environment up."""
    digest = hashlib.sha256(f"{language.tag} {generator and generator.__name__}".encode())
    digest.update(Path(__file__).read_bytes())
    if generator is not None:
        digest.update(Path(compat.__file__).read_bytes())
    if language.catalog is not None:
        digest.update(
            (i18n.CATALOGS / language.catalog / "LC_MESSAGES" / "handbook.po").read_bytes()
        )
    return digest.hexdigest()[:16]


class _Environment(Environment):
    """Jinja's environment, with each template's globals a plain dict (the handbook's globals
    are all set before a template is loaded, and a dict is copied into each render's context
    at C speed, where Jinja's ChainMap is read key by key: 10 µs a render, 11 renders a role
    page), and a dict view's keys read first."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`view.name` of a dict view is its key, read directly: Jinja tries the attribute
        first, and the exception of its miss costs a microsecond (a role page reads about a
        hundred keys). A dict's own attributes (`items`, `get`…) stay attributes. Any other
        object is read as Jinja's own `Environment.getattr` reads it, written out here rather
        than called through `super()`: the extra call measured about 20 ms over 1,000 role
        pages."""
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError):
            return self.undefined(obj=obj, name=attribute)


_DICT_NAMES = frozenset(dir(dict))


class Templates:
    """The templates a handbook's pages are written with, in one language."""

    def __init__(
        self,
        language: Language = ENGLISH,
        overrides: Path | None = None,
        quick: bool = True,
        state: tuple[tuple[str, int], ...] | None = None,
    ) -> None:
        self.language = language
        self.overrides = overrides
        self.state = _state(overrides) if state is None else state
        generator = compat.quick_output() if quick else None
        folders = [overrides] if overrides is not None and overrides.is_dir() else []
        env = _Environment(
            loader=_Loader([*folders, PACKAGE_TEMPLATES]),
            autoescape=True,
            finalize=text,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,
            extensions=["jinja2.ext.i18n", _SaidOnce],
            bytecode_cache=FileSystemBytecodeCache(
                pattern=f"__handbook_{_cache_key(language, generator)}_%s"
            ),
        )
        if generator is not None:
            env.code_generator_class = generator
        env.handbook_out = out  # type: ignore[attr-defined]
        env.policies["ext.i18n.trimmed"] = True
        env.newstyle_gettext = True  # type: ignore[attr-defined]
        said = words(language)
        env.globals.update(said)
        env.filters.update({filtered: said[name] for name, filtered in _AS_FILTER.items()})
        gettext = language.translations.gettext
        env.handbook_said = lambda message: _message_text(gettext(message))  # type: ignore[attr-defined]
        for unused in ("lipsum", "cycler", "joiner"):  # Jinja's, which no page needs
            env.globals.pop(unused, None)
        env.globals["lang"] = language.tag
        env.filters["md"] = lambda value: Markup(markup.md(str(value)))
        env.filters["number"] = lambda value: Markup(markup.html(language.number(value)))
        env.filters["date"] = lambda value: Markup(markup.html(language.date(value)))
        env.filters["month"] = lambda value: Markup(markup.html(language.month(value)))
        self.env = env
        self._compiled: dict[str, Template] = {}
        self._marks: dict[str, tuple[Markup, Markup]] = {}

    def template(self, name: str) -> Template:
        found = self._compiled.get(name)
        if found is None:
            found = self._compiled[name] = self.env.get_template(name)
        return found

    def marks(self, organisation: str) -> tuple[Markup, Markup]:
        """The mark after a figure `organisation` set itself, and the line explaining it
        (own/marks.html's `marker` and `note`, the project's when it overrides them), made once:
        a role page shows them up to a dozen times."""
        found = self._marks.get(organisation)
        if found is None:
            module: Any = self.template("own/marks.html").module
            found = self._marks[organisation] = (
                Markup(module.marker("own", organisation)),
                Markup(module.note(organisation)),
            )
        return found

    def render(self, name: str, /, **view: Any) -> str:
        """The template `name` rendered with `view`, without surrounding blank lines."""
        return self.template(name).render(view).strip("\n")

    @property
    def sources(self) -> tuple[str, ...]:
        """The overrides folder, its folders and its templates (a folder's time changes when a
        template is added or removed): every page written with templates depends on them."""
        return tuple(path for path, _ in self.state)


def templates(language: Language = ENGLISH, overrides: Path | None = None) -> Templates:
    """The templates for `language` with a project's overrides folder: one per process, per
    choice of code generator (tests build both ways in one process), and per state of the
    overrides folder, so that `mkdocs serve` shows a template a writer has just saved."""
    return _templates(language, overrides, compat.quick_output() is not None, _state(overrides))


def _state(overrides: Path | None) -> tuple[tuple[str, int], ...]:
    """The overrides folder, its folders and files, and when each last changed: the one walk
    of it a build makes."""
    if overrides is None or not overrides.is_dir():
        return ()
    return tuple(sorted((str(p), _changed(p)) for p in (overrides, *overrides.rglob("*"))))


def _changed(path: Path) -> int:
    """When `path` last changed; -1 for a link to nothing or a file removed mid-walk (Jinja's
    loader then finds no template there, and the package's is used)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@functools.lru_cache(maxsize=16)
def _templates(
    language: Language, overrides: Path | None, quick: bool, state: tuple[tuple[str, int], ...]
) -> Templates:
    return Templates(language, overrides, quick, state)
