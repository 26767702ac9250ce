/* Follow a PDF export without reloading by hand: poll its JSON status, then reload the page once it is
   finished so the server renders the download link or the error. Without JavaScript, the "Actualiser"
   link does the same. */
(function () {
  "use strict";
  var box = document.querySelector("[data-portfolio-export]");
  if (!box || box.getAttribute("data-finished") === "1" || !window.fetch) { return; }
  var url = box.getAttribute("data-portfolio-export");
  var label = box.querySelector("[data-portfolio-export-label]");
  var delay = 2000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (label && data.label) { label.textContent = data.label; }
        if (data.finished) { window.location.reload(); return; }
        delay = Math.min(delay * 1.5, 10000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, delay);
}());
