// Text that came from student code (its prints, its exception messages)
// made safe to show and to store: valid UTF-8, cut on character boundaries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

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

// Whether `text` begins with `prefix` (std::string_view::starts_with is C++20).
// Shared, not a copy in each file: the harness is compiled as a unity build,
// where two files' helpers of one name clash.
inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace assg
