/*
 * Mermaid set-up for the handbook. Loaded after mermaid.min.js (served by this site, from the
 * pinned npm package) and before Material mounts any diagram.
 *
 * Material calls mermaid.initialize() without a securityLevel, so Mermaid's default "strict"
 * applies and the role links in diagrams (`click ... href`) are dropped. Every label is escaped
 * when the page is built, so "loose" is safe here and keeps the links.
 *
 * Material also draws each diagram into a *closed* shadow root, which assistive technology
 * tooling and browser tests cannot inspect; diagrams get an open one instead, and their box,
 * which scrolls when the diagram is wider than the page, can take the keyboard focus.
 */
(function () {
  "use strict";
  var real = window.mermaid;
  if (!real || typeof real.initialize !== "function") {
    return;
  }
  var wrapped = Object.create(real);
  wrapped.initialize = function (config) {
    return real.initialize(Object.assign({}, config, { securityLevel: "loose" }));
  };
  window.mermaid = wrapped;

  var attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    if (this.classList && this.classList.contains("mermaid")) {
      init = Object.assign({}, init, { mode: "open" });
      // A wide diagram scrolls sideways in its box: keyboard users need to reach that box.
      this.setAttribute("tabindex", "0");
      this.setAttribute("role", "group");
      this.setAttribute("aria-label", "Progression diagram");
    }
    return attachShadow.call(this, init);
  };

  // Material's search dialog and loading bar have no accessible name (axe rules
  // aria-dialog-name and aria-progressbar-name). Both sit outside the part of the page that
  // instant navigation swaps, so naming them once is enough.
  function name(selector, label) {
    var element = document.querySelector(selector);
    if (element && !element.hasAttribute("aria-label")) {
      element.setAttribute("aria-label", label);
    }
  }
  name('.md-search[role="dialog"]', "Search");
  name('.md-progress[role="progressbar"]', "Loading page");
})();
