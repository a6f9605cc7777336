// Sort the leaderboard by any column; switch language. No network.
(function () {
  "use strict";
  var root = document.documentElement;
  document.getElementById("lang").addEventListener("click", function () { root.lang = root.lang === "en" ? "vi" : "en"; });
  var table = document.getElementById("board");
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var state = { col: -1, dir: 1 };
  Array.prototype.forEach.call(heads, function (th, col) {
    if (!th.hasAttribute("data-sort")) return;
    th.tabIndex = 0;
    function sort() {
      state.dir = state.col === col ? -state.dir : th.getAttribute("data-sort") === "text" ? 1 : -1;
      state.col = col;
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-value"), y = b.cells[col].getAttribute("data-value");
        if (th.getAttribute("data-sort") === "text") return state.dir * x.localeCompare(y, "vi");
        return state.dir * (Number(x) - Number(y));
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
})();
