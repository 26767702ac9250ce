// Open Wagtail's date, date-time and time pickers without inline script (the CSP forbids it).
// Wagtail's widgets call initDateChooser(id, config) from an inline <script>; Tremplin's widget templates
// (site/templates/wagtailadmin/widgets/) leave a hidden marker instead, and this file makes the same call
// for every marker on the page, including those of forms added later (inline panels).
(function () {
  "use strict";
  var INIT = { date: "initDateChooser", datetime: "initDateTimeChooser", time: "initTimeChooser" };

  function start(marker) {
    if (marker.dataset.tremplinChooserDone) return;
    var init = window[INIT[marker.dataset.tremplinChooser]];
    var id = marker.dataset.tremplinChooserFor;
    if (typeof init !== "function" || !id || !document.getElementById(id)) return;
    marker.dataset.tremplinChooserDone = "1";
    init(id, JSON.parse(marker.dataset.tremplinChooserConfig || "{}"));
  }

  function startAll(root) {
    if (root.matches && root.matches("[data-tremplin-chooser]")) start(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-tremplin-chooser]").forEach(start);
  }

  function watch() {
    startAll(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(startAll);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
