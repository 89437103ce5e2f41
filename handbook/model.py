"""The role data model: declared once, it gives validation and the JSON Schema of role files."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
)
from pydantic_core import CoreSchema
from pydantic_core.core_schema import EnumSchema

from handbook.i18n import parse

if TYPE_CHECKING:
    from handbook.searchterms import Term

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Bounds of every value, so that no file can make a page, a diagram or the search index grow
# out of proportion. An id is a file name and part of a page's address; a line is a name (a
# title, an alias, a catalog entry's name); text is a paragraph.
MAX_ID = 64
MAX_LINE = 150
MAX_TEXT = 10_000
# The largest figure of a pay band: a yearly pay in the currency with the most units to the
# dollar stays far below it, and every figure up to it is exact as a float (2**53 > 10**15).
MAX_PAY = 10**15
MAX_RANK = 1_000

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE)]
Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ID, pattern=ID_PATTERN),
]


class Strict(BaseModel):
    """Base for every record: unknown fields are errors, so a typo is never silently ignored,
    and values are taken as written: a number is never read from text or from true/false, nor
    true/false from a number or a word, and numbers are finite (see `Choice` for the one kind
    of text that becomes another type)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Choice(StrEnum):
    """A field that holds one of a few words, written as the word (`period: year`).

    Strict validation would take only the enum's own members, which YAML never gives; the
    word itself is what a file holds, so choices alone accept their text.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        if schema["type"] == "enum":
            cast(EnumSchema, schema)["strict"] = False
        return schema


class MoveKind(Choice):
    PROMOTION = "promotion"
    LATERAL = "lateral"


class Visibility(Choice):
    PUBLIC = "public"
    INTERNAL = "internal"


class Period(Choice):
    YEAR = "year"
    MONTH = "month"
    HOUR = "hour"


class Better(Choice):
    HIGHER = "higher"
    LOWER = "lower"


class Basis(Choice):
    """Where a figure comes from: a cited source, or the organisation itself."""

    SOURCED = "sourced"
    OWN = "own"


_BASIS = (
    "'own' for a figure the organisation sets itself rather than takes from a source it "
    "cites: pages mark it as its own figure where they show it."
)


class Responsibility(Strict):
    area: Line = Field(description="A short name for the area of work, e.g. 'Escalations'.")
    description: Text = Field(description="What the role does in this area, in a sentence or two.")


class SkillRequirement(Strict):
    skill: Id = Field(description="A skill id from roles_data/skills.yml.")
    level: int = Field(ge=1, le=5, description="Required proficiency, 1 (basic) to 5 (expert).")


class Qualifications(Strict):
    education: Text = Field(description="The education the role asks for.")
    experience_years: float = Field(
        ge=0, le=40, description="Years of relevant experience expected before starting."
    )
    experience: Text | None = Field(
        default=None, description="What kind of experience counts, in a sentence."
    )
    certifications: list[Line] = Field(
        default_factory=list, description="Certifications that help or are required."
    )


class KpiTarget(Strict):
    kpi: Id = Field(description="A KPI id from roles_data/kpis.yml.")
    target: Line | None = Field(default=None, description="The target, e.g. '80% within 20 s'.")
    basis: Basis = Field(default=Basis.SOURCED, description=_BASIS)


class Salary(Strict):
    min: int = Field(ge=0, le=MAX_PAY, description="Bottom of the band.")
    max: int | None = Field(
        default=None,
        ge=0,
        le=MAX_PAY,
        description="Top of the band; leave it out when open_ended is true.",
    )
    open_ended: bool = Field(
        default=False,
        description="true for a band with no top, such as 'over $100,000': min is the floor.",
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="ISO 4217 code; defaults to the handbook's currency."
    )
    period: Period = Field(default=Period.YEAR, description="What the amounts are paid per.")
    source: Text = Field(description="Where the figures come from, and any disagreement.")
    basis: Basis = Field(default=Basis.SOURCED, description=_BASIS)
    visibility: Visibility = Field(
        default=Visibility.PUBLIC,
        description="'internal' bands appear only in a build for the internal audience.",
    )


class MonthRange(Strict):
    min: int = Field(ge=0, le=240, description="Fewest months usually spent before the move.")
    max: int = Field(ge=0, le=240, description="Most months usually spent before the move.")
    basis: Basis = Field(default=Basis.SOURCED, description=_BASIS)


class Progression(Strict):
    to: Id | None = Field(
        default=None, description="The role id this move leads to (or use 'outside')."
    )
    outside: Line | None = Field(
        default=None,
        description="The title of a role outside this handbook that the move leads to, "
        "such as 'Director of Operations'; use instead of 'to'.",
    )
    kind: MoveKind = Field(description="'promotion' (a level up) or 'lateral' (a change of track).")
    typical_months: MonthRange = Field(description="Typical time in this role before the move.")
    requirements: Text = Field(description="What it takes to make the move.")


class WorkingPattern(Strict):
    shifts: bool = Field(default=False, description="Whether the role works on a shift rota.")
    remote_eligible: bool = Field(default=False, description="Whether it can be done remotely.")
    notes: Text | None = Field(default=None, description="Anything else about hours or location.")


class Role(Strict):
    """One role of the call center, as written in roles_data/roles/<id>.yml."""

    title: Line = Field(description="The role's official title.")
    aliases: list[Line] = Field(
        default_factory=list, description="Other titles people search for, e.g. 'CSR'."
    )
    department: Id = Field(description="A department id from roles_data/departments.yml.")
    level: Id = Field(description="A level id from roles_data/levels.yml.")
    reports_to: Id | None = Field(
        description="The role id this role reports to, or null for the top of the hierarchy."
    )
    summary: Text = Field(description="Two or three sentences on why the role exists.")
    responsibilities: list[Responsibility] = Field(min_length=1)
    skills: list[SkillRequirement] = Field(min_length=1)
    qualifications: Qualifications
    kpis: list[KpiTarget] = Field(min_length=1)
    salary: Salary | None = Field(default=None, description="The pay band, where one is known.")
    progression: list[Progression] = Field(
        default_factory=list, description="The moves this role leads to."
    )
    working_pattern: WorkingPattern | None = None
    sources: Text | None = Field(
        default=None,
        description="Where this role's facts come from, and which figures are the "
        "organisation's own examples rather than sourced.",
    )


class PageNotes(Strict):
    """The organisation's own words for the general pages, a list of paragraphs each."""

    home: list[Text] = Field(default_factory=list, description="On the home page.")
    org_chart: list[Text] = Field(default_factory=list, description="On the organisation chart.")
    careers: list[Text] = Field(default_factory=list, description="On the career paths page.")
    compare: list[Text] = Field(default_factory=list, description="On the compare roles page.")
    salaries: list[Text] = Field(default_factory=list, description="On the salary bands page.")


class FeaturedComparison(Strict):
    a: Id = Field(description="A role id.")
    b: Id = Field(description="Another role id.")
    note: Text | None = Field(default=None, description="A sentence on what tells them apart.")


class FeaturedRoute(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: Id = Field(alias="from", description="The role id the route starts from.")
    goal: Id = Field(alias="to", description="The role id the route leads to.")


class Featured(Strict):
    """Examples the general pages show first; without them the handbook picks its own."""

    comparisons: list[FeaturedComparison] = Field(default_factory=list)
    routes: list[FeaturedRoute] = Field(default_factory=list)


def _language_code(tag: str) -> str:
    """`tag` when Babel knows the language it names (ValueError with the fix otherwise)."""
    parse(tag)
    return tag.strip()


class Settings(Strict):
    """The handbook's own settings, in roles_data/handbook.yml."""

    organisation: Line = Field(description="The organisation's name, shown across the handbook.")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    language: Annotated[str, AfterValidator(_language_code)] = Field(
        default="en",
        description="The handbook's language, a BCP 47 code such as en, es, zh-Hans or pt-BR: "
        "the words the handbook writes (headings, facts, its general pages), its numbers, pay "
        "and dates, and its search. Role data is shown as written.",
    )
    repo_url: Text | None = Field(
        default=None,
        description="The repository's web address (https://...): the site links to it, and each "
        "page's edit button opens the page's file in it. Checked by handbook.urls.",
    )
    about: Text | None = Field(
        default=None,
        description="A paragraph for the home page: what this handbook is and where its facts "
        "come from.",
    )
    notes: PageNotes = Field(default_factory=PageNotes)
    featured: Featured = Field(default_factory=Featured)
    recent_changes: int = Field(
        default=50,
        ge=1,
        le=500,
        description="How many of the latest commits that changed the role data the 'What "
        "changed' page goes back over (from the git history, at build time).",
    )


class Department(Strict):
    id: Id
    name: Line
    description: Text


class Level(Strict):
    id: Id
    name: Line
    rank: int = Field(ge=0, le=MAX_RANK, description="Order of seniority; higher is more senior.")
    description: Text


class Skill(Strict):
    id: Id
    name: Line
    description: Text


class Kpi(Strict):
    id: Id
    name: Line
    abbreviation: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9&./+-]{0,11}$")] | None
    ) = Field(
        default=None,
        description="The short form people use, e.g. 'AHT' (letters, digits, & . / + -); "
        "shown and searchable.",
    )
    definition: Text
    unit: Line
    better: Better = Field(description="Whether a 'higher' or 'lower' value is better.")


class RaciEntry(Strict):
    """Who is Responsible, Accountable, Consulted and Informed for one process."""

    responsible: list[Id] = Field(min_length=1)
    accountable: Id
    consulted: list[Id] = Field(default_factory=list)
    informed: list[Id] = Field(default_factory=list)


class Process(Strict):
    id: Id
    name: Line
    description: Text
    raci: RaciEntry


def role_json_schema() -> dict[str, object]:
    """The JSON Schema of a role file, as committed under roles_data/."""
    schema = Role.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "role.schema.json"
    return schema


@dataclass(frozen=True)
class Handbook:
    """Everything under roles_data/, validated; roles keep the order of their ids."""

    settings: Settings
    departments: dict[str, Department]
    levels: dict[str, Level]
    skills: dict[str, Skill]
    kpis: dict[str, Kpi]
    processes: dict[str, Process]
    roles: dict[str, Role]
    role_files: dict[str, str]
    # Everyday words and where they lead (roles_data/search_terms.yml, optional).
    search_terms: tuple[Term, ...] = ()

    def rank(self, role_id: str) -> int:
        return self.levels[self.roles[role_id].level].rank

    def currency(self, role_id: str) -> str:
        salary = self.roles[role_id].salary
        return (salary.currency if salary and salary.currency else None) or self.settings.currency
