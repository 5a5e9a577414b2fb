"""Runs a list of (name, function) cells, each returning (ok, detail); prints one line per
cell and a total, and exits 1 if any failed. A cell that raises counts as failed, with the
exception as its detail."""
import sys
import time


def run_cells(cells, only=None, label="cells"):
    if only:
        cells = [c for c in cells if only in c[0]]
    print(f"{'cell':58} result")
    failures = 0
    for name, run in cells:
        started = time.time()
        try:
            ok, detail = run()
        except Exception as e:  # a crashed cell is a failed cell, with its reason
            ok, detail = False, f"{type(e).__name__}: {e}"
        failures += 0 if ok else 1
        print(f"{name:58} {'PASS' if ok else 'FAIL'}  ({time.time() - started:.1f} s) {detail}", flush=True)
    print(f"{len(cells) - failures}/{len(cells)} {label} pass")
    sys.exit(1 if failures else 0)
