// lagebild workbench: small enhancements; every page reads fine without JavaScript.
(function () {
  "use strict";

  // Add: show that the check is running (it takes a few seconds on first use).
  var form = document.getElementById("add-form");
  if (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "Checking…"; }
      var progress = document.getElementById("progress");
      if (progress) { progress.hidden = false; }
    });
  }
  document.querySelectorAll("form.check-form").forEach(function (f) {
    f.addEventListener("submit", function () {
      var button = f.querySelector("button");
      if (button) { button.disabled = true; button.textContent = "Checking…"; }
    });
  });

  // Article view: clicking (or Enter on) a highlight shows its findings next to it.
  var popover = null;
  function close() {
    if (popover) { popover.remove(); popover = null; }
    document.querySelectorAll(".finding-card.active").forEach(function (c) { c.classList.remove("active"); });
  }
  function open(mark) {
    close();
    popover = document.createElement("div");
    popover.className = "popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Findings for the highlighted text");
    var list = document.createElement("ol");  // the cards are list items: keep them in a list
    list.className = "findings-list";
    (mark.dataset.findings || "").split(" ").forEach(function (n) {
      var card = document.getElementById("finding-" + n);
      if (card) {
        card.classList.add("active");
        var copy = card.cloneNode(true);
        copy.removeAttribute("id");
        copy.classList.remove("active");
        list.appendChild(copy);
      }
    });
    popover.appendChild(list);
    document.body.appendChild(popover);
    var box = mark.getBoundingClientRect();
    popover.style.top = (window.scrollY + box.bottom + 6) + "px";
    popover.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 8)) + "px";
  }
  document.querySelectorAll("mark.finding").forEach(function (mark) {
    mark.addEventListener("click", function (event) { event.stopPropagation(); open(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(mark); }
    });
  });
  document.addEventListener("click", function (event) {
    if (popover && !popover.contains(event.target)) { close(); }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
})();
