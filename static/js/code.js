// Code blocks as mdBook shows them. Loaded only by pages that need it (the
// page template asks for it), its words and settings on its own script tag:
// - hidden lines (<span class="boring">): hidden, with a button to show them;
// - runnable Rust blocks (<pre class="playground">): a Run button that posts
//   the code to the playground only when pressed (mdBook's evaluate.json
//   request) and shows the answer under the block;
// - `editable` blocks (with `[output.html.playground] editable`): edited in
//   place (a plain contenteditable, no editor library), Ctrl+Enter runs them.
(() => {
  "use strict";
  const opts = document.currentScript ? document.currentScript.dataset : {};

  function el(tag, attrs, ...children) {
    const e = tag.startsWith("svg:") ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    e.append(...children);
    return e;
  }
  function icon(...paths) {
    return el("svg:svg", { "aria-hidden": "true", viewBox: "0 0 24 24" }, ...paths.map((d) => el("svg:path", { d })));
  }
  const EYE = ["M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z", "M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"];
  const EYE_OFF = ["M3 3l18 18", "M10.6 5.1A10.8 10.8 0 0 1 12 5c6.5 0 10 7 10 7a17 17 0 0 1-3.2 4.1M6.6 6.6C3.8 8.4 2 12 2 12s3.5 7 10 7a9.7 9.7 0 0 0 5.4-1.6", "M9.9 9.9a3 3 0 0 0 4.2 4.2"];
  const PLAY = ["M7 4v16l13-8z"];
  const UNDO = ["M3 7v6h6", "M3.5 13A9 9 0 1 0 6 6.3L3 9"];

  function button(cls, label, ...paths) {
    return el("button", { type: "button", class: cls, title: label, "aria-label": label }, icon(...paths));
  }

  // A block's buttons share one box at its top right, the copy button too.
  function buttons(pre) {
    let box = pre.querySelector(":scope > .code-buttons");
    if (!box) {
      box = el("div", { class: "code-buttons" });
      const copy = pre.querySelector(":scope > .copy-button");
      if (copy) box.append(copy);
      pre.prepend(box);
    }
    return box;
  }

  function editable(code) {
    return "edit" in opts && code.classList.contains("editable") && code.parentElement.classList.contains("playground");
  }

  function initHiddenLines() {
    document.querySelectorAll("pre > code").forEach((code) => {
      // An edited block shows all its lines, as mdBook's editor does.
      if (!code.querySelector(".boring") || editable(code)) return;
      code.classList.add("hide-boring");
      const toggle = button("toggle-hidden", opts.show, ...EYE);
      toggle.addEventListener("click", () => {
        const hidden = code.classList.toggle("hide-boring");
        const label = hidden ? opts.show : opts.hide;
        toggle.title = label;
        toggle.setAttribute("aria-label", label);
        toggle.replaceChildren(icon(...(hidden ? EYE : EYE_OFF)));
      });
      buttons(code.parentElement).prepend(toggle);
    });
  }

  // mdBook's request: the code with its hidden lines (textContent), the
  // edition from the block's class (2015 without one), nightly for features.
  function run(pre, code) {
    let result = pre.querySelector(":scope > .result");
    if (!result) {
      result = el("code", { class: "result", "aria-live": "polite" });
      pre.append(result);
    }
    const text = code.textContent;
    let edition = "2015";
    code.classList.forEach((c) => {
      if (c.startsWith("edition")) edition = c.slice(7);
    });
    const params = { version: text.includes("#![feature") ? "nightly" : "stable", optimize: "0", code: text, edition };
    result.classList.remove("result-no-output");
    result.textContent = opts.running;
    // mdBook gives up after 6 seconds.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error("timeout")), 6000);
    fetch(opts.playground, {
      method: "POST",
      mode: "cors",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(params),
      signal: abort.signal,
    })
      .then((r) => r.json())
      .then((r) => {
        const out = typeof r.result === "string" ? r.result : "";
        if (out.trim() === "") {
          result.textContent = opts.noOutput;
          result.classList.add("result-no-output");
        } else {
          result.textContent = out;
        }
      })
      .catch((e) => {
        result.textContent = `${opts.failed}: ${e && e.message ? e.message : e}`;
      })
      .finally(() => clearTimeout(timer));
  }

  function makeEditable(pre, code) {
    const original = code.innerHTML;
    try {
      code.contentEditable = "plaintext-only";
    } catch (e) {
      code.contentEditable = "true";
    }
    code.spellcheck = false;
    code.setAttribute("role", "textbox");
    code.setAttribute("aria-multiline", "true");
    code.setAttribute("aria-label", opts.edit);
    code.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        run(pre, code);
      }
    });
    let update = () => {};
    if ("lineNumbers" in opts) {
      const gutter = el("div", { class: "line-numbers", "aria-hidden": "true" });
      update = () => {
        const n = code.textContent.replace(/\n$/, "").split("\n").length;
        gutter.textContent = Array.from({ length: n }, (_, i) => i + 1).join("\n");
      };
      pre.classList.add("has-line-numbers");
      code.before(gutter);
      update();
      code.addEventListener("input", update);
    }
    const reset = button("reset-code", opts.reset, ...UNDO);
    reset.addEventListener("click", () => {
      code.innerHTML = original;
      update();
    });
    buttons(pre).prepend(reset);
  }

  function initPlayground() {
    if (!opts.playground) return;
    document.querySelectorAll("pre.playground").forEach((pre) => {
      const code = pre.querySelector(":scope > code");
      if (!code) return;
      if (editable(code)) makeEditable(pre, code);
      // `no_run` blocks compile in tests but have no Run button (mdBook).
      if (code.classList.contains("no_run")) return;
      const play = button("run-code", opts.run, ...PLAY);
      play.addEventListener("click", () => run(pre, code));
      buttons(pre).prepend(play);
    });
  }

  initHiddenLines();
  initPlayground();
})();
