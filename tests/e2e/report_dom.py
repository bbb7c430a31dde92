#!/usr/bin/env python3
"""report_dom.py: checks of the HTML report (export --format html) for
tests/e2e/report.sh, one "ok - ..." or "not ok - ..." line each.

  report_dom.py static REPORT.html
      the file as written: parses with html.parser with every element
      closed in order (void elements aside), no <script, no element with
      a src, no <link>, every href a fragment or an http(s) URL with
      rel="noopener noreferrer".
  report_dom.py dom DOM.html LIST.jsonl [TEXT...]
      the DOM as a browser built it (chromium --dump-dom): no script
      element, one card per claim of LIST.jsonl (`list --type claim
      --json`) with its current verdict and text, the summary's counts by
      verdict and by speaker equal to the ledger's, and each TEXT found
      literally in the page's text.
"""
import collections
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
VERDICTS = ["true", "mostly-true", "mixed", "mostly-false", "false",
            "misleading", "unproven", "none"]
failures = 0


def check(what, cond, detail=""):
    global failures
    if cond:
        print("ok - " + what)
    else:
        failures += 1
        print("not ok - " + what + (": " + detail if detail else ""))


class Page(HTMLParser):
    """The page's elements, text, and what the checks look at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text = [], [], []
        self.tags = collections.Counter()
        self.srcs, self.hrefs = [], []
        self.cards = {}        # "c12" -> {"verdict":..., "text":...}
        self.verdict_rows = {}  # "false" -> count
        self.speaker_rows = {}  # name -> count
        self._card = None
        self._grab = None      # (dict, key) the next text goes to
        self._row = None
        self._ids = []         # the id of each open element

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        if tag not in VOID:
            self.stack.append(tag)
            self._ids.append(a.get("id"))
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "a" and "href" in a:
            self.hrefs.append((a["href"], a.get("rel", "")))
        cls = a.get("class", "") or ""
        if tag == "article" and "claim" in cls.split():
            self._card = {"verdict": a.get("data-verdict"), "text": ""}
            self.cards[a.get("id")] = self._card
        if tag == "blockquote" and self._card is not None:
            self._grab = (self._card, "text")
        if tag == "tr" and "data-verdict" in a:
            self._row = ["verdict", a["data-verdict"], []]
        elif (tag == "tr" and "tbody" in self.stack and
              self.stack_has("table", "by-speaker-summary")):
            self._row = ["speaker", None, []]
        if tag in ("td", "th") and self._row is not None:
            self._row[2].append("")

    def stack_has(self, tag, ident):
        return any(t == tag and i == ident for t, i in
                   zip(self.stack, self._ids))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s> at %s" %
                               (tag, self.stack[-1] if self.stack else "nothing",
                                self.getpos()))
            return
        self.stack.pop()
        self._ids.pop()
        if tag == "blockquote":
            self._grab = None
        if tag == "article":
            self._card = None
        if tag == "tr" and self._row is not None:
            kind, key, cells = self._row
            if kind == "verdict" and len(cells) >= 2:
                self.verdict_rows[key] = int(cells[1] or 0)
            elif kind == "speaker" and len(cells) >= 2 and cells[0]:
                self.speaker_rows[cells[0]] = int(cells[1] or 0)
            self._row = None

    def handle_data(self, data):
        self.text.append(data)
        if self._grab is not None:
            d, k = self._grab
            d[k] += data
        if self._row is not None and self._row[2]:
            self._row[2][-1] += data


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def static(path):
    raw = open(path, encoding="utf-8").read()
    p = parse(path)
    check("report: parses with every element closed in order",
          not p.errors and not p.stack, "; ".join(p.errors[:3]) or str(p.stack))
    check("report: no <script anywhere in the file", "<script" not in raw.lower())
    check("report: no element loads anything (no src, no <link>)",
          not p.srcs and p.tags["link"] == 0, str(p.srcs[:3]))
    bad = [h for h, rel in p.hrefs
           if not (h.startswith("#") or
                   ((h.startswith("https://") or h.startswith("http://")) and
                    rel == "noopener noreferrer"))]
    check("report: every link a fragment or an http(s) URL with "
          "rel=noopener noreferrer", not bad, str(bad[:3]))
    check("report: style inline only, with a print part",
          p.tags["style"] == 1 and "@media print" in raw)


def dom(path, listing, texts):
    p = parse(path)
    check("DOM: no script element was created", p.tags["script"] == 0,
          "%d script elements" % p.tags["script"])
    claims = [json.loads(l) for l in open(listing, encoding="utf-8") if l.strip()]
    want_v = collections.Counter()
    want_s = collections.Counter()
    bad = []
    for c in claims:
        cur = c["current"]
        v = cur.get("verdict", "none")
        want_v[v] += 1
        want_s[cur["speaker"] or "(no speaker)"] += 1
        card = p.cards.get("c%d" % c["body"]["seq"])
        if card is None:
            bad.append("no card for seq %d" % c["body"]["seq"])
        elif card["verdict"] != v or card["text"] != cur["text"]:
            bad.append("seq %d: %r %r" % (c["body"]["seq"], card["verdict"],
                                          card["text"][:60]))
    check("DOM: %d claim cards, each with its current verdict and text" %
          len(claims), claims and not bad and len(p.cards) == len(claims),
          "; ".join(bad[:3]) or "%d cards" % len(p.cards))
    got_v = {k: n for k, n in p.verdict_rows.items()}
    check("DOM: the summary by verdict counts what the ledger holds",
          all(got_v.get(k, -1) == want_v.get(k, 0) for k in VERDICTS),
          "got %s want %s" % (got_v, dict(want_v)))
    check("DOM: the summary by speaker counts what the ledger holds",
          p.speaker_rows == dict(want_s),
          "got %s want %s" % (p.speaker_rows, dict(want_s)))
    alltext = "".join(p.text)
    for t in texts:
        check("DOM: %r shows as text" % t, t in alltext)


if __name__ == "__main__":
    if sys.argv[1] == "static":
        static(sys.argv[2])
    else:
        dom(sys.argv[2], sys.argv[3], sys.argv[4:])
    sys.exit(1 if failures else 0)
