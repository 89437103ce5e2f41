/*
 * Mermaid set-up for the handbook. Loaded after mermaid.min.js (served by this site, from the
 * pinned npm package) and before Material mounts any diagram.
 *
 * Material calls mermaid.initialize() without a securityLevel, so Mermaid's default "strict"
 * applies and the role links in diagrams (`click ... href`) are dropped. Every label is escaped
 * when the page is built, so "loose" is safe here and keeps the links.
 *
 * Material also draws each diagram into a *closed* shadow root, which assistive technology
 * tooling and browser tests cannot inspect; diagrams get an open one instead.
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
    }
    return attachShadow.call(this, init);
  };
})();
