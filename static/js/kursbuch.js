// kursbuch default theme. Reading and navigating work without this script;
// it adds the features below, one init… function each, called from main().
(() => {
  "use strict";
  const root = document.documentElement;
  const sidebar = document.getElementById("sidebar");

  // An element with attributes and children (text stays text); "svg:" tags in SVG.
  function el(tag, attrs, ...children) {
    const e = tag.startsWith("svg:") ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    e.append(...children);
    return e;
  }

  // One keydown listener for the page; features bind keys with onKeys(). A
  // binding runs for a key without Alt/Ctrl/Meta (Shift only with `shift`),
  // not yet handled, while the reader is not typing; with `anywhere`, always.
  const bindings = [];
  function onKeys(keys, run, { anywhere = false, shift = false } = {}) {
    bindings.push({ keys, run, anywhere, shift });
  }
  function isTyping(t) {
    return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function initKeyboard() {
    document.addEventListener("keydown", (e) => {
      const plain = !(isTyping(e.target) || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey);
      for (const b of bindings) {
        if (b.keys.includes(e.key) && (b.anywhere || (plain && (b.shift || !e.shiftKey)))) b.run(e);
      }
    });
  }

  // Colour scheme: light → dark → system → light …
  function initTheme() {
    const toggle = document.querySelector(".theme-toggle");
    if (!toggle) return;
    const scheme = () => root.dataset.theme || "auto";
    const label = () => {
      const text = `${toggle.dataset.label}: ${toggle.dataset[scheme()]}`;
      toggle.title = text;
      toggle.querySelector(".theme-label").textContent = text;
    };
    toggle.hidden = false;
    label();
    toggle.addEventListener("click", () => {
      const next = { light: "dark", dark: "auto", auto: "light" }[scheme()];
      if (next === "auto") delete root.dataset.theme;
      else root.dataset.theme = next;
      try { localStorage.setItem("kursbuch-theme", next); } catch (e) { /* storage disabled: this page only */ }
      label();
    });
  }

  // The sidebar, a drawer on narrow screens.
  function initSidebar() {
    if (!sidebar) return;
    // The current chapter in view (without scrolling the page).
    const active = sidebar.querySelector('[aria-current="page"]');
    if (active && sidebar.scrollHeight > sidebar.clientHeight) {
      sidebar.scrollTop = active.offsetTop - sidebar.clientHeight / 3;
    }
    const menu = document.querySelector(".menu-button");
    if (!menu) return;
    const isOpen = () => document.body.classList.contains("sidebar-open");
    const setDrawer = (open) => {
      document.body.classList.toggle("sidebar-open", open);
      menu.setAttribute("aria-expanded", String(open));
      if (open) {
        const first = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector("a");
        if (first) first.focus();
      }
    };
    menu.hidden = false;
    menu.addEventListener("click", () => setDrawer(!isOpen()));
    document.addEventListener("click", (e) => {
      if (isOpen() && !sidebar.contains(e.target) && !menu.contains(e.target)) setDrawer(false);
    });
    onKeys(["Escape"], () => {
      if (!isOpen()) return;
      setDrawer(false);
      menu.focus();
    }, { anywhere: true });
  }

  // ← and → between chapters.
  function initChapterKeys() {
    onKeys(["ArrowLeft", "ArrowRight"], (e) => {
      const link = document.querySelector(`link[rel="${e.key === "ArrowLeft" ? "prev" : "next"}"]`);
      if (!link) return;
      e.preventDefault();
      location.href = link.href;
    });
  }

  // Search: shown only with JavaScript; its code and index load on first use.
  function initSearchLoader() {
    const form = document.querySelector("form.search");
    if (!form) return;
    form.hidden = false;
    const input = form.querySelector("input");
    let requested = false;
    const load = () => {
      if (requested) return;
      requested = true;
      const script = document.createElement("script");
      script.src = form.dataset.script;
      script.onload = () => window.kursbuchSearch.init(form);
      document.head.append(script);
    };
    input.addEventListener("focus", load);
    // `/` is Shift+7 on German keyboards.
    onKeys(["/", "s"], (e) => {
      e.preventDefault();
      input.focus();
    }, { shift: true });
    // ?search=TERM opens the search with that query (shareable, as in mdBook).
    const wanted = new URLSearchParams(location.search).get("search");
    if (wanted) {
      input.value = wanted;
      load();
    }
  }

  // Copy buttons on code blocks.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise((resolve, reject) => {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }
  function initCopyButtons() {
    // `[output.html.playground] copyable = false`: no copy buttons (as in mdBook).
    if (document.body.dataset.copyable === "false") return;
    const copy = document.body.dataset.copy || "Copy";
    const copied = document.body.dataset.copied || "Copied";
    const live = el("div", { class: "visually-hidden", "aria-live": "polite" });
    document.body.append(live);
    document.querySelectorAll("pre > code").forEach((code) => {
      const icon = el("svg:svg", { "aria-hidden": "true", viewBox: "0 0 24 24" },
        el("svg:rect", { x: 9, y: 9, width: 12, height: 12, rx: 2 }), el("svg:path", { d: "M5 15V5a2 2 0 0 1 2-2h10" }));
      const button = el("button", { type: "button", class: "copy-button", "aria-label": copy, title: copy },
        icon, el("span", { class: "copy-done" }, copied));
      button.addEventListener("click", () => {
        copyText(code.innerText.replace(/\n$/, "")).then(() => {
          button.classList.add("done");
          button.dataset.copied = "true";
          live.textContent = copied;
          setTimeout(() => { button.classList.remove("done"); live.textContent = ""; }, 2000);
        }, () => { live.textContent = ""; });
      });
      code.parentNode.append(button);
    });
  }

  // Reading progress, in localStorage only: one entry per book (its root URL),
  // { visited: { page: time }, last: page, quiz: { page: { answers: { qid: bool }, right, total } } }.
  function initProgress() {
    const rootUrl = new URL(document.body.dataset.root || "./", location.href).href;
    const key = `kursbuch-progress:${new URL(rootUrl).pathname}`;
    // A URL as a path from the book's root ("docker/images.html"), or null.
    const bookPath = (href) => {
      const u = new URL(href, location.href);
      u.hash = "";
      u.search = "";
      if (!u.href.startsWith(rootUrl)) return null;
      const p = decodeURIComponent(u.href.slice(rootUrl.length));
      return p === "" || p.endsWith("/") ? `${p}index.html` : p;
    };
    let data;
    try { data = JSON.parse(localStorage.getItem(key)); } catch (e) { /* unreadable: start afresh */ }
    const isMap = (v) => !!v && typeof v === "object" && !Array.isArray(v);
    if (!isMap(data)) data = {};
    if (!isMap(data.visited)) data.visited = {};
    if (!isMap(data.quiz)) data.quiz = {};
    const save = () => {
      try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage disabled */ }
    };

    const links = sidebar ? [...sidebar.querySelectorAll(".toc a[href]")] : [];
    const active = sidebar && sidebar.querySelector('[aria-current="page"]');
    const current = active ? bookPath(active.href) : null;
    // The start page (a copy of the first chapter) is not where one stopped.
    const stoppedAt = data.last;
    if (current) {
      data.visited[current] = Date.now();
      if (document.body.dataset.page !== "index.html") data.last = current;
      save();
    }

    // ✓ read, ★ quiz passed: the sign for the eye, the word for screen readers.
    const mark = () => {
      if (!sidebar) return;
      for (const a of links) {
        const p = bookPath(a.href);
        const old = a.querySelector(".progress-mark");
        if (old) old.remove();
        const q = p && data.quiz[p];
        const passed = !!(q && q.total && q.right === q.total);
        const visited = !!(p && data.visited[p]);
        a.classList.toggle("visited", visited);
        a.classList.toggle("passed", passed);
        if (visited || passed) {
          a.append(el("span", { class: "progress-mark" }, el("span", { "aria-hidden": "true" }, passed ? "★" : "✓"),
            el("span", { class: "visually-hidden" }, ` (${passed ? sidebar.dataset.passed : sidebar.dataset.visited})`)));
        }
      }
      const tools = sidebar.querySelector(".progress-tools");
      if (tools) tools.hidden = Object.keys(data.visited).length === 0;
    };
    mark();

    // The start page offers to continue where the reader stopped.
    const resume = document.querySelector(".resume");
    if (resume && stoppedAt && stoppedAt !== current) {
      const target = links.find((a) => bookPath(a.href) === stoppedAt);
      if (target) {
        resume.querySelector("a").href = target.href;
        const title = target.cloneNode(true);
        title.querySelectorAll(".progress-mark, .toc-num").forEach((n) => n.remove());
        resume.querySelector(".resume-title").textContent = title.textContent.trim();
        resume.hidden = false;
      }
    }

    // Reset: a second click within a few seconds confirms.
    const reset = sidebar && sidebar.querySelector(".progress-reset");
    if (reset) {
      const label = reset.textContent;
      let armed = null;
      reset.addEventListener("click", () => {
        if (!armed) {
          reset.textContent = reset.dataset.confirm;
          armed = setTimeout(() => { armed = null; reset.textContent = label; }, 5000);
          return;
        }
        clearTimeout(armed);
        armed = null;
        reset.textContent = label;
        try { localStorage.removeItem(key); } catch (e) { /* storage disabled */ }
        data.visited = {};
        data.quiz = {};
        delete data.last;
        mark();
        if (resume) resume.hidden = true;
        document.querySelectorAll(".quiz-score").forEach((s) => { s.hidden = true; s.textContent = ""; });
        reset.closest(".progress-tools").hidden = true;
      });
    }
    return { data, save, mark, page: current || document.body.dataset.page };
  }

  // Self-check quizzes: without this script they show their solutions in a
  // <details>; with it, the reader answers, checks and may try again (not on
  // print.html). Answers are stored by the question's data-qid (a hash of its
  // text); older ones stored by position match no id: ignored, then dropped.
  function initQuiz(progress) {
    if (document.body.classList.contains("print-page")) return;
    const questions = [...document.querySelectorAll("form.quiz-q")];
    if (!questions.length) return;
    const ids = new Map(questions.map((form, i) => [form, form.dataset.qid || `#${i}`]));
    const stored = () => (progress.data.quiz[progress.page] || {}).answers || {};
    const record = (form, right) => {
      const old = stored();
      const answers = {};
      for (const id of ids.values()) if (typeof old[id] === "boolean") answers[id] = old[id];
      answers[ids.get(form)] = right;
      const total = ids.size;
      progress.data.quiz[progress.page] = { answers, right: Object.values(answers).filter((a) => a === true).length, total };
      progress.save();
    };
    const showScores = () => {
      const answers = stored();
      document.querySelectorAll("div.quiz").forEach((section) => {
        const score = section.querySelector(".quiz-score");
        const mine = questions.filter((f) => section.contains(f)).map((f) => answers[ids.get(f)]);
        if (!score || !mine.some((a) => typeof a === "boolean")) return;
        const right = mine.filter((a) => a === true).length;
        score.textContent = section.dataset.score.replace("{right}", right).replace("{total}", mine.length);
        score.classList.toggle("all-right", right === mine.length);
        score.hidden = false;
      });
    };
    for (const form of questions) {
      const section = form.closest("div.quiz");
      const feedback = form.querySelector(".quiz-feedback");
      form.querySelector(".quiz-actions").hidden = false;
      const inputs = [...form.querySelectorAll("input")];
      const clearMarks = () => {
        form.classList.remove("is-right", "is-wrong");
        for (const i of inputs) {
          const label = i.closest("label");
          label.classList.remove("right", "wrong");
          label.querySelector(".quiz-mark").textContent = "";
        }
      };
      inputs.forEach((i) => i.addEventListener("change", clearMarks));
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        clearMarks();
        const chosen = inputs.filter((i) => i.checked);
        if (!chosen.length) {
          feedback.textContent = section.dataset.choose;
          return;
        }
        const right = inputs.every((i) => i.checked === (i.dataset.correct === "true"));
        for (const i of chosen) {
          const ok = i.dataset.correct === "true";
          const label = i.closest("label");
          label.classList.add(ok ? "right" : "wrong");
          label.querySelector(".quiz-mark").textContent = ok ? `✓ ${section.dataset.right}` : `✗ ${section.dataset.wrong}`;
        }
        form.classList.add(right ? "is-right" : "is-wrong");
        // The verdict and the explanations of the chosen answers, announced together.
        feedback.replaceChildren(el("strong", {}, right ? section.dataset.correct : section.dataset.incorrect));
        form.querySelectorAll(".quiz-explain").forEach((p) => {
          const which = p.dataset.for;
          if (which === "all" ? right : chosen.some((i) => i.value === which)) {
            feedback.append(el("span", { class: "quiz-explanation" }, " ", ...[...p.childNodes].map((n) => n.cloneNode(true))));
          }
        });
        record(form, right);
        showScores();
        progress.mark();
      });
    }
    showScores();
  }

  // Glossary tooltips open on hover and keyboard focus (CSS); on touch the
  // first tap opens one and the second follows its link; Esc closes.
  function initGlossary() {
    const glosses = document.querySelectorAll(".gloss");
    if (!glosses.length) return;
    const noHover = window.matchMedia && matchMedia("(hover: none)").matches;
    // Shift a tip left when it would leave the screen on the right.
    const fit = (gloss) => {
      const tip = gloss.querySelector(".gloss-tip");
      tip.style.removeProperty("--tip-shift");
      const r = tip.getBoundingClientRect();
      const over = r.right - (root.clientWidth - 8);
      if (over > 0) tip.style.setProperty("--tip-shift", `${-Math.min(over, r.left - 8)}px`);
    };
    const show = (gloss) => {
      gloss.classList.remove("dismissed");
      fit(gloss);
    };
    glosses.forEach((gloss) => {
      const term = gloss.querySelector(".gloss-term");
      gloss.addEventListener("mouseenter", () => show(gloss));
      term.addEventListener("focus", () => show(gloss));
      term.addEventListener("click", (e) => {
        if (!noHover || gloss.classList.contains("open")) return;
        e.preventDefault();
        document.querySelectorAll(".gloss.open").forEach((g) => g.classList.remove("open"));
        gloss.classList.add("open");
        fit(gloss);
      });
    });
    onKeys(["Escape"], () => {
      glosses.forEach((g) => {
        if (g.matches(":hover, :focus-within, .open")) g.classList.add("dismissed");
        g.classList.remove("open");
      });
    }, { anywhere: true });
    document.addEventListener("click", (e) => {
      document.querySelectorAll(".gloss.open").forEach((g) => {
        if (!g.contains(e.target)) g.classList.remove("open");
      });
    });
  }

  function initPrintButton() {
    const button = document.querySelector(".print-now");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }

  function main() {
    // Set here, not inline: if this file fails to load, the no-script controls stay.
    root.classList.add("js");
    initKeyboard();
    initTheme();
    initSidebar();
    initChapterKeys();
    initSearchLoader();
    initCopyButtons();
    initQuiz(initProgress());
    initGlossary();
    initPrintButton();
  }
  main();
})();
