/* teikit HTML edition: faceted browsing without a server. Filters documents by date (with a
   timeline), kind, person, organization, place, archive, collection and original language, with
   counts per value, over the data files assets/facets/ lists (loaded with script elements, so it
   works from file: too, and only when needed). The index page shows the matching documents; the
   search page (search.js) narrows its hits with the same filters through window.TEIKIT_BROWSE. */
(function () {
  "use strict";
  var manifest = window.TEIKIT_FACETS;
  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  var DATA = (window.TEIKIT_FACET_DATA = window.TEIKIT_FACET_DATA || {});
  // Facets where every chosen value must occur (a document names many persons); in the others any may.
  var ALL_OF = { person: true, organization: true, place: true };
  var SHOWN = 8, PAGE = 50, FOUND = 30;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  var n = manifest ? manifest.documents : 0, block = manifest ? manifest.block : 1;
  var dates = null;            // Int32Array: YYYYMMDD per document (0: undated)
  var facets = {};             // id -> {def, values, docs (decoded lazily), index (key -> value number)}
  var chosen = {};             // id -> array of value numbers
  var pendingKeys = {};        // id -> keys from the address, until the facet has loaded
  var range = { from: 0, to: 0 };
  var universe = null;         // Uint8Array or null (all documents): the search's hits
  var listeners = [];
  var loading = {};
  var shownRows = PAGE;
  var el = {};

  function load(entry) {
    if (!loading[entry.src]) {
      loading[entry.src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(entry.src + "?v=" + entry.v, here).href;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("cannot load " + entry.src)); };
        document.head.appendChild(script);
      });
    }
    return loading[entry.src];
  }

  function decode(text, signed) {
    var parts = text ? text.split(".") : [], out = new Int32Array(parts.length), previous = signed ? 0 : -1;
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i], gap = p.charAt(0) === "-" ? -parseInt(p.slice(1), 36) : parseInt(p, 36);
      previous += gap;
      out[i] = previous;
    }
    return out;
  }

  function loadDates() {
    return load(manifest.dates).then(function () {
      if (!dates) { dates = decode(DATA.dates, true); }
    });
  }

  function loadFacet(id) {
    var def = manifest.facets.filter(function (f) { return f.id === id; })[0];
    if (!def) { return Promise.resolve(); }
    return load(def).then(function () {
      if (facets[id]) { return; }
      var data = DATA[id], index = {};
      data.values.forEach(function (v, i) { index[v[0]] = i; });
      facets[id] = { def: def, values: data.values, raw: data.docs, docs: [], index: index };
      (pendingKeys[id] || []).forEach(function (key) {
        if (key in index) { toggle(id, index[key], true, true); }
      });
      delete pendingKeys[id];
    });
  }

  function postings(facet, value) {
    if (!facet.docs[value]) { facet.docs[value] = decode(facet.raw[value], false); }
    return facet.docs[value];
  }

  // ---- Filtering ----

  function active() {
    if (range.from || range.to) { return true; }
    for (var id in chosen) { if (chosen[id].length) { return true; } }
    return false;
  }

  function dateBounds(text, end) {
    var m = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/.exec(text || "");
    if (!m) { return 0; }
    var y = +m[1], mo = m[2] ? +m[2] : (end ? 12 : 0), d = m[3] ? +m[3] : (end ? 31 : 0);
    return y * 10000 + mo * 100 + d;
  }

  // Documents passing every filter but those of `skip` (a facet id, "date", or null): a Uint8Array.
  function matching(skip) {
    var set = new Uint8Array(n), i;
    if (universe) { set.set(universe); } else { set.fill(1); }
    if (skip !== "date" && (range.from || range.to) && dates) {
      for (i = 0; i < n; i++) {
        if (set[i] && (dates[i] === 0 || (range.from && dates[i] < range.from) || (range.to && dates[i] > range.to))) { set[i] = 0; }
      }
    }
    for (var id in chosen) {
      var values = chosen[id], facet = facets[id];
      if (!values.length || !facet || (id === skip && !ALL_OF[id])) { continue; }
      if (ALL_OF[id]) {
        values.forEach(function (value) {
          var mark = new Uint8Array(n), docs = postings(facet, value);
          for (var j = 0; j < docs.length; j++) { mark[docs[j]] = 1; }
          for (var k = 0; k < n; k++) { set[k] &= mark[k]; }
        });
      } else {
        var any = new Uint8Array(n);
        values.forEach(function (value) {
          var docs = postings(facet, value);
          for (var j = 0; j < docs.length; j++) { any[docs[j]] = 1; }
        });
        for (i = 0; i < n; i++) { set[i] &= any[i]; }
      }
    }
    return set;
  }

  function counts(id) {
    var facet = facets[id], base = matching(id), out = new Int32Array(facet.values.length);
    for (var v = 0; v < facet.values.length; v++) {
      var docs = postings(facet, v), c = 0;
      for (var j = 0; j < docs.length; j++) { c += base[docs[j]]; }
      out[v] = c;
    }
    return out;
  }

  // ---- The address: ?from=1957&to=1958&person=kim-il-sung ----

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    range.from = dateBounds(params.get("from"), false);
    range.to = dateBounds(params.get("to"), true);
    if (el.from) { el.from.value = params.get("from") || ""; el.to.value = params.get("to") || ""; }
    (manifest.facets || []).forEach(function (def) {
      var keys = params.getAll(def.id);
      if (keys.length) { pendingKeys[def.id] = keys; }
    });
  }

  function writeAddress() {
    var url = new URL(window.location.href), params = url.searchParams;
    ["from", "to"].concat(manifest.facets.map(function (f) { return f.id; })).forEach(function (k) { params.delete(k); });
    if (el.from && el.from.value.trim()) { params.set("from", el.from.value.trim()); }
    if (el.to && el.to.value.trim()) { params.set("to", el.to.value.trim()); }
    for (var id in chosen) {
      chosen[id].forEach(function (v) { params.append(id, facets[id].values[v][0]); });
    }
    window.history.replaceState(null, "", url);
  }

  // ---- Drawing ----

  function node(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function plural(c, word) { return c + " " + word + (c === 1 ? "" : "s"); }

  function toggle(id, value, on, quiet) {
    var list = chosen[id] || (chosen[id] = []), at = list.indexOf(value);
    if (on && at === -1) { list.push(value); }
    if (!on && at !== -1) { list.splice(at, 1); }
    if (!quiet) { changed(); }
  }

  function drawFacet(def) {
    var box = document.getElementById("facet-" + def.id);
    var facet = facets[def.id];
    if (!box || !facet || !box.open) { return; }
    var list = box.querySelector("ul.facet-values"), finder = box.querySelector("input.facet-find");
    var c = counts(def.id), query = ((finder && finder.value) || "").toLowerCase();
    var picked = chosen[def.id] || [];
    var order = [];
    for (var v = 0; v < facet.values.length; v++) { order.push(v); }
    order.sort(function (a, b) { return (c[b] - c[a]) || (a - b); });
    var shown = order.filter(function (v) {
      if (picked.indexOf(v) !== -1) { return true; }
      if (!c[v]) { return false; }
      return query ? facet.values[v][1].toLowerCase().indexOf(query) !== -1 : true;
    });
    var limit = query ? FOUND : SHOWN, more = shown.length - limit;
    shown = shown.filter(function (v, i) { return i < limit || picked.indexOf(v) !== -1; });
    list.textContent = "";
    shown.forEach(function (v) {
      var id = "f-" + def.id + "-" + v;
      var li = node("li"), box2 = node("input", { type: "checkbox", id: id, "data-value": v });
      box2.checked = picked.indexOf(v) !== -1;
      box2.addEventListener("change", function () { toggle(def.id, v, box2.checked); });
      var label = node("label", { "for": id });
      label.appendChild(document.createTextNode(facet.values[v][1] + " "));
      label.appendChild(node("span", { "class": "count" }, "(" + c[v] + ")"));
      li.appendChild(box2);
      li.appendChild(label);
      list.appendChild(li);
    });
    var note = box.querySelector(".facet-more");
    note.textContent = more > 0 ? (query ? more + " more: type more letters" : more + " more: type to find them") : "";
  }

  function facetBox(def) {
    var details = node("details", { "class": "facet", id: "facet-" + def.id });
    var summary = node("summary", {}, def.label + " ");
    summary.appendChild(node("span", { "class": "count" }, "(" + def.values + ")"));
    details.appendChild(summary);
    var findId = "find-" + def.id;
    var finder = node("input", { type: "search", id: findId, "class": "facet-find", autocomplete: "off" });
    finder.addEventListener("input", function () { drawFacet(def); });
    // A short list needs no finding.
    if (def.values > SHOWN) {
      details.appendChild(node("label", { "for": findId, "class": "facet-find-label" }, "Find a " + def.label.toLowerCase()));
      details.appendChild(finder);
    }
    details.appendChild(node("ul", { "class": "facet-values", "aria-label": def.label }));
    details.appendChild(node("p", { "class": "facet-more", "aria-live": "polite" }));
    details.addEventListener("toggle", function () {
      if (details.open) { loadFacet(def.id).then(function () { drawFacet(def); }); }
    });
    return details;
  }

  // The timeline: documents per year (or per month, when the dates chosen lie in one year);
  // a bar filters when clicked; arrow keys move between bars (one tab stop for all).
  function drawTimeline() {
    var box = el.timeline;
    if (!box || !dates) { return; }
    var base = matching("date"), years = {}, lo = 0, hi = 0, i;
    for (i = 0; i < n; i++) {
      if (!dates[i]) { continue; }
      var y = Math.floor(dates[i] / 10000);
      if (!lo || y < lo) { lo = y; }
      if (y > hi) { hi = y; }
      if (base[i]) { years[y] = (years[y] || 0) + 1; }
    }
    var oneYear = range.from && range.to && Math.floor(range.from / 10000) === Math.floor(range.to / 10000);
    var bars = [];
    if (oneYear) {
      var year = Math.floor(range.from / 10000), months = new Int32Array(13);
      for (i = 0; i < n; i++) {
        if (base[i] && Math.floor(dates[i] / 10000) === year) { months[Math.floor(dates[i] / 100) % 100] += 1; }
      }
      for (var m = 1; m <= 12; m++) {
        var mm = (m < 10 ? "0" : "") + m;
        bars.push({ label: MONTHS[m - 1], name: MONTH_NAMES[m - 1] + " " + year, count: months[m],
          from: year + "-" + mm, to: year + "-" + mm,
          on: range.from <= year * 10000 + m * 100 + 31 && range.to >= year * 10000 + m * 100 });
      }
    } else if (lo) {
      for (var yy = lo; yy <= hi; yy++) {
        bars.push({ label: String(yy), name: String(yy), count: years[yy] || 0, from: String(yy), to: String(yy),
          on: (range.from || range.to) ? ((!range.from || range.from <= yy * 10000 + 1231) && (!range.to || range.to >= yy * 10000)) : false });
      }
    }
    var most = Math.max.apply(null, bars.map(function (b) { return b.count; }).concat([1]));
    box.textContent = "";
    var head = node("div", { "class": "timeline-head" });
    head.appendChild(node("h3", { id: "timeline-heading" }, oneYear ? "Documents per month, " + Math.floor(range.from / 10000) : "Documents per year"));
    if (oneYear) {
      var back = node("button", { type: "button", "class": "timeline-back" }, "All years");
      back.addEventListener("click", function () { setRange("", ""); });
      head.appendChild(back);
    }
    box.appendChild(head);
    var row = node("div", { "class": "timeline-bars", role: "toolbar", "aria-labelledby": "timeline-heading",
      "aria-orientation": "horizontal" });
    var focusAt = Math.max(0, bars.findIndex(function (b) { return b.on; }));
    bars.forEach(function (b, k) {
      var button = node("button", { type: "button", "class": "bar", tabindex: k === focusAt ? "0" : "-1",
        "aria-pressed": b.on ? "true" : "false", "aria-label": b.name + ": " + plural(b.count, "document"),
        title: b.name + ": " + plural(b.count, "document") });
      var area = node("span", { "class": "bar-area", "aria-hidden": "true" }), fill = node("span", { "class": "bar-fill" });
      fill.style.height = (b.count ? Math.max(3, Math.round(100 * b.count / most)) : 0) + "%";
      area.appendChild(fill);
      button.appendChild(area);
      // Every bar is labelled for assistive technology; on screen a long run of years shows every fifth,
      // and the first unless the next fifth is too close for both labels to fit.
      var tick = bars.length <= 16 || Number(b.label) % 5 === 0 || (k === 0 && Number(b.label) % 5 <= 2);
      button.appendChild(node("span", { "class": "bar-label", "aria-hidden": "true" }, tick ? b.label : ""));
      button.addEventListener("click", function () {
        if (b.on && range.from === dateBounds(b.from, false) && range.to === dateBounds(b.to, true)) { setRange("", ""); }
        else { setRange(b.from, b.to); }
      });
      button.addEventListener("keydown", function (event) {
        var buttons = row.querySelectorAll("button.bar"), to = -1;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") { to = Math.min(buttons.length - 1, k + 1); }
        else if (event.key === "ArrowLeft" || event.key === "ArrowUp") { to = Math.max(0, k - 1); }
        else if (event.key === "Home") { to = 0; }
        else if (event.key === "End") { to = buttons.length - 1; }
        if (to !== -1) {
          event.preventDefault();
          buttons[k].setAttribute("tabindex", "-1");
          buttons[to].setAttribute("tabindex", "0");
          buttons[to].focus();
        }
      });
      row.appendChild(button);
    });
    box.appendChild(row);
  }

  function setRange(from, to) {
    el.from.value = from;
    el.to.value = to;
    range.from = dateBounds(from, false);
    range.to = dateBounds(to, true);
    var keep = document.activeElement && document.activeElement.classList.contains("bar");
    changed();
    if (keep) {
      var focus = el.timeline.querySelector('button.bar[tabindex="0"]');
      if (focus) { focus.focus(); }
    }
  }

  // The result list of the index page: the matching documents in date order, PAGE at a time.
  function drawResults() {
    if (!el.results) { return; }
    var on = active(), table = document.getElementById("all-documents"), pages = document.querySelectorAll("nav.pages");
    if (table) { table.hidden = on; }
    Array.prototype.forEach.call(pages, function (p) { p.hidden = on; });
    el.results.hidden = !on;
    if (!on) { el.status.textContent = ""; return; }
    var set = matching(null), hits = [];
    for (var i = 0; i < n; i++) { if (set[i]) { hits.push(i); } }
    el.status.textContent = plural(hits.length, "document") + " match the filters";
    var wanted = hits.slice(0, shownRows), blocks = {};
    wanted.forEach(function (d) { blocks[Math.floor(d / block)] = manifest.rows[Math.floor(d / block)]; });
    Promise.all(Object.keys(blocks).map(function (b) { return load(blocks[b]); })).then(function () {
      var body = el.results.querySelector("tbody");
      body.textContent = "";
      wanted.forEach(function (d) {
        var row = DATA["rows/" + Math.floor(d / block) + ".js"][d % block], tr = node("tr");
        var date = node("td", { "class": "date" }, row[2]);
        var title = node("td", { "class": "title" }), a = node("a", { href: "documents/" + row[0] + ".html" }, row[1]);
        title.appendChild(a);
        tr.appendChild(date);
        tr.appendChild(title);
        tr.appendChild(node("td", { "class": "lang" }, row[3]));
        tr.appendChild(node("td", { "class": "archive" }, row[4]));
        body.appendChild(tr);
      });
      var more = el.results.querySelector("button.more");
      more.hidden = hits.length <= wanted.length;
      more.textContent = "Show " + Math.min(PAGE, hits.length - wanted.length) + " more";
    });
  }

  function redraw() {
    drawTimeline();
    manifest.facets.forEach(drawFacet);
    drawResults();
    listeners.forEach(function (fn) { fn(); });
  }

  function changed() {
    shownRows = PAGE;
    writeAddress();
    redraw();
  }

  function build(panel) {
    el.timeline = panel.querySelector("#timeline");
    el.from = panel.querySelector("#date-from");
    el.to = panel.querySelector("#date-to");
    el.status = document.getElementById("facet-status");
    el.results = document.getElementById("facet-results");
    var list = panel.querySelector("#facet-list");
    manifest.facets.forEach(function (def) { list.appendChild(facetBox(def)); });
    panel.hidden = false;
    function dateChanged() {
      var ok = function (input, end) { return !input.value.trim() || dateBounds(input.value, end) > 0; };
      el.from.setAttribute("aria-invalid", ok(el.from, false) ? "false" : "true");
      el.to.setAttribute("aria-invalid", ok(el.to, true) ? "false" : "true");
      range.from = dateBounds(el.from.value, false);
      range.to = dateBounds(el.to.value, true);
      changed();
    }
    el.from.addEventListener("change", dateChanged);
    el.to.addEventListener("change", dateChanged);
    panel.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); dateChanged(); });
    panel.querySelector("button.clear").addEventListener("click", function () {
      chosen = {};
      el.from.value = "";
      el.to.value = "";
      range.from = range.to = 0;
      Array.prototype.forEach.call(panel.querySelectorAll("input.facet-find"), function (f) { f.value = ""; });
      changed();
    });
    if (el.results) {
      el.results.querySelector("button.more").addEventListener("click", function () { shownRows += PAGE; drawResults(); });
    }
  }

  function init() {
    var panel = document.getElementById("browse");
    if (!panel || !manifest || !n) { return; }
    build(panel);
    readAddress();
    var needed = Object.keys(pendingKeys);
    needed.forEach(function (id) { document.getElementById("facet-" + id).open = true; });
    Promise.all([loadDates()].concat(needed.map(loadFacet))).then(redraw);
  }

  // What search.js uses: narrow its hits by the same filters, and recount over them.
  window.TEIKIT_BROWSE = {
    onChange: function (fn) { listeners.push(fn); },
    active: active,
    // Set the documents to count and filter among (ids of the search's hits), or all of them (null).
    setUniverse: function (ids) {
      if (!manifest) { return Promise.resolve(); }
      if (ids === null) { universe = null; redraw(); return Promise.resolve(); }
      return load(manifest.ids).then(function () {
        var number = {}, all = DATA.ids;
        for (var i = 0; i < all.length; i++) { number[all[i]] = i; }
        universe = new Uint8Array(n);
        ids.forEach(function (id) { if (id in number) { universe[number[id]] = 1; } });
        redraw();
      });
    },
    // Whether a document (by id) passes the filters; call after setUniverse.
    passes: function () {
      var set = matching(null), number = {}, all = DATA.ids || [];
      for (var i = 0; i < all.length; i++) { number[all[i]] = i; }
      return function (id) { return id in number && set[number[id]] === 1; };
    }
  };

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
