"""Another organisation's handbook data, made from scratch: the generator tried as a stranger would.

`generate(target, roles=300, seed=…)` writes a complete `roles_data/` folder for *Hokuto
Méridien Contact Services*, an organisation that shares nothing with the example handbook:

- six departments, each named and staffed in its own script: Japanese, Cyrillic, Greek,
  Arabic, Devanagari, and French with accents (titles, aliases, summaries, duties, skills);
- fourteen levels and a reporting chain thirteen managers deep (an agent of the largest
  department reports through ten ranks of its department and three of the direction);
- pay in JPY (the handbook's currency, often left implicit), EUR, INR and AED, per year, month
  and hour; open-ended bands (`open_ended: true`, no max) at the top; some bands internal;
- promotions, lateral moves across departments, and moves to roles outside the handbook;
- processes with RACI, and settings (about, notes for every general page, featured
  comparisons and routes).

Everything is written with PyYAML's emitter and is deterministic for a seed. Nothing here is
copied from roles_data/: ids, names and catalogs are this organisation's own. Departments hold
different numbers of roles, so the navigation shows both shapes: departments of at most 30
roles list them in the sidebar, larger ones only on their own page.

Run `python -m tests.orggen OUT --roles 1000` to write one by hand.
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ORGANISATION = "Hokuto Méridien Contact Services 北斗"
CURRENCY = "JPY"
REPO_URL = "https://git.hokuto-meridien.example/support/handbook"
SCHEMA_LINE = "# yaml-language-server: $schema=../role.schema.json\n"
TOP_LEVEL = 14
HEAD_LEVEL = 11  # the head of each department below the direction


@dataclass(frozen=True)
class Dept:
    id: str
    name: str
    description: str
    share: float  # of the roles
    currency: str | None  # None: the handbook's own (JPY, left implicit)
    period: str
    base_pay: int  # at the lowest level, per period
    bases: tuple[str, ...]  # title stems, junior to senior
    qualifiers: tuple[str, ...]
    team: str  # the word put before a number to tell apart two equal titles
    summary: tuple[str, ...]  # sentence patterns with {title} and {qualifier}
    areas: tuple[tuple[str, str], ...]
    skills: tuple[str, ...]
    kpis: tuple[str, ...]
    outside: tuple[str, ...]  # titles of roles outside the handbook
    education: str


DEPARTMENTS: tuple[Dept, ...] = (
    Dept(
        id="direction",
        name="Direction générale",
        description="Définit la stratégie, le budget et les priorités de tous les centres.",
        share=0.07,
        currency=None,
        period="year",
        base_pay=6_000_000,
        bases=(
            "Chargée de mission",
            "Contrôleur de gestion",
            "Directrice déléguée",
            "Directeur régional",
        ),
        qualifiers=(
            "Île-de-France",
            "Québec",
            "Zürich",
            "São Paulo",
            "Kraków",
            "Ålesund",
            "Čačak",
            "Açores",
        ),
        team="secteur",
        summary=(
            "Le poste {title} pilote les centres de la zone {qualifier}.",
            "Il arbitre les budgets et répond des résultats devant la direction.",
        ),
        areas=(
            ("Stratégie", "Fixe les priorités de l'année avec les chefs de département."),
            ("Budget & coûts", "Arbitre les dépenses et suit l'écart au budget chaque mois."),
            ("Relations", "Représente l'entreprise auprès des clients « grands comptes »."),
        ),
        skills=("cost-control", "vision", "people-care"),
        kpis=("cost-per-contact", "net-promoter"),
        outside=("Président du groupe", "Administratrice indépendante"),
        education="Master en gestion ou école de commerce.",
    ),
    Dept(
        id="kyaku",
        name="顧客窓口",
        description="電話・チャット・メールでお客様のお問い合わせに対応します。",
        share=0.35,
        currency=None,
        period="hour",
        base_pay=1_150,
        bases=(
            "オペレーター",
            "応対スタッフ",
            "シニアオペレーター",
            "応対コーチ",
            "チームリーダー補佐",
            "チームリーダー",
            "スーパーバイザー",
            "シフト責任者",
            "センター副長",
            "センター長",
            "窓口部長",
        ),
        qualifiers=("電話", "チャット", "メール", "法人", "個人", "夜間", "休日", "請求", "解約"),
        team="第",
        summary=(
            "{title}として、お客様のお問い合わせに丁寧に対応します。",
            "敬語と正確な記録を大切にし、難しい案件は上長に引き継ぎます。",
        ),
        areas=(
            ("応対", "お客様のお問い合わせを受け、その場で解決します。"),
            ("記録", "応対内容を顧客システムに正確に記録します。"),
            ("エスカレーション", "解決できない案件を上長に引き継ぎます。"),
            ("育成", "新人の応対を聞き、助言します。"),
        ),
        skills=("keigo", "de-escalation", "bilingual-service", "people-care"),
        kpis=("answer-rate", "handle-seconds", "first-resolution", "net-promoter"),
        outside=("地域統括部長", "カスタマーサクセス本部長"),
        education="高等学校卒業以上。",
    ),
    Dept(
        id="svyaz",
        name="Отдел связи с клиентами",
        description="Обслуживает клиентов на русском языке по телефону и в мессенджерах.",
        share=0.25,
        currency="EUR",
        period="month",
        base_pay=1_400,
        bases=(
            "Оператор",
            "Специалист",
            "Старший оператор",
            "Наставник",
            "Координатор",
            "Руководитель группы",
            "Начальник смены",
            "Заместитель начальника отдела",
            "Начальник сектора",
            "Руководитель направления",
            "Директор отдела",
        ),
        qualifiers=(
            "по звонкам",
            "чата",
            "по счетам",
            "по возвратам",
            "ночной смены",
            "корпоративных клиентов",
            "по жалобам",
        ),
        team="группа",
        summary=(
            "{title} {qualifier} отвечает клиентам быстро и вежливо.",
            "Сложные обращения передаёт старшим коллегам и фиксирует итог в системе.",
        ),
        areas=(
            ("Обращения", "Принимает звонки и сообщения клиентов и решает их вопросы."),
            ("Качество", "Соблюдает стандарты разговора и проверяет свои записи."),
            ("Отчётность", "Готовит короткий отчёт о смене для руководителя."),
        ),
        skills=("de-escalation", "bilingual-service", "root-cause"),
        kpis=("answer-rate", "abandon-rate", "first-resolution"),
        outside=("Генеральный директор дочерней компании",),
        education="Среднее профессиональное образование.",
    ),
    Dept(
        id="poiotita",
        name="Διασφάλιση ποιότητας",
        description="Ακούει δείγματα κλήσεων, βαθμολογεί και προτείνει βελτιώσεις.",
        share=0.15,
        currency="EUR",
        period="year",
        base_pay=19_000,
        bases=(
            "Αξιολογητής κλήσεων",
            "Αναλυτής ποιότητας",
            "Ανώτερος αναλυτής",
            "Σύμβουλος ποιότητας",
            "Επόπτης ποιότητας",
            "Υπεύθυνος ελέγχου",
            "Προϊστάμενος ποιότητας",
            "Υποδιευθυντής ποιότητας",
            "Αναπληρωτής διευθυντής",
            "Διευθυντής τομέα",
            "Διευθυντής ποιότητας",
        ),
        qualifiers=("φωνής", "συνομιλιών", "παραπόνων", "συμμόρφωσης", "πωλήσεων", "email"),
        team="ομάδα",
        summary=(
            "Ο {title} {qualifier} ακούει κλήσεις και τις βαθμολογεί με σαφή κριτήρια.",
            "Δίνει ανατροφοδότηση στους υπαλλήλους και στους υπευθύνους.",
        ),
        areas=(
            ("Αξιολόγηση", "Βαθμολογεί δείγμα κλήσεων κάθε εβδομάδας."),
            ("Βαθμονόμηση", "Συγκρίνει βαθμολογίες με άλλους αξιολογητές."),
            ("Ανατροφοδότηση", "Εξηγεί σε κάθε υπάλληλο τι να βελτιώσει."),
        ),
        skills=("call-scoring", "root-cause", "de-escalation"),
        kpis=("quality-points", "first-resolution"),
        outside=("Διευθυντής εμπειρίας πελάτη ομίλου",),
        education="Πτυχίο ή ισοδύναμη εμπειρία.",
    ),
    Dept(
        id="tadrib",
        name="التدريب والتطوير",
        description="يدرّب الموظفين الجدد ويطوّر مهارات الفرق القائمة.",
        share=0.10,
        currency="AED",
        period="month",
        base_pay=6_500,
        bases=(
            "مساعد تدريب",
            "مدرب",
            "مدرب أول",
            "منسق تدريب",
            "أخصائي تعلم",
            "مصمم مناهج",
            "مشرف تدريب",
            "رئيس قسم التدريب",
            "نائب مدير الأكاديمية",
            "مدير برامج التعلم",
            "مدير الأكاديمية",
        ),
        qualifiers=("الموظفين الجدد", "المنتجات", "المهارات الناعمة", "الأنظمة", "الجودة"),
        team="فريق",
        summary=(
            "يقدّم {title} برامج {qualifier} للموظفين.",
            "يقيس أثر التدريب ويعدّل المحتوى بحسب النتائج.",
        ),
        areas=(
            ("التدريب", "يقدّم جلسات تدريبية للموظفين الجدد والقائمين."),
            ("المحتوى", "يعدّ المواد والتمارين ويحدّثها."),
            ("التقييم", "يقيس نتائج المتدربين ويرفع تقريراً بها."),
        ),
        skills=("facilitation", "curriculum", "people-care"),
        kpis=("learner-pass", "net-promoter"),
        outside=("مدير التعلم في المجموعة",),
        education="شهادة جامعية في التربية أو الموارد البشرية.",
    ),
    Dept(
        id="yojana",
        name="कार्यबल योजना",
        description="कॉल की मात्रा का पूर्वानुमान लगाकर पालियों की योजना बनाता है।",
        share=0.08,
        currency="INR",
        period="year",
        base_pay=420_000,
        bases=(
            "योजना सहायक",
            "रोस्टर समन्वयक",
            "पूर्वानुमान विश्लेषक",
            "वरिष्ठ विश्लेषक",
            "वास्तविक समय नियंत्रक",
            "योजना सलाहकार",
            "योजना पर्यवेक्षक",
            "उप योजना प्रबंधक",
            "योजना प्रबंधक",
            "वरिष्ठ योजना प्रबंधक",
            "कार्यबल प्रमुख",
        ),
        qualifiers=("दैनिक", "साप्ताहिक", "मौसमी", "बहुचैनल", "रात्रि"),
        team="दल",
        summary=(
            "{title} ({qualifier}) कॉल की मात्रा का पूर्वानुमान लगाता है।",
            "वह पालियों और अवकाश की योजना बनाता है।",
        ),
        areas=(
            ("पूर्वानुमान", "पिछले आँकड़ों से आने वाली कॉल का अनुमान लगाता है।"),
            ("रोस्टर", "पालियों और विश्राम का समय तय करता है।"),
        ),
        skills=("roster-modelling", "queue-math", "root-cause"),
        kpis=("roster-fit", "abandon-rate"),
        outside=("समूह संचालन निदेशक",),
        education="सांख्यिकी या गणित में स्नातक।",
    ),
)
DEPARTMENT_ORDER = tuple(d.id for d in DEPARTMENTS)
# The direction's ranks, top first (its head is the head of the organisation).
DIRECTION_TITLES = {
    14: "Présidente-directrice générale",
    13: "Directeur général délégué",
    12: "Directrice des opérations",
}

SKILLS = {
    "keigo": ("敬語", "お客様に合わせた丁寧な言葉づかい。"),
    "de-escalation": ("Désamorçage", "Calmer un client mécontent et reprendre la main."),
    "bilingual-service": ("Двуязычное обслуживание", "Вести разговор на двух языках."),
    "call-scoring": ("Βαθμολόγηση κλήσεων", "Εφαρμογή της κλίμακας αξιολόγησης."),
    "root-cause": ("Analyse des causes", "Trouver pourquoi un problème revient."),
    "roster-modelling": ("रोस्टर मॉडलिंग", "पालियों का मॉडल बनाना।"),
    "queue-math": ("कतार गणित", "Erlang सूत्रों से स्टाफ की गणना।"),
    "facilitation": ("إدارة الجلسات", "إدارة جلسة تدريبية تفاعلية."),
    "curriculum": ("تصميم المناهج", "بناء مسار تدريبي متكامل."),
    "people-care": ("Accompagnement", "Écouter et soutenir les équipes au quotidien."),
    "cost-control": ("Contrôle des coûts", "Suivre et réduire le coût par contact."),
    "vision": ("Vision stratégique", "Voir à trois ans et fixer le cap."),
}
KPIS = {
    "answer-rate": ("応答率", "ASR", "着信のうち応答できた割合。", "%", "higher"),
    "abandon-rate": ("Доля потерянных вызовов", None, "Клиент положил трубку.", "%", "lower"),
    "handle-seconds": ("平均処理時間", "AHTJ", "一件あたりの平均処理秒数。", "秒", "lower"),
    "first-resolution": ("Résolution au premier contact", "RPC", "Sans rappel.", "%", "higher"),
    "quality-points": ("Βαθμός ποιότητας", None, "Μέσος όρος αξιολογήσεων.", "0–100", "higher"),
    "roster-fit": ("रोस्टर अनुपालन", None, "योजना के अनुसार उपस्थिति।", "%", "higher"),
    "learner-pass": ("نسبة النجاح", None, "نسبة المتدربين الناجحين.", "%", "higher"),
    "net-promoter": ("Net Promoter Score", "NPS", "Recommanderiez-vous ?", "−100–100", "higher"),
    "cost-per-contact": ("Coût par contact", "CPC", "Coût total ÷ contacts.", "JPY", "lower"),
}
PROCESSES = (
    ("intake-triage", "受付トリアージ", "Tri des demandes entrantes par urgence."),
    ("calibration", "Βαθμονόμηση", "Les évaluateurs notent les mêmes appels et comparent."),
    ("rostering", "रोस्टर निर्माण", "Plannings de la semaine suivante."),
    ("induction", "برنامج التهيئة", "Les deux premières semaines d'un nouvel employé."),
    ("complaint-review", "Разбор жалоб", "Chaque plainte écrite est relue et classée."),
    ("budget-cycle", "Cycle budgétaire", "Le budget annuel, de la prévision au vote."),
)


@dataclass
class Organisation:
    """What was written, for tests to check the site against."""

    root: Path
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)  # level id → rank
    departments: tuple[str, ...] = DEPARTMENT_ORDER
    department_names: dict[str, str] = field(default_factory=dict)
    top: str = ""

    def chain(self, role_id: str) -> list[str]:
        out = []
        current = self.roles[role_id]["reports_to"]
        while current is not None:
            out.append(current)
            current = self.roles[current]["reports_to"]
        return out

    def members(self, department: str) -> list[str]:
        """The department's roles in the handbook's order: level rank, then title."""
        ids = [rid for rid, r in self.roles.items() if r["department"] == department]
        return sorted(ids, key=self._order)

    def _order(self, rid: str) -> tuple[int, str, str]:
        role = self.roles[rid]
        title = " ".join(unicodedata.normalize("NFKC", role["title"]).casefold().split())
        return (self.levels[role["level"]], title, rid)


def level_id(rank: int) -> str:
    return f"echelon-{rank:02d}"


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)


def _counts(total: int) -> dict[str, int]:
    """Roles per department: shares of `total`, each department at least three."""
    counts = {d.id: max(3, int(total * d.share)) for d in DEPARTMENTS}
    counts["kyaku"] += total - sum(counts.values())
    if counts["kyaku"] < 3:
        raise ValueError(f"{total} roles are too few for six departments")
    return counts


def _levels(rng: random.Random, dept: Dept, count: int) -> list[int]:
    """The levels of a department's roles, most senior first: a full ladder, then the rest."""
    if dept.id == "direction":
        ladder = [14, 13, 12][:count]
        rest = [rng.choice([12, 12, 13]) for _ in range(count - len(ladder))]
        return ladder + sorted(rest, reverse=True)
    ladder = list(range(HEAD_LEVEL, 0, -1))[:count]
    # The others lean towards the front line, as in any contact center.
    weights = [(11 - level) ** 2 for level in range(1, HEAD_LEVEL)]
    rest = rng.choices(range(1, HEAD_LEVEL), weights=weights, k=count - len(ladder))
    return ladder + sorted(rest, reverse=True)


class _Names:
    """Unique titles and aliases, compared as the handbook compares them."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> bool:
        key = _key(name)
        if key in self.used:
            return False
        self.used.add(key)
        return True

    def title(self, dept: Dept, rank: int, rng: random.Random) -> tuple[str, str]:
        if (
            dept.id == "direction"
            and rank in DIRECTION_TITLES
            and self.take(DIRECTION_TITLES[rank])
        ):
            return DIRECTION_TITLES[rank], dept.qualifiers[0]
        index = min(len(dept.bases) - 1, (rank - 1) * len(dept.bases) // HEAD_LEVEL)
        if dept.id == "direction":
            index = min(len(dept.bases) - 1, rank - 11)
        base = dept.bases[index]
        qualifiers = list(dept.qualifiers)
        rng.shuffle(qualifiers)
        for qualifier in qualifiers:
            candidate = _compose(dept, base, qualifier)
            if self.take(candidate):
                return candidate, qualifier
        number = 2
        while True:
            qualifier = rng.choice(dept.qualifiers)
            candidate = f"{_compose(dept, base, qualifier)} {_numbered(dept, number)}"
            if self.take(candidate):
                return candidate, qualifier
            number += 1


def _compose(dept: Dept, base: str, qualifier: str) -> str:
    if dept.id == "kyaku":
        return f"{qualifier}{base}"
    if dept.id == "direction":
        return f"{base} — {qualifier}"
    if dept.id == "yojana":
        return f"{qualifier} {base}"
    return f"{base} {qualifier}"


def _numbered(dept: Dept, number: int) -> str:
    return f"第{number}班" if dept.id == "kyaku" else f"({dept.team} {number})"


def _translit(rid: str) -> str:
    """A Latin alias people type when they cannot type the script: the id, spelt out."""
    return " ".join(part.capitalize() for part in rid.split("-"))


def _salary(rng: random.Random, dept: Dept, rank: int, index: int) -> dict[str, Any] | None:
    if index % 11 == 5:
        return None  # some roles publish no band
    period = dept.period
    if dept.id == "yojana" and rank <= 2:
        period = "hour"  # junior planners are paid by the hour
        low = 180 + 20 * rank
    elif dept.id == "kyaku" and rank >= 5:
        period = "month"  # from team leader up, a monthly salary
        low = 230_000 + 30_000 * (rank - 5)
    else:
        low = int(dept.base_pay * (1.14 ** (rank - 1)))
    step = 10 ** max(1, len(str(low)) - 2)
    low = low // step * step
    salary: dict[str, Any] = {"min": low}
    if rank >= 13 or (rank >= HEAD_LEVEL and index % 2 == 0):
        salary["open_ended"] = True
    else:
        salary["max"] = low + step * rng.randint(2, 6)
    if dept.currency is not None or index % 3 == 0:
        salary["currency"] = dept.currency or CURRENCY
    if period != "year" or index % 4 == 0:
        salary["period"] = period
    salary["source"] = rng.choice(
        (
            "Grille salariale interne, révisée chaque avril.",
            "社内賃金表（2025年度）。",
            "Внутренняя тарифная сетка.",
        )
    )
    if rank >= 13 and index % 2:
        salary["visibility"] = "internal"
    return salary


def generate(target: Path, roles: int = 300, seed: int = 2024) -> Organisation:
    """Write a complete data folder for `roles` roles into `target` (which must not exist)."""
    rng = random.Random(seed)
    target.mkdir(parents=True)
    (target / "roles").mkdir()
    org = Organisation(root=target)
    org.levels = {level_id(rank): rank for rank in range(1, TOP_LEVEL + 1)}
    org.department_names = {d.id: d.name for d in DEPARTMENTS}
    names = _Names()
    counts = _counts(roles)

    # Roles by department, most senior first, with their titles.
    planned: list[tuple[str, Dept, int, str]] = []  # (id, dept, rank, qualifier)
    titles: dict[str, str] = {}
    serial = 0
    for dept in DEPARTMENTS:
        for rank in _levels(rng, dept, counts[dept.id]):
            serial += 1
            rid = f"{dept.id}-{level_id(rank).split('-')[1]}-{serial:04d}"
            title, qualifier = names.title(dept, rank, rng)
            titles[rid] = title
            planned.append((rid, dept, rank, qualifier))
    by_rank: dict[tuple[str, int], list[str]] = {}
    for rid, dept, rank, _ in planned:
        by_rank.setdefault((dept.id, rank), []).append(rid)
    rank_of = {rid: rank for rid, _, rank, _ in planned}
    dept_of = {rid: dept.id for rid, dept, _, _ in planned}
    org.top = by_rank[("direction", TOP_LEVEL)][0]

    def manager(rid: str, dept: Dept, rank: int) -> str | None:
        if rid == org.top:
            return None
        if dept.id == "direction":
            above = [r for r in (rank + 1, rank + 2) if ("direction", r) in by_rank]
            pool = by_rank[("direction", above[0])]
            return pool[0] if rank + 1 == TOP_LEVEL else rng.choice(pool)
        for higher in range(rank + 1, HEAD_LEVEL + 1):
            pool = by_rank.get((dept.id, higher))
            if pool:
                return pool[0] if higher == HEAD_LEVEL else rng.choice(pool)
        return rng.choice(by_rank[("direction", 12)])  # the department's head

    reports_to = {rid: manager(rid, dept, rank) for rid, dept, rank, _ in planned}
    same_rank: dict[int, list[str]] = {}
    for rid, _, rank, _ in planned:
        same_rank.setdefault(rank, []).append(rid)

    skill_cycle = list(SKILLS)
    kpi_cycle = list(KPIS)
    for index, (rid, dept, rank, qualifier) in enumerate(planned):
        title = titles[rid]
        aliases = []
        if index % 3 == 0:
            alias = _translit(rid)
            if names.take(alias):
                aliases.append(alias)
        if index % 7 == 0:
            alias = f"{dept.bases[0]} {rid.rsplit('-', 1)[1]}"
            if names.take(alias):
                aliases.append(alias)
        skills = list(dict.fromkeys([*rng.sample(dept.skills, 2), skill_cycle[index % 12]]))
        kpis = list(dict.fromkeys([*rng.sample(dept.kpis, min(2, len(dept.kpis)))]))
        kpis = list(dict.fromkeys([*kpis, kpi_cycle[index % len(kpi_cycle)]]))
        summary = " ".join(s.format(title=title, qualifier=qualifier) for s in dept.summary)
        areas = rng.sample(dept.areas, min(len(dept.areas), rng.randint(2, 3)))
        role: dict[str, Any] = {
            "title": title,
            "aliases": aliases,
            "department": dept.id,
            "level": level_id(rank),
            "reports_to": reports_to[rid],
            "summary": summary,
            "responsibilities": [{"area": a, "description": d} for a, d in areas],
            "skills": [
                {"skill": s, "level": min(5, 1 + rank // 3 + rng.randint(0, 1))} for s in skills
            ],
            "qualifications": {
                "education": dept.education,
                "experience_years": round(max(0, rank - 2) * 0.75, 1),
                **({"experience": "Expérience en centre de contacts."} if rank > 4 else {}),
                "certifications": ["COPC", "ISO 18295"] if rank in (6, 9) else [],
            },
            "kpis": [
                {"kpi": k, **({"target": f"≥ {60 + rank}%"} if n == 0 else {})}
                for n, k in enumerate(kpis)
            ],
        }
        salary = _salary(rng, dept, rank, index)
        if salary is not None:
            role["salary"] = salary
        role["progression"] = _moves(rng, rid, rank, dept, reports_to, same_rank, dept_of, by_rank)
        if index % 4 == 0:
            role["working_pattern"] = {
                "shifts": rank <= 6,
                "remote_eligible": index % 8 == 0,
                **({"notes": "Horaires décalés : 7 h – 23 h."} if index % 16 == 0 else {}),
            }
        if index % 5 == 0:
            role["sources"] = "Fiche de poste interne ; chiffres d'exemple."
        org.roles[rid] = role
        text = SCHEMA_LINE + _dump(role)
        (target / "roles" / f"{rid}.yml").write_text(text, encoding="utf-8")

    _catalogs(target, org, rng, rank_of)
    return org


def _moves(
    rng: random.Random,
    rid: str,
    rank: int,
    dept: Dept,
    reports_to: dict[str, str | None],
    same_rank: dict[int, list[str]],
    dept_of: dict[str, str],
    by_rank: dict[tuple[str, int], list[str]],
) -> list[dict[str, Any]]:
    moves: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(to: str, kind: str, low: int, high: int, text: str) -> None:
        if to in seen or to == rid:
            return
        seen.add(to)
        moves.append(
            {
                "to": to,
                "kind": kind,
                "typical_months": {"min": low, "max": high},
                "requirements": text,
            }
        )

    boss = reports_to[rid]
    if boss is not None:
        add(boss, "promotion", 12, 12 + 6 * rng.randint(1, 6), "Atteindre les objectifs deux ans.")
    peers = same_rank[rank]
    if rng.random() < 0.45 and len(peers) > 1:
        other = [p for p in rng.sample(peers, min(4, len(peers))) if dept_of[p] != dept.id]
        if other:
            add(other[0], "lateral", 6, 18, "Suivre la formation croisée du département.")
    above = by_rank.get((dept.id, rank + 1), [])
    if above and rng.random() < 0.35:
        add(rng.choice(above), "promotion", 18, 36, "Mentorat réussi d'un nouveau collègue.")
    if rank >= HEAD_LEVEL - 1 or boss is None:
        moves.append(
            {
                "outside": rng.choice(dept.outside),
                "kind": "promotion",
                "typical_months": {"min": 36, "max": 72},
                "requirements": "Diriger un département entier pendant plusieurs années.",
            }
        )
    return moves


def _catalogs(
    target: Path,
    org: Organisation,
    rng: random.Random,
    rank_of: dict[str, int],
) -> None:
    def write(name: str, data: Any) -> None:
        (target / name).write_text(_dump(data), encoding="utf-8")

    write(
        "departments.yml",
        [{"id": d.id, "name": d.name, "description": d.description} for d in DEPARTMENTS],
    )
    write(
        "levels.yml",
        [
            {
                "id": level_id(rank),
                "name": f"Échelon {rank}",
                "rank": rank,
                "description": f"Échelon {rank} sur {TOP_LEVEL} de la grille commune.",
            }
            for rank in range(1, TOP_LEVEL + 1)
        ],
    )
    write(
        "skills.yml",
        [{"id": k, "name": n, "description": d} for k, (n, d) in SKILLS.items()],
    )
    write(
        "kpis.yml",
        [
            {
                "id": k,
                "name": n,
                **({"abbreviation": a} if a else {}),
                "definition": d,
                "unit": u,
                "better": b,
            }
            for k, (n, a, d, u, b) in KPIS.items()
        ],
    )
    ids = list(org.roles)
    processes = []
    for pid, name, description in PROCESSES:
        senior = [r for r in ids if rank_of[r] >= 11]
        junior = [r for r in ids if rank_of[r] <= 6]
        processes.append(
            {
                "id": pid,
                "name": name,
                "description": description,
                "raci": {
                    "responsible": rng.sample(junior, 3),
                    "accountable": rng.choice(senior),
                    "consulted": rng.sample(junior, 2),
                    "informed": [org.top],
                },
            }
        )
    write("processes.yml", processes)
    # Featured: a role and its manager; a route from the deepest role up its chain.
    deepest = max(ids, key=lambda r: (len(org.chain(r)), r))
    chain = org.chain(deepest)
    pairs = [
        {"a": deepest, "b": chain[0], "note": "Ce qui change quand on encadre."},
        {"a": chain[2], "b": chain[3]},
    ]
    settings = {
        "organisation": ORGANISATION,
        "currency": CURRENCY,
        "repo_url": REPO_URL,
        "about": "北斗メリディアンの役割ハンドブック。Les chiffres sont des exemples.",
        "notes": {
            "home": ["Bienvenue. ようこそ。 Добро пожаловать."],
            "org_chart": ["Квадраты ведут к страницам ролей."],
            "careers": ["Les promotions suivent la ligne hiérarchique."],
            "compare": ["Σύγκριση δύο ρόλων."],
            "salaries": ["Les bandes sont en JPY, EUR, INR et AED, par an, par mois ou à l'heure."],
        },
        "featured": {
            "comparisons": pairs,
            "routes": [{"from": deepest, "to": chain[5]}],
        },
    }
    write("handbook.yml", settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--roles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    org = generate(args.target, args.roles, args.seed)
    deepest = max(len(org.chain(r)) for r in org.roles)
    print(f"{args.target}: {len(org.roles)} roles, reporting chain {deepest} deep")


if __name__ == "__main__":
    main()
