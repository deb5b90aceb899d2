"""Reads a work-ledger CSV as a spreadsheet would: checks the UTF-8 byte-order mark and that every line
ends in CRLF, parses it with Python's csv module (RFC 4180 quoting) and prints the rows as JSON."""
import csv
import io
import json
import sys

data = open(sys.argv[1], "rb").read()
if not data.startswith(b"\xef\xbb\xbf"):
    sys.exit("no UTF-8 byte-order mark")
text = data[3:].decode("utf-8")
rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
# Every record ends in CRLF: the text outside quoted fields has no bare LF.
outside, quoted = [], False
for ch in text:
    if ch == '"':
        quoted = not quoted
    elif not quoted:
        outside.append(ch)
bare = "".join(outside).replace("\r\n", "")
if "\n" in bare or "\r" in bare:
    sys.exit("a line does not end in CRLF")
widths = {len(row) for row in rows}
if len(widths) != 1:
    sys.exit(f"rows of different widths: {sorted(widths)}")
print(json.dumps(rows, ensure_ascii=False))
