/* teikit HTML edition: full-text search in the browser over the shards that assets/search-index.js lists;
   the hits are narrowed by the filters of facets.js (window.TEIKIT_BROWSE), which count over them. */
(function () {
  "use strict";
  // Shards are listed relative to this script's folder (assets/).
  var here = document.currentScript ? document.currentScript.src : document.baseURI;
  // Every document with its folded text, in date order; null until every shard has loaded.
  var docs = null;

  // Undated documents last; ties broken by title and id, so the order is stable.
  function byDate(a, b) {
    var ka = [a.when === "" ? 1 : 0, a.when, a.title.toLowerCase(), a.id];
    var kb = [b.when === "" ? 1 : 0, b.when, b.title.toLowerCase(), b.id];
    for (var i = 0; i < ka.length; i++) {
      if (ka[i] < kb[i]) { return -1; }
      if (ka[i] > kb[i]) { return 1; }
    }
    return 0;
  }

  // Load every shard with a script element (works from file: too, unlike fetch), then call done.
  function load(done) {
    var shards = (window.TEIKIT_SEARCH_INDEX || { shards: [] }).shards;
    var left = shards.length;
    function loaded() {
      left -= 1;
      if (left === 0) { done(); }
    }
    if (!left) { done(); return; }
    shards.forEach(function (shard) {
      var script = document.createElement("script");
      script.src = new URL(shard.src + "?v=" + shard.v, here).href;
      script.onload = loaded;
      script.onerror = loaded;
      document.head.appendChild(script);
    });
  }

  // Lower case without diacritics, so "Sinuiju" finds "Sinŭiju".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Quoted phrases stay together; other words are separate terms; every term must occur.
  function terms(query) {
    var out = [];
    var re = /"([^"]+)"|(\S+)/g;
    var m;
    while ((m = re.exec(query)) !== null) {
      var t = fold((m[1] || m[2]).replace(/\s+/g, " ").trim());
      if (t) { out.push(t); }
    }
    return out;
  }

  function count(hay, term) {
    var n = 0, i = hay.indexOf(term);
    while (i !== -1) { n += 1; i = hay.indexOf(term, i + term.length); }
    return n;
  }

  // The text folded, with where each folded character came from in the text: folding changes
  // lengths ("№" is "No", "ŭ" is "u"), so an offset in the one is not an offset in the other.
  function foldedWithOrigins(text) {
    var out = "", origin = [], i = 0;
    for (var ch of text) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k += 1) { origin.push(i); }
      out += f;
      i += ch.length;
    }
    origin.push(i);
    return { text: out, origin: origin };
  }

  // A snippet of the text around the first hit, with the hit marked (built as DOM nodes, never as HTML).
  function snippet(doc, term) {
    var p = document.createElement("p");
    p.className = "snippet";
    var folded = foldedWithOrigins(doc.text);
    var hit = folded.text.indexOf(term);
    if (hit === -1) { p.textContent = doc.text.slice(0, 200); return p; }
    var at = folded.origin[hit], stop = folded.origin[hit + term.length];
    var start = Math.max(0, at - 90), end = Math.min(doc.text.length, stop + 90);
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + doc.text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = doc.text.slice(at, stop);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(doc.text.slice(stop, end) + (end < doc.text.length ? "…" : "")));
    return p;
  }

  var browse = window.TEIKIT_FACETS && window.TEIKIT_FACETS.documents ? window.TEIKIT_BROWSE : null;
  // The query whose hits the filters count over, so a change of filter does not search again.
  var counted = null;

  function run(query) {
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    list.textContent = "";
    var ts = terms(query);
    if (!ts.length) {
      status.textContent = "";
      if (browse && counted !== null) { counted = null; browse.setUniverse(null); }
      return;
    }
    if (docs === null) { status.textContent = "Loading the search index…"; return; }
    var hits = [];
    docs.forEach(function (entry, order) {
      var score = 0;
      for (var i = 0; i < ts.length; i++) {
        var c = count(entry.hay, ts[i]);
        if (!c) { return; }
        score += c;
      }
      hits.push({ doc: entry.doc, score: score, order: order });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    if (browse && counted !== query) {
      // The filters count over these hits; drawing waits for them (the facets call back).
      counted = query;
      browse.setUniverse(hits.map(function (hit) { return hit.doc.id; }));
      return;
    }
    var found = hits.length;
    if (browse && browse.active()) {
      var passes = browse.passes();
      hits = hits.filter(function (hit) { return passes(hit.doc.id); });
    }
    status.textContent = hits.length + (hits.length === 1 ? " document" : " documents") + " found for " + query
      + (hits.length !== found ? " (of " + found + " before the filters)" : "");
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.doc.href;
      a.textContent = hit.doc.title;
      li.appendChild(a);
      if (hit.doc.date) {
        var d = document.createElement("span");
        d.className = "date";
        d.textContent = " (" + hit.doc.date + ")";
        li.appendChild(d);
      }
      li.appendChild(snippet(hit.doc, ts[0]));
      list.appendChild(li);
    });
  }

  function init() {
    var form = document.querySelector("form.search");
    var input = document.getElementById("q");
    if (!form || !input) { return; }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    run(query);
    load(function () {
      var all = [].concat.apply([], window.TEIKIT_SEARCH || []).sort(byDate);
      docs = all.map(function (doc) { return { doc: doc, hay: fold(doc.text + " " + doc.title) }; });
      run(input.value);
    });
    if (browse) { browse.onChange(function () { run(input.value); }); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      run(input.value);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
