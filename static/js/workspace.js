// Reviewer workspace: keyboard shortcuts and transcript selection. Everything also works without it.
(function () {
  "use strict";
  var panel = document.querySelector(".claim-panel");
  var transcript = document.getElementById("transcript");
  var dialog = document.getElementById("shortcuts");

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function go(url, otherwise) {
    if (url) { window.location.assign(url); } else if (otherwise) { say(otherwise); }
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

  function focusKey(key) {
    var field = panel && panel.querySelector('[data-key="' + key + '"]');
    if (field) {
      var section = field.closest("details");
      if (section) { section.open = true; }
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    // With no claim open, j starts at the first claim to check, not at a greeting or heading.
    var first = document.querySelector(".queue li.claim a[data-claim]") ||
      document.querySelector(".queue a[data-claim]");
    switch (event.key) {
      case "j": go(panel ? panel.dataset.next : first && first.href, "This is the last claim in the queue."); break;
      case "k": go(panel && panel.dataset.prev, panel ? "This is the first claim in the queue." : ""); break;
      case "v": case "s": case "n": case "d": focusKey(event.key); break;
      case "?": if (dialog && dialog.showModal) { dialog.showModal(); } break;
      default: return;
    }
    event.preventDefault();
  });

  // Offsets in the transcript: every piece carries data-start and holds one text node.
  function offsetOf(node, offset) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var piece = element && element.closest("[data-start]");
    if (!piece || !transcript.contains(piece)) { return null; }
    return parseInt(piece.dataset.start, 10) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }

  // The transcript's text between two offsets, read from its pieces.
  function textAt(from, to) {
    var out = "";
    transcript.querySelectorAll("[data-start]").forEach(function (piece) {
      var start = parseInt(piece.dataset.start, 10);
      var text = piece.textContent;
      var a = Math.max(from, start), b = Math.min(to, start + text.length);
      if (a < b) { out += text.slice(a - start, b - start); }
    });
    return out.replace(/\s+/g, " ").trim();
  }

  function quoted(text) {
    if (text.length > 70) {  // its start and its end, cut at spaces
      var head = text.slice(0, 34), tail = text.slice(-34);
      head = head.slice(0, head.lastIndexOf(" ") > 0 ? head.lastIndexOf(" ") : head.length);
      tail = tail.slice(tail.indexOf(" ") >= 0 ? tail.indexOf(" ") + 1 : 0);
      text = head + " … " + tail;
    }
    return "“" + text + "”";
  }

  // What a split or a trim would make of the claim, shown before it is submitted.
  function preview() {
    if (!panel || !transcript) { return; }
    var mark = transcript.querySelector("mark.selected");
    if (!mark) { return; }
    var start = parseInt(mark.dataset.start, 10), end = start + mark.textContent.length;
    var at = parseInt((panel.querySelector('[data-fill="split"]') || {}).value, 10);
    var split = panel.querySelector('[data-preview="split"]');
    if (split) {
      split.hidden = !(at > start && at < end);
      if (!split.hidden) {
        split.textContent = "First part: " + quoted(textAt(start, at)) +
          " · second part: " + quoted(textAt(at, end));
      }
    }
    var from = parseInt((panel.querySelector('[data-fill="start"]') || {}).value, 10);
    var to = parseInt((panel.querySelector('[data-fill="end"]') || {}).value, 10);
    var bounds = panel.querySelector('[data-preview="bounds"]');
    if (bounds) {
      bounds.hidden = !(from < to) || (from === start && to === end);
      if (!bounds.hidden) { bounds.textContent = "New claim: " + quoted(textAt(from, to)); }
    }
  }

  function fill(name, value) {
    var field = panel && panel.querySelector('[data-fill="' + name + '"]');
    if (field && value !== null) {
      field.value = value;
      field.classList.add("filled");
      preview();
    }
  }

  if (panel) { panel.addEventListener("input", preview); }

  if (transcript) {
    transcript.addEventListener("mouseup", function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0) { return; }
      var range = selection.getRangeAt(0);
      var start = offsetOf(range.startContainer, range.startOffset);
      var end = offsetOf(range.endContainer, range.endOffset);
      if (start === null || end === null) { return; }
      if (selection.isCollapsed) {
        fill("split", start);
      } else {
        fill("start", Math.min(start, end));
        fill("end", Math.max(start, end));
      }
    });
    transcript.addEventListener("dblclick", function (event) {
      var mark = event.target.closest("mark[data-claim]");
      var link = mark && document.querySelector('.queue a[data-claim="' + mark.dataset.claim + '"]');
      if (link) { go(link.href); }
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
    window.history.replaceState(null, "", home.dataset.url);
  }
  centreInColumn(document.querySelector(".queue [aria-current]"));
  centreInColumn(transcript && transcript.querySelector("mark.selected"));
})();
