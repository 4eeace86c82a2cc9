// The library picker: a photo clicked (or just uploaded) is handed to the editor's figure dialog that opened it.
(function () {
  "use strict";
  const picker = document.querySelector(".photo-picker");
  if (!picker) return;
  const funcNum = picker.dataset.funcNum;
  function place(photo) {
    const editor = window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools;
    if (!editor || !funcNum) {
      window.alert("Open the picker from the article editor's image button to place a photo.");
      return;
    }
    editor.callFunction(funcNum, photo.url, { id: photo.id, alternative_text: photo.alternative_text, caption: photo.caption });
    window.close();
  }
  picker.querySelectorAll(".picker-photo").forEach(function (button) {
    button.addEventListener("click", function () {
      place({ id: button.dataset.id, url: button.dataset.url, alternative_text: button.dataset.alt, caption: button.dataset.caption });
    });
  });
  const chosen = document.getElementById("picker-chosen");
  if (chosen) place(JSON.parse(chosen.textContent));
})();
