/* Tremplin — assessments: save each answer as the learner goes (progressive enhancement).
 * Without this script the form still works: « Enregistrer » and « Terminer et envoyer » post it whole.
 * The server validates and scores everything; this file only sends what the learner chose. */
(function () {
  "use strict";
  var form = document.querySelector("form.quiz[data-autosave-url]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave-url");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var globalStatus = form.querySelector("[data-quiz-status]");
  var timers = {};
  var text = function (key, fallback) { return form.getAttribute("data-msg-" + key) || fallback; };

  function statusOf(block) { return block.querySelector("[data-question-status]"); }

  function show(block, message, isError) {
    var target = statusOf(block);
    if (!target) { return; }
    target.textContent = message;
    target.classList.toggle("error", Boolean(isError));
  }

  function readValue(block) {
    var id = block.getAttribute("data-question");
    var kind = block.getAttribute("data-kind");
    var name = "q-" + id;
    var checked, fields, result, i;
    if (kind === "single_choice" || kind === "true_false") {
      checked = block.querySelector("input[name='" + name + "']:checked");
      if (!checked) { return { value: null }; }
      if (kind === "true_false") { return { value: checked.value === "true" }; }
      return { value: checked.value };
    }
    if (kind === "multiple_choice") {
      fields = block.querySelectorAll("input[name='" + name + "']:checked");
      result = [];
      for (i = 0; i < fields.length; i++) { result.push(fields[i].value); }
      return { value: result.length ? result : null };
    }
    if (kind === "ordering" || kind === "matching") {
      fields = block.querySelectorAll("select");
      result = {};
      var any = false;
      for (i = 0; i < fields.length; i++) {
        if (fields[i].value === "") { continue; }
        result[fields[i].name.slice(name.length + 1)] = kind === "ordering" ? parseInt(fields[i].value, 10) : fields[i].value;
        any = true;
      }
      return { value: any ? result : null };
    }
    if (kind === "numeric") {
      var raw = block.querySelector("input").value.replace(/[\s\u202f]/g, "").replace(",", ".");
      if (raw === "") { return { value: null }; }
      var number = Number(raw);
      if (!isFinite(number)) { return { error: text("number", "Saisissez un nombre.") }; }
      return { value: number };
    }
    var input = block.querySelector("textarea, input[type=text]");
    return { value: input && input.value.trim() !== "" ? input.value : null };
  }

  function post(block, body, isJson) {
    var headers = { "X-CSRFToken": token, "X-Requested-With": "fetch" };
    if (isJson) { headers["Content-Type"] = "application/json"; }
    show(block, text("saving", "…"), false);
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; },
          function () { return { ok: false, data: {} }; });
      })
      .then(function (result) {
        var message = result.data.message || text("failed", "Erreur");
        show(block, message, !result.ok);
        if (!result.ok && globalStatus) { globalStatus.textContent = message; }
      })
      .catch(function () {
        show(block, text("offline", "Hors ligne"), true);
      });
  }

  function save(block) {
    var id = parseInt(block.getAttribute("data-question"), 10);
    if (block.getAttribute("data-kind") === "file_assignment") {
      var input = block.querySelector("input[type=file]");
      if (!input || !input.files.length) { return; }
      var data = new FormData();
      data.append("question", String(id));
      data.append("file", input.files[0]);
      post(block, data, false);
      return;
    }
    var read = readValue(block);
    if (read.error) { show(block, read.error, true); return; }
    post(block, JSON.stringify({ question: id, response: read.value }), true);
  }

  function blockOf(element) { return element.closest ? element.closest("[data-question]") : null; }

  form.addEventListener("change", function (event) {
    var block = blockOf(event.target);
    if (block) { window.clearTimeout(timers[block.id]); save(block); }
  });
  form.addEventListener("input", function (event) {
    var block = blockOf(event.target);
    if (!block || !event.target.matches("textarea, input[type=text]")) { return; }
    window.clearTimeout(timers[block.id]);
    timers[block.id] = window.setTimeout(function () { save(block); }, 1200);
  });

  var submit = form.querySelector("[data-submit]");
  if (submit) {
    submit.addEventListener("click", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  var deadline = form.getAttribute("data-deadline");
  var countdown = form.querySelector("[data-countdown]");
  if (deadline && countdown) {
    var end = new Date(deadline).getTime();
    var warned = {};
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      countdown.textContent = "(" + text("left", "") + " " + minutes + " min " + (seconds < 10 ? "0" : "") + seconds + " s)";
      [5, 1].forEach(function (limit) {
        if (left <= limit * 60 && !warned[limit] && globalStatus) {
          warned[limit] = true;
          globalStatus.textContent = text("warning", "%(minutes)s").replace("%(minutes)s", String(limit));
        }
      });
      if (left === 0) { window.clearInterval(handle); }
    };
    var handle = window.setInterval(tick, 1000);
    tick();
  }
}());
