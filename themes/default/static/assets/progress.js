/* Stagecraft default theme: onboarding checklists and quizzes (module and path pages).
   Progress stays in this browser (localStorage): nothing is sent anywhere. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var site = root.getAttribute("data-site") || "site";

  function all(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }
  function one(sel, el) { return (el || doc).querySelector(sel); }
  function fill(s, vars) {
    return String(s || "").replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
  }
  function read(key) { try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; } }
  function write(key, v) {
    try { if (v === null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(v)); } catch (e) { /* storage off */ }
  }
  function setText(el, text) { if (el && el.textContent !== text) el.textContent = text; }
  function on(el, type, fn) { el.addEventListener(type, fn); }

  /* Progress: one key per site and module, {c: {itemId: "done" | "skip"}, q: {questionId: optionId},
     v: the date of the module's latest major change when the rep completed or confirmed it}. */
  var PREFIX = "stagecraft:progress:" + site + ":";
  function load(key) {
    var s = read(PREFIX + key) || {}, out = { c: s.c && typeof s.c === "object" ? s.c : {}, q: s.q && typeof s.q === "object" ? s.q : {} };
    if (typeof s.v === "string") out.v = s.v;
    return out;
  }
  function save(key, s) { write(PREFIX + key, Object.keys(s.c).length || Object.keys(s.q).length || s.v ? s : null); }

  // Counts for a module of the data block: skipped items count in neither done nor total.
  function tally(mod, s) {
    var r = { done: 0, skipped: 0, items: mod.items.length, right: 0, answered: 0, questions: mod.quiz.length };
    mod.items.forEach(function (it) {
      if (s.c[it[0]] === "done") r.done++; else if (s.c[it[0]] === "skip") r.skipped++;
    });
    mod.quiz.forEach(function (q) {
      if (typeof s.q[q[0]] === "string") { r.answered++; if (s.q[q[0]] === q[1]) r.right++; }
    });
    r.total = r.items - r.skipped;
    // A module with a major change after the rep completed it counts again once confirmed.
    r.review = r.total > 0 && r.done === r.total && !!mod.major && !((s.v || "") >= mod.major);
    r.complete = r.total > 0 && r.done === r.total && !r.review;
    return r;
  }
  function showProgress(box, r, withQuiz) {
    var text = [];
    one(".bar > span", box).style.width = (r.total ? Math.round(100 * r.done / r.total) : 0) + "%";
    if (r.items) text.push(fill(t.progress_done, { n: r.done, total: r.total }));
    if (r.skipped) text.push(fill(t.progress_skipped, { n: r.skipped }));
    if (withQuiz && r.answered) text.push(fill(t.quiz_score, { n: r.right, total: r.questions }));
    if (r.review) text.push(t.review_again);
    setText(one(".progress-text", box), text.join(" · "));
    box.classList.toggle("is-complete", !!r.complete);
    box.classList.toggle("is-review", !!r.review);
    box.hidden = false;
  }

  var block = doc.getElementById("progress-data"), data = null, t;
  try { data = block && JSON.parse(block.textContent); } catch (e) { data = null; }
  if (data && data.modules && (t = data.t)) {
    if (one(".progress-panel")) pathPage(data); else if (data.modules[0]) modulePage(data.modules[0]);
  }

  function modulePage(mod) {
    var s = load(mod.key);
    // Ticks saved by earlier versions (by page path and item position) become done items.
    var old = "stagecraft:checklist:" + location.pathname, ticked = read(old);
    if (Array.isArray(ticked)) {
      ticked.forEach(function (x) {
        var it = mod.items[parseInt(String(x).split("-").pop(), 10) - 1];
        if (it && !s.c[it[0]]) s.c[it[0]] = "done";
      });
      save(mod.key, s);
      write(old, null);
    }
    var items = all(".checklist li[data-item]"), questions = all(".question[data-q]");
    var line = one(".checklist .progress-line"), score = one(".quiz-score");

    function change(fn) {
      var before = tally(mod, s);
      fn();
      var after = tally(mod, s);
      // Completing the module is reading its current version.
      if (after.total > 0 && after.done === after.total && !(before.total > 0 && before.done === before.total)) s.v = mod.major || "0";
      save(mod.key, s);
      render();
    }
    var review = one("[data-review]");
    if (review) on(one("[data-confirm]", review), "click", function () { change(function () { s.v = mod.major; }); });
    function optionText(box, value) {
      var radios = all("input[type=radio]", box);
      for (var i = 0; i < radios.length; i++) {
        if (radios[i].value === value) return String.fromCharCode(65 + i) + ". " + radios[i].parentNode.textContent.trim();
      }
      return "";
    }
    function renderQuestion(box) {
      var id = box.getAttribute("data-q"), right = box.getAttribute("data-answer"), a = s.q[id];
      var radios = all("input[type=radio]", box);
      var answered = radios.some(function (r) { return r.value === a; });
      one("fieldset", box).disabled = answered;
      one(".quiz-actions", box).hidden = answered;
      one("details", box).hidden = answered;
      box.classList.toggle("is-right", answered && a === right);
      box.classList.toggle("is-wrong", answered && a !== right);
      radios.forEach(function (r) {
        if (answered) r.checked = r.value === a;
        r.parentNode.classList.toggle("is-answer", answered && r.value === right);
        r.parentNode.classList.toggle("is-chosen", answered && r.value === a);
      });
      var fb = one(".feedback", box);
      if (answered) setText(fb, a === right ? t.quiz_right : fill(t.quiz_wrong, { answer: optionText(box, right) }));
      else if (fb.textContent !== t.quiz_choose) setText(fb, "");
    }
    function render() {
      items.forEach(function (li) {
        var v = s.c[li.getAttribute("data-item")];
        one("input", li).checked = v === "done";
        one(".skip", li).setAttribute("aria-pressed", String(v === "skip"));
        li.classList.toggle("is-skipped", v === "skip");
      });
      var r = tally(mod, s);
      if (line) showProgress(line, r);
      if (review) {
        review.hidden = !r.review;
        setText(one(".review-text", review), fill(t.review_notice, { date: mod.major }));
      }
      questions.forEach(renderQuestion);
      if (score) {
        setText(score, fill(t.quiz_score, { n: r.right, total: r.questions }));
        score.hidden = !r.answered;
      }
    }

    items.forEach(function (li) {
      var id = li.getAttribute("data-item"), skip = one(".skip", li);
      on(one("input", li), "change", function (e) {
        var on = e.target.checked;
        change(function () { if (on) s.c[id] = "done"; else delete s.c[id]; });
      });
      on(skip, "click", function () {
        change(function () { if (s.c[id] === "skip") delete s.c[id]; else s.c[id] = "skip"; });
      });
      skip.hidden = false;
    });
    questions.forEach(function (box) {
      var id = box.getAttribute("data-q");
      on(one("[data-check]", box), "click", function () {
        var chosen = one("input:checked", box);
        if (!chosen) return setText(one(".feedback", box), t.quiz_choose);
        change(function () { s.q[id] = chosen.value; });
      });
    });
    all("[data-reset]").forEach(function (b) {
      on(b, "click", function () {
        if (!window.confirm(t.reset_confirm)) return;
        change(function () { s = { c: {}, q: {} }; });
        all(".question input[type=radio]").forEach(function (r) { r.checked = false; });
        all(".question .feedback").forEach(function (f) { setText(f, ""); });
      });
      b.parentNode.hidden = false;
    });
    on(window, "storage", function () { s = load(mod.key); render(); });
    render();
  }

  function pathPage(data) {
    var panel = one(".progress-panel"), input = one("input[type=file]", panel), msg = one(".progress-msg", panel);
    var byKey = Object.create(null);
    data.modules.forEach(function (m) { byKey[m.key] = m; });

    function say(text, bad) { msg.textContent = text; msg.classList.toggle("is-error", !!bad); }
    function render() {
      var sum = { done: 0, skipped: 0, items: 0, total: 0, right: 0, answered: 0, questions: 0 };
      data.modules.forEach(function (m) {
        var r = tally(m, load(m.key));
        // The ticks of a module to review again stay, but count once the rep confirms it.
        for (var k in sum) sum[k] += k === "done" && r.review ? 0 : r[k];
        byKey[m.key].r = r;
      });
      all(".module-card[data-module]").forEach(function (card) {
        var m = byKey[card.getAttribute("data-module")], box = one(".card-progress", card);
        if (!m || !box) return;
        showProgress(box, m.r, true);
        card.classList.toggle("is-complete", box.classList.contains("is-complete"));
        card.classList.toggle("is-review", !!m.r.review);
      });
      showProgress(panel, sum);
      var quiz = one(".quiz-total", panel);
      quiz.hidden = !sum.questions;
      setText(one("span", quiz), fill(t.quiz_score, { n: sum.right, total: sum.questions }));
    }

    function exportFile() {
      var d = new Date(), date = new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
      var out = { format: "stagecraft-progress", version: 1, site: site, title: data.title, exported: date, modules: [] };
      data.modules.forEach(function (m) {
        var s = load(m.key), r = tally(m, s), answers = {};
        var pick = function (v) {
          return m.items.filter(function (it) { return s.c[it[0]] === v; }).map(function (it) { return { id: it[0], text: it[1] }; });
        };
        m.quiz.forEach(function (q) { if (typeof s.q[q[0]] === "string") answers[q[0]] = s.q[q[0]]; });
        out.modules.push({
          module: m.key, title: m.title, items: r.items, done: pick("done"), skipped: pick("skip"),
          complete: r.complete, review: r.review, changed: m.major || null, confirmed: s.v || null,
          quiz: { correct: r.right, answered: r.answered, total: r.questions, answers: answers }
        });
      });
      var a = doc.createElement("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(out, null, 2)], { type: "application/json" }));
      a.download = site + "-progress-" + date + ".json";
      doc.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    }

    // A file is checked whole before anything is merged: a bad file changes nothing.
    function valid(f) {
      var obj = function (x) { return !!x && typeof x === "object" && !Array.isArray(x); };
      var ids = function (l) { return !l || Array.isArray(l) && l.every(function (x) { return obj(x) && typeof x.id === "string"; }); };
      return obj(f) && f.format === "stagecraft-progress" && f.version === 1 && Array.isArray(f.modules) && f.modules.every(function (e) {
        return obj(e) && typeof e.module === "string" && ids(e.done) && ids(e.skipped) && (e.confirmed == null || typeof e.confirmed === "string") && (!e.quiz || obj(e.quiz) && (!e.quiz.answers || obj(e.quiz.answers)));
      });
    }
    function importText(text) {
      var f = null;
      try { f = JSON.parse(text); } catch (e) { f = null; }
      if (!valid(f)) return say(t.import_bad, true);
      if (f.site !== site) return say(fill(t.import_other_site, { site: String(f.site) }), true);
      var n = 0;
      f.modules.forEach(function (e) {
        var m = byKey[e.module];
        if (!m) return;
        var s = load(m.key), known = Object.create(null), before = JSON.stringify(s), answers = (e.quiz && e.quiz.answers) || {};
        m.items.forEach(function (it) { known[it[0]] = true; });
        (e.done || []).forEach(function (x) { if (known[x.id]) s.c[x.id] = "done"; });
        (e.skipped || []).forEach(function (x) { if (known[x.id]) s.c[x.id] = "skip"; });
        m.quiz.forEach(function (q) { if (typeof answers[q[0]] === "string") s.q[q[0]] = answers[q[0]]; });
        if (typeof e.confirmed === "string" && !((s.v || "") >= e.confirmed)) s.v = e.confirmed;
        if (JSON.stringify(s) !== before) { save(m.key, s); n++; }
      });
      render();
      say(fill(t.import_done, { n: n }));
    }

    on(one("[data-export]", panel), "click", exportFile);
    on(one("[data-import]", panel), "click", function () { input.click(); });
    on(input, "change", function () {
      var file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > 1e6) return say(t.import_bad, true);
      var reader = new FileReader();
      reader.onload = function () { importText(String(reader.result)); };
      reader.onerror = function () { say(t.import_bad, true); };
      reader.readAsText(file);
    });
    on(one("[data-reset]", panel), "click", function () {
      if (!window.confirm(t.reset_confirm)) return;
      data.modules.forEach(function (m) { write(PREFIX + m.key, null); });
      render();
      say("");
    });
    on(window, "storage", render);
    render();
  }

})();
