/* Stagecraft default theme: site search. site.js loads this file on the first focus of the
   search box; it then loads the index's manifest, and each query loads the term shards,
   postings blocks and chunks of the document table it needs (assets/search/, built with the
   site by src/search/), each with a <script> tag, so search works from disk as well.
   Queries are cut into terms as the index was: CJK bigrams, Porter-stemmed English words.
   Pages are ranked, not filtered: those with more of the query's words first (then exact
   words before corrected ones), then by a BM25-like score (rarer words and title or heading
   hits count more). A word the index lacks is corrected to the site's words one or two edits
   away, and the site's synonyms stand for each other. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) return;
  function $(s) { return box.querySelector(s); }
  function attr(n) { return box.getAttribute("data-" + n); }
  var input = $("input"), panel = $(".search-panel"), list = $("[role=listbox]"), note = $(".search-note");
  var live = $("[role=status]"), MAX = 10, CAP = 60, state = "", hits = [], active = -1, toks = [], generation = 0, ready;

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
    w = measure(w) > 1 && /ll$/.test(w) ? w.slice(0, -1) : w;
    return w.length > 4 && /ifi$/.test(w) ? w.slice(0, -1) : w; // qualifi → qualif, as qualification
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
    if (/^[a-z]+$/.test(w)) return n > 1 && !stop[w] ? stem(w) : null;
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

  // The index files (see src/search/files.rs): each is a script that calls
  // window.stagecraftSearch.add(id, data); `need` adds its <script> tag once.
  var files = {}, loaded = [], M = null, stop = {}, SEC = 1048576, shards = [], NONE = [];
  // A result's value: COV for each of the query's words it holds, EXACT for each held
  // exactly, plus its score (below EXACT).
  var COV = 1e6, EXACT = 1e4;
  window.stagecraftSearch = { add: function (id, data) { (files[id] = files[id] || {}).data = data; } };
  function need(id) {
    var f = files[id] = files[id] || {};
    if (!f.p) f.p = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.onload = function () { s.remove(); if (f.data === undefined) fail(id); else ok(f.data); };
      s.onerror = function () { s.remove(); fail(id); };
      s.src = attr("index") + id + ".js";
      loaded.push(id);
      document.head.appendChild(s);
    });
    return f.p;
  }
  function hex(key) {
    return Array.from(new TextEncoder().encode(key), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function less(a, b) { // code point order, as the keys are sorted
    for (var i = 0; i < a.length && i < b.length; i++) {
      var x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x < y;
    }
    return a.length < b.length;
  }
  function lower(list, t) { // the first position not before t
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (less(list[mid], t)) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function bigram(key) { var a = Array.from(key); return a.length === 2 && CJK.test(a[0]) && CJK.test(a[1]); }

  // Postings: [id, weight, id, weight, ...] with id = page * 2^20 + section (src/search/postings.rs).
  var VAL = new Int8Array(128).fill(-1);
  "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_$".split("").forEach(function (c, i) { VAL[c.charCodeAt(0)] = i; });
  // BM25's weight of a key in n of the index's docs.
  function idf(n) { var D = Math.max(M.docs, n); return Math.log(1 + (D - n + 0.5) / (n + 0.5)); }
  function score(w, bits) { return (w & 2 ? 11 : 1) + (w & 1) + (bits < 4 ? 0 : w & 4 ? 5 : w & 8 ? 1 : 0); }
  function decode(b) {
    var s = b.text, bits = b.key.bits, out = [], n = 0, page = b.lo - 1, sec = -1, w = 0, next = false, max = 0;
    for (var i = 0; i < s.length; i++) {
      var d = VAL[s.charCodeAt(i)];
      n = n * 32 + (d & 31);
      if (d >= 32) continue;
      if (next) { sec = n; next = false; out.push(page * SEC + sec, w); }
      else {
        w = n % (1 << bits); n = Math.floor(n / (1 << bits));
        if (n % 2) { page += 1 + (n - 1) / 2; next = true; }
        else { sec += 1 + n / 2; out.push(page * SEC + sec, w); }
      }
      if (!next) max = Math.max(max, score(w, bits));
      n = 0;
    }
    b.list = out;
    b.max = max;
  }
  // A key of shard s at position j: its blocks of postings ([lo, hi) pages; `list` once loaded).
  function keyAt(s, j) {
    if (s.info[j]) return s.info[j];
    var e = s.p[j], key = { name: s.k[j], bits: bigram(s.k[j]) ? 4 : 2, blocks: [] };
    if (typeof e === "string") {
      key.blocks.push({ key: key, lo: 0, hi: Infinity, text: e });
      decode(key.blocks[0]);
      key.n = key.blocks[0].list.length / 2;
    } else {
      key.n = e.n;
      for (var i = 0; i < e.b.length; i += 2) {
        var lo = e.b[i] * Math.pow(2, e.r);
        key.blocks.push({ key: key, lo: lo, hi: lo + Math.pow(2, e.r), max: e.b[i + 1], id: "b/" + hex(key.name) + "." + e.b[i] });
      }
    }
    key.idf = idf(key.n);
    return (s.info[j] = key);
  }
  function shard(i) {
    return shards[i] || (shards[i] = need("t/" + hex(M.shards[i])).then(function (d) { return { k: d.k, p: d.p, info: [] }; }));
  }
  async function entry(name) { // the key `name`, or null
    var i = lower(M.shards, name);
    if (M.shards[i] !== name) i--;
    if (i < 0) return null;
    var s = await shard(i), j = lower(s.k, name);
    return s.k[j] === name ? keyAt(s, j) : null;
  }
  async function scan(t, n) { // up to n keys that start with t, in order
    var out = [], i = lower(M.shards, t);
    if (M.shards[i] !== t) i = Math.max(i - 1, 0);
    for (; i < M.shards.length && out.length < n; i++) {
      var s = await shard(i);
      for (var j = lower(s.k, t); j < s.k.length && out.length < n; j++) {
        if (!s.k[j].startsWith(t)) return out;
        out.push(keyAt(s, j));
      }
    }
    return out;
  }

  // The keys a query word stands for, with their factors: 1 exact, 0.6 completion, 0.5
  // corrected. A single CJK character has a key of its own (every term holding it); the word
  // being typed stands for its completions (at most 60), or else for the longest key it
  // starts with; a word of 5 letters or more that the index lacks, for the site's words one
  // edit away (two from 9 letters on).
  async function keys(t) {
    var p = t.p, last = t.last, r = new Map(), n = 0, e;
    function add(key, f) { if (key && !r.has(key.name)) r.set(key.name, { key: key, f: f }); }
    if (t.syn) {
      for (var alt of M.syn[t.syn - 1]) add(alt.length > 1 ? await conj(alt) : await entry(alt[0]), 1);
      return Array.from(r.values());
    }
    if (p.c) add(await entry(p.c), 1);
    if (p.t) add(await entry(p.t), 1);
    var typing = last && p.w && p.w.length > 1;
    if (typing) {
      if (p.t) (await scan(p.t, 60)).forEach(function (k) { n++; add(k, 0.6); });
      (await scan(p.w, 60 - n)).forEach(function (k) { n++; add(k, 0.6); });
    }
    if (!r.size && p.w && /^[a-z]{5,}$/.test(p.w)) {
      var near = await nearby(p.w, p.w.length >= 9 ? 2 : 1);
      for (var c of near) if ((e = await entry(stem(c)))) { if (!t.fix) t.fix = c; add(e, 0.5); }
    }
    for (var l = p.w && p.w.length - 1; typing && !r.size && l >= 3; l--) if ((e = await entry(p.w.slice(0, l)))) add(e, 0.6);
    return Array.from(r.values());
  }
  // A multi-word synonym (its terms), as a key of the docs holding all of its terms.
  async function conj(ts) {
    var ks = await Promise.all(ts.map(entry));
    if (ks.some(function (k) { return !k; })) return null;
    await Promise.all(ks.map(function (k) {
      return Promise.all(k.blocks.map(function (b) { return b.list || need(b.id).then(function (text) { b.text = text; decode(b); }); }));
    }));
    var bits = ks.every(function (k) { return k.bits === 4; }) ? 4 : 2, maps = ks.map(function (k) {
      var m = new Map();
      k.blocks.forEach(function (b) { for (var j = 0; j < b.list.length; j += 2) m.set(b.list[j], b.list[j + 1]); });
      return m;
    }), list = [], max = 0;
    Array.from(maps[0].keys()).sort(function (a, b) { return a - b; }).forEach(function (d) {
      var w = (1 << bits) - 1;
      if (maps.every(function (m) { return m.has(d) && ((w &= m.get(d)), true); })) { list.push(d, w); max = Math.max(max, score(w, bits)); }
    });
    var key = { name: ts.join(" "), bits: bits, blocks: [], n: list.length / 2 };
    key.idf = idf(key.n);
    key.blocks.push({ key: key, lo: 0, hi: Infinity, list: list, max: max });
    return key;
  }
  // The typo vocabulary's words within d edits of w. One edit leaves either the first two
  // letters or the last two (three from 8 letters on), so they are among the words of the
  // parts that hold the words starting like w and those ending like it (at most 8 of each).
  async function nearby(w, d) {
    var k = w.length >= 8 ? 3 : 2, rw = Array.from(w).reverse().join(""), words = new Set(), out = [];
    async function from(starts, dir, p, flip) {
      var i = lower(starts, p), end = lower(starts, p + "\uffff");
      if (starts[i] !== p) i = Math.max(i - 1, 0);
      var parts = [];
      for (var until = Math.min(end, i + 8); i < until; i++) parts.push(need(dir + hex(starts[i])));
      (await Promise.all(parts)).forEach(function (part) {
        part.forEach(function (x) { if (x.startsWith(p)) words.add(flip ? Array.from(x).reverse().join("") : x); });
      });
    }
    if (!M.vocab.length) return out;
    await Promise.all([from(M.vocab, "v/", w.slice(0, k)), from(M.rvocab, "w/", rw.slice(0, k), true)]);
    words.forEach(function (x) { var e = edits(w, x, d); if (e <= d && x !== w) out.push([e, x]); });
    out.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : 1); });
    return out.slice(0, 8).map(function (o) { return o[1]; });
  }
  // Edits from a to b (insert, delete, substitute, swap two neighbours), or d + 1 if more than d.
  function edits(a, b, d) {
    if (Math.abs(a.length - b.length) > d) return d + 1;
    var rows = [[]], i, j;
    for (j = 0; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      var row = rows[i] = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        var c = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + c);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
        low = Math.min(low, row[j]);
      }
      if (low > d) return d + 1;
    }
    return rows[a.length][b.length];
  }
  // The query's terms, with each run of them that is an entry of a synonym group taken as the
  // group (the longest entry at each position; as Synonyms::expand in src/search/synonyms.rs).
  function expand(us, syn) {
    var out = [];
    for (var i = 0; i < us.length;) {
      var best = null;
      syn.forEach(function (g, gi) {
        g.forEach(function (e) {
          if (e.length <= us.length - i && e.every(function (x, j) { return us[i + j].t === x; }) && (!best || e.length > best.len)) best = { g: gi, len: e.length };
        });
      });
      if (!best) { out.push(us[i++]); continue; }
      var part = us.slice(i, i + best.len);
      out.push({ syn: best.g + 1, p: {}, part: part, run: "" });
      i += best.len;
    }
    return out;
  }
  function query(q) {
    var ps = pieces(q), open = !/\s$/.test(q), us = [];
    ps.forEach(function (p, i) {
      var last = open && i === ps.length - 1;
      if (p.c && Array.from(p.c).length > 1) bigrams(p.c).forEach(function (b, j) { us.push({ p: { t: b }, t: b, run: p.c, at: j }); });
      else if (p.c || (p.t = wordTerm(p.w)) || (last && p.w.length > 1)) us.push({ p: p, t: p.t || p.c, last: last, run: p.c });
    });
    return Promise.all(expand(us, M.syn).slice(0, 32).map(async function (t) {
      t.k = await keys(t);
      t.idf = Math.max.apply(null, t.k.map(function (k) { return k.key.idf; }).concat(0));
      t.exact = t.k.some(function (k) { return k.f >= 1; });
      // Function characters (的, 了, 是) do not count against a page.
      t.cov = !(t.p.t || t.p.c || "").split("").some(function (c) { return M.fn.indexOf(c) >= 0; });
      // How a Chinese run adds to a result: from the bigram's weight bits when the run is
      // that bigram, else from the result's text (up to the bits' bound).
      t.boost = t.run && t.run.length > 1 ? (t.p.t === t.run ? "bits" : "text") : "";
      return t;
    }));
  }

  // Docs holding any token of the query (a token in a page's title counts for all of its
  // sections), best first: those holding more of the tokens (exactly more of them, on a tie),
  // then by the sum of each token's weight (idf) times its hit's: title and heading hits,
  // then repeated words, then the rest; Chinese runs found in a result's title or heading,
  // or its snippet, add to it. Loads the
  // blocks of common keys and the chunks of the doc table only as far as it takes to know
  // the first `want` results, in rounds of a few files, at most `cap` files (no cap: all of
  // them); `more` is set when the total is only a lower bound.
  function page(id) { var c = files[chunkOf(id)]; return c && c.data && c.data[Math.floor(id / SEC) % M.chunk]; }
  function chunkOf(id) { return "d/" + Math.floor(id / SEC / M.chunk); }
  async function rank(toks, want, cap, live) {
    if (!toks.some(function (t) { return t.k.length; })) return { ids: [], total: 0, more: false };
    var Q = begin(toks), used = 0, round = 0;
    for (;;) {
      var r = judge(Q, want, used >= cap, Math.min(16, 4 << round++));
      if (!r.need.length) return r;
      if (!live()) throw "stale";
      used += r.need.length;
      await Promise.all(r.need.map(function (n) {
        return n.block ? need(n.block.id).then(function (text) { n.block.text = text; decode(n.block); }) : need(n.chunk);
      }));
    }
  }
  // A query's ranking, kept from round to round: page ranges between the bounds of every
  // block; per token the best score in each range from the blocks loaded so far; the results
  // so far, and those waiting for their doc's text.
  function begin(toks) {
    var cuts = [0, M.pages];
    toks.forEach(function (t) { t.k.forEach(function (k) { k.key.blocks.forEach(function (b) { cuts.push(b.lo); if (b.hi < M.pages) cuts.push(b.hi); }); }); });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });
    var R = cuts.length - 1;
    return {
      toks: toks, cuts: cuts, R: R, done: new Uint8Array(R), exact: [], pending: [], total: 0, lows: [],
      runs: toks.filter(function (t) { return t.boost; }),
      info: toks.map(function () { return { taken: new Set(), best: new Float64Array(R).fill(-1) }; })
    };
  }
  function range(Q, page) { var lo = 0, hi = Q.R; while (lo + 1 < hi) { var m = (lo + hi) >> 1; if (Q.cuts[m] <= page) lo = m; else hi = m; } return lo; }
  // Takes in the best scores of the blocks loaded since the last round.
  function absorb(Q) {
    Q.toks.forEach(function (t, ti) {
      var inf = Q.info[ti];
      t.k.forEach(function (k) {
        k.key.blocks.forEach(function (b) {
          if (!b.list || inf.taken.has(b)) return;
          inf.taken.add(b);
          for (var j = 0, L = b.list, ri = range(Q, b.lo); j < L.length; j += 2) {
            while (Q.cuts[ri + 1] <= L[j] / SEC) ri++;
            inf.best[ri] = Math.max(inf.best[ri], score(L[j + 1], k.key.bits) * k.f * k.key.idf);
          }
        });
      });
    });
  }
  function bound(L, id) { var a = 0, b = L.length / 2; while (a < b) { var m = (a + b) >> 1; if (L[2 * m] < id) a = m + 1; else b = m; } return 2 * a; }
  // A token's postings in range ri: doc ids in order with their scores (the best of its keys)
  // and weight bits, and its titled pages (with those whose title shows it).
  function postingsIn(Q, t, ri) {
    var lo = Q.cuts[ri] * SEC, hi = Q.cuts[ri + 1] * SEC, all = [];
    t.k.forEach(function (k) {
      k.key.blocks.forEach(function (b) {
        if (b.hi <= Q.cuts[ri] || b.lo > Q.cuts[ri]) return;
        for (var j = bound(b.list, lo), e = bound(b.list, hi); j < e; j += 2) {
          var w = b.list[j + 1];
          all.push(b.list[j], ((w & 2 ? 10 : 0) + 1 + (w & 1)) * k.f * k.key.idf, w | (k.f >= 1 ? 16 : 0));
        }
      });
    });
    var h = { ids: [], s: [], w: [], titled: new Set(), head: new Set() };
    if (t.k.length > 1) { // several keys: by doc, exact first, then the best
      var order = [];
      for (var i = 0; i < all.length; i += 3) order.push(i);
      order.sort(function (a, b) { return all[a] - all[b] || (all[b + 2] & 16) - (all[a + 2] & 16) || all[b + 1] - all[a + 1]; });
      var sorted = [];
      order.forEach(function (i) { sorted.push(all[i], all[i + 1], all[i + 2]); });
      all = sorted;
    }
    for (i = 0; i < all.length; i += 3) {
      var d = all[i], w2 = all[i + 2];
      if (w2 & 2 && d % SEC === 0) { h.titled.add(d / SEC); if (w2 & 4) h.head.add(d / SEC); }
      if (h.ids[h.ids.length - 1] === d) continue;
      h.ids.push(d); h.s.push(all[i + 1]); h.w.push(w2);
    }
    return h;
  }
  // The docs of range ri, all of whose postings are loaded, that hold every token: { d, v,
  // ub, parts } where parts are the Chinese runs' shares (null while one needs the doc's text,
  // and ub > v bounds it).
  function scoreRange(Q, ri) {
    var runs = Q.toks.some(function (t) { return t.boost; }), toks = Q.toks, per = toks.map(function (t) { return postingsIn(Q, t, ri); }), at = per.map(function () { return 0; });
    for (;;) {
      var d = Infinity;
      per.forEach(function (h, i) { if (at[i] < h.ids.length && h.ids[at[i]] < d) d = h.ids[at[i]]; });
      if (d === Infinity) return;
      var p = Math.floor(d / SEC), v = 0, cov = 0, exact = 0, ws = [], hit = [];
      per.forEach(function (h, i) {
        var t = toks[i], w = -1;
        if (h.ids[at[i]] === d) { v += h.s[at[i]]; w = ws[i] = h.w[at[i]]; at[i]++; }
        else if (h.titled.has(p)) { v += 2 * t.idf; w = t.exact ? 16 : 0; }
        if (w < 0) return;
        hit.push(i);
        if (t.cov) { cov++; if (w & 16) exact++; }
      });
      Q.total++;
      v = cov * COV + exact * EXACT + Math.min(v, EXACT - 1);
      var x = { d: d, v: v, ub: v, parts: runs ? [] : NONE, hit: hit };
      toks.forEach(function (t, i) {
        if (!t.boost) return;
        if (hit.indexOf(i) < 0) return x.parts.push(0);
        var own = ws[i] === undefined ? (per[i].head.has(p) ? 5 : 0) : ws[i] & 4 ? 5 : ws[i] & 8 ? 1 : 0;
        var part = t.boost === "bits" || !(t.p.t ? own : 5) ? (t.boost === "bits" ? own : 0) : null;
        x.parts.push(part);
        x.ub += (part === null ? (t.p.t ? own : 5) : part) * t.idf;
      });
      settle(Q, x);
      (x.parts.indexOf(null) < 0 ? Q.exact : Q.pending).push(x);
    }
  }
  // Adds the Chinese runs' shares to x's score once they are known (from the doc's text when
  // its chunk has come).
  function settle(Q, x) {
    var doc = page(x.d), k = 0, runs = Q.runs;
    if (x.parts.indexOf(null) >= 0) {
      if (!doc) return;
      var sec = doc[3][x.d % SEC], head = doc[1] + " " + sec[0];
      x.parts = x.parts.map(function (part, i) {
        if (part !== null) return part;
        return head.indexOf(runs[i].run) >= 0 ? 5 : sec[2].indexOf(runs[i].run) >= 0 ? 1 : 0;
      });
    }
    for (; k < x.parts.length; k++) x.v += x.parts[k] * runs[k].idf; // weighed as the bits' share is
    x.ub = x.v;
  }
  function judge(Q, want, stop, batch) {
    absorb(Q);
    var R = Q.R, toks = Q.toks, open = new Uint8Array(R), up = Q.info.map(function (inf) { return Float64Array.from(inf.best); });
    toks.forEach(function (t, ti) {
      t.k.forEach(function (k) {
        k.key.blocks.forEach(function (b) {
          if (b.list) return;
          for (var i = range(Q, b.lo); i < R && Q.cuts[i] < b.hi; i++) { open[i] = 1; up[ti][i] = Math.max(up[ti][i], b.max * k.f * k.key.idf); }
        });
      });
    });
    // The best value a doc of range i could have (-1 if it holds no token).
    function rangeBound(i) {
      var ub = 0, any = false;
      for (var ti = 0, t; ti < toks.length; ti++) {
        if (up[ti][i] < 0) continue;
        t = toks[ti];
        any = true;
        ub += (t.cov ? COV + (t.exact ? EXACT : 0) : 0) + up[ti][i] + (t.boost === "text" && !t.p.t ? 5 * t.idf : 0);
      }
      return any ? ub : -1;
    }
    // Score the docs of the ranges whose postings are all in, the most promising first; a
    // range that cannot reach the first `want` is left out (the total is then a lower bound).
    var closed = [];
    for (var i = 0; i < R; i++) if (!open[i] && !Q.done[i]) closed.push([rangeBound(i), i]);
    closed.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    // The best `want` so far, by what each result has at least (a result waiting for its doc's
    // text has its value without the Chinese runs' shares).
    var seen = [Q.exact.length, Q.pending.length];
    closed.forEach(function (c) {
      Q.done[c[1]] = 1;
      if (c[0] < 0) return;
      if (!stop && want < Infinity) {
        Q.lows = Q.lows.concat(Q.exact.slice(seen[0]), Q.pending.slice(seen[1])).sort(function (a, b) { return b.v - a.v || a.d - b.d; }).slice(0, want);
        seen = [Q.exact.length, Q.pending.length];
        var K = Q.lows.length >= want && Q.lows[want - 1];
        if (K && !(c[0] > K.v + 1e-9 || (c[0] > K.v - 1e-9 && Q.cuts[c[1]] * SEC < K.d))) return (Q.skipped = true);
      }
      scoreRange(Q, c[1]);
    });
    Q.pending = Q.pending.filter(function (x) {
      settle(Q, x);
      if (x.parts.indexOf(null) >= 0) return true;
      Q.exact.push(x);
      return false;
    });
    var exact = Q.exact, pending = Q.pending;
    if (stop) { // over the cap: rank what is left by its bound
      exact = exact.concat(pending.map(function (x) { return { d: x.d, v: x.ub }; }));
      pending = [];
    }
    exact.sort(function (a, b) { return b.v - a.v || a.d - b.d; });
    // Those past the first `want` stay there: they need not be kept.
    if (!stop && exact.length > want) Q.exact = exact = exact.slice(0, want);
    var L = exact.length >= want ? exact[want - 1] : null, need = [], more = !!Q.skipped;
    function beats(ub, d) { return !L || ub > L.v + 1e-9 || (ub > L.v - 1e-9 && d < L.d); }
    pending.forEach(function (x) { if (beats(x.ub, x.d)) need.push({ ub: x.ub, d: x.d, chunk: chunkOf(x.d) }); });
    for (i = 0; i < R; i++) {
      if (!open[i]) continue;
      var ub = rangeBound(i);
      if (ub < 0) continue;
      more = true;
      if (stop || !beats(ub, Q.cuts[i] * SEC)) continue;
      toks.forEach(function (t) { t.k.forEach(function (k) { k.key.blocks.forEach(function (b) { if (!b.list && b.lo <= Q.cuts[i] && Q.cuts[i] < b.hi) need.push({ ub: ub, d: Q.cuts[i] * SEC, block: b }); }); }); });
    }
    // The most promising first, a few files a round (fewer at first, when one may be enough).
    need.sort(function (a, b) { return b.ub - a.ub || a.d - b.d; });
    var ids = new Set();
    need = need.filter(function (n) { var id = n.chunk || n.block.id; if (ids.has(id) || ids.size >= batch) return false; ids.add(id); return true; });
    return { ids: exact.slice(0, want).map(function (x) { return x.d; }), best: exact[0], total: Q.total, more: more, need: need };
  }

  // Runs `q`: the first `want` results with their pages' chunks loaded.
  async function search(q, want, cap, live) {
    var toks = await query(q), r = await rank(toks, want, cap, live || function () { return true; });
    await Promise.all(Array.from(new Set(r.ids.map(chunkOf))).map(need));
    r.toks = toks;
    notes(r, q);
    return r;
  }
  // The notes above the results: the corrected query, when a word was corrected; and when no
  // page has every word, the words that the first result has.
  function notes(r, q) {
    var fixed = q, words = [], hit = (r.best && r.best.hit) || [], counted = r.toks.filter(function (t) { return t.cov; });
    r.toks.forEach(function (t) { if (t.fix) fixed = fixed.replace(new RegExp(t.p.w, "i"), t.fix); });
    r.fixed = fixed !== q && r.total ? fixed.trim() : "";
    r.partial = "";
    if (!r.total || hit.filter(function (i) { return r.toks[i].cov; }).length >= counted.length) return;
    hit.forEach(function (i, n) {
      var t = r.toks[i], prev = r.toks[hit[n - 1]];
      if (!t.cov) return;
      if (t.at > 0 && prev && prev.run === t.run && prev.at === t.at - 1 && words.length) words[words.length - 1] += Array.from(t.p.t)[1];
      else words.push(t.syn ? t.part.map(function (u) { return u.p.w || u.t; }).join(" ") : t.fix || t.p.w || t.p.t || t.p.c);
    });
    r.partial = words.join(", ");
  }

  // Whether a word of a result is one of the query's terms: a key it looked up, or a CJK
  // term (one or two characters) holding a character it looked up on its own.
  function wanted(w) {
    if (toks.want[w]) return true;
    var a = Array.from(w);
    return a.length <= 2 && a.every(function (c) { return CJK.test(c); }) && toks.chars.some(function (c) { return w.indexOf(c) >= 0; });
  }
  // Text with the query's words in <mark>, from `from` on; built with DOM nodes only.
  function fill(el, text, from) {
    var r = [], m, at = from || 0, re = /[\p{Alphabetic}\p{N}]+/gu;
    toks.forEach(function (t) {
      for (var i = t.run ? text.indexOf(t.run) : -1; i >= 0; i = text.indexOf(t.run, i + 1)) r.push([i, i + t.run.length]);
    });
    while ((m = re.exec(text))) if (wanted(stem(m[0].toLowerCase()))) r.push([m.index, m.index + m[0].length]);
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
    note.textContent = shown;
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
    var q = input.value.trim(), gen = ++generation;
    if (!q) return show(null), say("", ""), open(false);
    if (state !== "ready") {
      var text = attr(state === "error" ? "error" : "loading");
      return show(null), say(text, text), open(true);
    }
    search(input.value, MAX, CAP, function () { return gen === generation; }).then(function (r) {
      if (gen === generation) show(r, q);
    }, function (e) {
      if (e !== "stale" && gen === generation) { state = "error"; update(); }
    });
  }
  function show(r, q) {
    list.textContent = "";
    hits = r ? r.ids : [];
    select(-1);
    if (!r) return;
    toks = r.toks;
    toks.want = {};
    toks.chars = [];
    toks.forEach(function (t) {
      if (t.p.c) toks.chars.push(t.p.c);
      else t.k.forEach(function (k) { k.key.name.split(" ").forEach(function (n) { toks.want[n] = 1; }); });
    });
    hits.forEach(function (d, i) {
      var pg = page(d), doc = pg[3][d % SEC], li = list.appendChild(document.createElement("li"));
      li.id = "search-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", attr("root") + pg[0] + (doc[1] ? "#" + doc[1] : ""));
      var title = span("search-hit-title", li);
      fill(title, pg[1]);
      if (doc[0]) {
        span("search-hit-sep", title, " › ");
        fill(span("search-hit-section", title), doc[0]);
      }
      if (pg[2]) span("search-hit-crumb", li, pg[2]);
      if (pg[4]) span("search-hit-crumb search-hit-changed", li, pg[4]); // when the page last changed
      if (!doc[2]) return;
      // Start the snippet shortly before the first hit.
      var text = span("search-hit-text", li), m = fill(document.createElement("i"), doc[2])[0];
      var from = m ? Math.max(0, doc[2].lastIndexOf(" ", m[0] - 30) + 1, m[0] - 40) : 0;
      while (from && from < m[0] && /\w\w/.test(doc[2].substr(from - 1, 2))) from++; // not mid-word
      if (from) text.textContent = "…";
      fill(text, doc[2], from);
    });
    var fmt = attr(!r.total ? "none" : r.more ? "many" : r.total > MAX ? "more" : "count");
    var text = fmt.replace("{q}", q).replace("{n}", hits.length).replace("{total}", r.total), lines = [];
    if (r.fixed) lines.push(M.notes[0].replace("{q}", r.fixed));
    if (r.partial) lines.push(M.notes[1].replace("{words}", r.partial));
    say(lines.concat(text).join(" "), r.total ? lines.join(" ") : text);
    list.hidden = !hits.length;
    open(true);
  }
  function load() {
    if (!state) {
      state = "loading";
      ready = need("manifest").then(function (m) {
        M = m;
        m.stop.forEach(function (w) { stop[w] = 1; });
        state = "ready";
        update();
      }, function (e) { state = "error"; update(); throw e; });
    }
    return ready;
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
  // For tests and the benchmark: the stemmer and the tokenizer (to compare with the Rust
  // ones), every result of a query as "page:section" (with no cap on what it loads), and
  // the ids of the index files loaded so far.
  window.stagecraftSearchApi = {
    stem: stem, terms: terms, ready: function () { return state === "ready"; },
    // A query's terms with the synonym groups (entries as written) it names, written as in
    // tests/fixtures/search-vectors.txt.
    expand: function (groups, q) {
      var syn = groups.map(function (g) {
        var es = [];
        g.map(terms).forEach(function (e) { if (e.length && !es.some(function (x) { return x.join(" ") === e.join(" "); })) es.push(e); });
        return es;
      }).filter(function (g) { return g.length > 1; });
      return expand(terms(q).map(function (t) { return { t: t }; }), syn).map(function (u) {
        return u.syn ? "{" + syn[u.syn - 1].map(function (e) { return e.join("+"); }).join("|") + "}" : u.t;
      }).join(" ");
    },
    rank: function (q, want) {
      return load().then(function () { return search(q, want || Infinity, Infinity); }).then(function (r) {
        return {
          ids: r.ids.map(function (d) { return Math.floor(d / SEC) + ":" + d % SEC; }),
          paths: r.ids.map(function (d) { return page(d)[0]; }), total: r.total, more: r.more, fixed: r.fixed, partial: r.partial
        };
      });
    },
    loaded: function () { return loaded.slice(); }
  };
})();
