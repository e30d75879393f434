"""PyYAML's syntax errors rewritten as the mistake an editor made and its fix, at the
place the mistake is (the opening quote, the line missing its ':'), for the common
cases; load.py reports PyYAML's own words for the rest."""

from __future__ import annotations

import yaml

#: What a character at the start of a plain value means to YAML, for the messages.
_INDICATORS = {
    "*": "an alias",
    "&": "an anchor",
    "!": "a tag",
    "@": "reserved",
    "`": "reserved",
    "%": "a directive",
    "|": "a block of text",
    ">": "a block of text",
}

#: (line, column, message): where the mistake is and what to do about it.
Help = tuple[int, int, str]


def quote_example(line: str) -> str:
    """`key: value` of `line` with the value double-quoted, to show the fix."""
    key, sep, value = line.strip().lstrip("- ").partition(": ")
    value = value.strip() if sep else key
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{key}: {quoted}" if sep else quoted


def syntax_help(exc: yaml.MarkedYAMLError, text: str) -> Help | None:
    """The editor's mistake and its fix for `exc`, or None when it is not a common one."""
    lines = text.split("\n")
    found = None
    if exc.problem_mark is not None:
        found = _at_problem(exc.problem_mark, str(exc.problem or ""), lines)
    if found is None and exc.context_mark is not None:
        found = _at_context(exc.context_mark, exc, lines)
    return found


def _line(mark: yaml.Mark, lines: list[str]) -> str:
    return lines[mark.line] if mark.line < len(lines) else ""


def _at_problem(pm: yaml.Mark, problem: str, lines: list[str]) -> Help | None:
    """Mistakes PyYAML finds where they are: a tab, ': ' in a value, an indicator."""
    line, col, source = pm.line + 1, pm.column + 1, _line(pm, lines)
    char = source[pm.column] if pm.column < len(source) else ""
    if char == "\t" or "tab character" in problem:
        message = (
            "a tab indents this line; YAML indents with spaces only: replace the tab "
            "with spaces (as many as the lines above use)"
        )
        return line, source.find("\t") + 1 or col, message
    if "mapping values are not allowed" in problem:
        return (
            line,
            col,
            f"': ' inside a value: YAML reads it as a new key. Put the value in quotes: "
            f"{quote_example(source)}",
        )
    if "cannot start any token" in problem and char in _INDICATORS:
        return (
            line,
            col,
            f"a value cannot start with '{char}' ({_INDICATORS[char]} in YAML): put it "
            f"in quotes: {quote_example(source)}",
        )
    return None


def _at_context(cm: yaml.Mark, exc: yaml.MarkedYAMLError, lines: list[str]) -> Help | None:
    """Mistakes PyYAML finds later than they are made: shown where they begin."""
    context, problem = str(exc.context or ""), str(exc.problem or "")
    line, col, source = cm.line + 1, cm.column + 1, _line(cm, lines)
    if "while scanning an alias" in context:
        return (
            line,
            col,
            "a value cannot start with '*' (an alias in YAML): put it in quotes: "
            f"{quote_example(source)}",
        )
    if "while scanning a quoted scalar" in context:
        quote = source[cm.column] if cm.column < len(source) else '"'
        return (
            line,
            col,
            f"this {quote} is never closed: end the value with {quote} on this line "
            f"(inside \"...\" write a quote as \\\"; inside '...' as '')",
        )
    if "could not find expected ':'" in problem:
        return (
            line,
            col,
            "this line is not 'key: value': add ': ' after the key, or, if it continues "
            "the value above, indent it more than that key (or quote the whole value)",
        )
    return None
