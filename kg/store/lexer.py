"""The one SPARQL lexer: strings, IRIs, comments and the rest, for finding positions in text.

Used to edit query text (parameters written in for a remote endpoint, kg.store.substitute).
Never a safety decision: that is kg.store.guard's, on a real parse, and text reaches the
lexer only after the guard accepted it.
"""
from __future__ import annotations

import re

TOKEN = re.compile(r'''
  (?P<ws>\s+)
| (?P<comment>\#[^\n\r]*)
| (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\''\''(?:[^'\\]|\\.|'(?!''))*'\''\''
            |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
| (?P<pname>(?:[^\W\d_](?:[\w.-]*[\w-])?)?:(?:[\w:%-]|\\\S|\.(?=[\w:%-]))*)
| (?P<word>[^\W\d][\w-]*)
| (?P<other>.)
''', re.X | re.S)

