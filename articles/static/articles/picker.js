// The library picker: a photo clicked (or just uploaded) is handed to the editor's figure dialog that opened it.
// In the Upload tab, choosing a file uploads it at once; the page that answers hands the new photo over.
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
  const upload = picker.querySelector("form.picker-upload");
  if (upload) {
    const file = upload.querySelector("input[type=file]");
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      upload.querySelector(".picker-uploading").hidden = false;
      upload.requestSubmit();
    });
  }
  const chosen = document.getElementById("picker-chosen");
  if (chosen) place(JSON.parse(chosen.textContent));
})();
