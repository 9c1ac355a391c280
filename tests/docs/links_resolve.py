"""Every relative link in README.md and docs/*.md resolves: the file (or
folder) it names exists in the checkout, and a #fragment into a Markdown
file names one of its headings (as GitHub spells heading anchors). The
README was split into docs/ by moving sections; a link left pointing at a
section that moved is what this catches.

    python3 links_resolve.py SOURCE_DIR
"""

import re
import sys
from pathlib import Path

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
INLINE_CODE = re.compile(r"`[^`]*`")


def lines_outside_fences(path):
    """(line number, text) of the lines outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def prose_lines(path):
    """Lines outside fences with inline code removed: a link inside backticks is not a link."""
    for number, line in lines_outside_fences(path):
        yield number, INLINE_CODE.sub("", line)


def github_anchor(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    seen = {}
    result = set()
    for _, line in lines_outside_fences(path):  # a heading's code spans count in its anchor
        match = re.match(r"#{1,6} (.*)", line)
        if match:
            anchor = github_anchor(match.group(1))
            count = seen.get(anchor, 0)
            seen[anchor] = count + 1
            result.add(anchor if count == 0 else f"{anchor}-{count}")
    return result


def broken_links(source, page):
    for number, line in prose_lines(page):
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                continue
            file_part, _, fragment = target.partition("#")
            resolved = (page.parent / file_part).resolve() if file_part else page.resolve()
            where = f"{page.relative_to(source)}:{number}: ({target})"
            if not resolved.exists():
                yield f"{where}: {file_part} does not exist"
            elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
                yield f"{where}: {resolved.relative_to(source)} has no heading with anchor #{fragment}"


def main():
    source = Path(sys.argv[1]).resolve()
    pages = [source / "README.md", *sorted((source / "docs").glob("*.md"))]
    problems = [problem for page in pages for problem in broken_links(source, page)]
    links = sum(len(LINK.findall(line)) for page in pages for _, line in prose_lines(page))
    for problem in problems:
        print(problem)
    print(f"{len(pages)} pages, {links} links, {len(problems)} broken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
