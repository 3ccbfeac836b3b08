/* Filters of the key-account board: owner, segment and flag, in the page, no server. */
(function () {
  "use strict";
  var form = document.getElementById("board-filters");
  if (!form) return;
  var selects = form.querySelectorAll("select[data-filter]");
  var cards = document.querySelectorAll(".acct-card");
  var count = document.getElementById("filter-count");
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.getAttribute("data-filter")] = s.value; });
    var shown = 0;
    cards.forEach(function (c) {
      var flags = (c.getAttribute("data-flags") || "").split(" ");
      var ok = (!want.owner || c.getAttribute("data-owner") === want.owner) &&
        (!want.segment || c.getAttribute("data-segment") === want.segment) &&
        (!want.flag || flags.indexOf(want.flag) >= 0);
      c.hidden = !ok;
      if (ok) shown += 1;
    });
    if (count) {
      count.textContent = (count.getAttribute("data-template") || "{n} / {total}")
        .replace("{n}", String(shown)).replace("{total}", String(cards.length));
    }
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
