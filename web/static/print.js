// The confirmation page's print button (web/templates/submitted.mustache). The button is hidden
// in the markup and shown only here, so that without JavaScript nobody sees a button that does
// nothing (the browser's own print command still works, with the @media print rules of app.css).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
