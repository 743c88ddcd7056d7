"""Exercise cells on the kernel-free site: checked in the page, from the exported bank.

A letter or number exercise becomes an input with a Check button (Enter works too) driven by
``static/exercises.js`` and the bank entry exported by :mod:`helpers.exercises.export`: the same
verdicts, stated precision, form messages, targeted messages and escalating hints as ``check``
in the notebook. An implement exercise keeps its task and links to Binder and Colab, where the
function can run. The worked solutions stay collapsed below, as in the notebook.
"""

from __future__ import annotations

import ast
import html
import json


def exercise_key(source: str) -> str | None:
    """The key of the ``check("NN.k", ...)`` call in an exercise cell's source, or None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "check" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            return node.args[0].value
    return None


def _run_elsewhere(binder: str, colab: str, what: str) -> str:
    return (f'{what} open this page on <a href="{html.escape(binder)}">Binder</a> or '
            f'<a href="{html.escape(colab)}">Colab</a>, type your answer in this cell and run it.')


def exercise_html(source: str, root: str, binder: str, colab: str) -> str:
    """The HTML that replaces an exercise cell's output on the site."""
    from helpers.exercises import load_bank
    from helpers.exercises.export import describe

    key = exercise_key(source)
    bank = load_bank()
    if key is None or key not in bank or bank[key].kind == "implement":
        return ('<div class="site-exercise-note">'
                + _run_elsewhere(binder, colab, "Checking your answer needs a running notebook:")
                + "</div>")
    entry = describe(bank[key])
    data = json.dumps(entry, ensure_ascii=False).replace("</", "<\\/")
    ident = "site-answer-" + key.replace(".", "-")
    what = "a letter" if entry.get("choices") else "a number"
    precision = f" {entry['precision']}" if entry.get("precision") else ""
    return (
        f'<div class="site-exercise" data-key="{html.escape(key)}">'
        f'<script type="application/json" class="site-exercise-data">{data}</script>'
        f'<label for="{ident}">Your answer to exercise {html.escape(key)} '
        f"({what}.{html.escape(precision)})</label> "
        f'<input id="{ident}" class="site-exercise-input" type="text" autocomplete="off" '
        'spellcheck="false"> '
        '<button type="button" class="site-exercise-check">Check</button>'
        '<p class="site-exercise-verdict" role="status" aria-live="polite"></p>'
        '<p class="site-exercise-elsewhere">Checked in this page, like check() in the notebook. '
        + _run_elsewhere(binder, colab, "To run the notebook itself,")
        + "</p></div>"
        f'<script defer src="{root}assets/exercises.js"></script>'
    )
