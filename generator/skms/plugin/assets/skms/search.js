/* skms search: Pagefind's index, fetched in small chunks per query, in a Material-styled dialog
 * (header button, `/` or `s`) and on the /search/?q= page. Keyboard first: arrows move, Enter
 * opens, Escape closes. Every request goes to this site: the index and its script live in
 * /pagefind/ beside the pages.
 *
 * Query syntax: words (a page must hold all of them; pages that hold only some follow),
 * "quoted phrases", and filters written as key:value — kind:runbook service:checkout
 * severity:SEV1 status:open year:2026 (several values of one key: any of them).
 */
(() => {
  "use strict";

  const FILTER_KEYS = ["kind", "service", "severity", "status", "year"];
  const KIND_LABELS = {
    review: "Incident review", problem: "Problem", runbook: "Runbook", service: "Service",
    readiness: "Release readiness", article: "Article", page: "Page",
  };
  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 60;

  const appConfig = (() => {
    try { return JSON.parse(document.getElementById("__config").textContent); }
    catch (_) { return {}; }
  })();
  const siteRoot = new URL((appConfig.base || ".") + "/", location.href);

  let engine = null;
  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pf) => {
        await pf.options({ baseUrl: siteRoot.pathname, excerptLength: 24 });
        return pf;
      });
    }
    return engine;
  }

  /* "kafka lag service:checkout" -> { term: "kafka lag", filters: { service: ["checkout"] } } */
  function parseQuery(text) {
    const filters = {};
    const words = [];
    for (const token of text.match(/"[^"]*"?|\S+/g) || []) {
      const m = /^([a-z]+):(.+)$/i.exec(token);
      const key = m && m[1].toLowerCase();
      if (key && FILTER_KEYS.includes(key)) {
        let value = m[2];
        if (key === "severity") value = value.toUpperCase();
        else if (key !== "service") value = value.toLowerCase();
        (filters[key] = filters[key] || []).push(value);
      } else {
        words.push(token);
      }
    }
    return { term: words.join(" ").trim(), filters };
  }

  function pagefindFilters(filters) {
    const out = {};
    for (const [key, values] of Object.entries(filters)) {
      if (values.length) out[key] = values.length === 1 ? values[0] : { any: values };
    }
    return out;
  }

  /* The record a query names exactly, if any: an id (`INC-0042`, `catalog-search`), an alert
   * name (`KafkaConsumerLagHigh`) or an alert typed as words (`kafka consumer lag high`).
   * Each record's page holds `skmsid_<id>` and its alert names as heavy words; a hit is
   * checked against the record's metadata, since Pagefind also matches word prefixes. */
  async function exactMatch(pf, term, options) {
    const words = term.replace(/"/g, "").toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length || words.length > 8) return null;
    const lookups = [];
    if (words.length === 1 && /^[\w.-]+$/.test(words[0])) {
      const id = words[0];
      lookups.push([`skmsid_${id.replace(/[^a-z0-9_]/g, "_")}`, (m) => (m.id || "").toLowerCase() === id]);
    }
    const joined = words.join("").replace(/[^a-z0-9_]/g, "");
    if (/[a-z]/.test(joined)) {
      lookups.push([joined, (m) => (m.alerts || "").toLowerCase().split(" ").includes(joined)]);
    }
    // Both lookups at once: each costs a round trip for its index chunk and its fragments.
    const hits = await Promise.all(lookups.map(async ([word, isIt]) => {
      const top = (await pf.search(word, options)).results.slice(0, 3);
      const data = await Promise.all(top.map((r) => r.data()));
      const i = data.findIndex((d) => isIt(d.meta || {}));
      return i >= 0 ? top[i] : null;
    }));
    return hits.find(Boolean) || null;
  }

  /* Pages holding every word first (Pagefind's order), then pages holding only some of them:
   * a query typed from memory rarely has all its words on the right page. */
  async function find(text, chosen) {
    let pf;
    try {
      pf = await pagefind();
    } catch (_) {
      return { results: [], filters: {}, unavailable: true }; // a site with nothing indexed
    }
    const { term, filters } = parseQuery(text);
    for (const [key, value] of Object.entries(chosen)) {
      if (value) filters[key] = [...(filters[key] || []), value];
    }
    const hasFilter = Object.keys(filters).length > 0;
    if (!term && !hasFilter) return { results: [], filters: {} };
    const options = { filters: pagefindFilters(filters) };
    const [first, full] = await Promise.all([exactMatch(pf, term, options), pf.search(term || null, options)]);
    if (first) full.results = [first, ...full.results.filter((r) => r.id !== first.id)];
    const words = term.replace(/"/g, "").split(/\s+/).filter(Boolean);
    if (words.length < 2 || full.results.length >= PAGE_SIZE) return full;
    const seen = new Set(full.results.map((r) => r.id));
    const partial = new Map();
    for (const search of await Promise.all(words.map((w) => pf.search(w, options)))) {
      for (const r of search.results) {
        if (seen.has(r.id)) continue;
        const entry = partial.get(r.id) || { r, n: 0, score: 0 };
        entry.n += 1;
        entry.score += r.score;
        partial.set(r.id, entry);
      }
    }
    const rest = [...partial.values()]
      .filter((e) => e.n > 0)
      .sort((a, b) => b.n - a.n || b.score - a.score)
      .map((e) => e.r);
    return { ...full, results: [...full.results, ...rest] };
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== "") {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /* Pagefind's excerpt is escaped text with <mark> around matches: keep exactly that, minus
   * the `skmsid_…` lookup words the index holds for ids (see exactMatch). */
  function excerpt(htmlText) {
    const template = document.createElement("template");
    template.innerHTML = htmlText || "";
    const out = el("span", { class: "skms-result__excerpt" });
    const clean = (text) => text.replace(/\bskmsid_\w+\.?\s?/g, "");
    for (const node of template.content.childNodes) {
      const text = clean(node.textContent || "");
      if (!text) continue;
      out.append(node.nodeName === "MARK" ? el("mark", {}, text) : text);
    }
    return out;
  }

  function css(value) {
    return String(value).toLowerCase().replace(/[^a-z0-9-]/g, "-");
  }

  function resultItem(data) {
    const meta = data.meta || {};
    const kind = meta.kind || "page";
    const facts = el("span", { class: "skms-result__facts" },
      el("span", { class: "skms-kind" }, KIND_LABELS[kind] || kind),
      meta.id ? el("code", { class: "skms-id" }, meta.id) : null,
      meta.severity ? el("span", { class: `skms-badge skms-badge--severity-${css(meta.severity)}` }, meta.severity) : null,
      meta.status ? el("span", { class: `skms-badge skms-badge--${kind === "review" ? "status" : kind}-${css(meta.status)}` }, meta.status) : null,
      meta.services ? el("span", { class: "skms-result__services" }, meta.services) : null,
      meta.date ? el("time", { datetime: meta.date }, meta.date) : null,
    );
    const link = el("a", { class: "skms-result__link", href: data.url },
      el("span", { class: "skms-result__title" }, meta.title || data.url),
      facts,
      excerpt(data.excerpt),
    );
    return el("li", { class: "skms-result", role: "option" }, link);
  }

  /* One search box with its filters and results: the dialog's or the /search/ page's. */
  class SearchView {
    constructor(root, { onQuery } = {}) {
      this.root = root;
      this.input = root.querySelector(".skms-search-input");
      this.list = root.querySelector("[data-search-results]");
      this.status = root.querySelector(".skms-search-status");
      this.filterBox = root.querySelector(".skms-search-filters");
      this.onQuery = onQuery;
      this.chosen = {};
      this.seq = 0;
      this.active = -1;
      this.timer = null;
      this.input.addEventListener("input", () => this.schedule());
      this.input.addEventListener("keydown", (e) => this.key(e));
      root.querySelector("form").addEventListener("submit", (e) => {
        e.preventDefault();
        this.open(this.active >= 0 ? this.active : 0);
      });
    }

    schedule() {
      clearTimeout(this.timer);
      pagefind().then((pf) => { const q = parseQuery(this.input.value).term; if (q) pf.preload(q); }).catch(() => {});
      this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
    }

    async run() {
      const seq = ++this.seq;
      const text = this.input.value;
      if (this.onQuery) this.onQuery(text);
      const found = await find(text, this.chosen);
      if (seq !== this.seq) return;
      if (found.unavailable) {
        this.setStatus("This site has no pages to search yet");
        return;
      }
      this.results = found.results;
      this.shown = 0;
      this.list.replaceChildren();
      this.list.removeAttribute("data-query");
      this.active = -1;
      if (!text.trim() && !Object.values(this.chosen).some(Boolean)) {
        this.setStatus("");
        this.renderFilters();
        return;
      }
      await this.more();
      if (seq !== this.seq) return;
      // Marks the list as complete for this query: a stable hook for scripts and tests.
      this.list.setAttribute("data-query", text);
      this.setStatus(this.results.length ? `${this.results.length} result${this.results.length === 1 ? "" : "s"}` : "No results");
      if (this.results.length) this.highlight(0);
      // The filters' counts are a download of their own (about 90 KB at 10,000 records):
      // fetched once the first results are on screen, not before.
      this.renderFilters();
    }

    async more() {
      const seq = this.seq;
      const page = this.results.slice(this.shown, this.shown + PAGE_SIZE);
      const data = await Promise.all(page.map((r) => r.data()));
      if (seq !== this.seq) return;
      this.list.querySelector(".skms-result--more")?.remove();
      for (const d of data) this.list.append(resultItem(d));
      this.shown += page.length;
      if (this.shown < this.results.length) {
        const button = el("button", { type: "button", class: "md-button skms-result__more-button" },
          `Show more (${this.results.length - this.shown})`);
        button.addEventListener("click", () => this.more());
        this.list.append(el("li", { class: "skms-result skms-result--more" }, button));
      }
    }

    setStatus(text) {
      if (this.status) this.status.textContent = text;
    }

    async renderFilters() {
      // Once per box: runs overlap while someone types.
      if (!this.filterBox || this.filtersDrawn) return;
      this.filtersDrawn = true;
      let pf;
      try {
        pf = await pagefind();
      } catch (_) {
        return;
      }
      const all = await pf.filters();
      const labels = { kind: "Kind", service: "Service", severity: "Severity", status: "Status", year: "Year" };
      for (const key of FILTER_KEYS) {
        const values = Object.keys(all[key] || {}).sort();
        if (!values.length) continue;
        if (key === "year") values.reverse();
        const select = el("select", { "aria-label": labels[key], "data-filter": key },
          el("option", { value: "" }, `${labels[key]}: any`),
          ...values.map((v) => el("option", { value: v },
            `${key === "kind" ? KIND_LABELS[v] || v : v} (${all[key][v]})`)));
        select.addEventListener("change", () => {
          this.chosen[key] = select.value;
          this.run();
        });
        this.filterBox.append(select);
      }
    }

    items() {
      return [...this.list.querySelectorAll(".skms-result:not(.skms-result--more) > a")];
    }

    highlight(index) {
      const items = this.items();
      if (!items.length) return;
      this.active = Math.max(0, Math.min(index, items.length - 1));
      items.forEach((a, i) => {
        a.parentElement.classList.toggle("skms-result--active", i === this.active);
        a.parentElement.setAttribute("aria-selected", i === this.active ? "true" : "false");
      });
      items[this.active].scrollIntoView({ block: "nearest" });
    }

    open(index) {
      const items = this.items();
      if (items[index]) location.href = items[index].href;
    }

    key(event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        this.highlight(this.active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        this.highlight(this.active - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(this.timer);
        if (this.list.childElementCount) this.open(Math.max(this.active, 0));
        else this.run().then(() => this.open(0));
      }
    }
  }

  const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

  function searchBox() {
    return `<form class="skms-search-form" role="search">
<span class="skms-search-form__icon">${ICON}</span>
<input class="skms-search-input" type="search" aria-label="Search" placeholder="Alert name, id, service or symptom" autocomplete="off" autocapitalize="off" spellcheck="false">
<kbd class="skms-search-form__hint">Esc</kbd>
</form>
<div class="skms-search-filters"></div>
<p class="skms-search-status" aria-live="polite"></p>
<ol class="skms-search-results" data-search-results role="listbox"></ol>`;
  }

  let dialog = null;
  let dialogView = null;

  function openDialog() {
    if (!dialog) {
      dialog = el("div", { class: "skms-search-dialog", role: "dialog", "aria-modal": "true", "aria-label": "Search", hidden: "" });
      const panel = el("div", { class: "skms-search-dialog__panel" });
      panel.innerHTML = searchBox();
      const backdrop = el("div", { class: "skms-search-dialog__backdrop" });
      backdrop.addEventListener("click", closeDialog);
      dialog.append(backdrop, panel);
      document.body.append(dialog);
      dialogView = new SearchView(panel);
      pagefind().catch(() => {}); // start loading the engine; a failure shows when searching
    }
    dialog.hidden = false;
    document.documentElement.classList.add("skms-search-open");
    dialogView.input.focus();
    dialogView.input.select();
  }

  function closeDialog() {
    if (!dialog || dialog.hidden) return;
    dialog.hidden = true;
    document.documentElement.classList.remove("skms-search-open");
  }

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  /* Captured before Material's own keyboard handler, which would toggle its absent search. */
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && dialog && !dialog.hidden) {
      event.preventDefault();
      event.stopPropagation();
      closeDialog();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      event.stopPropagation();
      openDialog();
    }
  }, true);

  document.addEventListener("click", (event) => {
    const opener = event.target instanceof Element && event.target.closest("[data-skms-search-open]");
    if (opener) {
      event.preventDefault();
      openDialog();
    }
  });

  function headerButton() {
    const header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".skms-search-button")) return;
    const button = el("button", { type: "button", class: "skms-search-button", "data-skms-search-open": "", "aria-label": "Search", title: "Search (/)" });
    button.innerHTML = `${ICON}<span class="skms-search-button__label">Search</span><kbd>/</kbd>`;
    const source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
  }

  function searchPage() {
    const root = document.querySelector("[data-skms-search-page]");
    if (!root) return;
    const view = new SearchView(root, {
      onQuery: (text) => {
        const url = new URL(location.href);
        if (text) url.searchParams.set("q", text);
        else url.searchParams.delete("q");
        history.replaceState(null, "", url);
      },
    });
    const q = new URL(location.href).searchParams.get("q") || "";
    view.input.value = q;
    if (q) view.run();
    else view.input.focus();
  }

  headerButton();
  searchPage();
  window.skmsSearch = { find, parseQuery, pagefind, open: openDialog };
})();
