"""A hostile solution as one self-contained file, the way a student hands it
in: `make test` compiles student/assg_tasks.cpp confined (it may read only
itself and the interface) and grade-all takes only that file, so the
reference and helpers a hostile file includes by relative path are pasted
in. Each included file is pasted once (they are all include-once); the
interface header and system headers stay includes.
"""

import re
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"\s*$')
PRAGMA_ONCE = re.compile(r"^\s*#\s*pragma\s+once\s*$")


def flatten(path):
    pasted = set()

    def paste(file):
        lines = []
        for line in file.read_text().splitlines():
            match = INCLUDE.match(line)
            if PRAGMA_ONCE.match(line):
                continue
            if match and (file.parent / match.group(1)).is_file():
                included = (file.parent / match.group(1)).resolve()
                if included not in pasted:
                    pasted.add(included)
                    lines.append(f"// ---- pasted from {included.name}")
                    lines.extend(paste(included))
                    lines.append(f"// ---- end of {included.name}")
                continue
            lines.append(line)
        return lines

    path = Path(path).resolve()
    pasted.add(path)
    return "\n".join(paste(path)) + "\n"
