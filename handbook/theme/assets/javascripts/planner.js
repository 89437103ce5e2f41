/*
 * The career planner: compare any two roles, find the route between any two, and keep the
 * "am I ready?" checklists of role pages. Plain ES2020, no framework, no other host.
 *
 * - It runs on every page: on the first load and after each instant navigation (Material's
 *   document$), or on DOMContentLoaded without it.
 * - It fetches the site's own roles.json, once per page view, and only on a page with a
 *   planner (<section data-hb-planner="compare|route">); instant navigation keeps it in memory.
 * - Checklist ticks stay in this browser (localStorage, one key per checklist): nothing is sent.
 * - Text from the data goes into the page as text (DOM APIs), never as markup.
 * - A figure the organisation set itself (roles.json's `basis: "own"` on a band, a KPI target or
 *   a typical time) is marked where it is shown and the mark explained once under the view, as
 *   the built pages do (handbook/render/own.py).
 */
(() => {
  "use strict";
  if (window.__hbPlanner) return; // loaded once: instant navigation keeps the script running
  window.__hbPlanner = true;

  // ---- The site's base address, as Material wrote it for the page first loaded ----------------
  const BASE = (() => {
    let base = ".";
    try {
      base = JSON.parse(document.getElementById("__config").textContent).base || ".";
    } catch (error) {
      // no configuration: the page's own folder
    }
    return new URL(base.endsWith("/") ? base : `${base}/`, location.href);
  })();

  // ---- Small DOM helpers ----------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  // Text for screen readers only, with a visible stand-in ("—" for "not needed").
  function spoken(shown, said) {
    return [
      el("span", { "aria-hidden": "true" }, shown),
      el("span", { class: "hb-sr-only" }, said),
    ];
  }

  function joinWith(items, separator) {
    return items.flatMap((item, i) => (i ? [separator, item] : [item]));
  }

  let uid = 0;
  const nextId = (prefix) => `${prefix}-${++uid}`;

  // ---- Words and numbers, as the build writes them (handbook/render/markup.py) --------------
  const PROFICIENCY = { 1: "basic", 2: "working", 3: "solid", 4: "advanced", 5: "expert" };
  const NUMBER = new Intl.NumberFormat("en-US");

  function halfEven(x) {
    const floor = Math.floor(x);
    const rest = x - floor;
    if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
    return floor % 2 === 0 ? floor : floor + 1;
  }
  const years = (value) => String(halfEven(value / 6) / 2);
  function span(value) {
    if (value && value % 12 === 0) return `${value / 12} year${value === 12 ? "" : "s"}`;
    return `${value} month${value === 1 ? "" : "s"}`;
  }
  function months(low, high) {
    if (low === high) return span(low);
    if (high >= 36 || (low % 12 === 0 && high % 12 === 0 && low >= 12)) {
      return `${years(low)}–${years(high)} years`;
    }
    return `${low}–${high} months`;
  }
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function pay(role) {
    const s = role.salary;
    if (!s) return null;
    const band =
      s.max === undefined || s.max === null
        ? `${s.currency} ${NUMBER.format(s.min)} or more per ${s.period}`
        : `${s.currency} ${NUMBER.format(s.min)}–${NUMBER.format(s.max)} per ${s.period}`;
    return band + (s.visibility === "internal" ? " (internal)" : "");
  }
  const payText = (role) => pay(role) || "no band published";

  // ---- Own figures: "own figure" beside each, explained once under the view ----------------
  const OWN = "own figure";
  let organisation = "the organisation";
  const ownExplained = () =>
    `set by ${organisation} itself, not taken from a source this handbook cites.`;

  function ownMark(basis) {
    if (basis !== "own") return null;
    return [" ", el("span", { class: "hb-own", title: ownExplained() }, OWN)];
  }

  // The explanation, when any of `nodes` holds a mark.
  function ownNote(nodes) {
    const marked = nodes.some((node) => node instanceof Element && node.querySelector(".hb-own"));
    if (!marked) return null;
    return el(
      "p",
      { class: "hb-muted hb-own-note" },
      el("span", { class: "hb-own" }, OWN),
      `: ${ownExplained()}`,
    );
  }

  // A band with its mark: text and nodes.
  const payCell = (role) => [payText(role), pay(role) ? ownMark(role.salary.basis) : null];
  const typicalCell = (move) => [typical(move), ownMark(move.typical_months.basis)];
  const kindText = (move) => (move.kind === "promotion" ? "promotion" : "lateral move");
  const typical = (move) => months(move.typical_months.min, move.typical_months.max);

  function patternText(role) {
    const p = role.working_pattern;
    if (!p) return "not described";
    return (
      (p.shifts ? "Shift rota" : "Regular hours") +
      (p.remote_eligible ? ", remote work possible" : ", on site") +
      (p.notes ? `. ${p.notes}` : "")
    );
  }

  // "A, B and C" (or "or"); past six names, "A, …, F and 3 more roles".
  function list(items, joiner) {
    const shown = items.slice(0, 6);
    const rest = items.length - shown.length;
    if (rest > 0) return `${shown.join(", ")} ${joiner} ${plural(rest, "more role")}`;
    if (shown.length < 2) return shown.join("");
    return `${shown.slice(0, -1).join(", ")} ${joiner} ${shown[shown.length - 1]}`;
  }

  // ---- The data -------------------------------------------------------------------------------
  let loading = null;

  function loadRoles() {
    if (!loading) {
      loading = fetch(new URL("roles.json", BASE), { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(`roles.json answered ${response.status}`);
          return response.json();
        })
        .then(indexRoles);
      loading.catch(() => {
        loading = null; // try again on the next page
      });
    }
    return loading;
  }

  function indexRoles(doc) {
    if (doc.organisation) organisation = doc.organisation;
    const byId = new Map(doc.roles.map((role) => [role.id, role]));
    const incoming = new Map(doc.roles.map((role) => [role.id, []]));
    const moves = new Map();
    for (const role of doc.roles) {
      const inside = (role.progression || []).filter((m) => m.to && byId.has(m.to));
      moves.set(role.id, inside);
      for (const move of inside) incoming.get(move.to).push({ from: role.id, move });
    }
    // Departments in catalog order, each with its roles junior first (as roles.json lists them).
    const groups = (doc.departments || [])
      .map((d) => ({
        name: d.name,
        roles: d.roles.filter((id) => byId.has(id)).map((id) => byId.get(id)),
      }))
      .filter((g) => g.roles.length);
    return { doc, byId, incoming, moves, groups };
  }

  // ---- Routes ---------------------------------------------------------------------------------
  function unwind(came, from, to) {
    const steps = [];
    for (let node = to; node !== from; node = came.get(node).from) steps.push(came.get(node));
    return steps.reverse();
  }

  // Fewest moves, breadth first; between routes of as many moves, the shorter typical time
  // (the larger figure of each move's typical months, as the build's routes do).
  function fewestMoves(data, from, to) {
    if (from === to) return [];
    const best = new Map([[from, { moves: 0, months: 0 }]]);
    const came = new Map();
    let layer = [from];
    while (layer.length && !best.has(to)) {
      layer.sort((x, y) => best.get(x).months - best.get(y).months || (x < y ? -1 : 1));
      const next = [];
      for (const node of layer) {
        const cost = best.get(node);
        for (const move of data.moves.get(node)) {
          const reached = { moves: cost.moves + 1, months: cost.months + move.typical_months.max };
          const seen = best.get(move.to);
          if (!seen) next.push(move.to);
          if (!seen || (seen.moves === reached.moves && reached.months < seen.months)) {
            best.set(move.to, reached);
            came.set(move.to, { from: node, move });
          }
        }
      }
      layer = next;
    }
    return best.has(to) ? unwind(came, from, to) : null;
  }

  // The quickest by typical time (Dijkstra on the months), fewer moves between equals.
  function quickest(data, from, to) {
    if (from === to) return [];
    const best = new Map([[from, [0, 0]]]);
    const came = new Map();
    const done = new Set();
    const less = (x, y) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
    for (;;) {
      let node = null;
      for (const [id, cost] of best) {
        if (done.has(id)) continue;
        const mine = node === null ? null : best.get(node);
        if (node === null || less(cost, mine) || (!less(mine, cost) && id < node)) node = id;
      }
      if (node === null || node === to) break;
      done.add(node);
      const cost = best.get(node);
      for (const move of data.moves.get(node)) {
        const reached = [cost[0] + move.typical_months.max, cost[1] + 1];
        const seen = best.get(move.to);
        if (!done.has(move.to) && (!seen || less(reached, seen))) {
          best.set(move.to, reached);
          came.set(move.to, { from: node, move });
        }
      }
    }
    return best.has(to) ? unwind(came, from, to) : null;
  }

  function reachable(data, from) {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      for (const move of data.moves.get(queue.shift())) {
        if (!seen.has(move.to)) {
          seen.add(move.to);
          queue.push(move.to);
        }
      }
    }
    seen.delete(from);
    return [...seen];
  }

  // Skills the target needs more of than the start has: [{name, have, need}], by name.
  function skillGaps(from, to) {
    const have = new Map(from.skills.map((s) => [s.id, s.level]));
    return to.skills
      .filter((s) => s.level > (have.get(s.id) || 0))
      .map((s) => ({ name: s.name, have: have.get(s.id) || 0, need: s.level }))
      .sort((x, y) => x.name.localeCompare(y.name));
  }
  const gapText = (gap) =>
    gap.have ? `${gap.name} ${gap.have} → ${gap.need}` : `${gap.name} 0 → ${gap.need} (new)`;

  // ---- The address: ?a=…&b=… or ?from=…&to=… -----------------------------------------------
  function readAddress(keys, data) {
    const params = new URLSearchParams(location.search);
    const chosen = [];
    const unknown = [];
    for (const key of keys) {
      const value = params.get(key);
      if (value && data.byId.has(value)) chosen.push(value);
      else {
        chosen.push("");
        if (value) unknown.push(value);
      }
    }
    return { chosen, unknown };
  }

  // A person's choice is a new entry in the browser's history, so Back undoes it; the address
  // the page was opened with is only tidied (an unknown id left out). The address names the
  // choice and nothing else: no #section, so a shared address opens the planner itself.
  function writeAddress(keys, values, push) {
    const url = new URL(location.href);
    keys.forEach((key, i) => {
      if (values[i]) url.searchParams.set(key, values[i]);
      else url.searchParams.delete(key);
    });
    url.hash = "";
    if (url.href === location.href) return;
    if (push) history.pushState(null, "", url.href);
    else history.replaceState(history.state, "", url.href);
  }

  // Back and Forward within a planner's page: each planner shows the choice its address names.
  const mounted = new Set();
  window.addEventListener("popstate", () => {
    for (const planner of [...mounted]) {
      if (!planner.host.isConnected) mounted.delete(planner);
      else if (planner.path === location.pathname) planner.restore();
    }
  });

  // ---- The pickers ------------------------------------------------------------------------------
  function picker(data, label, hint) {
    const id = nextId("hb-pick");
    const select = el(
      "select",
      { id, class: "hb-planner__select" },
      el("option", { value: "" }, hint),
      data.groups.map((group) =>
        el(
          "optgroup",
          { label: group.name },
          group.roles.map((role) => el("option", { value: role.id }, role.title)),
        ),
      ),
    );
    const field = el(
      "div",
      { class: "hb-planner__field" },
      el("label", { for: id, class: "hb-planner__label" }, label),
      select,
    );
    return { field, select };
  }

  function headingLevel(host) {
    let level = 1;
    for (const h of document.querySelectorAll("article h1, article h2, article h3, article h4")) {
      if (!(h.compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      level = Number(h.tagName[1]);
    }
    return `h${Math.min(level + 1, 6)}`;
  }

  function roleLink(role) {
    if (!role.url) return el("span", {}, role.title);
    return el("a", { href: new URL(role.url, BASE).href }, role.title);
  }

  // Builds one planner: two pickers, a note, a live status line and a result.
  function mountPlanner(host, data, spec) {
    const first = picker(data, spec.labels[0], spec.hints[0]);
    const second = picker(data, spec.labels[1], spec.hints[1]);
    const swap = el(
      "button",
      { type: "button", class: "md-button hb-planner__swap", "aria-label": spec.swapLabel },
      "⇄ Swap",
    );
    const note = el("p", { class: "hb-planner__note", hidden: true });
    const status = el("p", { class: "hb-planner__status", role: "status", "aria-live": "polite" });
    const result = el("div", { class: "hb-planner__result" });
    const form = el(
      "form",
      { class: "hb-planner__controls", "aria-label": spec.formLabel },
      first.field,
      swap,
      second.field,
    );
    form.addEventListener("submit", (event) => event.preventDefault());
    host.replaceChildren(form, note, status, result);
    const heading = headingLevel(host);

    const { chosen, unknown } = readAddress(spec.keys, data);
    first.select.value = chosen[0];
    second.select.value = chosen[1];
    if (unknown.length) {
      note.hidden = false;
      note.textContent =
        `The address names ${unknown.length === 1 ? "a role" : "roles"} this handbook does ` +
        `not have (${unknown.map((x) => `“${x}”`).join(", ")}), left out: choose below.`;
    }

    // `how`: "user" (a new history entry), "open" (the address tidied) or "history" (Back or
    // Forward already set the address).
    function update(how) {
      const values = [first.select.value, second.select.value];
      if (how !== "open") note.hidden = true;
      if (how !== "history") writeAddress(spec.keys, values, how === "user");
      const a = data.byId.get(values[0]);
      const b = data.byId.get(values[1]);
      const shown = spec.render(data, a, b, heading);
      status.textContent = shown.status;
      result.replaceChildren(...shown.nodes.flat(Infinity).filter(Boolean));
      host.classList.toggle("hb-planner--chosen", Boolean(a && b));
    }
    for (const select of [first.select, second.select]) {
      select.addEventListener("change", () => update("user"));
    }
    swap.addEventListener("click", () => {
      [first.select.value, second.select.value] = [second.select.value, first.select.value];
      update("user");
    });
    update("open");
    host.hidden = false;
    mounted.add({
      host,
      path: location.pathname,
      restore() {
        const now = readAddress(spec.keys, data).chosen;
        if (now[0] === first.select.value && now[1] === second.select.value) return;
        [first.select.value, second.select.value] = now;
        update("history");
      },
    });
  }

  // ---- Compare -------------------------------------------------------------------------------
  function proficiencyCell(level) {
    if (!level) return spoken("—", "not needed");
    return `${level} (${PROFICIENCY[level]})`;
  }

  function compareRows(data, a, b) {
    const rows = [];
    const add = (label, show, key) => {
      rows.push({ label, cells: [show(a), show(b)], differs: key(a) !== key(b) });
    };
    add("Level", (r) => r.level.name, (r) => r.level.id);
    add("Department", (r) => r.department.name, (r) => r.department.id);
    add(
      "Reports to",
      (r) => {
        const manager = r.reports_to && data.byId.get(r.reports_to);
        return manager ? roleLink(manager) : "nobody: it heads the organization";
      },
      (r) => r.reports_to || "",
    );
    add(
      "Responsibilities",
      (r) =>
        el(
          "ul",
          { class: "hb-planner__cell-list" },
          r.responsibilities.map((x) => el("li", {}, x.area)),
        ),
      (r) => r.responsibilities.map((x) => x.area).join("\n"),
    );
    const skills = new Map();
    for (const s of [...a.skills, ...b.skills]) skills.set(s.id, s.name);
    const level = (r, id) => (r.skills.find((s) => s.id === id) || {}).level || 0;
    for (const [id, name] of [...skills].sort((x, y) => x[1].localeCompare(y[1]))) {
      add(
        `Skill: ${name}`,
        (r) => proficiencyCell(level(r, id)),
        (r) => level(r, id),
      );
    }
    const kpis = new Map();
    for (const k of [...a.kpis, ...b.kpis]) if (!kpis.has(k.id)) kpis.set(k.id, k);
    for (const [id, kpi] of kpis) {
      const own = (r) => r.kpis.find((k) => k.id === id);
      add(
        `KPI: ${kpi.name}`,
        (r) => {
          const mine = own(r);
          if (!mine) return spoken("—", "not measured");
          return mine.target ? [mine.target, ownMark(mine.basis)] : "measured, no set target";
        },
        (r) => {
          const mine = own(r);
          return mine ? `+${mine.target || ""}` : "";
        },
      );
    }
    add("Education", (r) => r.qualifications.education, (r) => r.qualifications.education);
    const experience = (r) => {
      const q = r.qualifications;
      const n = q.experience_years;
      return n ? `at least ${n} year${n === 1 ? "" : "s"}` : "no set number of years";
    };
    add("Experience", experience, experience);
    const certificates = (r) => (r.qualifications.certifications || []).join("; ") || "none asked";
    add("Certifications", certificates, certificates);
    add("Working pattern", patternText, patternText);
    add("Pay", payCell, payText);
    return rows;
  }

  function directMove(from, to) {
    const move = (from.progression || []).find((m) => m.to === to.id);
    if (!move) return null;
    return [
      `A move leads from ${from.title} to ${to.title}: ${kindText(move)}, typically after `,
      typicalCell(move),
      " in the role.",
    ];
  }

  function gapList(from, to, heading) {
    const gaps = skillGaps(from, to);
    return el(
      "div",
      { class: "hb-planner__gapset" },
      el(heading, { class: "hb-planner__subhead" }, `From ${from.title} to ${to.title}`),
      gaps.length
        ? el(
            "ul",
            { class: "hb-planner__gaps" },
            gaps.map((g) => el("li", {}, gapText(g))),
          )
        : el(
            "p",
            {},
            `No skill to build: the ${from.title} already needs every skill of the ` +
              `${to.title} at that level or more.`,
          ),
    );
  }

  function renderCompare(data, a, b, heading) {
    if (!a || !b) {
      return {
        status: a || b ? "Choose a second role to compare." : "Choose two roles to compare.",
        nodes: [],
      };
    }
    if (a === b) {
      return { status: `Both pickers name ${a.title}: choose another role to compare.`, nodes: [] };
    }
    const rows = compareRows(data, a, b);
    const differing = rows.filter((r) => r.differs).length;
    const onlyId = nextId("hb-only");
    const only = el("input", { type: "checkbox", id: onlyId, class: "hb-planner__only" });
    const table = el(
      "table",
      { class: "hb-table hb-compare hb-planner__table" },
      el("caption", { class: "hb-planner__caption" }, `${a.title} and ${b.title} side by side`),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("td", {}),
          el("th", { scope: "col" }, roleLink(a)),
          el("th", { scope: "col" }, roleLink(b)),
        ),
      ),
      el(
        "tbody",
        {},
        rows.map((row) =>
          el(
            "tr",
            { class: row.differs ? "hb-planner__row hb-planner__row--differs" : "hb-planner__row" },
            el(
              "th",
              { scope: "row" },
              row.label,
              row.differs ? el("span", { class: "hb-planner__badge" }, "differs") : null,
            ),
            row.cells.map((cell) => el("td", {}, cell)),
          ),
        ),
      ),
    );
    only.addEventListener("change", () => table.classList.toggle("hb-planner--only", only.checked));
    const sub = `h${Math.min(Number(heading[1]) + 1, 6)}`;
    const moves = [directMove(a, b), directMove(b, a)].filter(Boolean);
    const scroller = el(
      "div",
      {
        class: "hb-table-scroll",
        role: "region",
        tabindex: "0",
        "aria-label": `${a.title} and ${b.title} compared`,
      },
      table,
    );
    const movesLine = moves.length
      ? el("p", { class: "hb-planner__moves" }, joinWith(moves, " "))
      : null;
    return {
      status: `${a.title} and ${b.title}: ${differing} of ${rows.length} rows differ.`,
      nodes: [
        el(
          "p",
          { class: "hb-planner__option" },
          el("label", { for: onlyId }, only, " Show only what differs"),
        ),
        scroller,
        el(
          "p",
          { class: "hb-muted" },
          "Skills run from 1 (basic) to 5 (expert); rows marked “differs” are not the same " +
            "for the two roles.",
        ),
        movesLine,
        ownNote([scroller, movesLine]),
        el(heading, { class: "hb-planner__heading" }, "Skills to build"),
        gapList(a, b, sub),
        gapList(b, a, sub),
      ],
    };
  }

  // ---- Route -----------------------------------------------------------------------------------
  function noRoute(data, from, to) {
    const into = data.incoming.get(to.id);
    if (!into.length) return `No move leads into ${to.title}; it is filled from outside.`;
    const out = data.moves.get(from.id);
    if (!out.length) {
      const outside = (from.progression || []).filter((m) => m.outside).map((m) => m.outside);
      return (
        `No move leads from ${from.title} to another role in this handbook` +
        (outside.length ? ` (its next steps lead outside it: ${outside.join(", ")})` : "") +
        `, so no route starts from it.`
      );
    }
    const reach = reachable(data, from.id).map((id) => data.byId.get(id).title);
    const sources = into.map((m) => data.byId.get(m.from).title);
    let text =
      `No chain of moves leads from ${from.title} to ${to.title} in this handbook; from ` +
      `${from.title} the moves reach ${list(reach, "and")}, and ${to.title} is reached ` +
      `only from ${list(sources, "or")}.`;
    if (fewestMoves(data, to.id, from.id)) {
      text += ` A route runs the other way, from ${to.title} to ${from.title}.`;
    }
    return text;
  }

  const totalMonths = (steps) => steps.reduce((sum, s) => sum + s.move.typical_months.max, 0);

  function routeBlock(data, steps, title, heading) {
    const from = data.byId.get(steps[0].from);
    const low = steps.reduce((sum, s) => sum + s.move.typical_months.min, 0);
    const high = totalMonths(steps);
    const kinds = steps.map((s) => s.move.kind);
    // A total made of any own typical time is the organisation's own figure too.
    const ownTime = steps.some((s) => s.move.typical_months.basis === "own");
    const promotions = kinds.filter((k) => k === "promotion").length;
    const lateral = kinds.length - promotions;
    const mix = [
      promotions ? plural(promotions, "promotion") : null,
      lateral ? plural(lateral, "lateral move") : null,
    ].filter(Boolean);
    return el(
      "section",
      { class: "hb-route", "aria-label": title },
      el(heading, { class: "hb-planner__heading" }, title),
      el(
        "p",
        { class: "hb-route__total" },
        el("strong", {}, plural(steps.length, "move")),
        ` (${mix.join(", ")}), typically ${months(low, high)} in all`,
        ownMark(ownTime ? "own" : "sourced"),
        `. Pay at the start, as ${from.title}: `,
        payCell(from),
        ".",
      ),
      el(
        "ol",
        { class: "hb-route__steps" },
        steps.map((step) => {
          const a = data.byId.get(step.from);
          const b = data.byId.get(step.move.to);
          const gaps = skillGaps(a, b);
          return el(
            "li",
            { class: "hb-route__step" },
            el(
              "p",
              { class: "hb-route__head" },
              roleLink(a),
              " → ",
              roleLink(b),
              " ",
              el(
                "span",
                { class: `hb-move__kind hb-move__kind--${step.move.kind}` },
                kindText(step.move),
              ),
              " typically after ",
              typicalCell(step.move),
            ),
            el(
              "ul",
              { class: "hb-route__facts" },
              el("li", {}, el("strong", {}, "What it takes:"), " ", step.move.requirements),
              el(
                "li",
                {},
                el("strong", {}, "Skills to build:"),
                " ",
                gaps.length ? joinWith(gaps.map(gapText), "; ") : "none beyond what you have",
              ),
              el("li", {}, el("strong", {}, "Pay:"), " ", payCell(b)),
            ),
          );
        }),
      ),
    );
  }

  function renderRoute(data, from, to, heading) {
    if (!from || !to) {
      return {
        status:
          from || to
            ? "Choose both ends of the route."
            : "Choose where you are and where you want to be.",
        nodes: [],
      };
    }
    if (from === to) {
      const status = `Both pickers name ${from.title}: choose another role to go to.`;
      return { status, nodes: [] };
    }
    const fewest = fewestMoves(data, from.id, to.id);
    if (!fewest) {
      const why = noRoute(data, from, to);
      return {
        status: `No route from ${from.title} to ${to.title}.`,
        nodes: [el("p", { class: "hb-planner__none" }, why)],
      };
    }
    const quick = quickest(data, from.id, to.id);
    const faster = quick && totalMonths(quick) < totalMonths(fewest);
    const nodes = [routeBlock(data, fewest, "Fewest moves", heading)];
    if (faster) nodes.push(routeBlock(data, quick, "Quickest by typical time", heading));
    const note = ownNote(nodes);
    if (note) nodes.push(note);
    const beyond = (to.progression || []).filter((m) => m.outside).map((m) => m.outside);
    if (beyond.length) {
      nodes.push(
        el(
          "p",
          { class: "hb-muted" },
          `From ${to.title}, moves also lead outside this handbook: ${beyond.join(", ")}.`,
        ),
      );
    }
    const time = (steps) => {
      const low = steps.reduce((sum, s) => sum + s.move.typical_months.min, 0);
      return months(low, totalMonths(steps));
    };
    return {
      status:
        `From ${from.title} to ${to.title}: ${plural(fewest.length, "move")}, typically ` +
        `${time(fewest)}` +
        (faster ? `; quicker by ${plural(quick.length, "move")}, typically ${time(quick)}.` : "."),
      nodes,
    };
  }

  const PLANNERS = {
    compare: {
      keys: ["a", "b"],
      labels: ["First role", "Second role"],
      hints: ["Choose a role…", "Choose a role…"],
      swapLabel: "Swap the two roles",
      formLabel: "Roles to compare",
      render: renderCompare,
    },
    route: {
      keys: ["from", "to"],
      labels: ["From (where you are)", "To (where you want to be)"],
      hints: ["Choose a role…", "Choose a role…"],
      swapLabel: "Swap the start and the goal",
      formLabel: "Ends of the route",
      render: renderRoute,
    },
  };

  function mountPlanners() {
    const hosts = [...document.querySelectorAll("[data-hb-planner]")].filter(
      (host) => PLANNERS[host.dataset.hbPlanner] && !host.dataset.hbMounted,
    );
    if (!hosts.length) return;
    for (const host of hosts) host.dataset.hbMounted = "loading";
    loadRoles().then(
      (data) => {
        for (const host of hosts) {
          if (host.isConnected) mountPlanner(host, data, PLANNERS[host.dataset.hbPlanner]);
        }
      },
      (error) => {
        for (const host of hosts) {
          host.replaceChildren(
            el(
              "p",
              { class: "hb-planner__note" },
              `The planner could not load the roles (${error.message}); the pages of this ` +
                "handbook still show every role.",
            ),
          );
          host.hidden = false;
          delete host.dataset.hbMounted;
        }
      },
    );
  }

  // ---- "Am I ready?" checklists: ticks kept in this browser only ---------------------------
  const READY = "hb-ready:";

  function readTicks(key) {
    try {
      const value = JSON.parse(localStorage.getItem(READY + key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return []; // storage off or unreadable: nothing ticked
    }
  }

  function writeTicks(key, ticked) {
    try {
      if (ticked.length) localStorage.setItem(READY + key, JSON.stringify(ticked));
      else localStorage.removeItem(READY + key);
    } catch (error) {
      // storage off: the ticks last until the page is left
    }
  }

  const boxes = (list) => [...list.querySelectorAll('input[type="checkbox"][data-hb-item]')];

  function progress(list) {
    const all = boxes(list);
    const done = all.filter((box) => box.checked).length;
    let line = list.querySelector(".hb-ready__progress");
    if (!line) {
      const clear = el(
        "button",
        { type: "button", class: "hb-ready__clear" },
        "Clear my ticks",
      );
      clear.addEventListener("click", () => {
        for (const box of boxes(list)) box.checked = false;
        writeTicks(list.dataset.hbReady, []);
        progress(list);
      });
      line = el("p", { class: "hb-ready__progress" }, el("span", {}), " ", clear);
      list.append(line);
    }
    line.firstChild.textContent = `${done} of ${all.length} ticked.`;
    line.querySelector("button").hidden = done === 0;
    list.classList.toggle("hb-ready--started", done > 0);
  }

  function restoreChecklists() {
    for (const list of document.querySelectorAll("[data-hb-ready]")) {
      const ticked = new Set(readTicks(list.dataset.hbReady));
      for (const box of boxes(list)) box.checked = ticked.has(box.dataset.hbItem);
      progress(list);
      const details = list.closest("details");
      if (ticked.size && details) details.open = true; // show a person where they left off
    }
  }

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement)) return;
    if (!box.matches("[data-hb-ready] [data-hb-item]")) return;
    const list = box.closest("[data-hb-ready]");
    const ticked = boxes(list).filter((b) => b.checked).map((b) => b.dataset.hbItem);
    writeTicks(list.dataset.hbReady, ticked);
    progress(list);
  });

  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key.startsWith(READY)) restoreChecklists();
  });

  // Printing: a checklist prints as the reader left it. One they opened (or ticked: those
  // open by themselves) prints in full; the others print as their one-line move, which keeps
  // a printed role card short. Material opens every <details> before printing, so what the
  // reader had open is remembered as they go and marked for print (planner.css).
  const openByReader = new WeakSet();
  let printing = false;
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (printing || !(details instanceof HTMLDetailsElement)) return;
      if (!details.matches("details.hb-move__details")) return;
      if (details.open) openByReader.add(details);
      else openByReader.delete(details);
    },
    true,
  );
  window.addEventListener("beforeprint", () => {
    printing = true;
    for (const details of document.querySelectorAll("details.hb-move__details")) {
      const ticked = details.querySelector("input[data-hb-item]:checked");
      details.toggleAttribute("data-hb-print", openByReader.has(details) || Boolean(ticked));
    }
  });
  window.addEventListener("afterprint", () => {
    printing = false;
  });

  // ---- Every page: the first load and each instant navigation -------------------------------
  function onPage() {
    restoreChecklists();
    mountPlanners();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
