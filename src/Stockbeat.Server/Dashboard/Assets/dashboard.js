// Stockbeat dashboard: refreshes marked regions in place, previews schedules, copies snippets. No dependencies.
(function () {
  "use strict";

  // Regions with data-refresh are re-fetched every 20 s, or less often when an answer took long: the next fetch waits
  // at least four times as long as the last one took, so a dashboard left open on a project large enough to take
  // seconds keeps the server busy a fifth of the time at most. A 401 means the session ended: reload to sign in.
  function startRefresh(region) {
    var every = 20000;
    function after(delay) { setTimeout(refresh, delay); }
    function refresh() {
      if (document.hidden) { after(every); return; }
      var started = performance.now();
      fetch(region.getAttribute("data-refresh"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.status === 401) { window.location.reload(); return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) { if (html !== null && html !== undefined) { region.innerHTML = html; } })
        .catch(function () { /* keep the last view; the next fetch tries again */ })
        .then(function () { after(Math.max(every, 4 * (performance.now() - started))); });
    }
    after(every);
  }

  // The schedule preview asks the server, which applies the same rules as the deadline sweep.
  function startPreview(form) {
    var target = form.querySelector("#next-expected");
    var holder = form.closest("[data-uuid]");
    var timer = null;
    function update() {
      var params = new URLSearchParams();
      ["kind", "period_minutes", "cron", "tz", "grace_minutes", "velocity"].forEach(function (name) {
        var field = form.querySelector("[name='" + name + "']:checked") || form.querySelector("[name='" + name + "']:not([type=radio])");
        if (field) { params.set(name, field.value); }
      });
      if (holder) { params.set("uuid", holder.getAttribute("data-uuid")); }
      fetch(form.getAttribute("data-preview") + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html) { target.innerHTML = html; } })
        .catch(function () { });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 300); });
    form.addEventListener("change", update);
  }

  function startCopy(button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).innerText;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-refresh]").forEach(startRefresh);
    document.querySelectorAll("form[data-preview]").forEach(startPreview);
    document.querySelectorAll("button[data-copy]").forEach(startCopy);
  });
})();
