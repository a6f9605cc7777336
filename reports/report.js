// report.html's item browser: filters, free-text search, pages, details, language. Plain DOM, no network.
// Everything a model wrote is put on the page as text (textContent), never as markup.
(function () {
  "use strict";
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem("vieval-lang"); } catch (e) { /* file:// may refuse */ }
  if (saved === "en" || saved === "vi") root.lang = saved;
  document.getElementById("lang").addEventListener("click", function () {
    root.lang = root.lang === "en" ? "vi" : "en";
    try { localStorage.setItem("vieval-lang", root.lang); } catch (e) { /* ignore */ }
  });

  var data = JSON.parse(document.getElementById("vieval-data").textContent);
  var PAGE = 50;
  var page = 0;
  var shown = [];
  var folded = null; // search text per result, built on the first search
  var $ = function (id) { return document.getElementById(id); };
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase(); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function bilingual(vi, en) {
    var f = document.createDocumentFragment();
    f.appendChild(el("span", "vi", vi));
    f.appendChild(el("span", "en", en));
    return f;
  }
  function option(select, value, label) {
    var o = el("option", null, label);
    o.value = value;
    select.appendChild(o);
  }
  function fill(select, values) {
    values.forEach(function (v) { option(select, v, v); });
  }
  function unique(xs) {
    return xs.filter(function (x, i) { return x !== null && x !== undefined && xs.indexOf(x) === i; }).sort();
  }

  fill($("f-model"), data.models);
  fill($("f-suite"), data.suites.map(function (s) { return s.id; }));
  fill($("f-criterion"), unique(data.suites.map(function (s) { return s.criterion; })));
  var domains = {};
  data.items.forEach(function (it) { if (it[2]) domains[it[2]] = true; });
  fill($("f-domain"), Object.keys(domains).sort());

  function outcome(r) { return r[7] ? "error" : r[4] ? "pass" : "fail"; }

  function apply() {
    var model = $("f-model").value, suite = $("f-suite").value, criterion = $("f-criterion").value;
    var domain = $("f-domain").value, result = $("f-outcome").value, q = fold($("f-search").value.trim());
    if (q && !folded) {
      folded = data.results.map(function (r) {
        var it = data.items[r[1]];
        return fold(it[1] + "\n" + it[3] + "\n" + r[9] + "\n" + (it[4] || "") + "\n" + (r[10] || ""));
      });
    }
    shown = [];
    for (var i = 0; i < data.results.length; i++) {
      var r = data.results[i], it = data.items[r[1]], s = data.suites[it[0]] || {};
      if (model && data.models[r[0]] !== model) continue;
      if (suite && s.id !== suite) continue;
      if (criterion && s.criterion !== criterion) continue;
      if (domain && it[2] !== domain) continue;
      if (result && outcome(r) !== result) continue;
      if (q && folded[i].indexOf(q) < 0) continue;
      shown.push(i);
    }
    page = 0;
    draw();
  }

  function clip(s, n) { s = s || ""; return s.length > n ? s.slice(0, n) + "…" : s; }

  function draw() {
    var body = $("items-body");
    body.textContent = "";
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    var from = page * PAGE;
    shown.slice(from, from + PAGE).forEach(function (i) {
      var r = data.results[i], it = data.items[r[1]], s = data.suites[it[0]] || {};
      var tr = el("tr", "item");
      tr.tabIndex = 0;
      tr.dataset.index = String(i);
      tr.appendChild(el("td", null, data.models[r[0]]));
      tr.appendChild(el("td", null, s.id));
      tr.appendChild(el("td", null, it[1] + (r[2] ? " #" + r[2] : "")));
      tr.appendChild(el("td", "text", clip(it[3], 140)));
      tr.appendChild(el("td", "text", r[7] ? r[7] + ": " + (r[8] || "") : clip(r[9], 140)));
      tr.appendChild(el("td", null, clip(it[4], 40)));
      tr.appendChild(el("td", null, r[5] !== null ? r[5] : r[6] === 1 ? "từ chối · refused" : r[6] === 0 ? "trả lời · answered" : ""));
      tr.appendChild(el("td", "num " + outcome(r), r[7] ? "–" : r[3].toFixed(2)));
      tr.addEventListener("click", function () { details(i); });
      tr.addEventListener("keydown", function (e) { if (e.key === "Enter") details(i); });
      body.appendChild(tr);
    });
    $("count").textContent = shown.length + " / " + data.results.length;
    $("page").textContent = (page + 1) + " / " + pages;
    $("prev").disabled = page === 0;
    $("next").disabled = page >= pages - 1;
  }

  function details(i) {
    var r = data.results[i], it = data.items[r[1]], s = data.suites[it[0]] || {};
    var box = $("details-body");
    box.textContent = "";
    function field(vi, en, value, pre) {
      if (value === null || value === undefined || value === "") return;
      var dt = el("dt");
      dt.appendChild(bilingual(vi, en));
      box.appendChild(dt);
      var dd = el("dd");
      dd.appendChild(el(pre ? "pre" : "span", null, value));
      box.appendChild(dd);
    }
    field("Mô hình", "Model", data.models[r[0]]);
    field("Bộ dữ liệu · câu", "Suite · item", s.id + " · " + it[1] + (r[2] ? " #" + r[2] : ""));
    field("Lĩnh vực", "Domain", it[2]);
    field("Câu hỏi", "Prompt", s.sealed ? "(bộ dữ liệu niêm phong: câu hỏi không được ghi ra · sealed suite: the item is not written out)" : it[3], true);
    field("Trả lời của mô hình", "Model output", r[9], true);
    field("Đáp án chuẩn", "Expected", it[4]);
    field("Đọc được", "Extracted", r[5]);
    field("Từ chối", "Refused", r[6] === null ? null : r[6] ? "có · yes" : "không · no");
    field("Điểm", "Score", r[7] ? null : r[3].toFixed(2) + (r[4] ? " ✓" : " ✗"));
    field("Lỗi", "Error", r[7] ? r[7] + ": " + (r[8] || "") : null);
    field("Giám khảo", "Judge", r[10] ? (r[11] !== null ? "[" + r[11] + "] " : "") + r[10] : null);
    $("details").hidden = false;
    $("details-close").focus();
  }

  $("details-close").addEventListener("click", function () { $("details").hidden = true; });
  $("prev").addEventListener("click", function () { page--; draw(); });
  $("next").addEventListener("click", function () { page++; draw(); });
  ["f-model", "f-suite", "f-criterion", "f-domain", "f-outcome"].forEach(function (id) { $(id).addEventListener("change", apply); });
  var timer = 0;
  $("f-search").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  apply();
})();
