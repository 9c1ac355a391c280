#!/usr/bin/env bash
# The class report page (grader/grade_all/report_page.html) rendered by a real
# browser: Debian's chromium, headless, with every host name unresolvable.
#
#   tests/e2e/report_renders_in_chromium.sh OUTPUT_DIR SUMMARY_JSON TEMPLATE_HTML
#       builds OUTPUT_DIR/report.html the way grade-all does (the summary JSON,
#       every "<" written as \u003c, in place of the template's one placeholder)
#   tests/e2e/report_renders_in_chromium.sh OUTPUT_DIR --page REPORT_HTML
#       tests a report grade-all has already written
#
# Checks: the page references nothing outside itself (no http(s) URL, no
# external src/href/url(), no fetch or innerHTML-style sinks) and chromium's
# network log shows no request; it renders (body[data-rendered="ok"]); the
# histogram, pass-rates and statuses charts are SVGs with bars; every student
# name and message containing "<" shows up as text, and the data created no
# element (no extra <script>, no <b>, no on* attribute); every section and one
# table row per student exist; OUTPUT_DIR/report.png is a real screenshot.
#
# Exit status: 0 passed, 1 failed, 77 chromium (or python3) not installed
# (CTest: SKIP_RETURN_CODE 77). Environment: CHROMIUM=path overrides the browser.
set -u

usage() {
  echo "usage: $0 OUTPUT_DIR SUMMARY_JSON TEMPLATE_HTML" >&2
  echo "       $0 OUTPUT_DIR --page REPORT_HTML" >&2
  exit 1
}

[ $# -eq 3 ] || usage
out=$1
if [ "$2" = "--page" ]; then
  mode=page; page_in=$3; summary=; template=
  [ -f "$page_in" ] || { echo "FAILED: no report page at $page_in" >&2; exit 1; }
else
  mode=template; summary=$2; template=$3; page_in=
  [ -f "$summary" ] || { echo "FAILED: no summary JSON at $summary" >&2; exit 1; }
  [ -f "$template" ] || { echo "FAILED: no template at $template" >&2; exit 1; }
fi

# Debian's python, not whatever pyenv puts first on PATH.
if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3
elif command -v python3 >/dev/null 2>&1; then python=$(command -v python3)
else echo "SKIPPED: python3 is not installed" >&2; exit 77
fi

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  for candidate in /usr/bin/chromium chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then chromium=$(command -v "$candidate"); break; fi
  done
fi
if [ -z "$chromium" ] || ! [ -x "$chromium" ]; then
  echo "SKIPPED: chromium is not installed (Debian: apt-get install chromium)" >&2
  exit 77
fi

mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
page="$out/report.html"
dom="$out/dom.html"
shot="$out/report.png"
netlog="$out/netlog.json"
rm -f "$dom" "$shot" "$netlog" "$out/embedded_summary.json"
if [ "$mode" = page ]; then
  if [ "$(cd "$(dirname "$page_in")" && pwd)/$(basename "$page_in")" != "$page" ]; then
    cp "$page_in" "$page" || exit 1
  fi
else
  rm -f "$page"
fi

# ---- 1. build the page (template mode) and check it statically ----------------
# (exit 2: no page to render; exit 1: the page renders, but checks failed)
failures=0
"$python" - "$mode" "$page" "$out/embedded_summary.json" "$summary" "$template" <<'PY'
import json, re, sys

mode, page_path, embedded_path, summary_path, template_path = sys.argv[1:6]
PLACEHOLDER = "/*SUMMARY_JSON*/null"
failures = []

def fail(msg):
    failures.append(msg)
    print("FAILED: " + msg)

if mode == "template":
    template = open(template_path, encoding="utf-8").read()
    n = template.count(PLACEHOLDER)
    if n != 1:
        print("FAILED: the template holds the placeholder %s %d times, not exactly once" % (PLACEHOLDER, n))
        sys.exit(2)
    if not re.search(r"const SUMMARY = /\*SUMMARY_JSON\*/null;", template):
        fail("the placeholder is not in a line 'const SUMMARY = %s;'" % PLACEHOLDER)
    raw = open(summary_path, encoding="utf-8").read()
    try:
        json.loads(raw)
    except ValueError as e:
        print("FAILED: %s is not JSON: %s" % (summary_path, e))
        sys.exit(2)
    # What grade-all does: every "<" as \u003c (only inside JSON strings can a
    # "<" occur, where \u003c means the same), so "</script>" or "<!--" in a
    # student's name cannot end the script element.
    page = template.replace(PLACEHOLDER, raw.strip().replace("<", "\\u003c"))
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(page)
    print("ok: built %s from %s and %s" % (page_path, template_path, summary_path))
else:
    page = open(page_path, encoding="utf-8").read()

# Find the embedded summary, so the static checks below look at the page's own
# markup and code only (untrusted data may legitimately mention anything).
if PLACEHOLDER in page:
    print("FAILED: the page still holds the placeholder %s (the summary was never substituted)" % PLACEHOLDER)
    sys.exit(2)
m = re.search(r"const SUMMARY = ", page)
if not m:
    print("FAILED: the page has no 'const SUMMARY = ' line")
    sys.exit(2)
try:
    data, end = json.JSONDecoder().raw_decode(page, m.end())
except ValueError as e:
    print("FAILED: the data after 'const SUMMARY = ' is not JSON: %s" % e)
    sys.exit(2)
data_text = page[m.end():end]
if "<" in data_text:
    fail("the embedded summary holds a raw '<' (it must be escaped as \\u003c)")
if not isinstance(data, dict):
    fail("the embedded summary is not a JSON object")
json.dump(data, open(embedded_path, "w", encoding="utf-8"), ensure_ascii=False)
code = page[:m.end()] + page[end:]

lint = [
    (r"(?i)\b(?:https?|wss?|ftp):", "an absolute URL"),
    (r"(?i)\b(?:src|href|action|poster|srcset|xlink:href)\s*=\s*[\"']?(?![\"']?\s*(?:#|data:))", "a src/href attribute that is not a #fragment or data: URL"),
    (r"(?i)url\(\s*[\"']?(?!\s*[\"']?(?:#|data:))", "a CSS url() that is not a #fragment or data: URL"),
    (r"(?i)@import", "a CSS @import"),
    (r"(?i)<link\b", "a <link> element"),
    (r"(?i)<(?:img|iframe|object|embed|video|audio|source)\b", "an element that loads a resource"),
    (r"\b(?:fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts)\b", "a network API"),
    (r"\.(?:innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*[\"'`]", "an HTML/code injection sink (innerHTML, document.write, eval, ...)"),
]
for pattern, what in lint:
    hits = [code[max(0, x.start() - 30):x.end() + 30].replace("\n", " ") for x in re.finditer(pattern, code)]
    if hits:
        fail("the page contains %s: ...%s..." % (what, hits[0]))
    else:
        print("ok: no %s" % what)

if mode == "template" and isinstance(data, dict):
    strings = [str(s.get("student", "")) for s in data.get("students", []) if isinstance(s, dict)]
    strings += [str(f.get("message", "")) for t in data.get("tasks", []) if isinstance(t, dict)
                for f in t.get("common_failures", []) if isinstance(f, dict)]
    if not any("<" in s for s in strings):
        fail("the sample summary has no student name or failure message with '<', so escaping goes untested")
sys.exit(1 if failures else 0)
PY
case $? in
  0) ;;
  1) failures=$((failures + 1)) ;;
  *) echo "report_renders_in_chromium: FAILED (no page to render)"; exit 1 ;;
esac

# ---- 2. render it ---------------------------------------------------------------
profile="$out/chromium-profile"
run_chromium() {  # run_chromium LOG ARGS...: headless, offline, private profile
  local log=$1; shift
  rm -rf "$profile"
  local runner=()
  command -v timeout >/dev/null 2>&1 && runner=(timeout 120)
  "${runner[@]}" "$chromium" \
    --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --no-default-browser-check --disable-extensions \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --disable-features=Translate,MediaRouter,OptimizationHints \
    --metrics-recording-only --mute-audio --hide-scrollbars \
    --user-data-dir="$profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --virtual-time-budget=5000 \
    "$@" "file://$page" 2>"$log"
}

if ! run_chromium "$out/chromium-dom.log" --log-net-log="$netlog" --dump-dom >"$dom"; then
  echo "FAILED: chromium --dump-dom failed; its log ($out/chromium-dom.log) ends with:"
  tail -n 20 "$out/chromium-dom.log"
  failures=$((failures + 1))
fi
if ! run_chromium "$out/chromium-screenshot.log" --screenshot="$shot" --window-size=1280,3000 >/dev/null; then
  echo "FAILED: chromium --screenshot failed; its log ($out/chromium-screenshot.log) ends with:"
  tail -n 20 "$out/chromium-screenshot.log"
  failures=$((failures + 1))
fi
rm -rf "$profile"

# ---- 3. check the rendered DOM, the network log and the screenshot -------------------
"$python" - "$page" "$dom" "$out/embedded_summary.json" "$shot" "$netlog" <<'PY' || failures=$((failures + 1))
import json, math, os, re, struct, sys
from html.parser import HTMLParser

page_path, dom_path, data_path, shot_path, netlog_path = sys.argv[1:6]
failures = []

def check(ok, what, detail=""):
    if ok:
        print("ok: " + what)
    else:
        failures.append(what)
        print("FAILED: " + what + (": " + detail if detail else ""))

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], []
    def classes(self):
        return (self.attrs.get("class") or "").split()
    def descendants(self):
        for c in self.children:
            yield c
            yield from c.descendants()
    def text_content(self):
        return "".join(self.text) + "".join(c.text_content() for c in self.children)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.all = []
        self.visible_text = []
    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        self.all.append(node)
        if tag not in VOID:
            self.cur = node
    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        self.all.append(node)
    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent
    def handle_data(self, data):
        self.cur.text.append(data)
        n, hidden = self.cur, False
        while n is not None:
            if n.tag in ("script", "style", "title", "head"):
                hidden = True
                break
            n = n.parent
        if not hidden:
            self.visible_text.append(data)

def parse(text):
    t = Tree()
    t.feed(text)
    t.close()
    return t

def squash(s):
    return " ".join(s.split())

try:
    dom_text = open(dom_path, encoding="utf-8").read()
except OSError:
    dom_text = ""
check(dom_text.strip() != "", "chromium dumped the DOM", dom_path + " is empty or missing")
data = json.load(open(data_path, encoding="utf-8"))
dom = parse(dom_text)
src = parse(open(page_path, encoding="utf-8").read())
text = squash("".join(dom.visible_text))

def find(pred):
    return [n for n in dom.all if pred(n)]

bodies = find(lambda n: n.tag == "body")
rendered = bodies[0].attrs.get("data-rendered") if bodies else None
err = find(lambda n: n.attrs.get("id") == "error")
err_text = squash(err[0].text_content()) if err else ""
check(rendered == "ok", 'the page rendered: body has data-rendered="ok"',
      "data-rendered=%r%s" % (rendered, "; the page shows: " + err_text if err_text else ""))

titles = find(lambda n: n.tag == "title")
title = squash(titles[0].text_content()) if titles else ""
assignment = squash(str(data.get("assignment", "")))
check(assignment and assignment in title, "the <title> names the assignment", "title is %r" % title)

def number_attrs_ok(n):
    for a in ("x", "y", "width", "height"):
        v = n.attrs.get(a)
        if v is None:
            continue
        try:
            f = float(v)
        except ValueError:
            return False
        if not math.isfinite(f) or f < 0 and a in ("width", "height"):
            return False
    return True

bins = [b for b in (data.get("histogram") or {}).get("bins", []) if isinstance(b, dict)]
nonempty = sum(1 for b in bins if (b.get("count") or 0) > 0)
tasks = [t for t in data.get("tasks", []) if isinstance(t, dict)]
for name, minimum, maximum in (("histogram", max(1, nonempty), max(1, len(bins))),
                               ("pass-rates", max(1, len(tasks)), None),
                               ("statuses", 1, None)):
    svgs = find(lambda n: n.tag == "svg" and n.attrs.get("data-chart") == name)
    if len(svgs) != 1:
        check(False, 'one <svg data-chart="%s">' % name, "found %d" % len(svgs))
        continue
    bars = [n for n in svgs[0].descendants() if "bar" in n.classes()]
    ok = len(bars) >= minimum and (maximum is None or len(bars) <= maximum)
    check(ok, 'the %s chart draws its bars (%d class="bar" elements)' % (name, len(bars)),
          "expected %s" % ("%d..%d" % (minimum, maximum) if maximum else "at least %d" % minimum))
    bad = [n for n in svgs[0].descendants() if not number_attrs_ok(n)]
    check(not bad, "the %s chart has no NaN or negative sizes" % name,
          "%d elements, e.g. <%s %s>" % (len(bad), bad[0].tag, bad[0].attrs) if bad else "")
    labels = [n for n in svgs[0].descendants() if n.tag == "text" and n.text_content().strip()]
    check(labels, "the %s chart has text labels" % name)

# Untrusted text: shows up as text, and creates no element.
students = [s for s in data.get("students", []) if isinstance(s, dict)]
names = [str(s.get("student", "")) for s in students]
missing = [n for n in names if squash(n) not in text]
check(not missing, "every student's name (%d) appears as text" % len(names), "not found: %r" % missing[:5])
messages = [str(f.get("message", "")) for t in tasks for f in t.get("common_failures", []) if isinstance(f, dict)]
messages += [str(e.get("first_error", "")) for e in data.get("compile_errors", []) if isinstance(e, dict)]
messages += [str(e.get("first_message", "")) for e in data.get("crashes", []) if isinstance(e, dict)]
missing = [m for m in messages if squash(m) not in text]
check(not missing, "every failure, compile and crash message (%d) appears in full as text" % len(messages),
      "not found: %r" % [m[:80] for m in missing[:3]])
dangerous = [s for s in names + messages if "<" in s]
if dangerous:
    check(all(squash(s) in text for s in dangerous),
          "%d names/messages containing '<' appear literally as text, e.g. %r" % (len(dangerous), dangerous[0][:60]))
scripts_src = sum(1 for n in src.all if n.tag == "script")
scripts_dom = len(find(lambda n: n.tag == "script"))
check(scripts_dom == scripts_src, "no injected <script> (%d in the page, %d in the DOM)" % (scripts_src, scripts_dom))
for tag in ("b", "img", "iframe", "object", "embed", "link", "a"):
    if tag == "a":
        bad = find(lambda n: n.tag == "a" and not (n.attrs.get("href") or "").startswith("#"))
    else:
        bad = find(lambda n, tag=tag: n.tag == tag)
    check(not bad, "no <%s> element%s in the DOM" % (tag, " leaving the page" if tag == "a" else ""),
          "found %d, e.g. %r" % (len(bad), bad[0].text_content()[:60]) if bad else "")
handlers = [(n.tag, a) for n in dom.all for a in n.attrs if a.lower().startswith("on")]
check(not handlers, "no on* event-handler attributes in the DOM", repr(handlers[:3]))

# Sections and tables.
headings = [squash(n.text_content()) for n in find(lambda n: n.tag in ("h2", "h3"))]
for h in ("Score distribution", "Submission status", "Tasks", "Most common failures per task",
          "Compile errors", "Timeouts and crashes", "Slowest submissions", "Identical submissions",
          "Edited instructor files", "Students"):
    check(any(x.startswith(h) for x in headings), "section %r" % h)
tables = find(lambda n: n.tag == "table" and "students" in n.classes())
rows = [n for n in tables[0].descendants() if n.tag == "tr" and n.parent.tag == "tbody"] if tables else []
check(len(rows) == len(students), "the per-student table has one row per student (%d)" % len(students),
      "found %d rows" % len(rows))
sortable = [n for n in tables[0].descendants() if n.tag == "th" and n.attrs.get("aria-sort")] if tables else []
check(sortable, "the per-student table's headings are sortable")
for group in data.get("identical_groups", []):
    check(squash(", ".join(map(str, group))) in text, "identical group %r is listed" % (group,))

# Network: chromium's own log. The browser's housekeeping (update checks and
# the like, all failing here) has initiator "not an origin"; anything the page
# asks for has the page's origin ("null" for a file:// page).
netlog = None
try:
    raw = open(netlog_path, encoding="utf-8", errors="replace").read()
    try:
        netlog = json.loads(raw)
    except ValueError:
        netlog = json.loads(raw.rstrip().rstrip(",") + "]}")  # log cut short
except (OSError, ValueError):
    pass
if not isinstance(netlog, dict) or "constants" not in netlog:
    print("note: no readable chromium network log; relying on the static URL checks")
else:
    start_job = netlog["constants"].get("logEventTypes", {}).get("URL_REQUEST_START_JOB")
    asked = sorted({str(e["params"].get("url")) for e in netlog.get("events", [])
                    if e.get("type") == start_job and isinstance(e.get("params"), dict)
                    and e["params"].get("initiator") not in (None, "not an origin")
                    and not str(e["params"].get("url", "")).startswith(("file:", "data:", "blob:"))})
    check(start_job is not None and not asked, "the page made no network request (chromium's network log)",
          ", ".join(asked[:5]))

# Screenshot.
try:
    size = os.path.getsize(shot_path)
    head = open(shot_path, "rb").read(24)
except OSError:
    size, head = 0, b""
is_png = head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
check(is_png, "the screenshot %s is a PNG" % shot_path)
if is_png:
    w, h = struct.unpack(">II", head[16:24])
    check(size > 20000, "the screenshot is %dx%d, %d KB" % (w, h, size // 1024),
          "a page with charts and tables compresses to more than 20 KB")
sys.exit(1 if failures else 0)
PY

if [ "$failures" -gt 0 ]; then
  echo "report_renders_in_chromium: FAILED (page $page, DOM $dom, screenshot $shot)"
  exit 1
fi
echo "report_renders_in_chromium: passed"
echo "screenshot: $shot"
exit 0
