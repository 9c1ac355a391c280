// Student text made safe for terminals and JSON.
#include <gtest/gtest.h>

#include "text.hpp"

namespace {

TEST(ValidUtf8, KeepsValidTextAsItIs) {
  EXPECT_EQ(assg::valid_utf8("plain"), "plain");
  EXPECT_EQ(assg::valid_utf8("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
}

TEST(ValidUtf8, ReplacesEveryInvalidByte) {
  EXPECT_EQ(assg::valid_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(assg::valid_utf8("\xC3"), "\xEF\xBF\xBD");                      // cut short
  EXPECT_EQ(assg::valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");      // overlong
  EXPECT_EQ(assg::valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST(Utf8Prefix, NeverSplitsACharacter) {
  const std::string text = "x\xC3\xA9\xC3\xA9";  // x e-acute e-acute: 5 bytes
  EXPECT_EQ(assg::utf8_prefix(text, 2), "x");
  EXPECT_EQ(assg::utf8_prefix(text, 3), "x\xC3\xA9");
  EXPECT_EQ(assg::utf8_prefix(text, 10), text);
}

// A solution printing "\x1b[2K\rTotal: 100/100" must not be able to wipe
// the "|" that marks its lines and show a forged total on a terminal.
TEST(ShownText, ControlCharactersAreMadeVisible) {
  EXPECT_EQ(assg::shown_text("a\rb\x1b[2Kc\x07" "d\x7f", true), "a\\rb\\x1b[2Kc\\x07d\\x7f");
  EXPECT_EQ(assg::shown_text("line 1\nline 2\tend", true), "line 1\nline 2\tend");
  EXPECT_EQ(assg::shown_text("line 1\nline 2", false), "line 1\\nline 2");
  // U+202E (right-to-left override) and U+0085 (a C1 newline), UTF-8 encoded.
  EXPECT_EQ(assg::shown_text("abc\xE2\x80\xAE" "def\xC2\x85", true), "abc\\u202edef\\u0085");
  // Ordinary non-ASCII text is left alone; invalid bytes become U+FFFD.
  EXPECT_EQ(assg::shown_text("caf\xC3\xA9 \xFF", true), "caf\xC3\xA9 \xEF\xBF\xBD");
}

}  // namespace
