/* tally-hub pages: the one script. Pages work without it; it only wires
 * buttons marked data-print to the browser's print dialog (no inline
 * handlers: the Content-Security-Policy forbids them). */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});
