// watchlist web UI: small helpers only; every page works without them.
(function () {
  "use strict";
  // "select all" checkboxes: <input type="checkbox" data-select-all="NAME">
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || !box.dataset || !box.dataset.selectAll) return;
    var boxes = document.querySelectorAll('input[type="checkbox"][name="' + box.dataset.selectAll + '"]');
    boxes.forEach(function (b) { b.checked = box.checked; });
  });
  // keyboard shortcuts: elements with data-key="x" are clicked or focused on that key
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
      if (event.key === "Escape" && target.blur) target.blur();
      return;
    }
    var found = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
    if (!found) return;
    event.preventDefault();
    if (found.tagName === "A" || found.tagName === "BUTTON") {
      found.click();
    } else {
      found.focus();
    }
  });
})();
