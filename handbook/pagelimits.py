"""What one page's template may compute: bounded, so no page can exhaust the machine.

A page is a Jinja template; Jinja's sandbox keeps it out of Python, but not from asking for
`9**(9**9)`, `'x' * 10**9` or a loop of a million macro calls. Each of these is refused, before
the work is done where it can be foreseen, with a `PageLimit` naming the limit and the fix;
handbook/templates.py turns it into one located line (page and line), as for any page error.

The limits are far above what a handbook page needs (the largest page of a 1,000-role handbook,
the skills matrices, is 1 MB of HTML, and pages grow linearly with roles), and are counted per
page rendered:

- the text a page makes: every `{{ … }}` output, the text of loop and macro bodies each time
  they run, and the HTML of the handbook's macros;
- loop iterations, calls (of methods and of macros the page defines) and calls of the
  handbook's macros;
- the size of any text or list an expression builds (`*`, `+`, `~`, `%`, `join`, `replace`,
  `center`, …) and the number of digits of a number (`*`, `**`).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.runtime import Context
from jinja2.visitor import NodeTransformer

MAX_OUTPUT = 20_000_000  # characters a page's template may make in all
MAX_VALUE = 5_000_000  # characters (or items) of one text or list an expression builds
MAX_BUILT = 100_000_000  # characters (or items) of all the texts and lists a page builds
MAX_DIGITS = 1_000  # digits of a number
MAX_ITERATIONS = 100_000  # loop iterations in a page
MAX_CALLS = 100_000  # calls of methods and of the page's own macros
MAX_MACRO_CALLS = 300  # calls of the handbook's macros (role_page(), org_chart(), …)

_LOG10_2 = math.log10(2)


class PageLimit(Exception):
    """A page's template asked for more than a page may compute; the message says which limit
    and the fix."""


class Budget:
    """What one rendering of a page has used so far."""

    __slots__ = ("built", "calls", "iterations", "macro_calls", "output", "weights")

    def __init__(self) -> None:
        self.output = 0
        self.iterations = 0
        self.calls = 0
        self.macro_calls = 0
        self.built = 0
        # Lists weighed so far (see `weight`), each kept with its weight so that its id is not
        # reused while the page renders: lists are immutable in the sandbox.
        self.weights: dict[int, tuple[Any, int]] = {}

    def build(self, size: int) -> None:
        self.built += size
        if self.built > MAX_BUILT:
            raise PageLimit(
                f"this page would build more than {MAX_BUILT:,} characters or items of text and "
                "lists in all, the most a page may build: repeat, join or loop less"
            )

    def text(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise PageLimit(
                f"this page would be more than {MAX_OUTPUT:,} characters long, the most a page "
                "may be: show less (fewer loops or macro calls), or split it into pages"
            )

    def iteration(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise PageLimit(
                f"loops in this page would run more than {MAX_ITERATIONS:,} times, the most a "
                "page may loop: loop over fewer items"
            )

    def call(self) -> None:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise PageLimit(
                f"this page would make more than {MAX_CALLS:,} calls, the most a page may make: "
                "call macros and methods fewer times (a macro of the page that calls itself "
                "must stop)"
            )

    def macro_call(self, name: str, size: int) -> None:
        self.macro_calls += 1
        if self.macro_calls > MAX_MACRO_CALLS:
            raise PageLimit(
                f"{name}() and the handbook's other macros would be called more than "
                f"{MAX_MACRO_CALLS} times in this page, the most a page may call them: call "
                "them fewer times (role_index() and department_page() list many roles at once)"
            )
        self.text(size)


# The budget of the page being rendered (None outside a rendering: nothing is counted).
CURRENT: ContextVar[Budget | None] = ContextVar("page_budget", default=None)


def charge_macro(name: str, size: int) -> None:
    """Count a call of the handbook's macro `name`, which made `size` characters of HTML."""
    budget = CURRENT.get()
    if budget is not None:
        budget.macro_call(name, size)


def charge_text(size: int) -> None:
    budget = CURRENT.get()
    if budget is not None:
        budget.text(size)


def charge_call() -> None:
    budget = CURRENT.get()
    if budget is not None:
        budget.call()


# ---- sizes of values ---------------------------------------------------------------------------


def _too_long(what: str, size: int) -> PageLimit:
    return PageLimit(
        f"{what} would make a text or list of {size:,} characters or items; a value in a page "
        f"holds at most {MAX_VALUE:,}: repeat or join less"
    )


def check_size(what: str, size: int) -> None:
    """Refuse a text or list of `size` characters or items; count it towards the page's total."""
    if size > MAX_VALUE:
        raise _too_long(what, size)
    budget = CURRENT.get()
    if budget is not None:
        budget.build(size)


def check_value(what: str, value: Any) -> Any:
    """`value`, if it is not a text or list longer than a page may build."""
    if isinstance(value, str | list | tuple | dict | set | frozenset | bytes):
        check_size(what, len(value))
    return value


_CONTAINERS = (list, tuple, dict, set, frozenset)


def weight(value: Any) -> int:
    """About how many characters `str(value)` writes: a text its length, a list or mapping its
    items' (an item held twice counts twice, as it is written twice). Lists can hold lists a
    page built by reference (`[a, a]`, then `[b, b]`, …): their text doubles at every step, so
    it is weighed, once per distinct list, before it is ever written out."""
    budget = CURRENT.get()
    memo = budget.weights if budget is not None else {}

    def of(item: Any, depth: int) -> int:
        if isinstance(item, str):
            return len(item)
        if not isinstance(item, _CONTAINERS):
            return 8
        known = memo.get(id(item))
        if known is not None:
            return known[1]
        if depth > 100:
            return MAX_OUTPUT + 1  # str() would fail deeper than this anyway
        items = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        total = 2 + 2 * len(items) + sum(of(inner, depth + 1) for inner in items)
        memo[id(item)] = (item, total)
        return total

    return of(value, 0)


def check_written(what: str, value: Any) -> None:
    """Refuse writing out a list or mapping whose text would be longer than a page may build."""
    if isinstance(value, _CONTAINERS):
        check_size(what, weight(value))


def _digits(bits: float) -> int:
    return math.ceil(bits * _LOG10_2)


def _too_many_digits(what: str, digits: int) -> PageLimit:
    return PageLimit(
        f"{what} would make a number of about {digits:,} digits; a number in a page has at most "
        f"{MAX_DIGITS:,}: use smaller numbers"
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


def _size(value: Any) -> int:
    """A text's length; a list's written size (see `weight`)."""
    return len(value) if isinstance(value, str) else weight(value)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `left <operator> right` before it is computed, if its result would be too big."""
    what = f"'{operator}'"
    if operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            digits = _digits(right * math.log2(abs(left)))
            if digits > MAX_DIGITS:
                raise _too_many_digits(what, digits)
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            digits = _digits(left.bit_length() + right.bit_length())
            if digits > MAX_DIGITS + 1:
                raise _too_many_digits(what, digits)
        elif _sized(left) and _is_int(right):
            check_size(what, _size(left) * max(right, 0))
        elif _sized(right) and _is_int(left):
            check_size(what, _size(right) * max(left, 0))
    elif operator == "+":
        if _sized(left) and _sized(right):
            check_size(what, _size(left) + _size(right))
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left, right)
        check_written(what, right)


# ---- formatting --------------------------------------------------------------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBER = re.compile(r"\d+")


def _check_widths(widths: Iterable[str], what: str) -> None:
    for width in widths:
        if width == "*" or width == "{":
            raise PageLimit(
                f"{what}: a width or precision given as an argument ('*' or a nested '{{}}') "
                "cannot be used in a page: write the number in the format"
            )
        if width.isdigit() and (len(width) > 9 or int(width) > MAX_VALUE):
            raise PageLimit(
                f"{what}: a width or precision of {width} would make a text longer than a page "
                f"may build ({MAX_VALUE:,} characters): use a smaller number"
            )


def check_percent_format(text: str, args: Any = None) -> None:
    """`text % args` (and the `format` filter): no field wider than a page may build."""
    del args
    widths: list[str] = []
    for match in _PERCENT_SPEC.finditer(text):
        widths += [w for w in match.groups() if w]
    _check_widths(widths, "'%' formatting")


def check_brace_format(text: str) -> None:
    """`text.format(…)`: no field wider than a page may build."""
    widths: list[str] = []
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format reports it
    for _, _, spec, _ in fields:
        if spec:
            if "{" in spec:
                widths.append("{")
            widths += _NUMBER.findall(spec)
    _check_widths(widths, "'.format()'")


# ---- methods -----------------------------------------------------------------------------------


def _length(items: Iterable[Any]) -> tuple[list[Any], int]:
    listed = list(items)
    return listed, sum(len(str(item)) for item in listed)


def check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a text's method that would build a text too long, before it runs."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    what = f"'.{name}()'"
    if name in {"center", "ljust", "rjust", "zfill"} and args and _is_int(args[0]):
        check_size(what, args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if _is_int(size):
            check_size(what, len(owner) + owner.count("\t") * size)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], str(args[1])
        count = owner.count(old) if old else len(owner) + 1
        check_size(what, len(owner) + count * max(len(new) - len(old), 0))
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, list | tuple | str):
            count = len(items)
            size = sum(len(item) for item in items if isinstance(item, str))
            check_size(what, size + len(owner) * max(count - 1, 0))
    elif name in {"format", "format_map"}:
        check_brace_format(owner)


# ---- filters -----------------------------------------------------------------------------------


def _join(base: Callable[..., Any]) -> Callable[..., Any]:
    def join(*args: Any, **kwargs: Any) -> Any:
        # (eval_ctx, value, d="", attribute=None)
        eval_ctx, value, *rest = args
        separator = rest[0] if rest else kwargs.get("d", "")
        attribute = rest[1] if len(rest) > 1 else kwargs.get("attribute")
        if attribute is None and not isinstance(value, str | list | tuple):
            value = list(check_value("'join'", list(value)))  # a generator, read once
        if isinstance(value, str | list | tuple) and attribute is None:
            listed, size = _length(value)
            check_size("'join'", size + len(str(separator)) * max(len(listed) - 1, 0))
            value = listed
        return base(eval_ctx, value, *rest, **kwargs)

    return join


def _replace(base: Callable[..., Any]) -> Callable[..., Any]:
    def replace(eval_ctx: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        text, old_text, new_text = str(value), str(old), str(new)
        found = text.count(old_text) if old_text else len(text) + 1
        if _is_int(count) and count >= 0:
            found = min(found, count)
        check_size("'replace'", len(text) + found * max(len(new_text) - len(old_text), 0))
        return base(eval_ctx, value, old, new, count)

    return replace


def _wordwrap(base: Callable[..., Any]) -> Callable[..., Any]:
    def wordwrap(environment: Any, s: str, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        wrapstring = kwargs.get("wrapstring")
        if len(args) > 1:
            wrapstring = args[1]
        if wrapstring is not None and _is_int(width) and width > 0:
            check_size("'wordwrap'", len(s) + len(str(wrapstring)) * (len(s) // width + 1))
        return base(environment, s, width, *args, **kwargs)

    return wordwrap


def _width(name: str, position: int, keyword: str) -> Callable[[Callable[..., Any]], Any]:
    """A filter whose argument `keyword` (at `position` after the value) is a size to check."""

    def wrap(base: Callable[..., Any]) -> Callable[..., Any]:
        def checked(*args: Any, **kwargs: Any) -> Any:
            size = args[position] if len(args) > position else kwargs.get(keyword)
            if isinstance(size, int):
                check_size(f"'{name}'", size)
            return base(*args, **kwargs)

        return checked

    return wrap


def _format(base: Callable[..., Any]) -> Callable[..., Any]:
    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_percent_format(str(value))
        return base(value, *args, **kwargs)

    return format_


def _sum(base: Callable[..., Any]) -> Callable[..., Any]:
    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, int | float):
            raise PageLimit("'sum' adds numbers only in a page: use 'join' to put texts together")
        return base(environment, iterable, attribute, start)

    return sum_


# Filters whose result can be far larger than their arguments: checked before they run. A
# position counts the filter's leading arguments (its environment first, where it takes one).
_PRECHECKED: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "join": _join,
    "replace": _replace,
    "wordwrap": _wordwrap,
    "center": _width("center", 1, "width"),
    "indent": _width("indent", 1, "width"),
    "batch": _width("batch", 1, "linecount"),
    "slice": _width("slice", 1, "slices"),
    "truncate": _width("truncate", 2, "length"),
    "format": _format,
    "sum": _sum,
}


def bounded_filter(name: str, base: Callable[..., Any]) -> Callable[..., Any]:
    """The filter `base`, checked before it runs where its result can outgrow its arguments,
    and its result checked after."""
    checked = _PRECHECKED[name](base) if name in _PRECHECKED else base
    what = f"'{name}'"

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            check_written(what, arg)  # filters write their arguments out as text
        return check_value(what, checked(*args, **kwargs))

    # Jinja passes the environment or context to filters marked for it: keep the mark.
    for mark in ("jinja_pass_arg",):
        if hasattr(base, mark):
            setattr(bounded, mark, getattr(base, mark))
    bounded.__name__ = getattr(base, "__name__", name)
    return bounded


# ---- loops and bodies --------------------------------------------------------------------------

LOOP_FILTER = "handbook_loop"
TEXT_FILTER = "handbook_text"
CONCAT_FILTER = "handbook_concat"


# The filters the rewritten tree calls take the context, so Jinja never runs them while compiling.


@pass_context
def counted(context: Context, iterable: Any) -> Iterator[Any]:
    """A loop's items, each counted against the page's iterations."""
    del context
    return _counted(iterable)


def _counted(iterable: Any) -> Iterator[Any]:
    budget = CURRENT.get()
    for item in iterable:
        if budget is not None:
            budget.iteration()
        yield item


@pass_context
def body_text(context: Context, value: Any, size: int) -> str:
    """Count `size` characters of a loop's or macro's literal text, each time it runs."""
    del context, value
    charge_text(size)
    return ""


def concat(items: list[Any]) -> str:
    """`a ~ b ~ …`, refused before it is built if too long."""
    for item in items:
        check_written("'~'", item)
    parts = [item if isinstance(item, str) else str(item) for item in items]
    check_size("'~'", sum(map(len, parts)))
    return "".join(parts)


def _literal(body: list[nodes.Node]) -> int:
    size = 0
    for node in body:
        size += sum(len(data.data) for data in node.find_all(nodes.TemplateData))
        if isinstance(node, nodes.TemplateData):
            size += len(node.data)
    return size


def _charge(size: int, lineno: int) -> nodes.Stmt:
    """A statement that counts `size` characters of literal text when it runs."""
    call = nodes.Filter(
        nodes.Const(None), TEXT_FILTER, [nodes.Const(size)], [], None, None, lineno=lineno
    )
    return nodes.ExprStmt(call, lineno=lineno)


class Bounded(NodeTransformer):
    """Rewrites a page's syntax tree so that what it computes is counted: loops count their
    iterations and their body's text, macro and call-block bodies their text, `~` its size."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        size = _literal(node.body)
        if size:
            node.body = [_charge(size, node.lineno), *node.body]
        return node

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:
        return self._charged(node)

    def visit_CallBlock(self, node: nodes.CallBlock) -> nodes.Node:
        return self._charged(node)

    def _charged(self, node: nodes.Macro | nodes.CallBlock) -> nodes.Node:
        """A body that writes text counts that text each time it runs."""
        self.generic_visit(node)
        size = _literal(node.body)
        if size:
            node.body = [_charge(size, node.lineno), *node.body]
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(items, CONCAT_FILTER, [], [], None, None, lineno=node.lineno)
