// kursbuch search: loaded the first time the search is opened. The index is a
// set of small scripts (search/index.js, search/t/KEY.js, search/d/N.js) that
// call kursbuchSearch.loaded(name, data); <script> tags load them, so search
// works from file:// too. Words are folded exactly as the build folds them
// (src/search/terms.rs); stems are found through the word forms of the book,
// by prefix (as you type) and with one typo for words of five letters or more.
(() => {
  "use strict";
  const S = window.kursbuchSearch = window.kursbuchSearch || {};
  const files = {};
  const waiting = {};
  let form, input, results, status, base, root;
  // Set when a query runs again on a fresh index (see search()).
  let freshIndex = 0;

  S.loaded = (name, data) => {
    files[name] = data;
    (waiting[name] || []).forEach((w) => w.resolve(data));
    delete waiting[name];
  };

  function load(name) {
    if (files[name]) return Promise.resolve(files[name]);
    return new Promise((resolve, reject) => {
      const first = !waiting[name];
      (waiting[name] = waiting[name] || []).push({ resolve, reject });
      if (!first) return;
      const s = document.createElement("script");
      // index.js may come from a cache; when it names files that are gone,
      // the query runs again on a fresh one (see search()).
      s.src = `${base}${name}.js${name === "index" && freshIndex ? `?t=${freshIndex}` : ""}`;
      s.async = true;
      s.onerror = () => {
        (waiting[name] || []).forEach((w) => w.reject(new Error(`cannot load ${name}`)));
        delete waiting[name];
      };
      document.head.append(s);
    });
  }

  // Mirror of fold_into() in src/search/terms.rs: lower case, combining
  // accents dropped, each character through the table the build writes into
  // the index (index.fold: "ä" → "a", "ß" → "ss", …), and in German the e of
  // ae/oe/ue dropped (one pass over the output so far). Only ever called with
  // the loaded index.
  function fold(word, index) {
    const table = index.fold || {};
    const german = index.lang === "de";
    let out = "";
    for (const ch of word) {
      // Character by character, as Rust's char::to_lowercase.
      for (const c of ch.toLowerCase()) {
        if (c >= "\u0300" && c <= "\u036f") continue;
        if (c === "e" && german && /[aou]$/.test(out)) continue;
        const to = table[c];
        out += typeof to === "string" ? to : c;
      }
    }
    return out;
  }
  const words = (text) => text.match(/[\p{L}\p{N}\u0300-\u036f]+/gu) || [];
  const key = (term) => Array.from(term).slice(0, 2).join("");

  function within1(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
    let i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  // "3,2.5,…": section numbers as differences in base 36, each with its
  // count after a dot when above one → [[section, count], …].
  function postings(encoded) {
    let s = 0;
    return encoded.split(",").map((tok) => {
      const [at, n] = tok.split(".");
      s += parseInt(at, 36);
      return [s, n !== undefined ? parseInt(n, 36) : 1];
    });
  }

  // The stems a query word stands for, each with how much a match counts.
  function candidates(word, shard, isLast) {
    const found = {};
    const add = (stem, weight) => {
      if (shard.terms[stem] !== undefined && (found[stem] || 0) < weight) found[stem] = weight;
    };
    add(word, 1);
    if (shard.forms[word]) add(shard.forms[word], 1);
    // A stem the word begins with ("containern" → "contain").
    for (let k = word.length - 1; k >= Math.max(4, word.length - 3); k--) add(word.slice(0, k), 0.8);
    const terms = Object.keys(shard.terms), forms = Object.keys(shard.forms);
    if (isLast && word.length >= 2) {
      terms.forEach((t) => { if (t.startsWith(word)) add(t, 0.7); });
      forms.forEach((f) => { if (f.startsWith(word)) add(shard.forms[f], 0.7); });
    }
    if (word.length >= 5 && Object.keys(found).length === 0) {
      terms.forEach((t) => { if (within1(word, t)) add(t, 0.6); });
      forms.forEach((f) => { if (within1(word, f)) add(shard.forms[f], 0.6); });
    }
    return found;
  }

  // The query against the index. The index may be older than the site (a
  // cached index.js after the book was rebuilt): when a file it names is
  // gone, or it finds nothing, the query runs once more on a fresh index.
  function search(query) {
    const again = (fallback) => {
      if (freshIndex) return fallback();
      freshIndex = Date.now();
      delete files.index;
      return searchWith(query);
    };
    return searchWith(query).then(
      (r) => (r.hits.length ? r : again(() => r)),
      (e) => again(() => { throw e; }),
    );
  }

  function searchWith(query) {
    return load("index").then((index) => {
      const stop = new Set(index.stop);
      // Stop words are not in the index; the word being typed stays (a prefix).
      const typed = words(query).map((w) => fold(w, index));
      const qwords = typed.filter((w, i) => !stop.has(w) || i === typed.length - 1);
      if (!qwords.length) return { index, hits: [], qwords };
      const shardOf = (w) => index.shards[key(w)];
      const needed = new Set(qwords.map(shardOf).filter((f) => f !== undefined));
      return Promise.all([...needed].map(load)).then(() => {
        const total = index.sections.length;
        const scores = {}, matched = {};
        qwords.forEach((w, qi) => {
          const shard = shardOf(w) !== undefined && files[shardOf(w)];
          if (!shard) return;
          const cands = candidates(w, shard, qi === qwords.length - 1);
          const best = {};
          Object.keys(cands).forEach((stem) => {
            const list = postings(shard.terms[stem]);
            const idf = Math.log(1 + total / list.length);
            for (const [section, count] of list) {
              const score = cands[stem] * idf * (1 + Math.log(count));
              if ((best[section] || 0) < score) best[section] = score;
            }
          });
          Object.keys(best).forEach((s) => {
            scores[s] = (scores[s] || 0) + best[s];
            matched[s] = (matched[s] || 0) | (1 << qi);
          });
        });
        const all = (1 << qwords.length) - 1;
        // Sections with every word of the query come first.
        const hits = Object.keys(scores).map((s) => ({ section: +s, score: scores[s] + (matched[s] === all ? 1000 : 0) }));
        hits.sort((a, b) => b.score - a.score || a.section - b.section);
        return { index, hits: hits.slice(0, index.limit), qwords };
      });
    });
  }

  // A snippet of `index.teaser` words around the first match, matches in <mark>.
  function snippet(text, qwords, index) {
    const tokens = text.split(/\s+/).filter(Boolean);
    const isMatch = (tok) => words(tok).map((w) => fold(w, index)).some((w) =>
      qwords.some((q) => w.startsWith(q) || (q.startsWith(w) && w.length >= 4) || (w.length >= 5 && within1(w, q))));
    const teaser = index.teaser;
    const start = Math.max(0, tokens.findIndex(isMatch) - Math.floor(teaser / 3));
    const frag = document.createDocumentFragment();
    if (start > 0) frag.append("… ");
    tokens.slice(start, start + teaser).forEach((tok, i) => {
      if (i > 0) frag.append(" ");
      if (isMatch(tok)) {
        const m = document.createElement("mark");
        m.textContent = tok;
        frag.append(m);
      } else {
        frag.append(tok);
      }
    });
    if (start + teaser < tokens.length) frag.append(" …");
    return frag;
  }

  // Snippets come from files of several chapters each: those of the first
  // results are fetched with the results, the rest when scrolled into view.
  const EAGER = 10;
  let observer = null;
  const docFile = (index, chapter) => index.docs[Math.floor(chapter / index.docGroup)];
  function fillSnippet(a, index, qwords) {
    if (a.dataset.filled) return;
    a.dataset.filled = "1";
    const chapter = +a.dataset.chapter, nth = +a.dataset.nth;
    load(docFile(index, chapter)).then((doc) => {
      const text = (doc[chapter] || [])[nth] || "";
      a.querySelector(".search-teaser").append(snippet(text, qwords, index));
    }, () => {});
  }

  function result(index, hit, nth) {
    const [chapterNo, anchor, title] = index.sections[hit.section];
    const [chapterTitle, path] = index.chapters[chapterNo];
    const a = document.createElement("a");
    a.className = "search-result";
    a.href = root + encodeURI(path) + (anchor ? `#${encodeURIComponent(anchor)}` : "");
    a.dataset.chapter = chapterNo;
    a.dataset.nth = nth;
    const where = document.createElement("span");
    where.className = "search-path";
    where.textContent = title && title !== chapterTitle ? `${chapterTitle} › ${title}` : chapterTitle;
    const teaser = document.createElement("span");
    teaser.className = "search-teaser";
    a.append(where, teaser);
    return a;
  }

  let current = 0;
  function run() {
    const query = input.value.trim();
    const mine = ++current;
    if (!query) {
      results.hidden = true;
      results.textContent = "";
      status.textContent = "";
      return;
    }
    search(query).then((r) => {
      // The first results' snippets arrive together with the results.
      const groups = new Set(r.hits.slice(0, EAGER).map((h) => docFile(r.index, r.index.sections[h.section][0])));
      return Promise.all([...groups].map(load)).then(() => r);
    }).then((r) => {
      if (mine !== current) return; // a newer query is on its way
      results.textContent = "";
      if (observer) observer.disconnect();
      observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
        entries.forEach((e) => { if (e.isIntersecting) fillSnippet(e.target, r.index, r.qwords); });
      }, { root: results }) : null;
      // The n-th section of its chapter: its place in the chapter's doc file.
      const firstOf = {};
      r.hits.forEach((h, i) => {
        const chapter = r.index.sections[h.section][0];
        if (firstOf[chapter] === undefined) firstOf[chapter] = r.index.sections.findIndex((s) => s[0] === chapter);
        const a = result(r.index, h, h.section - firstOf[chapter]);
        results.append(a);
        if (i < EAGER || !observer) fillSnippet(a, r.index, r.qwords);
        else observer.observe(a);
      });
      results.hidden = false;
      const n = r.hits.length;
      status.textContent = n === 0 ? form.dataset.none : `${n} ${n === 1 ? form.dataset.one : form.dataset.many}`;
      if (n === 0) {
        const p = document.createElement("p");
        p.className = "search-none";
        p.textContent = form.dataset.none;
        results.append(p);
      }
    }, () => {
      status.textContent = form.dataset.failed;
    });
  }

  S.init = (f) => {
    form = f;
    input = form.querySelector("input");
    results = document.getElementById("search-results");
    status = document.getElementById("search-status");
    base = form.dataset.index;
    root = form.dataset.root;
    // Every keystroke searches at once; answers to older keystrokes that
    // arrive late are dropped (see `current` in run()).
    input.addEventListener("input", run);
    // The results' own keys, while the box or a result has the focus.
    form.addEventListener("keydown", (e) => {
      const list = [...results.querySelectorAll("a")];
      const at = list.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && list.length) {
        e.preventDefault();
        list[Math.min(at + 1, list.length - 1)].focus();
      } else if (e.key === "ArrowUp" && list.length) {
        e.preventDefault();
        if (at <= 0) input.focus(); else list[at - 1].focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        input.value = "";
        run();
        input.blur();
      } else if (e.key === "Enter" && document.activeElement === input && list.length) {
        e.preventDefault();
        list[0].click();
      }
    });
    document.addEventListener("click", (e) => {
      if (!form.contains(e.target)) results.hidden = true;
    });
    input.addEventListener("focus", () => { if (results.childNodes.length) results.hidden = false; });
    if (input.value.trim()) run();
  };
})();
