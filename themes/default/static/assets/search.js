/* Stagecraft default theme: site search. site.js loads this file on the first focus of the
   search box; the index (assets/search-index.js, built with the site by src/search/) then
   loads with a <script> tag too, so search works from disk as well.
   Queries are cut into terms as the index was: CJK bigrams, Porter-stemmed English words. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) return;
  function $(s) { return box.querySelector(s); }
  function attr(n) { return box.getAttribute("data-" + n); }
  var input = $("input"), panel = $(".search-panel"), list = $("[role=listbox]"), note = $(".search-note");
  var live = $("[role=status]"), MAX = 10, idx = null, state = "", hits = [], active = -1, toks = [];

  // Porter (1980), step by step as in src/search/stem.rs.
  function cons(w, i) { var c = w[i]; return "aeiou".indexOf(c) < 0 && (c !== "y" || !i || !cons(w, i - 1)); }
  function measure(w) { // m in [C](VC)^m[V]
    var m = 0, i = 0, n = w.length;
    while (i < n && cons(w, i)) i++;
    for (;;) {
      while (i < n && !cons(w, i)) i++;
      if (i === n) return m;
      while (i < n && cons(w, i)) i++;
      m++;
    }
  }
  function vowel(w) { for (var i = 0; i < w.length; i++) if (!cons(w, i)) return true; return false; }
  function dbl(w) { var n = w.length; return n > 1 && w[n - 1] === w[n - 2] && cons(w, n - 1); }
  function cvc(w) { var n = w.length; return n > 2 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1) && !/[wxy]$/.test(w); }
  function rules(s) { return s.split(" ").map(function (x) { return x === "-" ? "" : x; }); }
  var S1 = rules("sses ss ies i ss ss s -"), S3 = rules("icate ic ative - alize al iciti ic ical ic ful - ness -");
  var S2 = rules("ational ate tional tion enci ence anci ance izer ize abli able alli al entli ent eli e ousli ous " +
    "ization ize ation ate ator ate alism al iveness ive fulness ful ousness ous aliti al iviti ive biliti ble");
  var S4 = rules("al - ance - ence - er - ic - able - ible - ant - ement - ment - ent - ion - ou - ism - ate - iti - ous - ive - ize -");
  // The rule with the longest matching suffix, if the stem before it passes `ok`.
  function step(w, r, ok) {
    var b = -1;
    for (var i = 0; i < r.length; i += 2) if (w.endsWith(r[i]) && (b < 0 || r[i].length > r[b].length)) b = i;
    if (b < 0) return w;
    var s = w.slice(0, w.length - r[b].length);
    return ok(s) ? s + r[b + 1] : w;
  }
  function m0(s) { return measure(s) > 0; }
  function stem(w) {
    if (!/^[a-z]+$/.test(w)) return w;
    w = step(w, S1, function () { return true; });
    var m = /(ed|ing)$/.exec(w);
    if (w.endsWith("eed")) {
      if (m0(w.slice(0, -3))) w = w.slice(0, -1);
    } else if (m && vowel(w.slice(0, m.index))) {
      w = w.slice(0, m.index);
      if (/(at|bl|iz)$/.test(w)) w += "e";
      else if (dbl(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && cvc(w)) w += "e";
    }
    if (/y$/.test(w) && vowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    w = step(step(w, S2, m0), S3, m0);
    var ion = /ion$/.test(w);
    w = step(w, S4, function (s) { return measure(s) > 1 && (!ion || /[st]$/.test(s)); });
    var s = w.slice(0, -1), n = measure(s);
    if (/e$/.test(w) && (n > 1 || (n === 1 && !cvc(s)))) w = s;
    return measure(w) > 1 && /ll$/.test(w) ? w.slice(0, -1) : w;
  }

  // Words and CJK runs of a text, as src/search/tokenize.rs cuts them.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3ffff}]/u;
  function pieces(text) {
    var out = [], word = "", run = "";
    function end() { if (word) out.push({ w: word }); if (run) out.push({ c: run }); word = run = ""; }
    for (var ch of text) {
      var c = ch.codePointAt(0), han = CJK.test(ch);
      if (c >= 0xff01 && c <= 0xff5e) ch = String.fromCharCode(c - 0xfee0); // full-width ASCII
      if (han ? word : run) end();
      if (han) run += ch;
      else if (/[\p{Alphabetic}\p{N}]/u.test(ch)) word += ch.toLowerCase();
      else end();
    }
    end();
    return out;
  }
  function wordTerm(w) {
    var n = Array.from(w).length;
    if (n > 40) return null;
    if (/^[a-z]+$/.test(w)) return n > 1 && !idx.stop[w] ? stem(w) : null;
    return n > 1 || /^[0-9]+$/.test(w) ? w : null;
  }
  function bigrams(run) {
    var a = Array.from(run), r = a.length === 1 ? a : [];
    for (var i = 1; i < a.length; i++) r.push(a[i - 1] + a[i]);
    return r;
  }
  function terms(text) {
    var r = [];
    pieces(text).forEach(function (p) { r = r.concat(p.c ? bigrams(p.c) : wordTerm(p.w) || []); });
    return r;
  }

  // The index: pages with their docs, sorted terms, postings (see src/search/encode.rs).
  var DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_$";
  function postings(k) { // [[doc, weight bits], ...]
    if (idx.cache[k]) return idx.cache[k];
    var s = idx.post[k], out = [], n = 0, doc = -1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s[i]);
      n = n * 32 + (d & 31);
      if (d < 32) { doc += 1 + Math.floor(n / 4); out.push([doc, n & 3]); n = 0; }
    }
    return (idx.cache[k] = out);
  }
  function less(a, b) { // code point order, as the terms are sorted
    for (var i = 0; i < a.length && i < b.length; i++) {
      var x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x < y;
    }
    return a.length < b.length;
  }
  function lower(t) { // the first term not before t
    var lo = 0, hi = idx.terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (less(idx.terms[mid], t)) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // The terms a query word stands for: {term index: 1 exact, 0.6 partial}. A single CJK
  // character stands for every bigram holding it; the word being typed for its completions.
  function keys(p, last) {
    var r = {}, T = idx.terms, n = 0, i;
    function prefix(t) { for (i = lower(t); i < T.length && T[i].startsWith(t) && n < 60; i++, n++) r[i] = r[i] || 0.6; }
    if (p.c) T.forEach(function (t, i) { if (t.indexOf(p.c) >= 0) r[i] = 1; });
    if (p.t && T[(i = lower(p.t))] === p.t) r[i] = 1;
    if (last && p.w && p.w.length > 1) {
      if (p.t) prefix(p.t);
      prefix(p.w);
      // Typed past the end of a stem ("negotiat" for "negoti"): the longest stem it starts with.
      for (i = lower(p.w) - 1; !n && i >= 0 && !less(T[i], p.w.slice(0, 3)); i--) if (p.w.startsWith(T[i])) { r[i] = 0.6; n++; }
    }
    return r;
  }
  function query(q) {
    var ps = pieces(q), open = !/\s$/.test(q), out = [];
    ps.forEach(function (p, i) {
      var last = open && i === ps.length - 1;
      if (p.c && Array.from(p.c).length > 1) bigrams(p.c).forEach(function (b) { out.push({ k: keys({ t: b }), run: p.c }); });
      else if (p.c || (p.t = wordTerm(p.w)) || (last && p.w.length > 1)) out.push({ k: keys(p, last), run: p.c });
    });
    return out;
  }
  // Docs holding every term of the query (a term in a page's title counts for all of its
  // sections), best first: title and heading hits, then repeated words, then the rest.
  function run(q) {
    var cand = null, first = idx.first, docs = idx.docs, want = {};
    toks = query(q);
    toks.want = want;
    toks.forEach(function (tok) {
      var hit = {}, titled = {}, next = new Map();
      Object.keys(tok.k).forEach(function (k) {
        want[idx.terms[k]] = 1;
        postings(k).forEach(function (p) {
          var s = ((p[1] & 2 ? 10 : 0) + 1 + (p[1] & 1)) * tok.k[k], d = p[0];
          if (!(hit[d] >= s)) hit[d] = s;
          if (p[1] & 2 && first[docs[d][0]] === d) titled[docs[d][0]] = 1;
        });
      });
      function add(d) {
        var old = cand ? cand.get(d) : [0, 0];
        if (old && d in hit) next.set(d, [old[0] + hit[d], old[1] + 1]);
        else if (old && titled[docs[d][0]]) next.set(d, [old[0] + 2, old[1]]);
      }
      if (cand) cand.forEach(function (v, d) { add(d); });
      else {
        Object.keys(hit).forEach(function (d) { add(+d); });
        Object.keys(titled).forEach(function (p) { for (var d = first[p]; d < first[+p + 1]; d++) if (!next.has(d)) add(d); });
      }
      cand = next;
    });
    var out = [];
    (cand || []).forEach(function (v, d) {
      var doc = docs[d], head = idx.pages[doc[0]][1] + " " + doc[1];
      toks.forEach(function (t) { if (t.run && t.run.length > 1) v[0] += head.indexOf(t.run) >= 0 ? 5 : doc[3].indexOf(t.run) >= 0 ? 1 : 0; });
      if (v[1]) out.push([v[0], d]);
    });
    return out.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (x) { return x[1]; });
  }

  // Text with the query's words in <mark>, from `from` on; built with DOM nodes only.
  function fill(el, text, from) {
    var r = [], m, at = from || 0, re = /[\p{Alphabetic}\p{N}]+/gu;
    toks.forEach(function (t) {
      for (var i = t.run ? text.indexOf(t.run) : -1; i >= 0; i = text.indexOf(t.run, i + 1)) r.push([i, i + t.run.length]);
    });
    while ((m = re.exec(text))) if (toks.want[stem(m[0].toLowerCase())]) r.push([m.index, m.index + m[0].length]);
    r.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (m) {
      if (m[0] < at) return;
      el.append(text.slice(at, m[0]), Object.assign(document.createElement("mark"), { textContent: text.slice(m[0], m[1]) }));
      at = m[1];
    });
    el.append(text.slice(at));
    return r;
  }
  function span(cls, parent, text) {
    var s = parent.appendChild(document.createElement("span"));
    s.className = cls;
    if (text) s.textContent = text;
    return s;
  }

  // The combobox.
  function say(text, shown) {
    live.textContent = text;
    note.textContent = shown ? text : "";
    note.hidden = !shown;
  }
  function open(on) {
    panel.hidden = !on;
    input.setAttribute("aria-expanded", on && hits.length ? "true" : "false");
    if (!on) select(-1);
  }
  function select(i) {
    var items = list.children;
    if (items[active]) items[active].setAttribute("aria-selected", "false");
    active = i;
    if (!items[i]) return input.removeAttribute("aria-activedescendant");
    items[i].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[i].id);
    items[i].scrollIntoView({ block: "nearest" });
  }
  function go(i, tab) {
    var li = list.children[i];
    if (!li) return;
    if (tab) return window.open(li.getAttribute("data-href"), "_blank");
    open(false);
    location.href = li.getAttribute("data-href");
  }
  function update() {
    var q = input.value.trim(), all;
    list.textContent = "";
    hits = [];
    select(-1);
    if (!q) return say("", false), open(false);
    if (state !== "ready") return say(attr(state === "error" ? "error" : "loading"), true), open(true);
    all = run(input.value);
    hits = all.slice(0, MAX);
    hits.forEach(function (d, i) {
      var doc = idx.docs[d], page = idx.pages[doc[0]], li = list.appendChild(document.createElement("li"));
      li.id = "search-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", attr("root") + page[0] + (doc[2] ? "#" + doc[2] : ""));
      var title = span("search-hit-title", li);
      fill(title, page[1]);
      if (doc[1]) {
        span("search-hit-sep", title, " › ");
        fill(span("search-hit-section", title), doc[1]);
      }
      if (page[2] >= 0) span("search-hit-crumb", li, idx.pages[page[2]][1]);
      if (!doc[3]) return;
      // Start the snippet shortly before the first hit.
      var text = span("search-hit-text", li), m = fill(document.createElement("i"), doc[3])[0];
      var from = m ? Math.max(0, doc[3].lastIndexOf(" ", m[0] - 30) + 1, m[0] - 40) : 0;
      while (from && from < m[0] && /\w\w/.test(doc[3].substr(from - 1, 2))) from++; // not mid-word
      if (from) text.textContent = "…";
      fill(text, doc[3], from);
    });
    var fmt = attr(!all.length ? "none" : all.length > MAX ? "more" : "count");
    say(fmt.replace("{q}", q).replace("{n}", hits.length).replace("{total}", all.length), !all.length);
    list.hidden = !hits.length;
    open(true);
  }
  function load() {
    if (state) return;
    state = "loading";
    var s = document.head.appendChild(document.createElement("script"));
    s.onload = function () {
      var data = window.stagecraftSearch;
      if (!data) return s.onerror();
      idx = { stop: {}, pages: data.pages, docs: [], first: [], terms: data.terms, post: data.post, cache: {} };
      data.stop.forEach(function (w) { idx.stop[w] = 1; });
      data.pages.forEach(function (p, i) {
        idx.first.push(idx.docs.length);
        p[3].forEach(function (d) { idx.docs.push([i].concat(d)); });
      });
      idx.first.push(idx.docs.length);
      state = "ready";
      update();
    };
    s.onerror = function () { state = "error"; update(); };
    s.src = attr("index");
  }

  input.addEventListener("focus", function () { load(); if (input.value.trim()) update(); });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (e) {
    var n = hits.length, k = e.key;
    if (k === "ArrowDown" || k === "ArrowUp") {
      e.preventDefault();
      if (panel.hidden) update();
      if (n) select(k === "ArrowDown" ? (active + 1) % n : (active + n - 1) % n);
    } else if (k === "Enter") {
      e.preventDefault();
      go(Math.max(active, 0), e.ctrlKey || e.metaKey);
    } else if (k === "Escape" && !panel.hidden) {
      e.preventDefault();
      open(false);
    }
  });
  list.addEventListener("mousedown", function (e) { e.preventDefault(); });
  list.addEventListener("click", function (e) {
    var li = e.target.closest("[role=option]");
    if (li) go(Array.prototype.indexOf.call(list.children, li), e.ctrlKey || e.metaKey);
  });
  box.addEventListener("focusout", function (e) { if (!box.contains(e.relatedTarget)) open(false); });
  // site.js loaded this file because the box got focus: start at once.
  if (document.activeElement === input) { load(); if (input.value.trim()) update(); }
  // For tests: the stemmer and the tokenizer, to compare with the Rust ones.
  window.stagecraftSearchApi = { stem: stem, terms: terms, ready: function () { return state === "ready"; } };
})();
