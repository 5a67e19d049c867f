// kursbuch search: loaded the first time the search is opened. The index
// (src/search/mod.rs) is a set of small scripts that call
// kursbuchSearch.loaded(name, data); <script> tags load them, so search works
// from file:// too. Words are folded as the build folds them
// (src/search/terms.rs) and found through the book's word forms and stems;
// the build has weighed each word in each section (BM25F), so ranking here
// adds up: how rare each query word is, how it matched (exact, by its stem,
// as a prefix, as part of a compound, with a typo), and per page, with a
// bonus for a page whose title is what was asked.
(() => {
  "use strict";
  const S = window.kursbuchSearch = window.kursbuchSearch || {};
  const files = {};
  const waiting = {};
  let form, input, results, status, base, root;
  // Set when a file named by a cached index.js is gone (see search()).
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
  // ae/oe/ue dropped (one pass over the output so far).
  function fold(word, index) {
    const table = index.fold || {};
    const german = index.lang === "de";
    let out = "";
    for (const ch of word) {
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

  // One edit apart: a letter added, dropped, changed, or two neighbours swapped.
  function within1(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // Mirror of compound::split() in src/search/compound.rs (its constants
  // come with the index): the parts of a word that are each a word, the
  // longest first part first, or null.
  function split(word, isWord, c, parts = 3) {
    const chars = Array.from(word);
    if (parts === 3 && (chars.length < c.head + c.tail || /\d/.test(word))) return null;
    if (parts < 2) return null;
    for (let cut = chars.length - 1; cut >= c.head; cut--) {
      const head = chars.slice(0, cut).join("");
      if (!isWord(head)) continue;
      const rest = chars.slice(cut).join("");
      for (const link of c.links) {
        if (!rest.startsWith(link)) continue;
        const tail = rest.slice(link.length);
        if (Array.from(tail).length < c.tail) continue;
        if (isWord(tail)) return [head, tail];
        const more = split(tail, isWord, c, parts - 1);
        if (more) return [head, ...more];
      }
    }
    return null;
  }

  // A term's entry "WDELTA,…|NDELTA,…" → sections [[section, weight]] and
  // title chapters [[chapter, the term's share of the title]] (encode.rs).
  const decoded = new Map();
  function entry(shard, term) {
    const raw = shard && shard.terms[term];
    if (raw === undefined) return null;
    const id = `${raw.length}:${term}`;
    let e = decoded.get(id);
    if (e && e.raw === raw) return e;
    const [secs, titles] = raw.split("|");
    const list = (s) => {
      if (!s) return [];
      let at = 0;
      return s.split(",").map((t) => [at += parseInt(t.slice(1), 36), parseInt(t[0], 36)]);
    };
    e = { raw, sections: list(secs), titles: list(titles) };
    decoded.set(id, e);
    return e;
  }

  // How much a match counts, by how the word matched.
  const EXACT = 1, STEM = 0.9, PREFIX = 0.7, EXTRA = 0.3, PART = 0.6, TYPO = 0.5;
  // Typos are tried when the word itself is in fewer sections than this.
  const FEW = 3;
  // A page whose title is the query: this many times its words' weight.
  const TITLE = 6;

  // Endings of inflected words: "containern" is the stem "contain" and
  // "ern", "fragate" is not "frag" and "ate".
  const ENDING = /^(e|em|en|end|ens|er|ern|es|est|et|n|nd|ns|s|st|t|te|ten|ter|ung|ungen|ed|ing|ly)$/;
  const shardOf = (index, w) => files[index.shards[key(w)]];
  const need = (index, w) => index.shards[key(w)];

  // The stems of the shard that `w` is, with an ending ("containern" →
  // "contain"), longest first.
  function stemsWithEnding(sh, w) {
    const out = [];
    for (let k = w.length - 1; k >= Math.max(4, w.length - 5); k--) {
      if (ENDING.test(w.slice(k)) && sh.terms[w.slice(0, k)] !== undefined) out.push(w.slice(0, k));
    }
    return out;
  }

  // The term of a word of the book, or of a stem and an ending.
  function stemOf(sh, w) {
    if (sh.terms[w] !== undefined) return w;
    if (sh.forms[w] !== undefined) return sh.forms[w];
    return stemsWithEnding(sh, w)[0];
  }

  // The terms a query word stands for: {alts: [[term, factor]] (a term
  // once, its best factor), parts: [[[term, factor]]] for a compound or null}.
  // Compounds and typos are tried when the word itself is rare: the book
  // may quote it ("lamda" in the author guide) where others mean "Lambda".
  function candidates(index, w, isLast, missing) {
    const shard = shardOf(index, w);
    const found = new Map();
    const add = (sh, t, f) => {
      if (sh && sh.terms[t] !== undefined && (found.get(t) || 0) < f) found.set(t, f);
    };
    if (shard) {
      add(shard, w, EXACT);
      if (shard.forms[w]) add(shard, shard.forms[w], EXACT);
      stemsWithEnding(shard, w).forEach((t) => add(shard, t, STEM));
    }
    const whole = found.size > 0;
    if (shard && isLast && w.length >= 2) {
      // What is being typed: longer words, less when the word is complete.
      const f = whole ? EXTRA : PREFIX;
      for (const t in shard.terms) if (t.startsWith(w)) add(shard, t, f);
      for (const v in shard.forms) if (v.startsWith(w)) add(shard, shard.forms[v], f);
    }
    const df = new Set();
    found.forEach((f, t) => { if (f >= STEM) entry(shard, t).sections.forEach(([s]) => df.add(s)); });
    let parts = null;
    if (found.size === 0 || df.size < FEW) {
      const isWord = (p) => {
        const sh = shardOf(index, p);
        if (!sh) {
          if (need(index, p) !== undefined) missing.add(need(index, p));
          return false;
        }
        return stemOf(sh, p) !== undefined;
      };
      const halves = split(w, isWord, index.compound);
      if (halves) parts = halves.map((p) => [[stemOf(shardOf(index, p), p), PART]]);
    }
    if (w.length >= 5 && df.size < FEW && !parts) {
      // Typos: in the word's shard, and in the one of the word with its
      // second letter dropped or swapped ("fragate" → "fargate").
      const other = need(index, w[0] + w[2]);
      if (other !== undefined && !files[other]) missing.add(other);
      for (const sh of new Set([shard, files[other]])) {
        if (!sh) continue;
        for (const t in sh.terms) if (within1(w, t)) add(sh, t, TYPO);
        for (const v in sh.forms) if (within1(w, v)) add(sh, sh.forms[v], TYPO);
      }
    }
    return { alts: [...found], parts };
  }

  // Section scores of one word's terms: {sec: Map section → score, title:
  // Map chapter → [factor, the term's share of the title], idf}. One idf for all the terms
  // a word stands for, so a rare prefix expansion or typo is not worth more
  // than the word.
  function wordScores(index, terms, total, also = []) {
    const sec = new Map(), title = new Map(), df = new Set(also);
    const entries = terms.map(([t, f]) => [entry(shardOf(index, t), t), f]).filter(([e]) => e);
    entries.forEach(([e]) => e.sections.forEach(([s]) => df.add(s)));
    const idf = Math.log(1 + (total - df.size + 0.5) / (df.size + 0.5));
    for (const [e, f] of entries) {
      for (const [s, w] of e.sections) {
        const score = f * idf * w / 16;
        if ((sec.get(s) || 0) < score) sec.set(s, score);
      }
      for (const [c, share] of e.titles) {
        if (!title.has(c) || title.get(c)[0] < f) title.set(c, [f, share / 35]);
      }
    }
    return { sec, title, idf };
  }

  // The scores of a query word: a compound's sections are those with all
  // its parts, each part counting its share; they count for the word's
  // rareness too.
  function scoresOf(index, cands, total) {
    if (!cands.parts) return wordScores(index, cands.alts, total);
    const parts = cands.parts.map((p) => wordScores(index, p, total));
    const compound = new Map();
    for (const [s] of parts[0].sec) {
      if (parts.every((p) => p.sec.has(s))) {
        compound.set(s, parts.reduce((sum, p) => sum + p.sec.get(s), 0) / parts.length);
      }
    }
    const w = wordScores(index, cands.alts, total, compound.keys());
    for (const [s, score] of compound) if ((w.sec.get(s) || 0) < score) w.sec.set(s, score);
    if (!cands.alts.length) w.idf = parts.reduce((sum, p) => sum + p.idf, 0) / parts.length;
    return w;
  }

  // Pages ranked by score: each word's best section, the best section with
  // every word, and a bonus for the title as much as it is the query; less
  // for each word the page lacks. Each page keeps its sections, best first.
  function rank(index, scores) {
    const chapterOf = [];
    index.chapters.forEach(([, , n], c) => { for (let i = 0; i < n; i++) chapterOf.push(c); });
    const all = (1 << scores.length) - 1;
    const pages = new Map();
    const page = (c) => {
      if (!pages.has(c)) pages.set(c, { chapter: c, mask: 0, best: [], sections: new Map(), title: 0, titleMask: 0, coverage: 0 });
      return pages.get(c);
    };
    scores.forEach((w, qi) => {
      for (const [s, score] of w.sec) {
        const p = page(chapterOf[s]);
        const sc = p.sections.get(s) || { section: s, score: 0, mask: 0 };
        sc.score += score;
        sc.mask |= 1 << qi;
        p.sections.set(s, sc);
        p.mask |= 1 << qi;
        p.best[qi] = Math.max(p.best[qi] || 0, score);
      }
      for (const [c, [f, share]] of w.title) {
        const p = page(c);
        p.mask |= 1 << qi;
        p.titleMask |= 1 << qi;
        p.title += f * w.idf;
        p.coverage += share;
      }
    });
    const bits = (m) => { let n = 0; for (; m; m &= m - 1) n++; return n; };
    const list = [...pages.values()];
    for (const p of list) {
      const secs = [...p.sections.values()].sort((a, b) => bits(b.mask) - bits(a.mask) || b.score - a.score || a.section - b.section);
      p.sections = secs;
      const complete = secs.length && secs[0].mask === all ? secs[0].score : 0;
      const asked = bits(p.titleMask) / scores.length;
      const found = bits(p.mask) / scores.length;
      p.score = (p.best.reduce((sum, b) => sum + (b || 0), 0) + 0.5 * complete +
        TITLE * Math.min(1, p.coverage) * asked * p.title) * found * found;
    }
    return list.sort((a, b) => b.score - a.score || a.chapter - b.chapter);
  }

  // The index may be older than the site (a cached index.js after the book
  // was rebuilt): when a file it names is gone, the query runs once more on
  // a fresh index; so does a settled query that finds nothing (once: not
  // for every keystroke that matches nothing yet).
  function fresh(query) {
    freshIndex = Date.now();
    delete files.index;
    return searchWith(query);
  }
  function search(query) {
    return searchWith(query).catch((e) => {
      if (freshIndex) throw e;
      return fresh(query);
    });
  }

  function searchWith(query) {
    return load("index").then((index) => {
      const stop = new Set(index.stop);
      // Stop words are not in the index; the word being typed stays (a prefix).
      const typed = words(query).map((w) => fold(w, index));
      const qwords = typed.filter((w, i) => (!stop.has(w) || i === typed.length - 1) && typed.indexOf(w) === i);
      if (!qwords.length) return { index, pages: [], qwords, terms: [] };
      const total = index.chapters.reduce((n, c) => n + c[2], 0);
      const missing = new Set(qwords.map((w) => need(index, w)).filter((f) => f !== undefined));
      // Compounds and typos may need more term files: at most three rounds.
      const attempt = (round) => Promise.all([...missing].map(load)).then(() => {
        missing.clear();
        const cands = qwords.map((w, i) => candidates(index, w, i === qwords.length - 1, missing));
        if (missing.size && round < 3) return attempt(round + 1);
        const scores = cands.map((c) => scoresOf(index, c, total));
        const terms = cands.map((c) => [...c.alts, ...(c.parts || []).flat()].map(([t]) => t));
        return { index, pages: rank(index, scores), qwords, terms };
      });
      return attempt(1);
    });
  }

  // The excerpt of `text` around its best match: the window of
  // `index.teaser` words with the most different query words, then the most
  // matches; matches in <mark>. `isMatch(token)` → bit mask of query words.
  function excerpt(text, isMatch, teaser) {
    const tokens = text.split(/\s+/).filter(Boolean);
    const masks = tokens.map(isMatch);
    let best = 0, bestScore = -1;
    const bits = (m) => { let n = 0; for (; m; m &= m - 1) n++; return n; };
    masks.forEach((m, i) => {
      if (!m) return;
      const start = Math.max(0, i - Math.floor(teaser / 3));
      let mask = 0, count = 0;
      for (let k = start; k < Math.min(tokens.length, start + teaser); k++) {
        if (masks[k]) { mask |= masks[k]; count++; }
      }
      const score = bits(mask) * 1000 + count;
      if (score > bestScore) { bestScore = score; best = start; }
    });
    const frag = document.createDocumentFragment();
    if (best > 0) frag.append("… ");
    tokens.slice(best, best + teaser).forEach((tok, i) => {
      if (i > 0) frag.append(" ");
      if (masks[best + i]) {
        const m = document.createElement("mark");
        m.textContent = tok;
        frag.append(m);
      } else {
        frag.append(tok);
      }
    });
    if (best + teaser < tokens.length) frag.append(" …");
    return frag;
  }

  // Which query words a token of the text stands for, as a bit mask.
  function matcher(r) {
    return (tok) => {
      let mask = 0;
      for (const w of words(tok)) {
        const f = fold(w, r.index);
        r.qwords.forEach((q, qi) => {
          const hit = f === q || f.startsWith(q) ||
            r.terms[qi].some((t) => f.startsWith(t) || (t.length >= 4 && f.includes(t))) ||
            (q.length >= 5 && within1(f, q));
          if (hit) mask |= 1 << qi;
        });
      }
      return mask;
    };
  }

  // The x- file of a section, and the section's place in it.
  function detailOf(index, section) {
    let lo = 0, hi = index.details.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (index.details[mid][0] <= section) lo = mid; else hi = mid - 1;
    }
    return [index.details[lo][1], section - index.details[lo][0]];
  }

  // How many sections a page shows under it.
  const SUBS = 3;
  // Pages whose sections and excerpts load with the results; the others
  // when scrolled into view (once those are in, which moves them down).
  const EAGER = 3;
  // Excerpts wait for typing to pause this long (ranking does not).
  const SETTLE = 250;

  function fill(li, r) {
    if (li.dataset.filled) return Promise.resolve();
    li.dataset.filled = "1";
    const p = r.pages[+li.dataset.rank];
    const chosen = p.sections.slice(0, SUBS + 1);
    return Promise.all(chosen.map((s) => {
      const [name, at] = detailOf(r.index, s.section);
      return load(name).then((d) => d[at]);
    })).then((details) => {
      if (!li.isConnected) return;
      const isMatch = matcher(r);
      const path = r.index.chapters[p.chapter][1];
      const subs = document.createElement("ul");
      subs.className = "search-subs";
      const top = li.querySelector(".search-teaser");
      details.forEach(([anchor, title, text]) => {
        // The page's top (its title's section, or what stands before it).
        if (!anchor) {
          if (!top.childNodes.length) top.append(excerpt(text, isMatch, r.index.teaser));
          return;
        }
        if (subs.children.length >= SUBS) return;
        const a = link(`${root}${encodeURI(path)}#${encodeURIComponent(anchor)}`, title);
        a.classList.add("search-sub");
        a.querySelector(".search-teaser").append(excerpt(text, isMatch, r.index.teaser));
        const item = document.createElement("li");
        item.append(a);
        subs.append(item);
      });
      if (subs.children.length) li.append(subs);
    }, () => {});
  }

  function link(href, title) {
    const a = document.createElement("a");
    a.className = "search-result";
    a.href = href;
    const where = document.createElement("span");
    where.className = "search-path";
    where.textContent = title;
    const teaser = document.createElement("span");
    teaser.className = "search-teaser";
    a.append(where, teaser);
    return a;
  }

  let current = 0, settle = 0, observer = null;
  function run(immediate) {
    const query = input.value.trim();
    const mine = ++current;
    clearTimeout(settle);
    if (!query) {
      results.removeAttribute("aria-busy");
      results.hidden = true;
      results.textContent = "";
      status.textContent = "";
      return;
    }
    // Busy until the excerpts of the first pages are in.
    results.setAttribute("aria-busy", "true");
    search(query).then((r) => {
      if (mine !== current) return; // a newer query is on its way
      results.textContent = "";
      results.dataset.query = query;
      if (observer) observer.disconnect();
      const list = document.createElement("ul");
      list.className = "search-pages";
      const shown = r.pages.slice(0, r.index.limit);
      shown.forEach((p, i) => {
        const [title, path] = r.index.chapters[p.chapter];
        const li = document.createElement("li");
        li.dataset.rank = i;
        li.append(link(root + encodeURI(path), title));
        list.append(li);
      });
      results.hidden = false;
      const n = r.pages.length;
      status.textContent = n === 0 ? form.dataset.none : `${n} ${n === 1 ? form.dataset.one : form.dataset.many}`;
      if (shown.length) {
        // Seen here, announced by the status line.
        const count = document.createElement("p");
        count.className = "search-count";
        count.setAttribute("aria-hidden", "true");
        count.textContent = status.textContent;
        results.append(count, list);
      }
      if (n === 0) {
        const p = document.createElement("p");
        p.className = "search-none";
        p.textContent = form.dataset.none;
        results.append(p);
      }
      // Sections and excerpts: once typing pauses, for the first pages
      // and for the others as they scroll into view.
      settle = setTimeout(() => {
        if (mine !== current) return;
        if (n === 0 && !freshIndex) {
          fresh(query).then((again) => { if (again.pages.length && mine === current) run(true); }, () => {});
        }
        observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
          entries.forEach((e) => { if (e.isIntersecting) fill(e.target, r); });
        }, { root: results }) : null;
        const items = [...list.querySelectorAll(":scope > li")];
        const first = items.slice(0, observer ? EAGER : items.length).map((li) => fill(li, r));
        Promise.all(first).then(() => {
          if (mine !== current) return;
          results.setAttribute("aria-busy", "false");
          if (observer) items.slice(EAGER).forEach((li) => observer.observe(li));
        });
      }, immediate === true ? 0 : SETTLE);
    }, () => {
      if (mine !== current) return;
      status.textContent = form.dataset.failed;
      results.setAttribute("aria-busy", "false");
    });
  }

  // For the tests of the parts (tests/suite/search.rs).
  S.parts = { fold, within1, split, excerpt, rank, search };

  S.init = (f) => {
    form = f;
    input = form.querySelector("input");
    results = document.getElementById("search-results");
    status = document.getElementById("search-status");
    base = form.dataset.index;
    root = form.dataset.root;
    // Every keystroke ranks at once; answers to older keystrokes that
    // arrive late are dropped (see `current` in run()).
    input.addEventListener("input", () => run(false));
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
        run(true);
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
    if (input.value.trim()) run(true);
  };
})();
