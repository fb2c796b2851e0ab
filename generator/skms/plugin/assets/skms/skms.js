/* skms: filter and sort the lists of a page in the browser, with no request.
   A list is any element with data-skms-filter="facet facet..."; its items carry data-<facet>
   attributes ("a|b" for several values). Headers with data-sort sort their table by that
   column (data-key on a cell, else its text). Tag clouds (data-skms-find) get a text filter.
   Without JavaScript every list is shown in full, as written. */
(function () {
  "use strict";
  var LABELS = { severity: "Severity", status: "Status", service: "Service", year: "Year",
                 tier: "Tier", kind: "Kind" };

  function values(items, facet) {
    var seen = {};
    items.forEach(function (item) {
      (item.getAttribute("data-" + facet) || "").split("|").forEach(function (v) {
        if (v) seen[v] = true;
      });
    });
    var out = Object.keys(seen).sort();
    if (facet === "year") out.reverse();
    return out;
  }

  function setUpFilter(box) {
    if (box.getAttribute("data-skms-ready")) return;
    box.setAttribute("data-skms-ready", "1");
    var items = Array.prototype.slice.call(box.querySelectorAll("[data-item]"));
    var facets = box.getAttribute("data-skms-filter").split(" ").filter(Boolean);
    var bar = document.createElement("form");
    bar.className = "skms-filterbar";
    bar.setAttribute("role", "search");
    var selects = {};
    facets.forEach(function (facet) {
      var options = values(items, facet);
      if (options.length < 2) return;
      var label = document.createElement("label");
      label.textContent = (LABELS[facet] || facet) + " ";
      var select = document.createElement("select");
      select.name = facet;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "all";
      select.appendChild(all);
      options.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v;
        select.appendChild(o);
      });
      label.appendChild(select);
      bar.appendChild(label);
      selects[facet] = select;
    });
    if (!Object.keys(selects).length) return;
    var count = document.createElement("output");
    count.className = "skms-note";
    bar.appendChild(count);
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var ok = Object.keys(selects).every(function (facet) {
          var want = selects[facet].value;
          return !want || (item.getAttribute("data-" + facet) || "").split("|").indexOf(want) >= 0;
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      box.querySelectorAll("[data-section]:not([data-item])").forEach(function (section) {
        section.hidden = !section.querySelector("[data-item]:not([hidden])");
      });
      count.textContent = shown + " of " + items.length;
    }
    bar.addEventListener("change", apply);
    bar.addEventListener("submit", function (e) { e.preventDefault(); });
    box.insertBefore(bar, box.firstChild);
    apply();
  }

  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var k = cell.getAttribute("data-key");
    return k !== null ? k : cell.textContent.trim().toLowerCase();
  }

  function setUpSort(th) {
    if (th.getAttribute("data-skms-ready")) return;
    th.setAttribute("data-skms-ready", "1");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "skms-sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    th.addEventListener("click", function () {  // the whole cell, not only its text
      var table = th.closest("table");
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var descending = th.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var numeric = th.getAttribute("data-sort") === "number";
      Array.prototype.forEach.call(table.tBodies, function (body) {
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a, index), y = key(b, index);
          if (numeric) { x = x === "" ? Infinity : +x; y = y === "" ? Infinity : +y; }
          var c = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function setUpFind(cloud) {
    if (cloud.getAttribute("data-skms-ready")) return;
    cloud.setAttribute("data-skms-ready", "1");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "skms-find";
    input.placeholder = "Filter tags";
    input.setAttribute("aria-label", "Filter tags");
    var chips = Array.prototype.slice.call(cloud.querySelectorAll("[data-name]"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      chips.forEach(function (c) { c.hidden = q && c.getAttribute("data-name").indexOf(q) < 0; });
      cloud.querySelectorAll("[data-section]").forEach(function (section) {
        section.hidden = !section.querySelector("[data-name]:not([hidden])");
      });
    });
    cloud.insertBefore(input, cloud.firstChild);
  }

  function setUp() {
    document.querySelectorAll("[data-skms-filter]").forEach(setUpFilter);
    document.querySelectorAll("th[data-sort]").forEach(setUpSort);
    document.querySelectorAll("[data-skms-find]").forEach(setUpFind);
  }

  // Material's instant navigation swaps pages without a load event: it announces each on document$.
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
