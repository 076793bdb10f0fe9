/* teikit HTML edition: remember the choice of view (the switch itself is CSS). */
(function () {
  "use strict";
  var KEY = "teikit-view";
  var VIEWS = ["published", "reading", "diplomatic"];

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function store(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* storage disabled: the choice lasts for the page */ }
  }

  function init() {
    var radios = document.querySelectorAll('input[name="view"]');
    var choice = stored();
    Array.prototype.forEach.call(radios, function (radio) {
      if (choice && VIEWS.indexOf(choice) !== -1 && radio.value === choice) { radio.checked = true; }
      radio.addEventListener("change", function () { if (radio.checked) { store(radio.value); } });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
