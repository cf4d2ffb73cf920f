// Selecting text in the transcript: a click inside the selected claim is a split point, a selection
// its new bounds. They fill in the panel's split and trim forms (with a preview there), and a bar
// beside the selection shows what would become of the claim and does it through those same forms.
(function () {
  "use strict";
  var transcript = document.getElementById("transcript");
  var bar = document.getElementById("selection-bar");
  var panelBox = document.getElementById("panel");
  if (!transcript || !bar) { return; }
  var column = bar.parentElement;  // the transcript's column: the bar scrolls with the text
  var barText = bar.querySelector("[data-bar-preview]");
  var applyButton = bar.querySelector('[data-bar="apply"]');
  var offer = null;  // what the bar offers: {kind: "split", at} or {kind: "bounds", from, to}

  function currentPanel() { return document.querySelector(".claim-panel"); }
  function panelField(name) {
    var panel = currentPanel();
    return panel && panel.querySelector('[data-fill="' + name + '"]');
  }

  // Offsets in the transcript: every piece carries data-start and holds one text node.
  function offsetOf(node, offset) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var piece = element && element.closest("[data-start]");
    if (!piece || !transcript.contains(piece)) { return null; }
    return parseInt(piece.dataset.start, 10) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }

  // The selected claim's bounds in the transcript, if it is in the part of it on the page.
  function claimBounds() {
    var mark = transcript.querySelector("mark.selected");
    if (!mark) { return null; }
    var start = parseInt(mark.dataset.start, 10);
    return { start: start, end: start + mark.textContent.length };
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

  function splitPreview(claim, at) {
    return "First part: " + quoted(textAt(claim.start, at)) + " · second part: " + quoted(textAt(at, claim.end));
  }
  function boundsPreview(from, to) { return "New claim: " + quoted(textAt(from, to)); }

  // What a split or a trim typed (or filled) into the panel would make of the claim.
  function preview() {
    var panel = currentPanel(), claim = claimBounds();
    if (!panel || !claim) { return; }
    var at = parseInt((panelField("split") || {}).value, 10);
    var split = panel.querySelector('[data-preview="split"]');
    if (split) {
      split.hidden = !(at > claim.start && at < claim.end);
      if (!split.hidden) { split.textContent = splitPreview(claim, at); }
    }
    var from = parseInt((panelField("start") || {}).value, 10);
    var to = parseInt((panelField("end") || {}).value, 10);
    var bounds = panel.querySelector('[data-preview="bounds"]');
    if (bounds) {
      bounds.hidden = !(from < to) || (from === claim.start && to === claim.end);
      if (!bounds.hidden) { bounds.textContent = boundsPreview(from, to); }
    }
  }

  function fill(name, value) {
    var field = panelField(name);
    if (field && value !== null) {
      field.value = value;
      field.classList.add("filled");
      preview();
    }
  }

  // --- The bar beside the selection --------------------------------------------------------------

  function hide(returnFocus) {
    if (bar.hidden) { return; }
    var hadFocus = bar.contains(document.activeElement);
    bar.hidden = true;
    offer = null;
    if (hadFocus || returnFocus) { column.focus({ preventScroll: true }); }
  }

  // What the selection would do to the selected claim; null when nothing sensible.
  function offerFor(start, end, collapsed) {
    var claim = claimBounds();
    if (!claim) { return null; }
    if (collapsed) {
      return start > claim.start && start < claim.end && panelField("split") ? { kind: "split", at: start } : null;
    }
    var from = Math.min(start, end), to = Math.max(start, end);
    if (to < claim.start || from > claim.end || !panelField("start")) { return null; }  // elsewhere
    if (from === claim.start && to === claim.end) { return null; }  // the claim as it is
    return { kind: "bounds", from: from, to: to };
  }

  function label(claim) {
    if (offer.kind === "split") { return "Split here"; }
    if (offer.from >= claim.start && offer.to <= claim.end) { return "Trim to this"; }
    if (offer.from <= claim.start && offer.to >= claim.end) { return "Extend to this"; }
    return "Make this the claim";
  }

  // Below the selection, or above it where there is no room below; within the column's width, its
  // arrow pointing at `x`, where the selection ends (as the mouse let go).
  function place(box, x) {
    var host = column.getBoundingClientRect();
    var gap = 8;
    var height = bar.offsetHeight, width = bar.offsetWidth;
    var visibleBottom = Math.min(host.bottom, window.innerHeight);
    var top = box.bottom + gap;
    var above = top + height > visibleBottom && box.top - gap - height >= Math.max(host.top, 0);
    if (above) { top = box.top - gap - height; }
    var left = Math.min(Math.max(x - 22, host.left + column.clientLeft + 4),
      host.left + column.clientLeft + column.clientWidth - width - 4);
    bar.classList.toggle("above", above);
    bar.style.top = (top - host.top - column.clientTop + column.scrollTop) + "px";
    bar.style.left = (left - host.left - column.clientLeft + column.scrollLeft) + "px";
    bar.style.setProperty("--arrow-x", Math.min(Math.max(x - left - 8, 6), width - 22) + "px");
  }

  function showFor(range, start, end) {
    offer = offerFor(start, end, range.collapsed);
    var claim = claimBounds();
    if (!offer) { hide(false); return; }
    barText.textContent = offer.kind === "split" ? splitPreview(claim, offer.at) : boundsPreview(offer.from, offer.to);
    applyButton.textContent = label(claim);
    bar.hidden = false;
    var rects = range.getClientRects();
    var last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var box = range.getBoundingClientRect();
    place(box.width || box.height ? box : last, range.collapsed ? last.left : last.right);
  }

  function selectionMade() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) { hide(false); return; }
    if (selection.isCollapsed) {
      fill("split", start);
    } else {
      fill("start", Math.min(start, end));
      fill("end", Math.max(start, end));
    }
    showFor(range, start, end);
  }

  // The panel's form, filled in as the bar offers; the folded tools open when asked to show it.
  function filledForm() {
    if (offer.kind === "split") {
      panelField("split").value = offer.at;
      return panelField("split");
    }
    panelField("start").value = offer.from;
    panelField("end").value = offer.to;
    return panelField("start");
  }

  function adjust() {
    var field = filledForm();
    var fix = field.closest("details");
    if (fix) { fix.open = true; }
    preview();
    hide(false);
    field.focus({ preventScroll: true });
    field.closest("form").scrollIntoView({ block: "center" });
  }

  function apply() {
    var form = filledForm().form;
    if (!form.checkValidity()) { adjust(); form.reportValidity(); return; }
    var button = form.querySelector('button[type="submit"]');
    if (form.requestSubmit) { form.requestSubmit(button); } else { form.submit(); }
  }

  bar.addEventListener("click", function (event) {
    var button = event.target.closest("[data-bar]");
    if (!button || !offer) { return; }
    if (button.dataset.bar === "apply") { apply(); }
    if (button.dataset.bar === "adjust") { adjust(); }
    if (button.dataset.bar === "close") { hide(true); }
  });

  transcript.addEventListener("mousedown", function () { hide(false); });
  transcript.addEventListener("mouseup", selectionMade);
  // A selection made with the keyboard (caret browsing) is offered the same way.
  column.addEventListener("keyup", function (event) {
    if (event.shiftKey && /^(Arrow|Home|End|Page)/.test(event.key)) { selectionMade(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || bar.hidden || event.target.closest("dialog")) { return; }
    hide(bar.contains(event.target));
    event.preventDefault();
  });
  if (panelBox) { panelBox.addEventListener("input", preview); }
  // Another claim: what the bar said no longer holds. More transcript: the text may have moved.
  document.addEventListener("panel-swapped", function () { hide(false); });
  document.addEventListener("window-loaded", function () { if (!bar.hidden) { selectionMade(); } });
})();
