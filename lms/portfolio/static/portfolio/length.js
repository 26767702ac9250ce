/* Live three-page indicator of a practice example (progressive enhancement: the server computes it too).
   Counts visible characters like lms.portfolio.sanitize.plain_text_length: markup removed, one space
   between paragraphs, whitespace runs counted once. DOMParser documents are inert: nothing loads or runs. */
(function () {
  "use strict";
  var box = document.querySelector("[data-portfolio-length]");
  if (!box || !window.DOMParser) { return; }
  var fields = document.querySelectorAll("[data-portfolio-count]");
  var meter = box.querySelector("meter");
  var text = box.querySelector("[data-portfolio-length-text]");
  var budget = parseInt(box.getAttribute("data-budget"), 10);
  var perPage = parseInt(box.getAttribute("data-page"), 10);
  var parser = new DOMParser();
  var timer = null;

  function visible(value) {
    var withBreaks = value.replace(/<\/(p|li|ul|ol)>|<br\s*\/?>/gi, " ");
    var doc = parser.parseFromString("<body>" + withBreaks + "</body>", "text/html");
    doc.querySelectorAll("script, style, template").forEach(function (node) { node.remove(); });
    return (doc.body.textContent || "").replace(/\s+/g, " ").trim().length;
  }

  function update() {
    var total = 0;
    fields.forEach(function (field) { total += visible(field.value || ""); });
    var pages = (Math.round(total / perPage * 10) / 10).toLocaleString(document.documentElement.lang || "fr");
    meter.value = total;
    var message = box.getAttribute("data-template")
      .replace("__LENGTH__", total).replace("__BUDGET__", budget).replace("__PAGES__", pages);
    if (total > budget) { message += " " + box.getAttribute("data-over"); }
    text.textContent = message;
    box.classList.toggle("portfolio-length--over", total > budget);
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  });
}());
