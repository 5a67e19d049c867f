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

  // Reading progress and self-check results: localStorage only, one entry
  // per book (its root URL), never sent anywhere.
  var rootUrl = new URL(document.body.dataset.root || "./", location.href).href;
  var STORE = "kursbuch-progress:" + new URL(rootUrl).pathname;
  function load() {
    try {
      var v = JSON.parse(localStorage.getItem(STORE) || "{}");
      return v && typeof v === "object" ? v : {};
    } catch (e) { return {}; }
  }
  function save(v) {
    try { localStorage.setItem(STORE, JSON.stringify(v)); } catch (e) { /* storage disabled */ }
  }
  // A URL as a path from the book's root ("docker/images.html"), or null.
  function bookPath(href) {
    var u = new URL(href, location.href);
    u.hash = ""; u.search = "";
    var s = u.href;
    if (s.indexOf(rootUrl) !== 0) return null;
    var p = decodeURIComponent(s.slice(rootUrl.length));
    return p === "" || /\/$/.test(p) ? p + "index.html" : p;
  }
  var sidebarLinks = sidebar ? Array.prototype.slice.call(sidebar.querySelectorAll(".toc a[href]")) : [];
  var current = active ? bookPath(active.href) : null;
  var progress = load();
  progress.visited = progress.visited || {};
  progress.quiz = progress.quiz || {};
  // The start page (a copy of the first chapter) is not where one stopped.
  var onStartPage = document.body.dataset.page === "index.html";
  var stoppedAt = progress.last;
  if (current) {
    progress.visited[current] = Date.now();
    if (!onStartPage) progress.last = current;
    save(progress);
  }

  function markSidebar() {
    if (!sidebar) return;
    sidebarLinks.forEach(function (a) {
      var p = bookPath(a.href);
      var old = a.querySelector(".progress-mark");
      if (old) old.remove();
      var q = p && progress.quiz[p];
      var passed = !!(q && q.total && q.right === q.total);
      var visited = !!(p && progress.visited[p]);
      a.classList.toggle("visited", visited);
      a.classList.toggle("passed", passed);
      if (visited || passed) {
        var mark = document.createElement("span");
        mark.className = "progress-mark";
        // The sign for the eye, the word for screen readers: not colour alone.
        mark.innerHTML = '<span aria-hidden="true">' + (passed ? "★" : "✓") + '</span><span class="visually-hidden"> (' +
          (passed ? sidebar.dataset.passed : sidebar.dataset.visited) + ")</span>";
        a.appendChild(mark);
      }
    });
    var tools = sidebar.querySelector(".progress-tools");
    if (tools) tools.hidden = Object.keys(progress.visited).length === 0;
  }
  markSidebar();

  // The start page offers to continue where the reader stopped.
  var resume = document.querySelector(".resume");
  if (resume && stoppedAt && stoppedAt !== current) {
    var target = sidebarLinks.filter(function (a) { return bookPath(a.href) === stoppedAt; })[0];
    if (target) {
      var link = resume.querySelector("a");
      link.href = target.href;
      var title = target.cloneNode(true);
      title.querySelectorAll(".progress-mark, .toc-num").forEach(function (n) { n.remove(); });
      resume.querySelector(".resume-title").textContent = title.textContent.trim();
      resume.hidden = false;
    }
  }

  // Reset: a second click within a few seconds confirms.
  var reset = sidebar && sidebar.querySelector(".progress-reset");
  if (reset) {
    var resetLabel = reset.textContent;
    var armed = null;
    reset.addEventListener("click", function () {
      if (!armed) {
        reset.textContent = reset.dataset.confirm;
        armed = setTimeout(function () { armed = null; reset.textContent = resetLabel; }, 5000);
        return;
      }
      clearTimeout(armed);
      armed = null;
      reset.textContent = resetLabel;
      try { localStorage.removeItem(STORE); } catch (e) { /* storage disabled */ }
      progress = { visited: {}, quiz: {} };
      markSidebar();
      if (resume) resume.hidden = true;
      document.querySelectorAll(".quiz-score").forEach(function (s) { s.hidden = true; s.textContent = ""; });
      reset.closest(".progress-tools").hidden = true;
    });
  }

  // Self-check quizzes: without this script they show their solutions in a
  // <details>; with it, the reader answers, checks and may try again.
  // On print.html the solutions stay open instead.
  var questions = document.body.classList.contains("print-page") ? [] :
    Array.prototype.slice.call(document.querySelectorAll("form.quiz-q"));
  var pageKey = current || document.body.dataset.page;
  function quizState() {
    var q = progress.quiz[pageKey];
    if (!q || !q.answers) q = progress.quiz[pageKey] = { answers: {}, right: 0, total: questions.length };
    return q;
  }
  function showScores() {
    var q = progress.quiz[pageKey];
    if (!q || !q.answers) return;
    document.querySelectorAll("div.quiz").forEach(function (section) {
      var score = section.querySelector(".quiz-score");
      var mine = questions.filter(function (f) { return section.contains(f); });
      var answered = mine.filter(function (f) { return questions.indexOf(f) in q.answers; });
      if (!score || answered.length === 0) return;
      var right = mine.filter(function (f) { return q.answers[questions.indexOf(f)] === true; }).length;
      score.textContent = section.dataset.score.replace("{right}", right).replace("{total}", mine.length);
      score.classList.toggle("all-right", right === mine.length);
      score.hidden = false;
    });
  }
  questions.forEach(function (form, index) {
    var section = form.closest("div.quiz");
    var feedback = form.querySelector(".quiz-feedback");
    form.querySelector(".quiz-actions").hidden = false;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    function clearMarks() {
      form.classList.remove("is-right", "is-wrong");
      inputs.forEach(function (i) {
        var label = i.closest("label");
        label.classList.remove("right", "wrong");
        label.querySelector(".quiz-mark").textContent = "";
      });
    }
    inputs.forEach(function (i) { i.addEventListener("change", clearMarks); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearMarks();
      var chosen = inputs.filter(function (i) { return i.checked; });
      if (chosen.length === 0) {
        feedback.textContent = section.dataset.choose;
        return;
      }
      var right = inputs.every(function (i) { return i.checked === (i.dataset.correct === "true"); });
      chosen.forEach(function (i) {
        var ok = i.dataset.correct === "true";
        var label = i.closest("label");
        label.classList.add(ok ? "right" : "wrong");
        label.querySelector(".quiz-mark").textContent = (ok ? "✓ " : "✗ ") + (ok ? section.dataset.right : section.dataset.wrong);
      });
      form.classList.add(right ? "is-right" : "is-wrong");
      // The verdict and the explanations of the chosen answers, announced together.
      feedback.textContent = "";
      var verdict = document.createElement("strong");
      verdict.textContent = right ? section.dataset.correct : section.dataset.incorrect;
      feedback.appendChild(verdict);
      form.querySelectorAll(".quiz-explain").forEach(function (p) {
        var which = p.dataset.for;
        var relevant = which === "all" ? right : chosen.some(function (i) { return i.value === which; });
        if (relevant) {
          var span = document.createElement("span");
          span.className = "quiz-explanation";
          span.innerHTML = " " + p.innerHTML;
          feedback.appendChild(span);
        }
      });
      var state = quizState();
      state.answers[index] = right;
      state.total = questions.length;
      state.right = Object.keys(state.answers).filter(function (k) { return state.answers[k] === true; }).length;
      save(progress);
      showScores();
      markSidebar();
    });
  });
  showScores();

  // Glossary tooltips open on hover and keyboard focus (CSS); on touch the
  // first tap opens one and the second follows its link; Esc closes.
  var noHover = window.matchMedia && matchMedia("(hover: none)").matches;
  function fitTip(gloss) {
    var tip = gloss.querySelector(".gloss-tip");
    tip.style.removeProperty("--tip-shift");
    var r = tip.getBoundingClientRect();
    var over = r.right - (document.documentElement.clientWidth - 8);
    if (over > 0) tip.style.setProperty("--tip-shift", -Math.min(over, r.left - 8) + "px");
  }
  document.querySelectorAll(".gloss").forEach(function (gloss) {
    var term = gloss.querySelector(".gloss-term");
    gloss.addEventListener("mouseenter", function () { gloss.classList.remove("dismissed"); fitTip(gloss); });
    term.addEventListener("focus", function () { gloss.classList.remove("dismissed"); fitTip(gloss); });
    term.addEventListener("click", function (e) {
      if (noHover && !gloss.classList.contains("open")) {
        e.preventDefault();
        document.querySelectorAll(".gloss.open").forEach(function (g) { g.classList.remove("open"); });
        gloss.classList.add("open");
        fitTip(gloss);
      }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll(".gloss").forEach(function (g) {
      if (g.matches(":hover, :focus-within, .open")) g.classList.add("dismissed");
      g.classList.remove("open");
    });
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll(".gloss.open").forEach(function (g) {
      if (!g.contains(e.target)) g.classList.remove("open");
    });
  });

  // print.html: the print button.
  var printNow = document.querySelector(".print-now");
  if (printNow) {
    printNow.hidden = false;
    printNow.addEventListener("click", function () { window.print(); });
  }
})();
