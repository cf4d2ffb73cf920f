// The speech page: selecting a highlighted claim shows its rating, conclusion and sources in
// place, from the list under the transcript. Without this script each claim links to its page.
(function () {
  "use strict";
  var transcript = document.querySelector(".reader-transcript");
  if (!transcript) return;
  var open = null;

  function close(returnFocus) {
    if (!open) return;
    var link = open.previousLink;
    open.remove();
    link.setAttribute("aria-expanded", "false");
    open = null;
    if (returnFocus) link.focus();
  }

  function show(link) {
    var item = document.getElementById("check-" + link.dataset.check);
    if (!item) return false;
    var pop = document.createElement("div");
    pop.className = "check-pop";
    pop.setAttribute("role", "group");
    pop.setAttribute("aria-label", "The check of this claim");
    pop.tabIndex = -1;
    var body = item.querySelector(".check-body").cloneNode(true);
    var more = document.createElement("a");
    more.href = link.href;
    more.textContent = "The full check";
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "check-close";
    shut.textContent = "Close";
    shut.addEventListener("click", function () { close(true); });
    pop.appendChild(body);
    var actions = document.createElement("div");
    actions.className = "check-actions";
    actions.appendChild(more);
    actions.appendChild(shut);
    pop.appendChild(actions);
    pop.previousLink = link;
    link.after(pop);
    link.setAttribute("aria-expanded", "true");
    open = pop;
    pop.focus();
    return true;
  }

  transcript.addEventListener("click", function (event) {
    var link = event.target.closest("a.check");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var same = open && open.previousLink === link;
    close(false);
    if (same) { event.preventDefault(); return; }
    if (show(link)) event.preventDefault();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) close(true);
  });
})();
