// Reviewer workspace: keyboard shortcuts (their keys: static/js/shortcuts.js) and moving between
// claims without reloading the page; selecting text in the transcript is static/js/selection.js.
// Everything also works without it (links and forms).
(function () {
  "use strict";
  var transcript = document.getElementById("transcript");
  var queue = document.getElementById("queue");
  var panelBox = document.getElementById("panel");
  function currentPanel() { return document.querySelector(".claim-panel"); }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function go(url, otherwise) {
    if (url) { move(url, true); } else if (otherwise) { say(otherwise); }
  }

  // A short message for everyone, read out by screen readers too.
  var status = document.createElement("p");
  status.className = "key-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  function say(message) {
    status.textContent = message;
    window.clearTimeout(say.timer);
    say.timer = window.setTimeout(function () { status.textContent = ""; }, 3000);
  }

  // The field a key leads to (data-key), opened if folded away, in view.
  function focusKey(key) {
    var panel = currentPanel();
    var field = panel && panel.querySelector('[data-key="' + key + '"]');
    if (field) {
      var section = field.closest("details");
      if (section) { section.open = true; }
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  }

  // The tools to fix the split, unfolded, their heading in view and focused.
  function openFix() {
    var fix = currentPanel() && currentPanel().querySelector("details.fix-split");
    if (!fix) { return; }
    fix.open = true;
    var summary = fix.querySelector("summary");
    summary.focus({ preventScroll: true });
    var column = fix.closest(".workspace > *");
    if (column && column.scrollHeight > column.clientHeight) {  // only the panel scrolls, not the page
      column.scrollTop += fix.getBoundingClientRect().top - column.getBoundingClientRect().top - 8;
    } else {
      fix.scrollIntoView({ block: "start" });
    }
  }

  var shortcuts = window.factcheckShortcuts;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || typing(event.target)) { return; }
    var action = shortcuts ? shortcuts.action(event) : null;
    if (!action) { return; }
    // With no claim open, j starts at the first claim to check, not at a greeting or heading.
    var first = document.querySelector(".queue li.claim a[data-claim]") ||
      document.querySelector(".queue a[data-claim]");
    var panel = currentPanel();
    switch (action) {
      case "next": go(panel ? panel.dataset.next : first && first.href, "This is the last claim in the queue."); break;
      case "previous": go(panel && panel.dataset.prev, panel ? "This is the first claim in the queue." : ""); break;
      case "verdict": focusKey("v"); break;
      case "source": focusKey("s"); break;
      case "note": focusKey("n"); break;
      case "dismiss": focusKey("d"); break;
      case "fix": openFix(); break;
      case "help": shortcuts.openList(); break;
      default: return;
    }
    event.preventDefault();
  });

  // A double click on another claim in the transcript opens it (one on the selected claim selects
  // a word, to trim the claim to: static/js/selection.js).
  if (transcript) {
    transcript.addEventListener("dblclick", function (event) {
      var mark = event.target.closest("mark[data-claim]");
      if (mark && !mark.classList.contains("selected")) { move(claimUrl(mark.dataset.claim), true); }
    });
  }

  // Removing something asks first; without JavaScript the button acts at once (the history keeps it).
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });

  // The selected claim is centred in the queue and in the transcript, each scrolled on its own: the
  // page itself stays put, so that the message of a change just made stays in view above.
  function centreInColumn(element) {
    var column = element && element.closest(".workspace > *");
    if (!column || column.scrollHeight <= column.clientHeight) { return; }
    var offset = element.getBoundingClientRect().top - column.getBoundingClientRect().top;
    column.scrollTop += offset - (column.clientHeight - element.offsetHeight) / 2;
  }
  var home = document.querySelector(".workspace[data-url]");
  if (home && window.location.pathname + window.location.search !== home.dataset.url) {
    window.history.replaceState({ claim: true }, "", home.dataset.url);
  }
  centreInColumn(queue && queue.querySelector("[aria-current]"));
  centreInColumn(transcript && transcript.querySelector("mark.selected"));

  // --- Moving to another claim: its panel is fetched and swapped in, the address follows ---------

  // The address of the workspace on claim `id`, with the queue's filters of this page.
  function claimUrl(id) {
    var url = new URL(home.dataset.url, window.location.href);
    url.searchParams.set("claim", id);
    return url.pathname + url.search;
  }

  // The address of a part of the page (panel, queue, transcript) for the page at `pageUrl`.
  function partUrl(pageUrl, part) {
    var url = new URL(pageUrl, window.location.href);
    url.pathname = url.pathname.replace(/\/work$/, "/work/" + part);
    url.searchParams.delete("qfrom");
    url.searchParams.delete("tfrom");
    return url.pathname + url.search;
  }

  function fetchHtml(url) {
    return window.fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      });
  }

  // Replace a column's content with the window around the claim, when the claim is not in it.
  function refill(column, part, pageUrl) {
    return fetchHtml(partUrl(pageUrl, part)).then(function (html) {
      column.innerHTML = html;
      if (window.factcheckWindows) { window.factcheckWindows.watch(column); }
    });
  }

  function select(id, pageUrl) {
    var jobs = [];
    if (queue) {
      queue.querySelectorAll("li.selected").forEach(function (li) { li.classList.remove("selected"); });
      queue.querySelectorAll("[aria-current]").forEach(function (a) { a.removeAttribute("aria-current"); });
      var link = queue.querySelector('a[data-claim="' + id + '"]');
      if (link) {
        link.setAttribute("aria-current", "true");
        link.closest("li").classList.add("selected");
      } else {
        jobs.push(refill(queue, "queue", pageUrl));
      }
    }
    if (transcript) {
      transcript.querySelectorAll("mark.selected").forEach(function (m) { m.classList.remove("selected"); });
      var mark = transcript.querySelector('mark[data-claim="' + id + '"]');
      if (mark) { mark.classList.add("selected"); } else { jobs.push(refill(transcript, "transcript", pageUrl)); }
    }
    return Promise.all(jobs).then(function () {
      centreInColumn(queue && queue.querySelector("[aria-current]"));
      centreInColumn(transcript && transcript.querySelector("mark.selected"));
    });
  }

  var moving = 0;  // only the last of several quick moves is shown
  function move(pageUrl, push) {
    var ticket = ++moving;
    document.body.classList.add("moving");
    fetchHtml(partUrl(pageUrl, "panel")).then(function (html) {
      if (ticket !== moving) { return; }
      // Messages about the claim left behind go with it.
      document.querySelectorAll(".flashes, .conflict, #problem, .notice").forEach(function (el) { el.remove(); });
      panelBox.innerHTML = html;
      panelBox.scrollTop = 0;
      panelBox.dispatchEvent(new CustomEvent("panel-swapped", { bubbles: true }));
      var panel = currentPanel();
      var url = panel ? panel.dataset.url : pageUrl;
      home.dataset.url = url;
      // The filters' form keeps the claim in view when it is applied.
      var kept = document.querySelector('.filters input[name="claim"]');
      if (kept && panel) { kept.value = panel.dataset.claim; }
      if (push) { window.history.pushState({ claim: true }, "", url); }
      if (panel) { say("Claim #" + panel.dataset.num); }
      return select(panel ? panel.dataset.claim : "", url);
    }).catch(function () {
      window.location.assign(pageUrl);  // the page itself, loaded as without the script
    }).then(function () {
      if (ticket === moving) { document.body.classList.remove("moving"); }
    });
  }

  // A click on a claim in the queue, or on a claim's label in the transcript, moves there the same
  // way (a new tab is left to the browser).
  [queue, transcript].forEach(function (column) {
    if (!column) { return; }
    column.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-claim]");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      event.preventDefault();
      move(link.getAttribute("href"), true);
    });
  });
  window.addEventListener("popstate", function () {
    var shown = currentPanel();
    var asked = new URL(window.location.href).searchParams.get("claim");
    if (shown && asked === shown.dataset.claim) { return; }  // a jump within the page (#panel)
    move(window.location.pathname + window.location.search, false);
  });
})();
