/*
 * The handbook's own script: small fixes to Material's markup for assistive technology.
 *
 * Material's search dialog and loading bar have no accessible name (axe rules
 * aria-dialog-name and aria-progressbar-name). Both sit outside the part of the page that
 * instant navigation swaps, so naming them once is enough.
 */
(function () {
  "use strict";

  function name(selector, label) {
    var element = document.querySelector(selector);
    if (element && !element.hasAttribute("aria-label")) {
      element.setAttribute("aria-label", label);
    }
  }
  name('.md-search[role="dialog"]', "Search");
  name('.md-progress[role="progressbar"]', "Loading page");
})();
