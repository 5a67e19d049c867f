// kursbuch default theme. Reading and navigating work without this script;
// it adds the colour-scheme toggle, the sidebar drawer button, copy buttons,
// ←/→ between chapters and keeps the current chapter in view in the sidebar.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "kursbuch-theme";
  // Set here, not inline: if this file fails to load, the no-script controls stay.
  root.classList.add("js");

  // Colour scheme: light → dark → system → light …
  var toggle = document.querySelector(".theme-toggle");
  function scheme() { return root.dataset.theme || "auto"; }
  function labelToggle() {
    var text = toggle.dataset.label + ": " + toggle.dataset[scheme()];
    toggle.title = text;
    toggle.querySelector(".theme-label").textContent = text;
  }
  if (toggle) {
    toggle.hidden = false;
    labelToggle();
    toggle.addEventListener("click", function () {
      var next = { light: "dark", dark: "auto", auto: "light" }[scheme()];
      if (next === "auto") delete root.dataset.theme; else root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* storage disabled: this page only */ }
      labelToggle();
    });
  }

  // The sidebar as a drawer on narrow screens.
  var menu = document.querySelector(".menu-button");
  var sidebar = document.getElementById("sidebar");
  function setDrawer(open) {
    document.body.classList.toggle("sidebar-open", open);
    menu.setAttribute("aria-expanded", String(open));
    if (open) {
      var first = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector("a");
      if (first) first.focus();
    }
  }
  if (menu && sidebar) {
    menu.hidden = false;
    menu.addEventListener("click", function () {
      setDrawer(!document.body.classList.contains("sidebar-open"));
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("sidebar-open")) {
        setDrawer(false);
        menu.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (document.body.classList.contains("sidebar-open") && !sidebar.contains(e.target) && !menu.contains(e.target)) {
        setDrawer(false);
      }
    });
  }

  // Keep the current chapter in view inside the sidebar (without scrolling the page).
  var active = sidebar && sidebar.querySelector('[aria-current="page"]');
  if (active && sidebar.scrollHeight > sidebar.clientHeight) {
    sidebar.scrollTop = active.offsetTop - sidebar.clientHeight / 3;
  }

  // ← and → move between chapters, unless the reader is typing.
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : null;
    var link = rel && document.querySelector('link[rel="' + rel + '"]');
    if (link) {
      e.preventDefault();
      location.href = link.href;
    }
  });

  // Search: shown only with JavaScript; its code and index load on first use.
  var searchForm = document.querySelector("form.search");
  if (searchForm) {
    searchForm.hidden = false;
    var searchInput = searchForm.querySelector("input");
    var searchLoading = null;
    var openSearch = function () {
      if (!searchLoading) {
        searchLoading = new Promise(function (resolve) {
          var s = document.createElement("script");
          s.src = searchForm.dataset.script;
          s.onload = function () { window.kursbuchSearch.init(searchForm); resolve(); };
          document.head.appendChild(s);
        });
      }
      return searchLoading;
    };
    searchInput.addEventListener("focus", openSearch);
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (e.key === "/" || e.key === "s") {
        e.preventDefault();
        searchInput.focus();
      }
    });
    // ?search=TERM opens the search with that query (shareable, as in mdBook).
    var wanted = new URLSearchParams(location.search).get("search");
    if (wanted) {
      searchInput.value = wanted;
      openSearch();
    }
  }

  // A copy button on every code block.
  var copyLabel = [document.body.dataset.copy || "Copy", document.body.dataset.copied || "Copied"];
  var live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }
  document.querySelectorAll("pre > code").forEach(function (code) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.setAttribute("aria-label", copyLabel[0]);
    button.title = copyLabel[0];
    button.innerHTML = '<svg aria-hidden="true" viewBox="0 0 24 24"><rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h10"/></svg><span class="copy-done">' + copyLabel[1] + "</span>";
    button.addEventListener("click", function () {
      copyText(code.innerText.replace(/\n$/, "")).then(function () {
        button.classList.add("done");
        button.dataset.copied = "true";
        live.textContent = copyLabel[1];
        setTimeout(function () { button.classList.remove("done"); live.textContent = ""; }, 2000);
      }, function () { live.textContent = ""; });
    });
    code.parentNode.appendChild(button);
  });
})();
