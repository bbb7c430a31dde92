#!/usr/bin/python3
"""differential.py: run both export verifiers on every case of a
hostile_exports.py directory and report each disagreement.

Usage: differential.py BIN VERIFY_EXPORT_PY CASEDIR [MIN,ACCEPTED,REFUSED]

For each case (manifest.tsv: file, pubfile, expect) it runs
`BIN verify-export FILE --pubkey PUBFILE` as a process and the Python
verifier's run() in this process (one interpreter for all cases; every
25th case also runs the script itself as a process, which must print
exactly what run() returned).  A case fails when the two differ in exit
status, in the line a refusal names, or in the line printed on success;
when either breaks the error contract (exactly one stderr line with its
prefix, and for exit 1 naming the line); or when the verdict is not the
one the manifest expects.  Prints TAP-like "ok - ..." / "not ok - ..."
lines and the counts, failing with fewer than MIN cases, ACCEPTED accepted
or REFUSED refused (300,50,200 by default).  $VALGRIND set: only every
10th case (the C side is then slow).
"""

import importlib.util
import os
import re
import subprocess
import sys

C_LINE = re.compile(r"^claimledger: verify-export: '.*' line ([0-9]+): ")
PY_LINE = re.compile(r"^verify-export\.py: line ([0-9]+): ")


def load(path):
    spec = importlib.util.spec_from_file_location("verify_export", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def one_line(text):
    return text.count("\n") == 1 and text.endswith("\n")


def success_lines(text):
    """verify-export's success: the "verified export" line, then the line
    saying how many quotes were checked (or that they were not)."""
    lines = text.split("\n")
    return (len(lines) == 3 and lines[2] == "" and lines[0].startswith("verified export: ")
            and (lines[1] == "quotes not checked: the export carries no documents"
                 or re.fullmatch(r"checked [0-9]+ quotes? against [0-9]+ documents?", lines[1])
                 is not None))


def main(argv):
    bin_, script, casedir = argv[1], argv[2], argv[3]
    least = [int(x) for x in (argv[4] if len(argv) > 4 else "300,50,200").split(",")]
    mod = load(script)
    rows = [l.split("\t") for l in open(os.path.join(casedir, "manifest.tsv")).read().splitlines()]
    every = 10 if os.environ.get("VALGRIND") else 1
    fails, n, accepted, refused, cli_runs = [], 0, 0, 0, 0
    by_rc = {}
    for i, (fname, pub, expect) in enumerate(rows):
        if i % every:
            continue
        n += 1
        path, pubpath = os.path.join(casedir, fname), os.path.join(casedir, pub)
        c = subprocess.run([bin_, "verify-export", path, "--pubkey", pubpath],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        c_out, c_err = c.stdout.decode("utf-8", "replace"), c.stderr.decode("utf-8", "replace")
        p_rc, p_out, p_err = mod.run(path, pubpath)
        why = []
        if c.returncode != p_rc:
            why.append("exit %d (C) vs %d (Python)" % (c.returncode, p_rc))
        if c.returncode == 0:
            if c_err or not success_lines(c_out):
                why.append("C: success must print its two lines and no error")
        elif not (one_line(c_err) and c_err.startswith("claimledger: verify-export: ")) or c_out:
            why.append("C: not exactly one error line")
        if (p_rc == 0) != (p_err is None) or (p_rc == 0) != (p_out is not None):
            why.append("Python: output does not fit its exit status")
        if c.returncode == 1 and p_rc == 1:
            cl, pl = C_LINE.match(c_err), PY_LINE.match(p_err or "")
            if not cl or not pl:
                why.append("a refusal without its line number")
            elif cl.group(1) != pl.group(1):
                why.append("line %s (C) vs line %s (Python)" % (cl.group(1), pl.group(1)))
        if c.returncode == 0 and p_rc == 0 and c_out != p_out + "\n":
            why.append("different success lines")
        if expect == "accept" and c.returncode != 0:
            why.append("expected to pass")
        if expect == "refuse" and c.returncode == 0:
            why.append("expected to be refused")
        if i % 25 == 0:
            cli_runs += 1
            s = subprocess.run(["/usr/bin/python3", script, path, pubpath],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            want_out = (p_out + "\n") if p_out is not None else ""
            want_err = (p_err + "\n") if p_err is not None else ""
            if (s.returncode, s.stdout.decode("utf-8", "replace"),
                    s.stderr.decode("utf-8", "replace")) != (p_rc, want_out, want_err):
                why.append("the script as a process differs from run(): exit %d: %s"
                           % (s.returncode, s.stderr[:200]))
        if why:
            fails.append("%s: %s; C: %s; Python: %s" % (
                fname, "; ".join(why), (c_err or c_out).strip()[:300],
                (p_err or p_out or "").strip()[:300]))
        elif c.returncode == 0:
            accepted += 1
        else:
            refused += 1
            by_rc[c.returncode] = by_rc.get(c.returncode, 0) + 1
    for f in fails[:40]:
        print("not ok - %s" % f)
    if len(fails) > 40:
        print("not ok - ... and %d more disagreements" % (len(fails) - 40))
    print("%s - %d cases: both verifiers give the same verdict, exit status and line"
          % ("ok" if not fails else "not ok", n))
    print("%s - the script as a process matches run() on %d sampled cases"
          % ("ok" if cli_runs > 0 else "not ok", cli_runs))
    print("# %d generated, %d accepted by both, %d refused by both (%s), %d disagreements"
          % (n, accepted, refused, ", ".join("exit %d: %d" % kv for kv in sorted(by_rc.items())),
             len(fails)))
    ok_counts = (n >= least[0] // every and accepted >= least[1] // every
                 and refused >= least[2] // every)
    print("%s - enough cases of each verdict (%d, %d accepted, %d refused)"
          % ("ok" if ok_counts else "not ok", n, accepted, refused))
    return 0 if not fails and ok_counts else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
