"""What changes for people between two versions of the role data, in words.

`compare(old, new)` is pure: two loaded handbooks (already filtered for the audience, so a
public comparison never sees an internal pay band) and the renames git found, to a list of
`Change` records, each a sentence a reader understands ("pay band USD 38,000–44,000 →
38,000–47,250"). `render_text` and `render_markdown` lay them out for a terminal and for a
pull request; a page of the site can lay out the same records its own way.

The words are the handbook's catalogs' (each change one whole message, its names and figures
put in as values), in the `language` the public functions are given: English unless said.

A role keeps its identity when its file is renamed: by the renames given (git's rename
detection), else by identical data, else by the same title. References (who a role reports
to, where a move leads) are compared through that identity, so renaming a manager's file is
not a change in anyone's reporting line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from handbook.i18n import ENGLISH, Language
from handbook.model import Handbook, MoveKind, Period, Progression, Role, Salary, Visibility
from handbook.names import comparison_key
from handbook.render import markup, phrases


class Kind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    TITLE = "title"
    ALIASES = "aliases"
    DEPARTMENT = "department"
    LEVEL = "level"
    REPORTS_TO = "reports_to"
    PAY = "pay"
    MOVE_ADDED = "move_added"
    MOVE_REMOVED = "move_removed"
    MOVE_CHANGED = "move_changed"
    SUMMARY = "summary"
    RESPONSIBILITIES = "responsibilities"
    SKILLS = "skills"
    KPIS = "kpis"
    QUALIFICATIONS = "qualifications"


@dataclass(frozen=True)
class Change:
    """One change to one role, said in words (`text`, without the role's title)."""

    role_id: str  # the id in the newer version (the older one for a removed role)
    title: str  # the title in the newer version (the older one for a removed role)
    kind: Kind
    text: str
    old_id: str | None = None  # the id in the older version, when the role was there


# ---- words ------------------------------------------------------------------------------------
# Each change is one whole message of the catalogs, its values (titles, names, figures) put in
# by `%(name)s`; lists of changes are joined with the language's separators.


def _separator(language: Language) -> str:
    """What separates the items of a list of names: ', ' in English."""
    # TRANSLATORS: the separator between the items of a list of names ("Ana, Ben").
    return language.pgettext("list", ", ")


def _clauses(language: Language, parts: Iterable[str]) -> str:
    """Clauses said one after another: 'added X; removed Y' in English."""
    # TRANSLATORS: the separator between two changes said one after the other.
    return language.pgettext("clauses", "; ").join(parts)


def _amount(language: Language, salary: Salary) -> str:
    """A band's figures and, unless it is yearly, its period: '38,000–44,000',
    '1,400–1,900 per month', '9,000,000 or more'."""
    low = phrases.money(language, salary.min)
    if salary.max is None:
        if salary.period is Period.MONTH:
            return language.gettext("%(low)s or more per month", low=low)
        if salary.period is Period.HOUR:
            return language.gettext("%(low)s or more per hour", low=low)
        return phrases.figures(language, salary.min, None)
    high = phrases.money(language, salary.max)
    if salary.period is Period.MONTH:
        return language.gettext("%(low)s–%(high)s per month", low=low, high=high)
    if salary.period is Period.HOUR:
        return language.gettext("%(low)s–%(high)s per hour", low=low, high=high)
    return phrases.figures(language, salary.min, salary.max)


def band(salary: Salary, currency: str, language: Language = ENGLISH) -> str:
    """'USD 38,000–44,000', 'EUR 1,400–1,900 per month', 'JPY 9,000,000 or more'."""
    return language.gettext(
        "%(currency)s %(amount)s", currency=currency, amount=_amount(language, salary)
    )


def _internal(language: Language, text: str, salary: Salary) -> str:
    """`text` (about a pay band) marked as staff only when the band is internal."""
    if salary.visibility is Visibility.INTERNAL:
        return language.gettext("%(band)s (internal)", band=text)
    return text


def _pay(language: Language, old: Handbook, old_id: str, new: Handbook, new_id: str) -> str | None:
    before, after = old.roles[old_id].salary, new.roles[new_id].salary
    if before is None and after is None:
        return None
    if before is None:
        assert after is not None
        added = _internal(language, band(after, new.currency(new_id), language), after)
        return language.gettext("pay band added: %(band)s", band=added)
    if after is None:
        return language.gettext(
            "pay band removed (was %(band)s)", band=band(before, old.currency(old_id), language)
        )
    was, now = old.currency(old_id), new.currency(new_id)
    figures_changed = (before.min, before.max, before.period, was) != (
        after.min,
        after.max,
        after.period,
        now,
    )
    text = None
    if figures_changed:
        if was == now and before.period is after.period:
            text = language.gettext(
                "pay band %(currency)s %(before)s → %(after)s",
                currency=now,
                before=phrases.figures(language, before.min, before.max),
                after=_amount(language, after),
            )
        else:
            text = language.gettext(
                "pay band %(before)s → %(after)s",
                before=band(before, was, language),
                after=band(after, now, language),
            )
        text = _internal(language, text, after)
    if before.visibility is not after.visibility:
        internal = after.visibility is Visibility.INTERNAL
        if text:
            note = (
                language.gettext("pay band now staff only (internal)")
                if internal
                else language.gettext("pay band now public")
            )
            text = _clauses(language, [text, note])
        elif internal:
            text = language.gettext(
                "pay band now staff only (internal): %(band)s", band=band(after, now, language)
            )
        else:
            text = language.gettext(
                "pay band now public: %(band)s", band=band(after, now, language)
            )
    return text


def _level(handbook: Handbook, level_id: str) -> str:
    level = handbook.levels.get(level_id)
    return level.name if level else level_id


def _department(handbook: Handbook, dept_id: str) -> str:
    dept = handbook.departments.get(dept_id)
    return dept.name if dept else dept_id


def _title(language: Language, handbook: Handbook, role_id: str | None) -> str:
    if role_id is None:
        return language.gettext("nobody (top of the hierarchy)")
    role = handbook.roles.get(role_id)
    return role.title if role else role_id


def _skill(handbook: Handbook, skill_id: str) -> str:
    skill = handbook.skills.get(skill_id)
    return skill.name if skill else skill_id


def _kpi(handbook: Handbook, kpi_id: str) -> str:
    kpi = handbook.kpis.get(kpi_id)
    return kpi.name if kpi else kpi_id


def _months(language: Language, move: Progression) -> str:
    return phrases.months(language, move.typical_months.min, move.typical_months.max)


def _move_target(language: Language, handbook: Handbook, move: Progression) -> str:
    if move.to:
        return _title(language, handbook, move.to)
    return language.gettext("%(title)s (outside the handbook)", title=move.outside or "")


def _listed(language: Language, items: Iterable[str]) -> str:
    return _separator(language).join(items)


# ---- comparing one role -----------------------------------------------------------------------


class _Pair:
    """One role in both versions, and the identity map between the versions' role ids."""

    def __init__(
        self,
        old: Handbook,
        new: Handbook,
        old_id: str,
        new_id: str,
        ids: Mapping[str, str],
        language: Language = ENGLISH,
    ) -> None:
        self.old, self.new = old, new
        self.old_id, self.new_id = old_id, new_id
        self.before, self.after = old.roles[old_id], new.roles[new_id]
        self.ids = ids  # old id → new id
        self.language = language
        self.changes: list[Change] = []

    def add(self, kind: Kind, text: str) -> None:
        self.changes.append(Change(self.new_id, self.after.title, kind, text, self.old_id))

    def same_role(self, old_ref: str | None, new_ref: str | None) -> bool:
        return (self.ids.get(old_ref, old_ref) if old_ref else None) == new_ref

    def compare(self) -> list[Change]:
        before, after, old, new = self.before, self.after, self.old, self.new
        language = self.language
        if self.old_id != self.new_id:
            self.add(
                Kind.RENAMED,
                language.gettext(
                    "id %(old)s → %(new)s (the role's file and page were renamed)",
                    old=self.old_id,
                    new=self.new_id,
                ),
            )
        if before.title != after.title:
            self.add(
                Kind.TITLE,
                language.gettext("title %(old)s → %(new)s", old=before.title, new=after.title),
            )
        self._aliases()
        was_in, now_in = _department(old, before.department), _department(new, after.department)
        if was_in != now_in:
            self.add(
                Kind.DEPARTMENT,
                language.gettext("department %(old)s → %(new)s", old=was_in, new=now_in),
            )
        self._level()
        if not self.same_role(before.reports_to, after.reports_to):
            self.add(
                Kind.REPORTS_TO,
                language.gettext(
                    "reports to %(old)s → %(new)s",
                    old=_title(self.language, old, before.reports_to),
                    new=_title(self.language, new, after.reports_to),
                ),
            )
        pay = _pay(self.language, old, self.old_id, new, self.new_id)
        if pay:
            self.add(Kind.PAY, pay)
        self._moves()
        if before.summary != after.summary:
            self.add(Kind.SUMMARY, language.gettext("summary reworded"))
        self._responsibilities()
        self._skills()
        self._kpis()
        self._qualifications()
        return self.changes

    def _level(self) -> None:
        before, after, language = self.before, self.after, self.language
        was, now = self.old.levels.get(before.level), self.new.levels.get(after.level)
        if (was.name if was else before.level) == (now.name if now else after.level):
            return
        names = {"old": _level(self.old, before.level), "new": _level(self.new, after.level)}
        if was and now and now.rank > was.rank:
            text = language.gettext("level %(old)s → %(new)s (a level up)", **names)
        elif was and now and now.rank < was.rank:
            text = language.gettext("level %(old)s → %(new)s (a level down)", **names)
        else:
            text = language.gettext("level %(old)s → %(new)s", **names)
        self.add(Kind.LEVEL, text)

    def _aliases(self) -> None:
        before = {comparison_key(a): a for a in self.before.aliases}
        after = {comparison_key(a): a for a in self.after.aliases}
        added = _listed(self.language, [a for key, a in after.items() if key not in before])
        removed = _listed(self.language, [a for key, a in before.items() if key not in after])
        language = self.language
        if added and removed:
            text = language.gettext(
                "other names: added %(added)s; removed %(removed)s", added=added, removed=removed
            )
        elif added:
            text = language.gettext("other names: added %(added)s", added=added)
        elif removed:
            text = language.gettext("other names: removed %(removed)s", removed=removed)
        else:
            return
        self.add(Kind.ALIASES, text)

    def _move_key(self, move: Progression, old_side: bool) -> str:
        if move.to:
            return "to:" + (self.ids.get(move.to, move.to) if old_side else move.to)
        return "outside:" + comparison_key(move.outside or "")

    def _moves(self) -> None:
        language = self.language
        before = {self._move_key(m, True): m for m in self.before.progression}
        after = {self._move_key(m, False): m for m in self.after.progression}
        for key, move in after.items():
            target = _move_target(language, self.new, move)
            was = before.get(key)
            if was is None:
                time = _months(language, move)
                if move.kind is MoveKind.PROMOTION:
                    text = language.gettext(
                        "new move: promotion to %(target)s, typically after %(time)s",
                        target=target,
                        time=time,
                    )
                else:
                    text = language.gettext(
                        "new move: lateral move to %(target)s, typically after %(time)s",
                        target=target,
                        time=time,
                    )
                self.add(Kind.MOVE_ADDED, text)
                continue
            parts = []
            if was.kind is not move.kind:
                if move.kind is MoveKind.PROMOTION:
                    parts.append(language.gettext("lateral move → promotion"))
                else:
                    parts.append(language.gettext("promotion → lateral move"))
            if _months(language, was) != _months(language, move):  # the time, not its source
                parts.append(
                    language.gettext(
                        "typically after %(old)s → %(new)s",
                        old=_months(language, was),
                        new=_months(language, move),
                    )
                )
            if was.requirements != move.requirements:
                parts.append(language.gettext("requirements reworded"))
            if parts:
                changes = _clauses(language, parts)
                text = language.gettext(
                    "move to %(target)s: %(changes)s", target=target, changes=changes
                )
                self.add(Kind.MOVE_CHANGED, text)
        for key, move in before.items():
            if key not in after:
                target = _move_target(language, self.old, move)
                if move.kind is MoveKind.PROMOTION:
                    text = language.gettext("move removed: promotion to %(target)s", target=target)
                else:
                    text = language.gettext(
                        "move removed: lateral move to %(target)s", target=target
                    )
                self.add(Kind.MOVE_REMOVED, text)

    def _responsibilities(self) -> None:
        language = self.language
        before = {comparison_key(r.area): r for r in self.before.responsibilities}
        after = {comparison_key(r.area): r for r in self.after.responsibilities}
        for key, item in after.items():
            was = before.get(key)
            if was is None:
                text = language.gettext("responsibility added: %(area)s", area=item.area)
                self.add(Kind.RESPONSIBILITIES, text)
            elif was.description != item.description or was.area != item.area:
                text = language.gettext("responsibility reworded: %(area)s", area=item.area)
                self.add(Kind.RESPONSIBILITIES, text)
        for key, item in before.items():
            if key not in after:
                text = language.gettext("responsibility removed: %(area)s", area=item.area)
                self.add(Kind.RESPONSIBILITIES, text)

    def _skills(self) -> None:
        language = self.language
        before = {s.skill: s.level for s in self.before.skills}
        after = {s.skill: s.level for s in self.after.skills}
        for skill, level in after.items():
            name = _skill(self.new, skill)
            if skill not in before:
                text = language.gettext(
                    "skill added: %(skill)s, level %(level)s of 5", skill=name, level=level
                )
                self.add(Kind.SKILLS, text)
            elif before[skill] != level:
                text = language.gettext(
                    "skill %(skill)s: level %(old)s → %(new)s of 5",
                    skill=name,
                    old=before[skill],
                    new=level,
                )
                self.add(Kind.SKILLS, text)
        for skill in before:
            if skill not in after:
                text = language.gettext("skill removed: %(skill)s", skill=_skill(self.old, skill))
                self.add(Kind.SKILLS, text)

    def _kpis(self) -> None:
        language = self.language
        before = {k.kpi: k.target for k in self.before.kpis}
        after = {k.kpi: k.target for k in self.after.kpis}
        for kpi, target in after.items():
            name = _kpi(self.new, kpi)
            if kpi not in before:
                if target:
                    text = language.gettext(
                        "KPI added: %(kpi)s, target %(target)s", kpi=name, target=target
                    )
                else:
                    text = language.gettext("KPI added: %(kpi)s", kpi=name)
                self.add(Kind.KPIS, text)
            elif before[kpi] != target:
                # TRANSLATORS: a KPI's target when it has none ("target none → 95%").
                none = language.gettext("none")
                text = language.gettext(
                    "KPI %(kpi)s: target %(old)s → %(new)s",
                    kpi=name,
                    old=before[kpi] or none,
                    new=target or none,
                )
                self.add(Kind.KPIS, text)
        for kpi in before:
            if kpi not in after:
                self.add(
                    Kind.KPIS, language.gettext("KPI removed: %(kpi)s", kpi=_kpi(self.old, kpi))
                )

    def _qualifications(self) -> None:
        language = self.language
        before, after = self.before.qualifications, self.after.qualifications
        if before.experience_years != after.experience_years:
            text = language.gettext(
                "experience expected %(old)s → %(new)s",
                old=phrases.years(language, before.experience_years),
                new=phrases.years(language, after.experience_years),
            )
            self.add(Kind.QUALIFICATIONS, text)
        if before.education != after.education:
            self.add(Kind.QUALIFICATIONS, language.gettext("education reworded"))
        added = [c for c in after.certifications if c not in before.certifications]
        removed = [c for c in before.certifications if c not in after.certifications]
        if added:
            text = language.gettext(
                "certifications added: %(names)s", names=_listed(language, added)
            )
            self.add(Kind.QUALIFICATIONS, text)
        if removed:
            text = language.gettext(
                "certifications removed: %(names)s", names=_listed(language, removed)
            )
            self.add(Kind.QUALIFICATIONS, text)


# ---- identity and the whole comparison ---------------------------------------------------------


def _data_key(role: Role) -> object:
    return role.model_dump_json()


def _title_key(role: Role) -> object:
    return comparison_key(role.title)


def identities(old: Handbook, new: Handbook, renames: Mapping[str, str]) -> dict[str, str]:
    """Old role id → new role id, for every role in both versions.

    The same id is the same role; a role whose id is gone is matched to a new id by `renames`
    (git's rename detection, old id → new id), else by identical data, else by the same title.
    """
    ids = {rid: rid for rid in old.roles if rid in new.roles}
    gone = [rid for rid in old.roles if rid not in new.roles]
    fresh = {rid for rid in new.roles if rid not in old.roles}
    for old_id in gone:
        new_id = renames.get(old_id)
        if new_id in fresh:
            ids[old_id] = new_id
            fresh.discard(new_id)
    for same in (_data_key, _title_key):
        index: dict[object, list[str]] = {}
        for rid in sorted(fresh):
            index.setdefault(same(new.roles[rid]), []).append(rid)
        for old_id in gone:
            if old_id in ids:
                continue
            found = [rid for rid in index.get(same(old.roles[old_id]), []) if rid in fresh]
            if len(found) == 1:
                ids[old_id] = found[0]
                fresh.discard(found[0])
    return ids


def _added(new: Handbook, rid: str, language: Language = ENGLISH) -> Change:
    role = new.roles[rid]
    names = {
        "department": _department(new, role.department),
        "level": _level(new, role.level),
        "manager": _title(language, new, role.reports_to),
    }
    if role.salary is None:
        text = language.gettext(
            "new role in %(department)s, level %(level)s, reports to %(manager)s", **names
        )
    else:
        pay = _internal(language, band(role.salary, new.currency(rid), language), role.salary)
        text = language.gettext(
            "new role in %(department)s, level %(level)s, reports to %(manager)s, "
            "pay band %(band)s",
            band=pay,
            **names,
        )
    return Change(rid, role.title, Kind.ADDED, text)


def without(handbook: Handbook, role_ids: Collection[str]) -> Handbook:
    """`handbook` without the roles `role_ids` (those whose files have problems in one version
    are left out of both, rather than reported as added or removed)."""
    if not role_ids:
        return handbook
    roles = {rid: role for rid, role in handbook.roles.items() if rid not in role_ids}
    return dataclasses.replace(handbook, roles=roles)


def compare(
    old: Handbook,
    new: Handbook,
    renames: Mapping[str, str] | None = None,
    language: Language = ENGLISH,
) -> list[Change]:
    """Every change from `old` to `new`, role by role (ordered by title), in words of
    `language`.

    Both handbooks must already be filtered for the audience the words are for.
    """
    ids = identities(old, new, renames or {})
    matched = set(ids.values())
    per_role: list[tuple[str, str, list[Change]]] = []
    for old_id, new_id in ids.items():
        changes = _Pair(old, new, old_id, new_id, ids, language).compare()
        if changes:
            per_role.append((new.roles[new_id].title, new_id, changes))
    for rid in new.roles:
        if rid not in matched:
            role = new.roles[rid]
            per_role.append((role.title, rid, [_added(new, rid, language)]))
    for rid, role in old.roles.items():
        if rid not in ids:
            text = language.gettext("role removed")
            removed = Change(rid, role.title, Kind.REMOVED, text, rid)
            per_role.append((role.title, rid, [removed]))
    per_role.sort(key=lambda item: (comparison_key(item[0]), item[1]))
    return [change for _, _, changes in per_role for change in changes]


# ---- renderers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    added: int
    removed: int
    changed: int

    def text(self, language: Language = ENGLISH) -> str:
        """'2 roles added, 1 role changed', or 'no changes'."""
        parts = []
        if self.added:
            parts.append(language.ngettext("%(num)s role added", "%(num)s roles added", self.added))
        if self.removed:
            parts.append(
                language.ngettext("%(num)s role removed", "%(num)s roles removed", self.removed)
            )
        if self.changed:
            parts.append(
                language.ngettext("%(num)s role changed", "%(num)s roles changed", self.changed)
            )
        return _listed(language, parts) or language.gettext("no changes")

    def __str__(self) -> str:
        return self.text()


def counts(changes: Sequence[Change]) -> Counts:
    added = {c.role_id for c in changes if c.kind is Kind.ADDED}
    removed = {c.role_id for c in changes if c.kind is Kind.REMOVED}
    changed = {c.role_id for c in changes if c.kind not in (Kind.ADDED, Kind.REMOVED)}
    return Counts(len(added), len(removed), len(changed))


def _grouped(changes: Sequence[Change]) -> list[list[Change]]:
    groups: list[list[Change]] = []
    for change in changes:
        if groups and (groups[-1][0].role_id, groups[-1][0].kind is Kind.REMOVED) == (
            change.role_id,
            change.kind is Kind.REMOVED,
        ):
            groups[-1].append(change)
        else:
            groups.append([change])
    return groups


def render_text(
    changes: Sequence[Change],
    base: str,
    head: str,
    notes: Sequence[str] = (),
    language: Language = ENGLISH,
) -> str:
    """One line per change, 'Title: what changed', under a line saying what was compared."""
    summary = counts(changes).text(language)
    lines = [
        language.gettext(
            "Role changes from %(base)s to %(head)s: %(summary)s",
            base=base,
            head=head,
            summary=summary,
        )
    ]
    lines += [
        # TRANSLATORS: one change to one role, in `handbook diff`'s terminal output.
        "  " + language.gettext("%(title)s: %(change)s", title=change.title, change=change.text)
        for change in changes
    ]
    lines += [language.gettext("Note: %(note)s", note=note) for note in notes]
    return "\n".join(lines) + "\n"


def render_markdown(
    changes: Sequence[Change],
    base: str,
    head: str,
    notes: Sequence[str] = (),
    language: Language = ENGLISH,
) -> str:
    """A heading, then each changed role in bold with its changes as a list (text escaped)."""
    summary = counts(changes).text(language)
    summary = summary[:1].upper() + summary[1:]  # as the start of a sentence
    lines = [
        "### "
        + language.gettext(
            "Role changes from %(base)s to %(head)s", base=markup.md(base), head=markup.md(head)
        ),
        "",
        # TRANSLATORS: the counts of roles added, removed and changed, as a sentence.
        markup.md(language.gettext("%(summary)s.", summary=summary)),
        "",
    ]
    for group in _grouped(changes):
        first = group[0]
        lines.append(f"- **{markup.md(first.title)}** (`{first.role_id}`)")
        lines += [f"  - {markup.md(change.text)}" for change in group]
    if notes:
        lines.append("")
        lines += ["> " + markup.md(language.gettext("Note: %(note)s", note=note)) for note in notes]
    return "\n".join(lines).rstrip("\n") + "\n"
