(function () {
  "use strict";
  var form = document.getElementById("controls");
  var table = document.getElementById("rows");
  var status = document.getElementById("status");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = null;
  var timer = 0;

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

  function apply() {
    var all = form.elements.show.value === "all";
    var kinds = checkedKinds();
    var rev = form.elements.rev.value;
    var q = form.elements.q.value.trim().toLowerCase();
    if (q && !texts) { texts = rows.map(ownText); }
    var shown = 0;
    rows.forEach(function (r, i) {
      var k = r.getAttribute("data-kind");
      var ok = kinds[k] === true && (all || k !== "unchanged") &&
        (!rev || r.classList.contains("rv-" + rev)) && (!q || texts[i].indexOf(q) >= 0);
      r.classList.toggle("hide", !ok);
      if (ok) { shown += 1; }
    });
    table.classList.toggle("filtered", shown < rows.length);
    status.textContent = shown + " of " + rows.length + " rows shown";
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
    if (!vis.length) { return; }
    var at = vis.findIndex(function (r) { return r.classList.contains("cur"); });
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
    if (a) { reveal(a.getAttribute("href").slice(1)); }
    var b = e.target.closest("button[data-only], button[data-rev]");
    if (b) { only(b.getAttribute("data-only"), b.getAttribute("data-rev")); }
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
    var row = reveal(location.hash.slice(1));
    if (row) { document.getElementById(location.hash.slice(1)).scrollIntoView(); }
  }
})();
