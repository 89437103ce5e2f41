"""What changes for people between two versions of the role data, in words.

`compare(old, new)` is pure: two loaded handbooks (already filtered for the audience, so a
public comparison never sees an internal pay band) and the renames git found, to a list of
`Change` records, each a sentence a reader understands ("pay band USD 38,000–44,000 →
38,000–47,250"). `render_text` and `render_markdown` lay them out for a terminal and for a
pull request; a page of the site can lay out the same records its own way.

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

from handbook.model import Handbook, Period, Progression, Role, Salary, Visibility
from handbook.names import comparison_key
from handbook.render import markup


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

    @property
    def sentence(self) -> str:
        return f"{self.title}: {self.text}"


# ---- words ------------------------------------------------------------------------------------


def _figures(salary: Salary) -> str:
    if salary.max is None:
        return f"{markup.money(salary.min)} or more"
    return f"{markup.money(salary.min)}–{markup.money(salary.max)}"


def _per(period: Period) -> str:
    return "" if period is Period.YEAR else f" per {period.value}"


def band(salary: Salary, currency: str) -> str:
    """'USD 38,000–44,000', 'EUR 1,400–1,900 per month', 'JPY 9,000,000 or more'."""
    return f"{currency} {_figures(salary)}{_per(salary.period)}"


def _internal(salary: Salary) -> str:
    return " (internal)" if salary.visibility is Visibility.INTERNAL else ""


def _pay(old: Handbook, old_id: str, new: Handbook, new_id: str) -> str | None:
    before, after = old.roles[old_id].salary, new.roles[new_id].salary
    if before is None and after is None:
        return None
    if before is None:
        assert after is not None
        return f"pay band added: {band(after, new.currency(new_id))}{_internal(after)}"
    if after is None:
        return f"pay band removed (was {band(before, old.currency(old_id))})"
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
            text = f"pay band {now} {_figures(before)} → {_figures(after)}{_per(after.period)}"
        else:
            text = f"pay band {band(before, was)} → {band(after, now)}"
        text += _internal(after)
    if before.visibility is not after.visibility:
        shown = "staff only (internal)" if after.visibility is Visibility.INTERNAL else "public"
        note = f"pay band now {shown}"
        text = f"{text}; {note}" if text else f"{note}: {band(after, now)}"
    return text


def _level(handbook: Handbook, level_id: str) -> str:
    level = handbook.levels.get(level_id)
    return level.name if level else level_id


def _department(handbook: Handbook, dept_id: str) -> str:
    dept = handbook.departments.get(dept_id)
    return dept.name if dept else dept_id


def _title(handbook: Handbook, role_id: str | None) -> str:
    if role_id is None:
        return "nobody (top of the hierarchy)"
    role = handbook.roles.get(role_id)
    return role.title if role else role_id


def _skill(handbook: Handbook, skill_id: str) -> str:
    skill = handbook.skills.get(skill_id)
    return skill.name if skill else skill_id


def _kpi(handbook: Handbook, kpi_id: str) -> str:
    kpi = handbook.kpis.get(kpi_id)
    return kpi.name if kpi else kpi_id


def _kind(move: Progression) -> str:
    return move.kind.value if move.kind.value == "promotion" else "lateral move"


def _months(move: Progression) -> str:
    return markup.months(move.typical_months.min, move.typical_months.max)


def _move_target(handbook: Handbook, move: Progression) -> str:
    return _title(handbook, move.to) if move.to else f"{move.outside} (outside the handbook)"


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items)


# ---- comparing one role -----------------------------------------------------------------------


class _Pair:
    """One role in both versions, and the identity map between the versions' role ids."""

    def __init__(
        self, old: Handbook, new: Handbook, old_id: str, new_id: str, ids: Mapping[str, str]
    ) -> None:
        self.old, self.new = old, new
        self.old_id, self.new_id = old_id, new_id
        self.before, self.after = old.roles[old_id], new.roles[new_id]
        self.ids = ids  # old id → new id
        self.changes: list[Change] = []

    def add(self, kind: Kind, text: str) -> None:
        self.changes.append(Change(self.new_id, self.after.title, kind, text, self.old_id))

    def same_role(self, old_ref: str | None, new_ref: str | None) -> bool:
        return (self.ids.get(old_ref, old_ref) if old_ref else None) == new_ref

    def compare(self) -> list[Change]:
        before, after, old, new = self.before, self.after, self.old, self.new
        if self.old_id != self.new_id:
            self.add(
                Kind.RENAMED,
                f"id {self.old_id} → {self.new_id} (the role's file and page were renamed)",
            )
        if before.title != after.title:
            self.add(Kind.TITLE, f"title {before.title} → {after.title}")
        self._aliases()
        if _department(old, before.department) != _department(new, after.department):
            self.add(
                Kind.DEPARTMENT,
                f"department {_department(old, before.department)} → "
                f"{_department(new, after.department)}",
            )
        was, now = old.levels.get(before.level), new.levels.get(after.level)
        if (was.name if was else before.level) != (now.name if now else after.level):
            step = ""
            if was and now and was.rank != now.rank:
                step = " (a level up)" if now.rank > was.rank else " (a level down)"
            self.add(
                Kind.LEVEL,
                f"level {_level(old, before.level)} → {_level(new, after.level)}{step}",
            )
        if not self.same_role(before.reports_to, after.reports_to):
            self.add(
                Kind.REPORTS_TO,
                f"reports to {_title(old, before.reports_to)} → {_title(new, after.reports_to)}",
            )
        pay = _pay(old, self.old_id, new, self.new_id)
        if pay:
            self.add(Kind.PAY, pay)
        self._moves()
        if before.summary != after.summary:
            self.add(Kind.SUMMARY, "summary reworded")
        self._responsibilities()
        self._skills()
        self._kpis()
        self._qualifications()
        return self.changes

    def _aliases(self) -> None:
        before = {comparison_key(a): a for a in self.before.aliases}
        after = {comparison_key(a): a for a in self.after.aliases}
        added = [a for key, a in after.items() if key not in before]
        removed = [a for key, a in before.items() if key not in after]
        parts = []
        if added:
            parts.append(f"added {_listed(added)}")
        if removed:
            parts.append(f"removed {_listed(removed)}")
        if parts:
            self.add(Kind.ALIASES, "other names: " + "; ".join(parts))

    def _move_key(self, move: Progression, old_side: bool) -> str:
        if move.to:
            return "to:" + (self.ids.get(move.to, move.to) if old_side else move.to)
        return "outside:" + comparison_key(move.outside or "")

    def _moves(self) -> None:
        before = {self._move_key(m, True): m for m in self.before.progression}
        after = {self._move_key(m, False): m for m in self.after.progression}
        for key, move in after.items():
            target = _move_target(self.new, move)
            was = before.get(key)
            if was is None:
                self.add(
                    Kind.MOVE_ADDED,
                    f"new move: {_kind(move)} to {target}, typically after {_months(move)}",
                )
                continue
            parts = []
            if was.kind is not move.kind:
                parts.append(f"{_kind(was)} → {_kind(move)}")
            if _months(was) != _months(move):  # the time itself, not how it is sourced
                parts.append(f"typically after {_months(was)} → {_months(move)}")
            if was.requirements != move.requirements:
                parts.append("requirements reworded")
            if parts:
                self.add(Kind.MOVE_CHANGED, f"move to {target}: " + "; ".join(parts))
        for key, move in before.items():
            if key not in after:
                target = _move_target(self.old, move)
                self.add(Kind.MOVE_REMOVED, f"move removed: {_kind(move)} to {target}")

    def _responsibilities(self) -> None:
        before = {comparison_key(r.area): r for r in self.before.responsibilities}
        after = {comparison_key(r.area): r for r in self.after.responsibilities}
        for key, item in after.items():
            was = before.get(key)
            if was is None:
                self.add(Kind.RESPONSIBILITIES, f"responsibility added: {item.area}")
            elif was.description != item.description or was.area != item.area:
                self.add(Kind.RESPONSIBILITIES, f"responsibility reworded: {item.area}")
        for key, item in before.items():
            if key not in after:
                self.add(Kind.RESPONSIBILITIES, f"responsibility removed: {item.area}")

    def _skills(self) -> None:
        before = {s.skill: s.level for s in self.before.skills}
        after = {s.skill: s.level for s in self.after.skills}
        for skill, level in after.items():
            name = _skill(self.new, skill)
            if skill not in before:
                self.add(Kind.SKILLS, f"skill added: {name}, level {level} of 5")
            elif before[skill] != level:
                self.add(Kind.SKILLS, f"skill {name}: level {before[skill]} → {level} of 5")
        for skill in before:
            if skill not in after:
                self.add(Kind.SKILLS, f"skill removed: {_skill(self.old, skill)}")

    def _kpis(self) -> None:
        before = {k.kpi: k.target for k in self.before.kpis}
        after = {k.kpi: k.target for k in self.after.kpis}
        for kpi, target in after.items():
            name = _kpi(self.new, kpi)
            if kpi not in before:
                self.add(Kind.KPIS, f"KPI added: {name}" + (f", target {target}" if target else ""))
            elif before[kpi] != target:
                self.add(
                    Kind.KPIS,
                    f"KPI {name}: target {before[kpi] or 'none'} → {target or 'none'}",
                )
        for kpi in before:
            if kpi not in after:
                self.add(Kind.KPIS, f"KPI removed: {_kpi(self.old, kpi)}")

    def _qualifications(self) -> None:
        before, after = self.before.qualifications, self.after.qualifications
        if before.experience_years != after.experience_years:
            self.add(
                Kind.QUALIFICATIONS,
                f"experience expected {markup.years(before.experience_years)} → "
                f"{markup.years(after.experience_years)}",
            )
        if before.education != after.education:
            self.add(Kind.QUALIFICATIONS, "education reworded")
        added = [c for c in after.certifications if c not in before.certifications]
        removed = [c for c in before.certifications if c not in after.certifications]
        if added:
            self.add(Kind.QUALIFICATIONS, f"certifications added: {_listed(added)}")
        if removed:
            self.add(Kind.QUALIFICATIONS, f"certifications removed: {_listed(removed)}")


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


def _added(new: Handbook, rid: str) -> Change:
    role = new.roles[rid]
    parts = [
        f"new role in {_department(new, role.department)}",
        f"level {_level(new, role.level)}",
        f"reports to {_title(new, role.reports_to)}",
    ]
    if role.salary is not None:
        parts.append(f"pay band {band(role.salary, new.currency(rid))}{_internal(role.salary)}")
    return Change(rid, role.title, Kind.ADDED, ", ".join(parts))


def without(handbook: Handbook, role_ids: Collection[str]) -> Handbook:
    """`handbook` without the roles `role_ids` (those whose files have problems in one version
    are left out of both, rather than reported as added or removed)."""
    if not role_ids:
        return handbook
    roles = {rid: role for rid, role in handbook.roles.items() if rid not in role_ids}
    return dataclasses.replace(handbook, roles=roles)


def compare(old: Handbook, new: Handbook, renames: Mapping[str, str] | None = None) -> list[Change]:
    """Every change from `old` to `new`, role by role (ordered by title), in words.

    Both handbooks must already be filtered for the audience the words are for.
    """
    ids = identities(old, new, renames or {})
    matched = set(ids.values())
    per_role: list[tuple[str, str, list[Change]]] = []
    for old_id, new_id in ids.items():
        changes = _Pair(old, new, old_id, new_id, ids).compare()
        if changes:
            per_role.append((new.roles[new_id].title, new_id, changes))
    for rid in new.roles:
        if rid not in matched:
            role = new.roles[rid]
            per_role.append((role.title, rid, [_added(new, rid)]))
    for rid, role in old.roles.items():
        if rid not in ids:
            removed = Change(rid, role.title, Kind.REMOVED, "role removed", rid)
            per_role.append((role.title, rid, [removed]))
    per_role.sort(key=lambda item: (comparison_key(item[0]), item[1]))
    return [change for _, _, changes in per_role for change in changes]


# ---- renderers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    added: int
    removed: int
    changed: int

    def __str__(self) -> str:
        parts = [
            f"{count} role{'s' if count != 1 else ''} {what}"
            for count, what in (
                (self.added, "added"),
                (self.removed, "removed"),
                (self.changed, "changed"),
            )
            if count
        ]
        return ", ".join(parts) or "no changes"


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


def render_text(changes: Sequence[Change], base: str, head: str, notes: Sequence[str] = ()) -> str:
    """One line per change, 'Title: what changed', under a line saying what was compared."""
    lines = [f"Role changes from {base} to {head}: {counts(changes)}"]
    lines += [f"  {change.sentence}" for change in changes]
    lines += [f"Note: {note}" for note in notes]
    return "\n".join(lines) + "\n"


def render_markdown(
    changes: Sequence[Change], base: str, head: str, notes: Sequence[str] = ()
) -> str:
    """A heading, then each changed role in bold with its changes as a list (text escaped)."""
    lines = [
        f"### Role changes from {markup.md(base)} to {markup.md(head)}",
        "",
        markup.md(str(counts(changes)).capitalize() + "."),
        "",
    ]
    for group in _grouped(changes):
        first = group[0]
        lines.append(f"- **{markup.md(first.title)}** (`{first.role_id}`)")
        lines += [f"  - {markup.md(change.text)}" for change in group]
    if notes:
        lines.append("")
        lines += [f"> {markup.md('Note: ' + note)}" for note in notes]
    return "\n".join(lines).rstrip("\n") + "\n"
