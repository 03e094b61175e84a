"""Form text made safe for a terminal, for every text format (text, concise, full, github, triage table).

A form value may hold escape sequences (CSI colours, OSC titles and hyperlinks, DCS, ESC c resets), BEL,
backspace, CR or C1 controls that a terminal would act on: each becomes a visible escape (`\\x1b`), so
nothing in a form can recolour, retitle, clear or rewrite the reader's screen. click.echo strips only CSI
colour codes, and only when stdout is not a terminal; this helper covers terminals, files and pipes alike.
"""

from __future__ import annotations

import re

NEWLINE_MARK = "⏎"  # a line break inside a value: one finding stays on one line
# CR LF, CR, LF, NEL and the Unicode line and paragraph separators all break a line somewhere
_NEWLINES = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# C0 controls but tab and newline, DEL, C1, and the bidirectional overrides and isolates that reorder a line
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, newline: str = NEWLINE_MARK) -> str:
    """`text` with every line break as `newline`, tabs as spaces and every other control as `\\xNN`/`\\uNNNN`."""
    text = _NEWLINES.sub(newline, text).replace("\t", " ")
    return _CONTROLS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
