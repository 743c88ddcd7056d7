// Kernel-free figures: each .site-figure holds pictures rendered at build time, one per
// combination of its controls' values (helpers/frames.py). A range input per control picks the
// picture; the readout shows the control's value; the picture's alt text (and a visually hidden
// live region) says what it shows, with the numbers drawn on it (helpers/alt_text.py). Figures
// with a prediction show the picture without the answer until a slider moves or "Show the
// answer" is pressed.
(function () {
  "use strict";

  function setup(fig) {
    var m = JSON.parse(fig.querySelector(".site-manifest").textContent);
    var root = fig.getAttribute("data-root") || "";
    var img = fig.querySelector(".site-frame");
    var inputs = Array.prototype.slice.call(fig.querySelectorAll("input[type=range]"));
    var readouts = inputs.map(function (input) {
      return input.parentNode.querySelector(".site-readout");
    });
    var button = fig.querySelector(".site-reveal");
    var live = fig.querySelector(".site-alt");
    var moved = false;
    var revealed = !m.hidden;
    var pictures = [];

    function frameIndex() {
      var k = 0, stride = 1;
      for (var i = 0; i < inputs.length; i++) {
        k += Number(inputs[i].value) * stride;
        stride *= m.controls[i].values.length;
      }
      return k;
    }

    function show() {
      for (var i = 0; i < inputs.length; i++) {
        var text = m.controls[i].readouts[Number(inputs[i].value)];
        readouts[i].textContent = text;
        inputs[i].setAttribute("aria-valuetext", text);
      }
      var k = frameIndex();
      var src = root + (revealed ? m.frames[k] : m.hidden);
      if (img.getAttribute("src") !== src) img.setAttribute("src", src);
      var alt = (revealed ? (m.alts || [])[k] : m.hidden_alt) || img.getAttribute("alt");
      if (img.getAttribute("alt") !== alt) {
        img.setAttribute("alt", alt);
        if (live && moved) live.textContent = alt;  // announced, politely, after a change
      }
      fig.setAttribute("data-frame", revealed ? String(k) : "hidden");
    }

    function reveal() {
      if (revealed) return;
      revealed = true;
      if (button) {
        button.setAttribute("aria-pressed", "true");
        button.textContent = "Answer shown";
        button.disabled = true;
      }
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", function () { moved = true; reveal(); show(); });
    });
    if (button) {
      button.addEventListener("click", function () { moved = true; reveal(); show(); });
    }

    // Fetch the pictures of the current slice (the first control's every value, the others as
    // they are), nearest to the current one first, a few at a time: a key press then swaps to a
    // picture already in the browser's cache. Other slices load when another control moves.
    var queue = [], queued = {}, active = 0, LIMIT = 6;
    function pump() {
      while (active < LIMIT && queue.length) {
        var picture = new Image();
        active++;
        picture.onload = picture.onerror = function () { active--; pump(); };
        picture.src = root + m.frames[queue.shift()];
        pictures.push(picture);
      }
      if (!queue.length && active === 0) fig.setAttribute("data-loaded", "true");
    }
    function preloadSlice() {
      var k = frameIndex(), n = m.controls[0].values.length;
      var base = k - Number(inputs[0].value);
      var here = Number(inputs[0].value);
      var order = [];
      for (var i = 0; i < n; i++) order.push(i);
      order.sort(function (a, b) { return Math.abs(a - here) - Math.abs(b - here); });
      for (var j = 0; j < order.length; j++) {
        var f = base + order[j];
        if (!queued[f]) { queued[f] = true; queue.push(f); }
      }
      fig.removeAttribute("data-loaded");
      pump();
    }
    inputs.slice(1).forEach(function (input) { input.addEventListener("change", preloadSlice); });
    inputs.slice(1).forEach(function (input) { input.addEventListener("input", preloadSlice); });
    preloadSlice();
    show();
    fig.setAttribute("data-ready", "true");
  }

  function setupAll() {
    var figures = document.querySelectorAll(".site-figure");
    for (var i = 0; i < figures.length; i++) setup(figures[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
