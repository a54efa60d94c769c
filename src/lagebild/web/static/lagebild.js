// lagebild workbench: small enhancements; every page reads fine without JavaScript.
(function () {
  "use strict";

  // Add: show that the check is running (it takes a few seconds on first use). Where
  // fetch can stream, the form is sent asking for one JSON line per step (see web/add.py)
  // and each step is shown; otherwise, or when another handler took the submit over,
  // the form posts as usual. Listening on the document runs this after such handlers.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.add")) { return; }
    var ui = addUi(form);
    var file = form.querySelector("input[type=file]");
    var limit = Number(form.dataset.maxBytes || 0);
    if (!event.defaultPrevented && file && file.files.length && limit && file.files[0].size > limit) {
      event.preventDefault();
      ui.fail(file.files[0].name + ": the file is " + (file.files[0].size / 1048576).toFixed(1) +
              " MiB, over the " + (limit / 1048576) + " MiB limit of one upload; split it or use lagebild ingest");
      return;
    }
    ui.busy(null);
    if (event.defaultPrevented || !window.fetch || !window.TextDecoder || !window.ReadableStream) { return; }
    event.preventDefault();
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/x-ndjson"}})
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) { throw new Error(body.error); },
            function () { throw new Error("the server answered HTTP " + response.status); });
        }
        return readLines(response, function (step) { return followStep(step, ui); });
      })
      .then(function (finished) {
        if (!finished) { ui.fail("the check stopped before the end; the inbox shows what was stored"); }
      })
      .catch(function (error) { ui.fail(error.message || String(error)); });
  });

  function addUi(form) {
    var button = form.querySelector("button[type=submit]");
    var label = button ? button.textContent : "";
    var status = form.querySelector(".progress");
    var text = status && status.querySelector(".progress-text");
    var bar = status && status.querySelector("progress");
    var alert = form.querySelector(".form-error");
    return {
      busy: function (message, done, total) {
        if (button) { button.disabled = true; button.textContent = button.dataset.busy || "Checking…"; }
        if (alert) { alert.hidden = true; }
        if (status) { status.hidden = false; }
        if (message && text) { text.textContent = message; }
        if (bar && total) { bar.max = total; bar.value = done; }
      },
      fail: function (message) {
        if (button) { button.disabled = false; button.textContent = label; }
        if (status) { status.hidden = true; }
        if (alert) { alert.textContent = message; alert.hidden = false; }
      }
    };
  }

  function followStep(step, ui) {
    if (step.event === "stored") {
      ui.busy("Stored " + step.total + " article" + (step.total === 1 ? "" : "s") + "; checking…", 0, step.total);
    } else if (step.event === "checking") {
      ui.busy("Checking " + (step.done + 1) + " of " + step.total + ": " + (step.title || step.id) + "…",
              step.done, step.total);
    } else if (step.event === "checked") {
      ui.busy("Checked " + step.done + " of " + step.total + " (" + step.findings + " finding" +
              (step.findings === 1 ? "" : "s") + ")", step.done, step.total);
    } else if (step.event === "error") {
      throw new Error(step.error);
    } else if (step.event === "done") {
      window.location.assign(step.url);
      return true;
    }
    return false;
  }

  // Hands each line of the response to onStep as it arrives, until onStep returns true;
  // resolves to whether it did.
  function readLines(response, onStep) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (chunk) {
        buffer += decoder.decode(chunk.value || new Uint8Array(0), {stream: !chunk.done});
        var lines = buffer.split("\n");
        buffer = chunk.done ? "" : lines.pop();
        for (var i = 0; i < lines.length; i++) {
          if (lines[i].trim() && onStep(JSON.parse(lines[i]))) { return true; }
        }
        return chunk.done ? false : pump();
      });
    }
    return pump();
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
