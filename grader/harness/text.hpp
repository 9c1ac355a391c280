// Text that came from student code (its prints, its exception messages)
// made safe to show and to store: valid UTF-8, cut on character boundaries.
#pragma once

#include <cstddef>
#include <string>

namespace assg {

// Replaces every byte that is not part of a valid UTF-8 sequence with U+FFFD.
std::string valid_utf8(const std::string& text);

// At most `bytes` bytes, never ending inside a multi-byte character.
std::string utf8_prefix(const std::string& text, std::size_t bytes);

}  // namespace assg
