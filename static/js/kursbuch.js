// kursbuch default theme: the colour-scheme toggle, ←/→ between chapters,
// and the current chapter scrolled into view. Everything works without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "kursbuch-theme";
  var order = ["light", "dark", "auto"];

  function current() {
    return root.dataset.theme || "auto";
  }
  function apply(choice) {
    if (choice === "auto") delete root.dataset.theme;
    else root.dataset.theme = choice;
    try { localStorage.setItem(KEY, choice); } catch (e) { /* private mode */ }
    label();
  }
  var toggle = document.querySelector(".theme-toggle");
  function label() {
    if (!toggle) return;
    var c = current();
    toggle.textContent = toggle.dataset["label" + c.charAt(0).toUpperCase() + c.slice(1)];
    toggle.setAttribute("aria-label", toggle.textContent);
  }
  if (toggle) {
    toggle.hidden = false;
    label();
    toggle.addEventListener("click", function () {
      apply(order[(order.indexOf(current()) + 1) % order.length]);
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : null;
    if (!rel) return;
    var link = document.querySelector('link[rel="' + rel + '"]');
    if (link) { e.preventDefault(); location.href = link.href; }
  });

  // Scroll the sidebar (not the page) so the current chapter is in view.
  var sidebar = document.querySelector(".sidebar");
  var active = sidebar && sidebar.querySelector('[aria-current="page"]');
  if (active && sidebar.scrollHeight > sidebar.clientHeight) {
    sidebar.scrollTop = active.offsetTop - sidebar.offsetTop - sidebar.clientHeight / 3;
  }
})();
