// "People at <organization> on <date>": progressive enhancement of the static roster
// table (generator/rosters.py). Reads the roles from the roster's data-roster attribute
// with JSON.parse and writes text with textContent only; loads nothing from the network.
(function () {
  "use strict";
  function build(roster) {
    var roles;
    try { roles = JSON.parse(roster.getAttribute("data-roster")); } catch (e) { return; }
    var form = document.createElement("form");
    form.className = "tl-asof";
    var label = document.createElement("label");
    label.textContent = "People at " + roster.getAttribute("data-org") + " on ";
    var input = document.createElement("input");
    input.type = "date";
    input.required = true;
    label.appendChild(input);
    form.appendChild(label);
    var out = document.createElement("ul");
    out.className = "tl-asof__result";
    out.setAttribute("aria-live", "polite");
    form.appendChild(out);
    function show() {
      var day = input.value;
      out.textContent = "";
      if (!/^\d{4}-\d\d-\d\d$/.test(day)) { return; }
      var found = 0;
      roles.forEach(function (r) {
        if (r.from[0] > day || r.to[1] < day) { return; }
        var sure = r.from[1] <= day && r.to[0] >= day;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.href;
        a.textContent = r.name;
        li.appendChild(a);
        li.appendChild(document.createTextNode((r.title ? ", " + r.title : "") + (sure ? "" : " (possibly: the dates are partial)")));
        out.appendChild(li);
        found += 1;
      });
      if (!found) {
        var none = document.createElement("li");
        none.textContent = "Nobody on this site held a role there on that day.";
        out.appendChild(none);
      }
    }
    input.addEventListener("change", show);
    input.addEventListener("input", show);
    form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
    roster.insertBefore(form, roster.firstChild);
  }
  function init() {
    var rosters = document.querySelectorAll(".tl-roster[data-roster]");
    for (var i = 0; i < rosters.length; i += 1) { build(rosters[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
