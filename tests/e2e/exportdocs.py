#!/usr/bin/python3
"""exportdocs.py: tampered copies of an export that carries its archived
articles, for tests/e2e/exportdocs.sh.

Usage: exportdocs.py EXPORT OWNER_KEY OUTDIR
       exportdocs.py EXPORT OWNER_KEY OUTDIR --random PUBFILE

EXPORT is a jsonl export with a {"documents":K} line (K >= 2), every
record signed by OWNER_KEY (a plain secret key file), at least one direct
claim citing each of the first two documents and one correction giving a
direct claim new words and their span.  Writes one file per case into
OUTDIR and prints "NAME<TAB>WHAT" lines; each case has one fault:

  byte            one byte of an article changed (inside a quoted span)
  byte-rehashed   the same, and the document line's id set to the new hash
  swap            the bodies of the first two document lines exchanged
  span            a direct claim's offset moved by one, not re-signed
  span-resigned   the same, the chain and the checkpoint re-signed by the
                  owner: only the quote check can catch it
  correction-resigned  a correction's offset moved by one, re-signed
  missing         the second document line dropped (K unchanged)
  missing-recounted    the second document line dropped and K lowered
  stripped        the documents line and every document line dropped: a
                  valid export that carries no documents

With --random it writes instead about 300 cases of a fixed seed, with a
manifest.tsv for differential.py (expect: accept for the unchanged file
and reordered articles, else any: only the two verifiers' agreement is
known): bytes of the article lines changed; spans and texts of direct
claims and of the correction moved, cut or edited, the chain and the
checkpoint re-signed by the owner (a span moved onto a quote mark or a
space may still give the same text, or cut a character in two);
article lines dropped, doubled, reordered, their count changed.

Python 3 and PyNaCl only; the canonical JSON, Merkle root and signed
notes come from hostile_exports.py beside this file.
"""

import base64
import hashlib
import importlib.util
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("hx", os.path.join(HERE, "hostile_exports.py"))
hx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hx)

CTX = b"claimledger/record/v1\n"


class Parsed:
    def __init__(self, data):
        lines = data.split(b"\n")[:-1]
        self.header = lines[0]
        i = 1
        while not lines[i].startswith(b'{"documents":'):
            i += 1
        self.recs = [json.loads(l)["body"] for l in lines[1:i]]
        self.recline = lines[1:i]
        self.docsline = lines[i]
        self.docs = lines[i + 1:-1]
        self.checkpoint = lines[-1]
        self.origin = json.loads(self.header)["origin"]

    def doc(self, j):
        """(id, bytes) of document line j."""
        d = json.loads(self.docs[j])
        return d["document"], base64.b64decode(d["bytes"])

    def join(self, recline=None, docsline=None, docs=None, checkpoint=None):
        parts = ([self.header] + (self.recline if recline is None else recline) +
                 ([self.docsline if docsline is None else docsline] if docsline != b"" else []) +
                 (self.docs if docs is None else docs) +
                 [self.checkpoint if checkpoint is None else checkpoint])
        return b"\n".join(parts) + b"\n"

    def resigned(self, key, change):
        """Every record re-chained and re-signed by `key` after change(seq,
        body) edits bodies in place; a new checkpoint signed by `key`."""
        prev, renamed, out, leaves = "0" * 64, {}, [], []
        for i, body in enumerate(self.recs):
            body = dict(body)
            old = hashlib.sha256(hx.enc(body)).hexdigest()
            change(i, body)
            body["prev"] = prev
            for m in ("claim", "target"):
                if body.get(m) in renamed:
                    body[m] = renamed[body[m]]
            data = hx.enc(body)
            rid = hashlib.sha256(data).hexdigest()
            renamed[old] = rid
            sig = hx.b64(key.sign(CTX + data).signature)
            out.append(b'{"body":' + data + b',"id":"' + rid.encode() + b'","sig":"' +
                       sig.encode() + b'"}')
            leaves.append(data)
            prev = rid
        text = "%s\n%d\n%s\n" % (self.origin, len(leaves), hx.b64(hx.mth(leaves)))
        note = text + "\n" + hx.sig_line(self.origin, key, text)
        return self.join(recline=out, checkpoint=hx.enc({"checkpoint": note}))


def doc_line(doc_id, data):
    return b'{"bytes":"' + base64.b64encode(data) + b'","document":"' + doc_id.encode() + b'"}'


def random_cases(p, key, out, pubfile):
    rng = random.Random(20261203)
    rows = []
    with open(pubfile, "rb") as f, open(os.path.join(out, "owner.pub"), "wb") as g:
        g.write(f.read())

    def add(name, data, expect="any"):
        fname = "%03d-%s.jsonl" % (len(rows), name)
        with open(os.path.join(out, fname), "wb") as f:
            f.write(data)
        rows.append("%s\towner.pub\t%s" % (fname, expect))

    add("unchanged", p.join(), "accept")
    add("articles-reordered", p.join(docs=list(reversed(p.docs))), "accept")
    for i in range(100):
        j = rng.randrange(len(p.docs))
        line = bytearray(p.docs[j])
        pos = rng.randrange(len(line))
        line[pos] = rng.choice(b"AQgw+/=09az\"{}x\\")
        add("article-byte-%d" % i, p.join(docs=p.docs[:j] + [bytes(line)] + p.docs[j + 1:]))
    quotes = [s for s, b in enumerate(p.recs) if b["type"] == "claim" and "offset" in b]
    corrs = [s for s, b in enumerate(p.recs) if b["type"] == "correction" and "offset" in b]
    for i in range(150):
        target = rng.choice(quotes + corrs)
        how = rng.choice(("offset", "length", "both", "text", "kind"))
        d1, d2 = rng.randint(-4, 4), rng.randint(-4, 4)

        def change(seq, body, target=target, how=how, d1=d1, d2=d2):
            if seq != target:
                return
            if how in ("offset", "both"):
                body["offset"] = max(0, body["offset"] + d1)
            if how in ("length", "both"):
                body["length"] = max(0, body["length"] + d2)
            if how == "text":
                t = body.get("text", p.recs[target].get("text", "x"))
                body["text"] = rng.choice((t[:-1] or "x", t + ".", " ".join(t.split()[::-1]) or "x",
                                           t.replace(" ", "  ", 1), "\u201c" + t))
            if how == "kind":
                body["kind"] = rng.choice(("direct", "indirect"))
        add("resigned-%s-%d" % (how, i), p.resigned(key, change))
    k = json.loads(p.docsline)["documents"]
    for i in range(30):
        docs = list(p.docs)
        what = rng.choice(("drop", "double", "count", "move"))
        line = p.docsline
        if what == "drop":
            docs.pop(rng.randrange(len(docs)))
        elif what == "double":
            docs.insert(rng.randrange(len(docs) + 1), rng.choice(docs))
        elif what == "count":
            line = hx.enc({"documents": k + rng.choice((-1, 1, 2))})
        else:
            rng.shuffle(docs)
        add("articles-%s-%d" % (what, i), p.join(docsline=line, docs=docs))
    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print("%d cases" % len(rows))
    return 0


def main(argv):
    src, keyfile, out = argv[1], argv[2], argv[3]
    if len(argv) > 5 and argv[4] == "--random":
        _, key = hx.load_key(keyfile)
        os.makedirs(out, exist_ok=True)
        return random_cases(Parsed(open(src, "rb").read()), key, out, argv[5])
    _, key = hx.load_key(keyfile)
    p = Parsed(open(src, "rb").read())
    os.makedirs(out, exist_ok=True)
    cases = []

    def case(name, data, what):
        with open(os.path.join(out, name + ".jsonl"), "wb") as f:
            f.write(data)
        cases.append("%s\t%s" % (name, what))

    id0, doc0 = p.doc(0)
    id1, doc1 = p.doc(1)
    direct = [(s, b) for s, b in enumerate(p.recs) if b["type"] == "claim" and
              b.get("kind") == "direct" and b.get("document") == id0]
    seq, claim = direct[0]
    off = claim["offset"]
    bad = bytearray(doc0)
    bad[off + 1] = ord("X") if bad[off + 1] != ord("X") else ord("Y")
    bad = bytes(bad)
    newid = hashlib.sha256(bad).hexdigest()
    case("byte", p.join(docs=[doc_line(id0, bad)] + p.docs[1:]),
         "a changed article byte")
    case("byte-rehashed", p.join(docs=[doc_line(newid, bad)] + p.docs[1:]),
         "a changed article byte under its new hash")
    case("swap", p.join(docs=[doc_line(id0, doc1), doc_line(id1, doc0)] + p.docs[2:]),
         "two documents' bodies exchanged")
    moved = p.recline[seq].replace(b'"offset":%d,' % off, b'"offset":%d,' % (off + 1), 1)
    assert moved != p.recline[seq]
    case("span", p.join(recline=p.recline[:seq] + [moved] + p.recline[seq + 1:]),
         "claim %d's offset moved, not re-signed" % seq)

    def move_claim(i, body):
        if i == seq:
            body["offset"] += 1
    case("span-resigned", p.resigned(key, move_claim),
         "claim %d's offset moved, re-signed by the owner" % seq)
    corr = [s for s, b in enumerate(p.recs) if b["type"] == "correction" and "offset" in b]

    def move_corr(i, body):
        if i == corr[0]:
            body["offset"] += 1
    case("correction-resigned", p.resigned(key, move_corr),
         "correction %d's offset moved, re-signed by the owner" % corr[0])
    case("missing", p.join(docs=[p.docs[0]] + p.docs[2:]), "a document left out")
    k = json.loads(p.docsline)["documents"]
    case("missing-recounted", p.join(docsline=hx.enc({"documents": k - 1}),
                                     docs=[p.docs[0]] + p.docs[2:]),
         "a document left out, the count lowered")
    case("stripped", p.join(docsline=b"", docs=[]), "every document left out")
    print("\n".join(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
