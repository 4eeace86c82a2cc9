// The moderation queue by keyboard: j / k move between comments, a / r / s approve, reject or mark spam.
(function () {
  "use strict";
  const rows = () => Array.from(document.querySelectorAll("#result_list tbody tr"));
  let current = -1;
  function focus(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((row, i) => row.classList.toggle("moderation-current", i === current));
    all[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("moderate-one") || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "j") { focus(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { focus(current - 1); event.preventDefault(); return; }
    if (current < 0) return;
    const button = rows()[current].querySelector('button[data-key="' + event.key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
  document.addEventListener("DOMContentLoaded", function () { if (rows().length) focus(0); });
})();
