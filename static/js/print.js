// "Print this card" prints at once where the browser can; without this script its link leads
// to the card view (?print=card), which says how to print. A hidden print button on that view
// is shown, since it only works with this script.
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  document.querySelectorAll("[data-print]").forEach(function (control) {
    control.hidden = false;
    control.addEventListener("click", function (event) {
      event.preventDefault();
      window.print();
    });
  });
})();
