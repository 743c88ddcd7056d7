// Exercises checked without a kernel. Each .site-exercise holds its bank entry (exported at
// build time by helpers/exercises/export.py) and gives the same verdicts, precision, form
// messages, targeted messages and escalating hints as check() in the notebook.
// tests/test_exercises.py runs judge() under Node and compares it with the Python check.
(function () {
  "use strict";

  var LETTER = /^\(?\s*([A-Za-z])\s*\)?\s*\.?$/;
  // Python's float(): sign, digits with an optional point, exponent; inf, infinity, nan
  var NUMBER = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

  function strip(text) {
    return String(text).replace(/^\s+|\s+$/g, "");
  }

  // A typed answer as the Python literal it would be in the notebook: "[23.74]", "(23.74,)" and
  // "(23.74)" are that number, "'b'" a string; anything else is the text itself.
  function literal(t) {
    var quoted = /^(['"])(.*)\1$/.exec(t);
    if (quoted) return { text: quoted[2] };
    var m = /^\[\s*([^\[\],]*?)\s*,?\s*\]$/.exec(t) || /^\(\s*([^(),]*?)\s*,?\s*\)$/.exec(t);
    if (m && NUMBER.test(m[1].replace(/\u2212/g, "-").replace(/_/g, ""))) return { number: m[1] };
    return { text: t };
  }

  function readNumber(text) {
    var t = strip(text).replace(/\u2212/g, "-").replace(/_/g, "");
    if (!NUMBER.test(t)) return null;
    var lower = t.toLowerCase().replace(/^\+/, "");
    var x;
    if (/^-?inf(inity)?$/.test(lower)) x = lower.charAt(0) === "-" ? -Infinity : Infinity;
    else x = Number(t);
    return isNaN(x) ? null : x;
  }

  function within(x, w) {
    if (w.value === "inf" || w.value === "-inf") {
      return x === (w.value === "inf" ? Infinity : -Infinity);
    }
    if (!isFinite(x)) return false;
    return Math.abs(x - w.value) <= w.tol + w.rtol * Math.abs(w.value);
  }

  // The verdict on a typed answer: {outcome: correct|form|none|diagnosed|wrong, message}.
  function judge(entry, typed) {
    var t = strip(typed);
    if (t === "" || t === "..." || t === "None") return { outcome: "none", message: entry.no_answer };
    if (entry.kind === "implement") return { outcome: "form", message: entry.form };
    var answer = literal(t);
    var i;
    if (entry.choices) {
      var m = answer.text === undefined ? null : LETTER.exec(strip(answer.text));
      var letter = m ? m[1].toLowerCase() : null;
      if (!letter || entry.choices.indexOf(letter) < 0) return { outcome: "form", message: entry.form };
      if (letter === entry.expected) return { outcome: "correct", message: entry.correct };
      for (i = 0; i < entry.diagnoses.length; i++) {
        if (entry.diagnoses[i].letter === letter) {
          return { outcome: "diagnosed", message: entry.diagnoses[i].message };
        }
      }
      return { outcome: "wrong", message: "" };
    }
    var x = readNumber(answer.number !== undefined ? answer.number : answer.text);
    if (x === null) return { outcome: "form", message: entry.form };
    if (within(x, entry.expected)) return { outcome: "correct", message: entry.correct };
    for (i = 0; i < entry.diagnoses.length; i++) {
      if (within(x, entry.diagnoses[i])) {
        return { outcome: "diagnosed", message: entry.diagnoses[i].message };
      }
    }
    return { outcome: "wrong", message: "" };
  }

  // What check() prints, given the verdict and the number of earlier undiagnosed wrong answers.
  function report(entry, verdict, wrong) {
    if (verdict.outcome === "correct" || verdict.outcome === "form" || verdict.outcome === "none") {
      return { text: verdict.message, wrong: verdict.outcome === "correct" ? 0 : wrong };
    }
    if (verdict.outcome === "diagnosed") return { text: "Not yet. " + verdict.message, wrong: wrong };
    var step = Math.min(wrong, entry.hints.length - 1);
    var label = wrong === 0 ? "Hint" : "Hint (" + (step + 1) + ")";
    var why = verdict.message ? " " + verdict.message : "";
    return { text: "Not yet." + why + " " + label + ": " + entry.hints[step], wrong: wrong + 1 };
  }

  function setup(box) {
    if (box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    var entry = JSON.parse(box.querySelector(".site-exercise-data").textContent);
    var input = box.querySelector(".site-exercise-input");
    var button = box.querySelector(".site-exercise-check");
    var out = box.querySelector(".site-exercise-verdict");
    var wrong = 0;
    function run() {
      var r = report(entry, judge(entry, input.value), wrong);
      wrong = r.wrong;
      out.textContent = r.text;
      box.setAttribute("data-outcome", judge(entry, input.value).outcome);
    }
    button.addEventListener("click", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        run();
      }
    });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { judge: judge, report: report };
  }
  var STYLE = ".site-exercise{padding:.5em .8em;background:#eef6fb;border-left:4px solid #0072b2;" +
    "margin:.5em 0}.site-exercise input{font:inherit;padding:.2em .4em;min-width:10em}" +
    ".site-exercise button{font:inherit;padding:.2em .8em}" +
    ".site-exercise input:focus,.site-exercise button:focus{outline:3px solid #0072b2;" +
    "outline-offset:2px}.site-exercise-verdict{min-height:1.4em;margin:.4em 0;color:#1a1a1a}" +
    ".site-exercise[data-outcome=correct] .site-exercise-verdict{font-weight:bold}" +
    ".site-exercise-elsewhere{font-size:.9em;margin:.2em 0;color:#333}";

  if (typeof document !== "undefined") {
    if (!document.getElementById("site-exercise-style")) {
      var style = document.createElement("style");
      style.id = "site-exercise-style";
      style.textContent = STYLE;
      document.head.appendChild(style);
    }
    var start = function () {
      Array.prototype.forEach.call(document.querySelectorAll(".site-exercise"), setup);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
