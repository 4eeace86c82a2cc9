// The preview at phone or desktop width.
(function () {
  "use strict";
  const frame = document.getElementById("preview-frame");
  document.querySelectorAll(".preview-widths button").forEach(function (button) {
    button.addEventListener("click", function () {
      frame.style.maxWidth = button.dataset.width ? button.dataset.width + "px" : "";
      frame.classList.toggle("phone", Boolean(button.dataset.width));
    });
  });
})();
