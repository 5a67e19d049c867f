// kursbuch search: loaded the first time the search is opened. The index is a
// set of small scripts (search/index.js, search/t/KEY.js, search/d/N.js) that
// call kursbuchSearch.loaded(name, data); <script> tags load them, so search
// works from file:// too. Words are folded exactly as the build folds them
// (src/search/terms.rs); stems are found through the word forms of the book,
// by prefix (as you type) and with one typo for words of five letters or more.
(function () {
  "use strict";
  var S = window.kursbuchSearch = window.kursbuchSearch || {};
  var files = {};
  var waiting = {};
  var form, input, results, status, base, root;

  S.loaded = function (name, data) {
    files[name] = data;
    (waiting[name] || []).forEach(function (w) { w.resolve(data); });
    delete waiting[name];
  };

  function load(name) {
    if (files[name]) return Promise.resolve(files[name]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push({ resolve: resolve, reject: reject });
      if (!first) return;
      var s = document.createElement("script");
      // index.js may come from a cache; when it names files that are gone,
      // fresh() fetches it again (see search()).
      s.src = base + name + ".js" + (name === "index" && freshIndex ? "?t=" + freshIndex : "");
      s.async = true;
      s.onerror = function () {
        (waiting[name] || []).forEach(function (w) { w.reject(new Error("cannot load " + name)); });
        delete waiting[name];
      };
      document.head.appendChild(s);
    });
  }

  // Mirror of fold() in src/search/terms.rs.
  var MAP = { "ä": "a", "à": "a", "á": "a", "â": "a", "ã": "a", "å": "a", "ö": "o", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ø": "o",
    "ü": "u", "ù": "u", "ú": "u", "û": "u", "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ç": "c", "ñ": "n", "ß": "ss" };
  function fold(word, lang) {
    var out = "";
    var lower = word.toLowerCase();
    for (var i = 0; i < lower.length; i++) {
      var c = lower[i];
      if (c >= "\u0300" && c <= "\u036f") continue;
      // German digraphs: the e of ae/oe/ue goes (as in the build, one pass).
      if (c === "e" && lang === "de" && /[aou]$/.test(out)) continue;
      out += MAP[c] !== undefined ? MAP[c] : c;
    }
    return out;
  }
  function words(text) {
    return text.match(/[\p{L}\p{N}\u0300-\u036f]+/gu) || [];
  }
  function key(term) { return Array.from(term).slice(0, 2).join(""); }

  function within1(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  function postings(encoded) {
    var out = [], s = 0;
    encoded.split(",").forEach(function (tok) {
      var p = tok.split(".");
      s += parseInt(p[0], 36);
      out.push([s, p.length > 1 ? parseInt(p[1], 36) : 1]);
    });
    return out;
  }

  // The stems a query word stands for, each with how much a match counts.
  function candidates(word, shard, isLast) {
    var found = {};
    function add(stem, weight) {
      if (shard.terms[stem] !== undefined && (found[stem] || 0) < weight) found[stem] = weight;
    }
    add(word, 1);
    if (shard.forms[word]) add(shard.forms[word], 1);
    // A stem the word begins with ("containern" → "contain").
    for (var k = word.length - 1; k >= Math.max(4, word.length - 3); k--) add(word.slice(0, k), 0.8);
    var terms = Object.keys(shard.terms), forms = Object.keys(shard.forms);
    if (isLast && word.length >= 2) {
      terms.forEach(function (t) { if (t.startsWith(word)) add(t, 0.7); });
      forms.forEach(function (f) { if (f.startsWith(word)) add(shard.forms[f], 0.7); });
    }
    if (word.length >= 5 && Object.keys(found).length === 0) {
      terms.forEach(function (t) { if (within1(word, t)) add(t, 0.6); });
      forms.forEach(function (f) { if (within1(word, f)) add(shard.forms[f], 0.6); });
    }
    return found;
  }

  var freshIndex = 0;
  // The query against the index. The index may be older than the site (a
  // cached index.js after the book was rebuilt): when a file it names is
  // gone, or it finds nothing, the query runs once more on a fresh index.
  function search(query) {
    function again(fallback) {
      if (freshIndex) return fallback();
      freshIndex = Date.now();
      delete files.index;
      return searchWith(query);
    }
    return searchWith(query).then(function (r) {
      return r.hits.length ? r : again(function () { return r; });
    }, function (e) {
      return again(function () { throw e; });
    });
  }

  function searchWith(query) {
    return load("index").then(function (index) {
      var stop = {};
      index.stop.forEach(function (w) { stop[w] = true; });
      var qwords = words(query).map(function (w) { return fold(w, index.lang); });
      // Stop words are not in the index; the word being typed stays (a prefix).
      var typed = qwords.length;
      qwords = qwords.filter(function (w, i) { return !stop[w] || i === typed - 1; });
      if (!qwords.length) return { index: index, hits: [], qwords: [] };
      var needed = {};
      qwords.forEach(function (w) { if (index.shards[key(w)] !== undefined) needed[index.shards[key(w)]] = true; });
      return Promise.all(Object.keys(needed).map(load)).then(function () {
        var total = index.sections.length;
        var scores = {}, matched = {};
        qwords.forEach(function (w, qi) {
          var shard = index.shards[key(w)] !== undefined && files[index.shards[key(w)]];
          if (!shard) return;
          var cands = candidates(w, shard, qi === qwords.length - 1);
          var best = {};
          Object.keys(cands).forEach(function (stem) {
            var list = postings(shard.terms[stem]);
            var idf = Math.log(1 + total / list.length);
            list.forEach(function (p) {
              var score = cands[stem] * idf * (1 + Math.log(p[1]));
              if ((best[p[0]] || 0) < score) best[p[0]] = score;
            });
          });
          Object.keys(best).forEach(function (s) {
            scores[s] = (scores[s] || 0) + best[s];
            matched[s] = (matched[s] || 0) | (1 << qi);
          });
        });
        var all = (1 << qwords.length) - 1;
        var hits = Object.keys(scores).map(function (s) {
          // Sections with every word of the query come first.
          return { section: +s, score: scores[s] + (matched[s] === all ? 1000 : 0) };
        });
        hits.sort(function (a, b) { return b.score - a.score || a.section - b.section; });
        return { index: index, hits: hits.slice(0, index.limit), qwords: qwords };
      });
    });
  }

  // A snippet of `teaser` words around the first match, matches in <mark>.
  function snippet(text, qwords, lang, teaser) {
    var tokens = text.split(/\s+/).filter(Boolean);
    var isMatch = function (tok) {
      var ws = words(tok).map(function (w) { return fold(w, lang); });
      return ws.some(function (w) {
        return qwords.some(function (q) { return w.startsWith(q) || q.startsWith(w) && w.length >= 4 || w.length >= 5 && within1(w, q); });
      });
    };
    var first = 0;
    for (var i = 0; i < tokens.length; i++) if (isMatch(tokens[i])) { first = i; break; }
    var start = Math.max(0, first - Math.floor(teaser / 3));
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    tokens.slice(start, start + teaser).forEach(function (tok, i) {
      if (i > 0) frag.appendChild(document.createTextNode(" "));
      if (isMatch(tok)) {
        var m = document.createElement("mark");
        m.textContent = tok;
        frag.appendChild(m);
      } else {
        frag.appendChild(document.createTextNode(tok));
      }
    });
    if (start + teaser < tokens.length) frag.appendChild(document.createTextNode(" …"));
    return frag;
  }

  // Snippets come from files of several chapters each: those of the first
  // results are fetched with the results, the rest when scrolled into view.
  var EAGER = 10;
  var observer = null;
  function fillSnippet(a, index, qwords) {
    if (a.dataset.filled) return;
    a.dataset.filled = "1";
    var chapter = +a.dataset.chapter, nth = +a.dataset.nth;
    load(index.docs[Math.floor(chapter / index.docGroup)]).then(function (doc) {
      var text = (doc[chapter] || [])[nth] || "";
      a.querySelector(".search-teaser").appendChild(snippet(text, qwords, index.lang, index.teaser));
    }, function () {});
  }

  var current = 0;
  function run() {
    var query = input.value.trim();
    var mine = ++current;
    if (!query) {
      results.hidden = true;
      results.textContent = "";
      status.textContent = "";
      return;
    }
    search(query).then(function (r) {
      // The first results' snippets arrive together with the results.
      var groups = {};
      r.hits.slice(0, EAGER).forEach(function (h) { groups[r.index.docs[Math.floor(r.index.sections[h.section][0] / r.index.docGroup)]] = true; });
      return Promise.all(Object.keys(groups).map(load)).then(function () { return r; });
    }).then(function (r) {
      if (mine !== current) return; // a newer query is on its way
      results.textContent = "";
      if (observer) observer.disconnect();
      observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        entries.forEach(function (e) { if (e.isIntersecting) fillSnippet(e.target, r.index, r.qwords); });
      }, { root: results }) : null;
      var first = {};
      r.hits.forEach(function (h, i) {
        var sec = r.index.sections[h.section];
        var chapter = r.index.chapters[sec[0]];
        if (first[sec[0]] === undefined) {
          first[sec[0]] = r.index.sections.findIndex(function (s) { return s[0] === sec[0]; });
        }
        var a = document.createElement("a");
        a.className = "search-result";
        a.href = root + encodeURI(chapter[1]) + (sec[1] ? "#" + encodeURIComponent(sec[1]) : "");
        a.dataset.chapter = sec[0];
        a.dataset.nth = h.section - first[sec[0]];
        var path = document.createElement("span");
        path.className = "search-path";
        path.textContent = sec[2] && sec[2] !== chapter[0] ? chapter[0] + " › " + sec[2] : chapter[0];
        var teaser = document.createElement("span");
        teaser.className = "search-teaser";
        a.appendChild(path);
        a.appendChild(teaser);
        results.appendChild(a);
        if (i < EAGER || !observer) fillSnippet(a, r.index, r.qwords);
        else observer.observe(a);
      });
      results.hidden = false;
      var n = r.hits.length;
      status.textContent = n === 0 ? form.dataset.none : n + " " + (n === 1 ? form.dataset.one : form.dataset.many);
      if (n === 0) {
        var p = document.createElement("p");
        p.className = "search-none";
        p.textContent = form.dataset.none;
        results.appendChild(p);
      }
    }, function () {
      status.textContent = form.dataset.failed;
    });
  }

  function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

  S.init = function (f) {
    form = f;
    input = form.querySelector("input");
    results = document.getElementById("search-results");
    status = document.getElementById("search-status");
    base = form.dataset.index;
    root = form.dataset.root;
    // Every keystroke searches at once; answers to older keystrokes that
    // arrive late are dropped (see `current` in run()).
    input.addEventListener("input", run);
    form.addEventListener("keydown", function (e) {
      var list = links();
      var at = list.indexOf(document.activeElement);
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
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) results.hidden = true;
    });
    input.addEventListener("focus", function () { if (results.childNodes.length) results.hidden = false; });
    if (input.value.trim()) run();
  };
})();
