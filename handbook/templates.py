"""A template error in a page (an unknown macro, a stray `{{`) → one line naming page and fix.

Pages are Jinja templates: mkdocs-macros renders them with the handbook's macros. Its own
error report is a Markdown block with a Python traceback; writers get this line instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from types import TracebackType
from typing import Any

from jinja2 import DictLoader, Template, Undefined
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from handbook import pagelimits
from handbook.pagelimits import Budget, PageLimit
from handbook.problems import Problem, did_you_mean

RAW_HINT = "to show '{{' or '{%' as text, wrap that part in {% raw %} ... {% endraw %}"


def _template_line(trace: TracebackType | None) -> int | None:
    """The line of the page template where rendering failed, from Jinja's rewritten traceback."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def line_naming(source: str, name: str) -> int | None:
    """The first line of the page that uses `name` inside a `{{ … }}` or `{% … %}`."""
    pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(name) + r"\b")
    for number, line in enumerate(source.splitlines(), 1):
        if pattern.search(line):
            return number
    return None


def page_error(
    error: Exception, shown: str, source: str, markdown: str, names: Collection[str]
) -> Problem:
    """Describe `error`, raised rendering `markdown` (the page `source` minus front matter).

    `names` are the macros and variables a page may use, for did-you-mean suggestions.
    """
    offset = max(len(source.splitlines()) - len(markdown.splitlines()), 0)

    def shifted(line: int | None) -> int | None:
        return None if line is None else line + offset

    if isinstance(error, PageLimit):
        return Problem(shown, shifted(_template_line(error.__traceback__)), "", str(error))
    if isinstance(error, RecursionError):
        return Problem(
            shown,
            shifted(_template_line(error.__traceback__)),
            "",
            "a macro defined in this page calls itself without end: give it a case that stops",
        )
    if isinstance(error, SecurityError):
        match = re.search(r"attribute '([^']+)'", str(error))
        what = f"{match.group(1)!r} reaches into Python" if match else str(error)
        return Problem(
            shown,
            shifted(_template_line(error.__traceback__)),
            "",
            f"pages may use the handbook's macros and variables only: {what}, which pages may "
            "not; remove that expression",
        )
    if isinstance(error, TemplateNotFound):
        return Problem(
            shown,
            shifted(_template_line(error.__traceback__)),
            "",
            f"pages cannot include or import other files ({error.name!r}); copy the text into "
            "the page instead",
        )
    if isinstance(error, TemplateSyntaxError):
        return Problem(
            shown,
            shifted(error.lineno),
            "",
            f"macro syntax error: {(error.message or '').rstrip('.')}; {RAW_HINT}",
        )
    if isinstance(error, UndefinedError):
        match = re.match(r"'([^']+)' is undefined", str(error))
        if match:
            name = match.group(1)
            line = line_naming(source, name) or shifted(_template_line(error.__traceback__))
            hint = did_you_mean(name, names) or f"; {RAW_HINT}"
            return Problem(
                shown, line, "", f"{name!r} is not a macro or variable of this handbook{hint}"
            )
        return Problem(shown, shifted(_template_line(error.__traceback__)), "", str(error))
    line = shifted(_template_line(error.__traceback__))
    return Problem(shown, line, "", f"macro failed: {type(error).__name__}: {error}")


class _Page:
    """A page template that sees the handbook's variables and nothing the caller passes."""

    def __init__(self, template: Template, variables: Mapping[str, Any]) -> None:
        self.template = template
        self.variables = variables

    def render(self, *_args: Any, **_kwargs: Any) -> str:
        # mkdocs-macros passes every variable it knows (config, page, environment, ...);
        # pages get only the handbook's own. What the page computes is counted against the
        # limits of handbook/pagelimits.py.
        token = pagelimits.CURRENT.set(Budget())
        try:
            return self.template.render(dict(self.variables))
        finally:
            pagelimits.CURRENT.reset(token)


class PageTemplates(ImmutableSandboxedEnvironment):
    """The Jinja environment pages are rendered in: the handbook's macros and variables only.

    Jinja's sandbox refuses access to Python internals (`x.__class__`, `f.__globals__`); the
    globals are only the handbook's macros (Jinja's own `range`, `cycler`, `lipsum`, … are
    removed), no template can be loaded from disk, and whatever variables the caller passes
    to `render` are replaced by the handbook's. Data values are never templates: macros return
    finished text that is not rendered again.

    What a page computes is bounded (handbook/pagelimits.py): its operators, calls, filters,
    loops and output are counted and checked as they run.
    """

    # The operators whose result can outgrow their operands: checked before they run.
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(
        self,
        undefined: type[Undefined],
        macros: Mapping[str, Callable[..., str]],
        variables: Mapping[str, Any],
    ) -> None:
        # An empty loader: `{% include %}` and `{% import %}` find nothing.
        super().__init__(undefined=undefined, autoescape=False, loader=DictLoader({}))
        self.globals.clear()
        self.globals.update(macros)
        self.macro_ids = frozenset(map(id, self.globals.values()))
        self.filters = {
            name: pagelimits.bounded_filter(name, base) for name, base in self.filters.items()
        }
        self.filters[pagelimits.LOOP_FILTER] = pagelimits.counted
        self.filters[pagelimits.TEXT_FILTER] = pagelimits.body_text
        self.filters[pagelimits.CONCAT_FILTER] = pagelimits.concat
        self.finalize = _counted_output
        self.variables = dict(variables)
        # Compiled pages by source: generated pages share a handful of sources.
        self._compiled: dict[str, Template] = {}

    def from_string(  # type: ignore[override]
        self, source: str, globals: Any = None, template_class: Any = None
    ) -> _Page:
        template = self._compiled.get(source)
        if template is None:
            tree = pagelimits.Bounded().visit(self.parse(source))
            template = self.template_class.from_code(
                self, self.compile(tree), self.make_globals(None), None
            )
            if len(self._compiled) < 256:
                self._compiled[source] = template
        return _Page(template, self.variables)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`text.format` and `text.format_map`, which the sandbox runs itself: no field wider
        than a page may build."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = str(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> str:
            pagelimits.check_brace_format(text)
            for arg in (*args, *kwargs.values()):
                pagelimits.check_written("'.format()'", arg)
            return wrapped(*args, **kwargs)

        return checked

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        pagelimits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(
        __self,
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        pagelimits.charge_call()
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's `loop(children)`
            args = (pagelimits.counted(__context, args[0]), *args[1:])
        else:
            pagelimits.check_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if id(__obj) in __self.macro_ids:  # the handbook's: counted as they run (macros.py)
            return result
        return pagelimits.check_value("a call", result)


def _counted_output(value: Any) -> Any:
    """Every `{{ … }}` a page outputs, counted against its size (a constant is written when the
    page is compiled, where its size is the page's own)."""
    if not isinstance(value, str):
        pagelimits.check_written("'{{ … }}'", value)
    text = value if isinstance(value, str) else str(value)
    pagelimits.charge_text(len(text))
    return text
