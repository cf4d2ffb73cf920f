// A background import's page: follows its progress and opens the speech when it is stored.
// Without the script the page reloads itself (a refresh in <noscript>).
(function () {
  "use strict";
  var box = document.querySelector(".import-status[data-progress]");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var says = document.getElementById("import-says");
  function poll() {
    window.fetch(box.dataset.progress, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (now) {
        if (now.finished) { window.location.assign(box.dataset.page); return; }  // the speech, or why not
        bar.value = now.percent;
        bar.textContent = now.percent + "%";
        if (says.textContent !== now.says) { says.textContent = now.says; }
        window.setTimeout(poll, 400);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
