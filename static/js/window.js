// Long lists arrive a window at a time. A "more" link at either end of a window is a plain link to
// the page showing the rest; here it is replaced by the rest itself when the reader scrolls near it.
(function () {
  "use strict";

  // The box that scrolls the element: a column of the workspace, the claim list, or the page.
  function scroller(element) {
    for (var node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      var overflow = window.getComputedStyle(node).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && node.scrollHeight > node.clientHeight) {
        return node;
      }
    }
    return document.scrollingElement || document.documentElement;
  }

  function load(link) {
    if (link.dataset.loading) { return; }
    link.dataset.loading = "1";
    var holder = link.closest("[data-more-item]") || link;
    window.fetch(link.dataset.more, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (!holder.isConnected) { return; }
        var box = scroller(holder);
        // What is read stays where it is when text arrives above it: the box scrolls by as much.
        box.style.overflowAnchor = "none";
        var height = box.scrollHeight, top = box.scrollTop;
        var template = document.createElement("template");
        template.innerHTML = html;
        holder.replaceWith(template.content);
        if (link.dataset.side === "before") { box.scrollTop = top + (box.scrollHeight - height); }
        watch(document);
        document.dispatchEvent(new CustomEvent("window-loaded"));
      })
      .catch(function () { delete link.dataset.loading; });  // the plain link still works
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); load(entry.target); }
    });
  }, { rootMargin: "400px 0px" }) : null;

  function watch(root) {
    root.querySelectorAll("a[data-more]:not([data-watched])").forEach(function (link) {
      link.dataset.watched = "1";
      if (observer) { observer.observe(link); }
    });
  }

  window.factcheckWindows = { watch: watch };
  watch(document);
})();
