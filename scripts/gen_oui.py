"""Writes Sources/VigilInventory/Resources/oui.tsv from the IEEE MA-L registry.

One `XXXXXX<TAB>Organisation` line per OUI, sorted: a data file the inventory loads on first
use, not Swift source. Names are cleaned of the punctuation the registry's records carry at
their end ("Siemens AG,", "DU PONT PIXEL SYSTEMS ."); OUIVendors cleans Debian's file the same
way when it reads that instead.
"""
import csv
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/ieee-data/oui.csv'
dst = sys.argv[2] if len(sys.argv) > 2 else 'Sources/VigilInventory/Resources/oui.tsv'


def clean(name):
    name = ' '.join(name.split())
    while True:
        shorter = re.sub(r'(\s*[,;:]|\s+\.)$', '', name).rstrip()
        if shorter == name:
            return name
        name = shorter


seen = {}
with open(src, newline='', encoding='utf-8', errors='replace') as f:
    rows = csv.reader(f)
    next(rows)
    for row in rows:
        if len(row) < 3:
            continue
        try:
            key = int(row[1], 16)
        except ValueError:
            continue
        seen.setdefault(key, clean(row[2]))
with open(dst, 'w') as out:
    for k in sorted(seen):
        out.write(f'{k:06X}\t{seen[k]}\n')
