(function () {
  "use strict";
  var form = document.getElementById("matrix-controls");
  var table = document.getElementById("matrix");
  var status = document.getElementById("status");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var t2s = data.t2s || {};
  var widths = data.widths || {};
  var texts = new Map(rows.map(function (r) {
    return [r, (r.getAttribute("data-q") || "").toLowerCase()];
  }));
  var order = {};
  var timer = 0;

  function searchKey(text) {
    var out = "";
    Array.from(text).forEach(function (ch) {
      var c = widths[ch] || ch;
      c = t2s[c] || c;
      if (!/\s/.test(c)) { out += c; }
    });
    return out.toLowerCase();
  }

  function apply() {
    var topic = form.elements.topic.value;
    var q = searchKey(form.elements.q.value);
    var single = form.elements.single.checked;
    var shown = 0;
    table.classList.toggle("hide-single", !single);
    rows.forEach(function (r) {
      var ok = (!topic || r.getAttribute("data-topic") === topic) &&
        (!q || texts.get(r).indexOf(q) >= 0);
      r.classList.toggle("hide", !ok);
      if (ok && (single || r.classList.contains("multi"))) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " threads shown";
  }

  function key(r, by) {
    if (by === "label") { return r.cells[0].textContent; }
    if (by === "topic") { return r.cells[1].textContent; }
    if (by === "present") { return -Number(r.getAttribute("data-present")); }
    var cell = r.cells[2 + Number(by.slice(1))];
    return cell ? "+✎↺↕●○·".indexOf(cell.textContent.trim()) : 0;
  }

  function sortBy(by) {
    var dir = order[by] = -(order[by] || -1);
    var keyed = rows.map(function (r, i) { return [key(r, by), i, r]; });
    keyed.sort(function (a, b) {
      if (a[0] < b[0]) { return -dir; }
      if (a[0] > b[0]) { return dir; }
      return a[1] - b[1];
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k[2]); });
    body.appendChild(frag);
  }

  form.addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(apply, e.target.name === "q" ? 150 : 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  table.tHead.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-sort]");
    if (b) { sortBy(b.getAttribute("data-sort")); }
  });
  apply();
})();
