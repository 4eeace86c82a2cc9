// The photo's add and change page: click the preview to set the focal point (or type the numbers); a newly chosen
// file is previewed, and its dimensions read, before it is uploaded. Its size in KB or MB is the server's to say
// (human_size in articles/images/admin.py, the one formatter), shown once the photo is saved.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const x = document.getElementById("id_focal_x"), y = document.getElementById("id_focal_y");
  const fileInput = document.getElementById("id_file");
  let picker = document.querySelector(".focal-picker");
  if (!x || !y) return;
  function place() {
    const marker = picker && picker.querySelector(".focal-marker");
    if (marker) { marker.style.left = (x.value * 100) + "%"; marker.style.top = (y.value * 100) + "%"; }
  }
  function bind() {
    if (!picker) return;
    picker.addEventListener("click", function (event) {
      const box = picker.querySelector("img").getBoundingClientRect();
      x.value = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)).toFixed(3);
      y.value = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)).toFixed(3);
      place();
    });
  }
  [x, y].forEach(function (input) { input.addEventListener("input", place); });
  if (fileInput) fileInput.addEventListener("change", function () {
    const file = fileInput.files[0];
    const preview = document.querySelector(".field-preview .readonly");
    if (!file || !preview) return;
    preview.innerHTML = '<div class="focal-picker" style="position:relative;display:inline-block;cursor:crosshair">'
      + '<img style="max-height:360px;max-width:640px;display:block" alt="">'
      + '<span class="focal-marker" style="position:absolute;width:18px;height:18px;margin:-9px 0 0 -9px;'
      + 'border:3px solid #fff;border-radius:50%;box-shadow:0 0 0 2px #e0a800"></span></div>';
    const img = preview.querySelector("img");
    img.addEventListener("load", function () {
      // Read from the chosen file before it is uploaded (the server reads them again, and adds the size).
      const kind = file.type.replace(/^image\//, "").toUpperCase();
      document.querySelectorAll(".upload-dimensions").forEach(function (cell) {
        cell.textContent = img.naturalWidth + " × " + img.naturalHeight + " px · " + kind + ", read from the chosen file";
      });
    });
    img.src = URL.createObjectURL(file);
    picker = preview.querySelector(".focal-picker");
    bind(); place();
  });
  bind(); place();
});
