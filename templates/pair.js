(function () {
  "use strict";
  var form = document.getElementById("controls");
  var table = document.getElementById("rows");
  var status = document.getElementById("status");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = null;
  var timer = 0;
  // A large page keeps its rows as packed data and draws one page of the matches at a time:
  // kind and classes of every row up front, the markup in chunks unpacked when needed.
  var store = document.getElementById("row-meta");
  var size = store ? Number(store.getAttribute("data-page-rows")) : 0;
  var chunkRows = store ? Number(store.getAttribute("data-chunk-rows")) : 0;
  var chunkEls = document.querySelectorAll("script.row-chunk");
  var meta = store ? JSON.parse(store.textContent).map(function (m) {
    return { kind: m[0], cls: " " + m[1] + " ", text: null };
  }) : null;
  var chunks = [];
  var markup = [];
  var matches = [];
  var page = 0;
  var serial = 0;

  function checkedKinds() {
    var set = {};
    form.querySelectorAll("input[name=kind]:checked").forEach(function (i) { set[i.value] = true; });
    return set;
  }

  function ownText(r) {
    // a row's own text: the possible successors or origins folded in it are other clauses
    var copy = r.cloneNode(true);
    copy.querySelectorAll(".cands").forEach(function (d) { d.remove(); });
    return copy.textContent.toLowerCase();
  }

  function filters() {
    return {
      every: form.elements.show.value === "all",
      kinds: checkedKinds(),
      rev: form.elements.rev.value,
      q: form.elements.q.value.trim().toLowerCase()
    };
  }

  function keep(f, kind, hasRev, text) {
    return f.kinds[kind] === true && (f.every || kind !== "unchanged") &&
      (!f.rev || hasRev(f.rev)) && (!f.q || text().indexOf(f.q) >= 0);
  }

  function apply() {
    var f = filters();
    if (store) { applyPaged(f); return; }
    if (f.q && !texts) { texts = rows.map(ownText); }
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = keep(f, r.getAttribute("data-kind"),
        function (rev) { return r.classList.contains("rv-" + rev); },
        function () { return texts[i]; });
      r.classList.toggle("hide", !ok);
      if (ok) { shown += 1; }
    });
    table.classList.toggle("filtered", shown < rows.length);
    status.textContent = shown + " of " + rows.length + " rows shown";
  }

  function unpack(k) {  // chunk k of the rows' markup: base64 of gzipped JSON
    if (!chunks[k]) {
      var bin = atob(chunkEls[k].textContent.trim());
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i += 1) { bytes[i] = bin.charCodeAt(i); }
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      chunks[k] = new Response(stream).text().then(function (text) {
        markup[k] = JSON.parse(text);
      });
    }
    return chunks[k];
  }

  function need(indices) {  // every chunk holding one of the rows
    var ks = {};
    indices.forEach(function (i) { ks[Math.floor(i / chunkRows)] = true; });
    return Promise.all(Object.keys(ks).map(function (k) { return unpack(Number(k)); }));
  }

  function needAll() { return need(meta.map(function (_, i) { return i; })); }

  function html(i) { return markup[Math.floor(i / chunkRows)][i % chunkRows]; }

  function textOf(i) {
    var m = meta[i];
    if (m.text === null) {
      // a row's own text: the possible successors or origins folded in it are other clauses
      m.text = html(i).replace(/<details class="cands">[\s\S]*?<\/details>/g, "")
        .replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&#34;|&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&").toLowerCase();
    }
    return m.text;
  }

  function applyPaged(f) {
    var ready = f.q ? needAll() : Promise.resolve();
    if (f.q) { status.textContent = "searching all rows …"; }
    var asked = ++serial;
    ready.then(function () {
      if (asked !== serial) { return; }
      matches = [];
      meta.forEach(function (m, i) {
        if (keep(f, m.kind, function (rev) { return m.cls.indexOf(" rv-" + rev + " ") >= 0; },
          function () { return textOf(i); })) { matches.push(i); }
      });
      page = 0;
      show();
    });
  }

  function show() {
    var pages = Math.max(1, Math.ceil(matches.length / size));
    page = Math.min(Math.max(0, page), pages - 1);
    var slice = matches.slice(page * size, (page + 1) * size);
    return need(slice).then(function () {
      body.innerHTML = slice.map(html).join("");
      rows = Array.prototype.slice.call(body.rows);
      table.classList.toggle("filtered", matches.length < meta.length);
      status.textContent = matches.length + " of " + meta.length + " rows shown";
      var first = slice.length ? page * size + 1 : 0;
      document.getElementById("page-status").textContent = "page " + (page + 1) + " of " + pages +
        " (rows " + first + "–" + (page * size + slice.length) + " of " + matches.length + ")";
      document.querySelectorAll("#pager button").forEach(function (b) {
        var to = b.getAttribute("data-page");
        b.disabled = (to === "first" || to === "prev") ? page === 0 : page === pages - 1;
      });
    });
  }

  function turn(to) {
    var last = Math.ceil(matches.length / size) - 1;
    page = to === "first" ? 0 : to === "last" ? last : page + (to === "next" ? 1 : -1);
    return show().then(function () { table.scrollIntoView(); });
  }

  function goTo(id) {  // a row on another page (or filtered out): draw its page, then go there
    return needAll().then(function () {
      var needle = 'id="' + id + '"';
      var at = meta.findIndex(function (_, i) { return html(i).indexOf(needle) >= 0; });
      if (at < 0) { return; }
      var pos = matches.indexOf(at);
      if (pos < 0) {  // filtered out: shown anyway, in its place among the matches
        pos = matches.findIndex(function (i) { return i > at; });
        pos = pos < 0 ? matches.length : pos;
        matches.splice(pos, 0, at);
      }
      page = Math.floor(pos / size);
      return show().then(function () {
        var el = document.getElementById(id);
        if (el) { el.scrollIntoView(); history.replaceState(null, "", "#" + id); }
      });
    });
  }

  function reveal(id) {
    var el = id && document.getElementById(id);
    var row = el && el.closest ? el.closest("tr.r") : null;
    if (row && row.classList.contains("hide")) { row.classList.remove("hide"); }
    return row;
  }

  function focusRow(row) {
    rows.forEach(function (r) { r.classList.remove("cur"); });
    row.classList.add("cur");
    row.scrollIntoView({ block: "center" });
  }

  function jump(step) {
    var vis = rows.filter(function (r) {
      return !r.classList.contains("hide") && r.getAttribute("data-kind") !== "unchanged";
    });
    var at = vis.findIndex(function (r) { return r.classList.contains("cur"); });
    if (store && (!vis.length || (at >= 0 && at + step >= vis.length) || (at === 0 && step < 0))) {
      var pages = Math.ceil(matches.length / size);
      if (page + step >= 0 && page + step < pages) {
        page += step;
        show().then(function () { jump(step); });
      }
      return;
    }
    if (!vis.length) { return; }
    if (at < 0) {
      at = vis.findIndex(function (r) { return r.getBoundingClientRect().top > 80; });
      at = step > 0 ? (at < 0 ? vis.length - 1 : at) : Math.max(0, (at < 0 ? vis.length : at) - 1);
    } else {
      at = Math.min(vis.length - 1, Math.max(0, at + step));
    }
    focusRow(vis[at]);
  }

  form.addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(apply, e.target.name === "q" ? 150 : 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  function only(kind, rev) {
    form.querySelectorAll("input[name=kind]").forEach(function (i) {
      i.checked = !kind || i.value === kind;
    });
    form.elements.rev.value = rev || "";
    form.elements.show.value = kind === "unchanged" ? "all" : form.elements.show.value;
    apply();
    table.scrollIntoView();
  }

  document.addEventListener("click", function (e) {
    if (!e.target.closest) { return; }
    var a = e.target.closest("a[href^='#']");
    var id = a ? a.getAttribute("href").slice(1) : "";
    if (id && store && !document.getElementById(id)) { e.preventDefault(); goTo(id); }
    else if (id) { reveal(id); }
    var b = e.target.closest("button[data-only], button[data-rev]");
    if (b) { only(b.getAttribute("data-only"), b.getAttribute("data-rev")); }
    var p = e.target.closest("button[data-page]");
    if (p) { turn(p.getAttribute("data-page")); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, select, textarea")) { return; }
    if (e.key === "j" || e.key === "n") { jump(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { jump(-1); e.preventDefault(); }
  });
  function pinHeader() { table.style.setProperty("--controls-h", form.offsetHeight + "px"); }
  window.addEventListener("resize", pinHeader);
  pinHeader();

  apply();
  if (location.hash) {
    var id = location.hash.slice(1);
    if (store && !document.getElementById(id)) { goTo(id); }
    var row = reveal(id);
    if (row) { document.getElementById(id).scrollIntoView(); }
  }
})();
