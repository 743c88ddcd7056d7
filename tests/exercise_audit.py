"""The audit of a notebook's exercises: can a student pass them by copying?

:func:`audit` takes a notebook (executed or not) and returns the problems it finds:

* every ``check`` call names a keyed exercise of this notebook, ``check("NN.k", answer)``;
* an exercise cell (tag ``exercise``) holds only the learner's answer (``answer = ...`` or a
  function to write) and the one ``check`` call: nothing that computes the expected value;
* the markdown cell just above it names ``**Exercise NN.k**`` and the exercise's stars;
* every keyed exercise of the notebook has exactly one exercise cell (its ``check(...);`` ends in
  a semicolon, so no True/False is displayed) and at least one solution cell below it (tag
  ``solution``), whose input and output are collapsed, whose first line is a comment (JupyterLab
  shows a collapsed cell's first line) and which, once executed, printed "Correct.";
* the solution's prose is collapsed in a ``<details>`` block;
* no numeric expected value, to its checked tolerance, appears in any visible cell above its
  exercise cell: markdown, code (of a collapsed cell its first line), or any output (JupyterLab
  shows the outputs of a collapsed cell once it has run);
* a lesson has at least four exercises and every kind (predict, compute, implement, explain);
* every numeric exercise whose bank entry records its precision states it in its text ("Give 3
  significant figures.", "give 2 decimals"), with the same number;
* no solution cell defines a name that an exercise cell defines (``answer``, the learner's
  function): Run All must never overwrite a learner's work;
* (with ``mathnotes``) no keyed value can be read in a mathnote the learner may have read before
  the exercise (mathnotes 00 to the notebook's own), unless the exercise says to read it;
* (:func:`namespace_leaks`, on the kernel's globals after Run All) no variable other than
  ``answer`` and ``solution`` holds an exercise's expected value.
"""

from __future__ import annotations

import ast
import re

import numpy as np

from helpers.exercises import CORRECT, KINDS, load_bank

KEY = re.compile(r"^(\d\d)\.(\d+)$")
NUMBER = re.compile(r"(?<![\w.])-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
EXERCISE_HEADING = re.compile(r"\*\*Exercise (\d\d\.\d+)\*\*\s*(★*)")
#: "2.56 \\cdot 10^{-4}", "1.1 \\times 10^{-3}", "2.5 × 10^3": read as one number.
SCIENTIFIC = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\\cdot|\\times|×|·)\s*10\^\{?(-?\d+)\}?")
PRECISION = re.compile(r"\bgive\s+(\d+)\s+(significant\s+figures?|decimals?)\b", re.I)
#: Names a kernel may hold an expected value in after Run All: the learner's and the solutions'.
ANSWER_NAMES = ("answer", "solution")


def _tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


def _collapsed(cell) -> tuple[bool, bool]:
    meta = cell.get("metadata", {}).get("jupyter", {})
    return bool(meta.get("source_hidden")), bool(meta.get("outputs_hidden"))


def _check_calls(source: str) -> list:
    """The ``check(...)`` calls in a code cell's source (IPython magics blanked out)."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "check"
    ]


def _key_of(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _output_text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    kinds = ("text/plain", "text/markdown", "text/html")
    return "\n".join(str(data.get(kind, "")) for kind in kinds)


def visible_text(cell) -> str:
    """What a student sees of a cell without expanding anything.

    JupyterLab shows the first line of a collapsed cell, and shows a cell's outputs once it has
    run even when they were collapsed: so both count as visible.
    """
    source_hidden, _ = _collapsed(cell)
    parts = []
    if cell.cell_type == "markdown":
        parts.append(_without_details(cell.source))
    else:
        parts.append(cell.source.split("\n", 1)[0] if source_hidden else cell.source)
        parts.extend(_output_text(o) for o in cell.get("outputs", []))
    return "\n".join(parts)


def _without_details(markdown: str) -> str:
    return re.sub(r"<details>.*?</details>", "", markdown, flags=re.S)


def numbers_in(text: str) -> list[float]:
    """Every decimal number written in ``text`` (a Unicode minus counts as a minus).

    >>> numbers_in("JS = 0.693 nats, −1.5e-3 and 12 %; x2 is not a number")
    [0.693, -0.0015, 12.0]
    >>> numbers_in(r"$K \\le 2.56 \\cdot 10^{-4}$, about 2.5 × 10^3")
    [0.000256, 2500.0]
    """
    text = SCIENTIFIC.sub(r"\1e\2", text.replace("\u2212", "-"))
    found = []
    for match in NUMBER.findall(text):
        try:
            found.append(float(match))
        except ValueError:
            continue
    return found


def _exercise_cell_is_bare(source: str) -> str | None:
    """None if the cell holds only answers, learner functions and one check call; else why not."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return f"does not parse ({error.msg})"
    checks = 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            continue
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if node.value.value is not Ellipsis:
                return f"line {node.lineno} fills in an answer: commit it as '= ...'"
            continue
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "check"
            and all(isinstance(a, (ast.Constant, ast.Name)) for a in node.value.args)
            and not node.value.keywords
        ):
            checks += 1
            continue
        return f"line {node.lineno} does more than hold an answer: {ast.unparse(node)[:80]!r}"
    if checks != 1:
        return f"has {checks} check calls, not one"
    return None


def _bound_names(source: str) -> set[str]:
    """The names a code cell binds at top level (functions, classes, assignments)."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _accepted(ex, value: float) -> bool:
    """Whether ``check`` would accept ``value`` for the (scalar, numeric) exercise ``ex``."""
    expected = float(np.asarray(ex.expected_value(), dtype=float))
    return ex.accepts(np.asarray(float(value)), np.asarray(expected))


def _scalar_expected(ex):
    """The finite scalar expected value of a numeric exercise, or None."""
    if ex.kind == "implement" or ex.choices:
        return None
    array = np.asarray(ex.expected_value(), dtype=float)
    if array.ndim != 0 or not np.isfinite(array):
        return None
    return float(array)


def audit(nb, number: str, *, executed: bool = False, lesson: bool = True,
          mathnotes: dict | None = None) -> list[str]:
    """Problems with the exercises of notebook ``number`` (``"04"``); empty when all is well.

    ``mathnotes`` maps a mathnote's file name (``"04-jensen-shannon.md"``) to its text; when
    given, the keyed values must not be readable in the mathnotes up to this notebook's.
    """
    registry = load_bank()
    mine = {k: ex for k, ex in registry.items() if k.startswith(number + ".")}
    problems: list[str] = []
    exercise_at: dict[str, int] = {}
    solutions: dict[str, list[int]] = {}

    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = _tags(cell)
        for call in _check_calls(cell.source):
            key = _key_of(call)
            if key is None or not KEY.match(key):
                problems.append(f"cell {index}: check() must name a key like '{number}.1' first")
                continue
            if key not in mine:
                problems.append(f"cell {index}: {key} is not a keyed exercise of notebook {number}")
                continue
            if "exercise" in tags:
                if key in exercise_at:
                    problems.append(f"{key}: two exercise cells ({exercise_at[key]}, {index})")
                exercise_at[key] = index
            elif "solution" in tags:
                solutions.setdefault(key, []).append(index)
            else:
                problems.append(f"cell {index}: check({key!r}) outside an exercise/solution cell")

    for key, ex in sorted(mine.items()):
        if key not in exercise_at:
            problems.append(f"{key}: keyed in helpers but no exercise cell uses it")
            continue
        at = exercise_at[key]
        why = _exercise_cell_is_bare(nb.cells[at].source)
        if why:
            problems.append(f"{key}: the exercise cell {why}")
        elif not nb.cells[at].source.rstrip().endswith(";"):
            problems.append(f"{key}: end the exercise cell's check(...) with ';' (no True/False)")
        heading = nb.cells[at - 1] if at > 0 else None
        found = EXERCISE_HEADING.search(heading.source) if heading is not None else None
        if heading is None or heading.cell_type != "markdown" or not found or found[1] != key:
            problems.append(f"{key}: the markdown cell above must name '**Exercise {key}**'")
        elif len(found[2]) != ex.stars:
            problems.append(f"{key}: heading shows {len(found[2])} stars, helpers say {ex.stars}")
        below = [i for i in solutions.get(key, []) if i > at]
        if not below:
            problems.append(f"{key}: no solution cell below the exercise cell")
        for i in solutions.get(key, []):
            source_hidden, outputs_hidden = _collapsed(nb.cells[i])
            if not (source_hidden and outputs_hidden):
                problems.append(f"{key}: solution cell {i} is not collapsed (input and output)")
            if not nb.cells[i].source.startswith("#"):
                problems.append(
                    f"{key}: solution cell {i} must open with a comment line (JupyterLab shows "
                    "the first line of a collapsed cell)"
                )
            if executed:
                text = "".join(_output_text(o) for o in nb.cells[i].get("outputs", []))
                if CORRECT not in text:
                    problems.append(f"{key}: solution cell {i} did not pass: {text[-200:]!r}")
        prose = [
            c for c in nb.cells[at + 1 : (below[0] if below else at + 1) + 2]
            if c.cell_type == "markdown" and "<details>" in c.source and "Solution" in c.source
        ]
        if not prose:
            problems.append(f"{key}: no collapsed '<details>' solution prose next to it")
        problems.extend(_leaks(nb, key, ex, at, solutions.get(key, [])))
        if heading is not None:
            problems.extend(_precision_stated(key, ex, heading.source))
            if mathnotes is not None:
                problems.extend(_mathnote_leaks(key, ex, heading.source, mathnotes))

    learner_names = set()
    for at in exercise_at.values():
        learner_names |= _bound_names(nb.cells[at].source)
    for key, indices in sorted(solutions.items()):
        for i in indices:
            clash = sorted(_bound_names(nb.cells[i].source) & learner_names)
            if clash:
                problems.append(
                    f"{key}: solution cell {i} redefines {', '.join(clash)}, which an exercise "
                    "cell defines: Run All would overwrite the learner's work (use another name)"
                )

    if lesson:
        if len(mine) < 4:
            problems.append(f"notebook {number} has {len(mine)} keyed exercises, fewer than four")
        missing = set(KINDS) - {ex.kind for ex in mine.values()}
        if missing:
            problems.append(f"notebook {number} lacks exercises of kind {sorted(missing)}")
    return problems


def _leaks(nb, key, ex, at, own_solutions=()) -> list[str]:
    """The expected value, readable above the exercise or in its own solution cells.

    A collapsed solution cell still shows its first line and, once run (Run All), its outputs,
    right below the exercise: they must not show the answer either.
    """
    expected = _scalar_expected(ex)
    if expected is None:
        return []
    array = np.asarray(expected)
    found = []
    for index, cell in enumerate(nb.cells[:at]):
        for value in numbers_in(visible_text(cell)):
            if _accepted(ex, value):
                found.append(
                    f"{key}: the expected value {float(array):.6g} can be read in cell {index} "
                    f"above the exercise (as {value:g})"
                )
                break
    for index in own_solutions:
        for value in numbers_in(visible_text(nb.cells[index])):
            if _accepted(ex, value):
                found.append(
                    f"{key}: its solution cell {index} shows the expected value "
                    f"{float(array):.6g} (as {value:g}) in its first line or its outputs, "
                    "which stay visible when the cell is collapsed"
                )
                break
    return found


def _precision_stated(key, ex, text: str) -> list[str]:
    """A numeric exercise whose entry records its precision says so, with the same number."""
    if ex.kind == "implement" or ex.choices or (ex.sig_figs is None and ex.decimals is None):
        return []
    found = PRECISION.search(text)
    wanted = (ex.sig_figs, "significant") if ex.sig_figs is not None else (ex.decimals, "decimal")
    if not found:
        return [f"{key}: the exercise's text must state its precision: "
                f"'{ex.precision_sentence}'"]
    if int(found[1]) != wanted[0] or not found[2].lower().startswith(wanted[1]):
        return [f"{key}: the text says 'give {found[1]} {found[2]}', the bank says "
                f"'{ex.precision_sentence}'"]
    return []


def _mathnote_leaks(key, ex, question: str, mathnotes: dict) -> list[str]:
    """The keyed value, readable in a mathnote up to this notebook's, unless the exercise says to
    read the mathnote."""
    if _scalar_expected(ex) is None or "mathnote" in question.lower():
        return []
    number = key[:2]
    found = []
    for name, text in sorted(mathnotes.items()):
        leading = re.match(r"(\d+)-", name)
        if not leading or int(leading[1]) > int(number):
            continue
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        for line_number, line in enumerate(text.splitlines(), start=1):
            hits = [v for v in numbers_in(line) if _accepted(ex, v)]
            if hits:
                found.append(f"{key}: the expected value {_scalar_expected(ex):.6g} can be read "
                             f"in mathnote {name}, line {line_number} (as {hits[0]:g})")
                break
    return found


def namespace_leaks(namespace: dict, number: str) -> list[str]:
    """Variables of the kernel after Run All (name -> number) that hold the expected value of an
    exercise of notebook ``number``; ``answer`` and ``solution`` are the declared exceptions."""
    problems = []
    for key, ex in sorted(load_bank().items()):
        if not key.startswith(number + ".") or _scalar_expected(ex) is None:
            continue
        for name, value in sorted(namespace.items()):
            if name in ANSWER_NAMES or name.startswith("_"):
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                    _accepted(ex, value):
                problems.append(f"{key}: after Run All the variable {name!r} = {value:g} holds "
                                "the expected value (compute it inline or give it no name)")
    return problems
