// Text that came from student code (its prints, its exception messages)
// made safe to show and to store: valid UTF-8, cut on character boundaries.
#pragma once

#include <cstddef>
#include <string>

namespace assg {

// Replaces every byte that is not part of a valid UTF-8 sequence with U+FFFD.
std::string valid_utf8(const std::string& text);

// valid_utf8, and every character that could change how text around it is
// displayed made visible instead: control characters (a carriage return or
// an escape sequence could overwrite the grader's own lines on a terminal,
// e.g. with a forged "Total:"), C1 controls and bidirectional overrides,
// written as \r, \x1b, \u202e. Tabs are kept, and newlines too if
// `keep_newlines` (else written \n: a one-line message stays one line).
std::string shown_text(const std::string& text, bool keep_newlines);

// At most `bytes` bytes, never ending inside a multi-byte character.
std::string utf8_prefix(const std::string& text, std::size_t bytes);

}  // namespace assg
