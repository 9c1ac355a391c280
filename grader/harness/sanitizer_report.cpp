#include "sanitizer_report.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "text.hpp"

namespace assg {

namespace {

// Parsed by hand, not with std::regex: the output is the student's too, and
// libstdc++'s regex recurses per character (a long printed line would
// overflow the grader's stack).

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// The text before the first `end` (all of it when there is none). A loop
// rather than string_view::find: GCC 11 wrongly warns about the memchr that
// find inlines into parse_address_sanitizer (-Wstringop-overread).
std::string_view before_first(std::string_view text, char end) {
  std::size_t length = 0;
  while (length < text.size() && text[length] != end) ++length;
  return text.substr(0, length);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A decimal or 0x-prefixed hexadecimal number at the start of `text`; 0 if none.
std::uint64_t leading_number(std::string_view text) {
  std::uint64_t value = 0;
  if (starts_with(text, "0x")) {
    for (char c : text.substr(2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) break;
      value = value * 16 + static_cast<std::uint64_t>(std::isdigit(static_cast<unsigned char>(c))
                                                          ? c - '0'
                                                          : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    }
    return value;
  }
  for (char c : text) {
    if (c < '0' || c > '9') break;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// The number right after `marker` in `text`; 0 if the marker is absent.
std::uint64_t number_after(std::string_view text, std::string_view marker) {
  const auto at = text.find(marker);
  return at == std::string_view::npos ? 0 : leading_number(text.substr(at + marker.size()));
}

int to_int(std::string_view digits) {
  return static_cast<int>(std::min<std::uint64_t>(leading_number(digits), 1U << 30));
}


// "(module+0x1f)" at the end of `text` (clang's runtime adds " (BuildId:
// 3f2a...)" after it): the module and offset into the frame, and `text`
// without them; false, `text` unchanged, if there is none.
bool take_module(std::string_view& text, SanitizerFrame& frame) {
  auto rest = text;
  if (ends_with(rest, ")") && contains(rest, "(BuildId: ")) rest = trim(rest.substr(0, rest.rfind("(BuildId: ")));
  if (!ends_with(rest, ")")) return false;
  const auto open = rest.rfind('(');
  const auto plus = rest.rfind("+0x");
  if (open == std::string_view::npos || plus == std::string_view::npos || plus < open) return false;
  const auto offset = rest.substr(plus + 3, rest.size() - 1 - (plus + 3));
  if (offset.empty() || !std::all_of(offset.begin(), offset.end(),
                                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }))
    return false;
  frame.module = std::string(rest.substr(open + 1, plus - open - 1));
  frame.module_offset = leading_number(rest.substr(plus + 1));
  text = trim(rest.substr(0, open));
  return !frame.module.empty();
}

// "#3 0x55d0 in f(int) /src/file.cpp:12" (or "... in f (module+0x1f)", or
// "#3 0x55d0 (module+0x1f)", as printed with symbolize=0).
std::optional<SanitizerFrame> parse_frame(std::string_view line) {
  line = trim(line);
  if (!starts_with(line, "#")) return std::nullopt;
  const auto space = line.find(' ');
  if (space == std::string_view::npos || !all_digits(line.substr(1, space - 1))) return std::nullopt;
  auto rest = line.substr(space + 1);
  if (!starts_with(rest, "0x")) return std::nullopt;
  const auto after_address = rest.find(' ');
  if (after_address == std::string_view::npos) return SanitizerFrame{};
  rest = trim(rest.substr(after_address + 1));
  SanitizerFrame frame;
  // A module and offset: no source line (yet: see offline_symbolizer.hpp).
  const bool in_module = take_module(rest, frame);
  if (!starts_with(rest, "in ")) return frame;
  rest = rest.substr(3);
  if (in_module) {
    frame.function = std::string(rest);
    return frame;
  }
  // The location starts at the first path-looking word: function names hold
  // spaces ("operator delete(void*, unsigned long)"), and so may paths.
  std::size_t at = std::string_view::npos;
  for (const std::string_view start : {" /", " ../", " ./"}) at = std::min(at, rest.find(start));
  if (at == std::string_view::npos) at = rest.rfind(' ');
  if (at == std::string_view::npos || !parse_source_location(rest.substr(at + 1), frame)) {
    frame.function = std::string(rest);
    frame.file.clear();
    return frame;
  }
  frame.function = std::string(rest.substr(0, at));
  return frame;
}

// A line that starts a report: 0 no, 1 AddressSanitizer's, 2 UndefinedBehaviorSanitizer's.
int report_header(std::string_view line) {
  if (contains(line, ": runtime error: ")) return 2;
  if (!starts_with(line, "==")) return 0;
  const auto second = line.find("==", 2);
  if (second == std::string_view::npos || !all_digits(line.substr(2, second - 2))) return 0;
  const auto rest = line.substr(second + 2);
  if (starts_with(rest, "ERROR: AddressSanitizer") || starts_with(rest, "AddressSanitizer: hard rss limit")) return 1;
  if (starts_with(rest, "ERROR: UndefinedBehaviorSanitizer")) return 2;
  return 0;
}

std::vector<std::string_view> split_lines(std::string_view text, std::vector<std::size_t>& offsets) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    offsets.push_back(begin);
    begin = end + 1;
  }
  return lines;
}

void parse_address_sanitizer(const std::vector<std::string_view>& lines, std::size_t header, SanitizerReport& report) {
  report.sanitizer = "AddressSanitizer";
  auto headline = lines[header].substr(lines[header].find("==", 2) + 2);
  if (starts_with(headline, "ERROR: ")) headline.remove_prefix(7);
  report.headline = std::string(headline);
  auto what = headline.substr(std::string_view("AddressSanitizer").size());  // ": heap-buffer-overflow on ..."
  if (starts_with(what, ":")) what.remove_prefix(1);
  what = trim(what);
  // The error type, until the SUMMARY line says it for sure.
  if (starts_with(what, "hard rss limit exhausted")) {
    report.kind = "rss-limit-exceeded";  // "hard rss limit exhausted (3072Mb vs 3113Mb)"
    report.rss_limit_mb = number_after(what, "(");
    report.rss_used_mb = number_after(what, " vs ");
  } else if (starts_with(what, "requested allocation size")) {
    report.kind = "allocation-size-too-big";
    report.requested_bytes = number_after(what, "requested allocation size ");
  } else if (starts_with(what, "out of memory") || starts_with(what, "failed to allocate")) {
    report.kind = "out-of-memory";
    report.requested_bytes = number_after(what, "allocate ");
  } else if (starts_with(what, "attempting double-free")) {
    report.kind = "double-free";
  } else {
    report.kind = std::string(what.substr(0, what.find_first_of(" :")));
  }
  if (report.kind == "SEGV") report.null_address = number_after(what, "address ") < 4096;

  // Frames go to the trace the last heading announced (none: the frame
  // that owns a stack variable, already in the main trace).
  std::vector<SanitizerFrame>* section = &report.stack;
  for (std::size_t i = header + 1; i < lines.size(); ++i) {
    const auto line = trim(lines[i]);
    if (auto frame = parse_frame(line)) {
      if (section != nullptr) section->push_back(std::move(*frame));
      continue;
    }
    if (line.empty()) continue;
    if (starts_with(line, "SUMMARY: AddressSanitizer: ")) {
      const auto kind = line.substr(std::string_view("SUMMARY: AddressSanitizer: ").size());
      report.kind = std::string(kind.substr(0, kind.find(' ')));
      break;
    }
    if (starts_with(line, "READ of size ") || starts_with(line, "WRITE of size ")) {
      report.access = std::string(line.substr(0, line.find(' ')));
      report.access_bytes = number_after(line, " of size ");
    } else if (contains(line, "The signal is caused by a READ")) {
      report.access = "READ";
    } else if (contains(line, "The signal is caused by a WRITE")) {
      report.access = "WRITE";
    } else if (contains(line, "Hint: address points to the zero page")) {
      report.null_address = true;
    } else if (contains(line, " is located ") && contains(line, " bytes ") && report.relation.empty()) {
      // The first such line is about the block the access belongs to; a
      // global overflow may add its neighbour on the other side (often the
      // sanitizer's own data), which is not the student's variable.
      report.distance = number_after(line, " is located ");
      if (contains(line, " to the right of ")) report.relation = "right";
      else if (contains(line, " to the left of ")) report.relation = "left";
      else if (contains(line, " inside of ")) report.relation = "inside";
      if (contains(line, "-byte region")) {
        const auto region = line.rfind(' ', line.find("-byte region"));
        report.block_bytes = leading_number(line.substr(region + 1));
      } else if (contains(line, "global variable '")) {
        const auto name = line.substr(line.find("global variable '") + 17);
        report.variable = std::string(before_first(name, '\''));
        report.global_variable = true;
        report.block_bytes = number_after(line, " of size ");
      }
    } else if (contains(line, "located in stack of thread")) {
      section = nullptr;
    } else if (contains(line, "<== Memory access at offset")) {
      const auto open = line.find('\'');
      const auto close = line.find('\'', open + 1);
      if (open != std::string_view::npos && close != std::string_view::npos)
        report.variable = std::string(line.substr(open + 1, close - open - 1));
      if (contains(line, "overflows this variable")) report.relation = "right";
      else if (contains(line, "underflows this variable")) report.relation = "left";
      else report.relation = "inside";
    } else if (starts_with(line, "freed by thread ")) {
      section = &report.freed_by;
    } else if (starts_with(line, "previously allocated by thread ") || starts_with(line, "allocated by thread ")) {
      section = &report.allocated_by;
    }
  }
}

void parse_undefined_behavior(const std::vector<std::string_view>& lines, std::size_t header, SanitizerReport& report) {
  report.sanitizer = "UndefinedBehaviorSanitizer";
  const auto line = lines[header];
  const auto marker = line.find(": runtime error: ");
  report.headline = std::string(line);
  report.kind = std::string(trim(line.substr(marker + std::string_view(": runtime error: ").size())));
  SanitizerFrame location;
  if (parse_source_location(line.substr(0, marker), location)) report.ub_location = location;
  for (std::size_t i = header + 1; i < lines.size(); ++i) {
    auto frame = parse_frame(lines[i]);
    if (!frame) {
      if (!report.stack.empty()) break;  // the trace is over
      continue;
    }
    report.stack.push_back(std::move(*frame));
  }
}

// The grader's code linked into the runner: its main, the call of the
// solution, and the conversions of the tensors it passes (grader/common).
bool is_runner_code(const SanitizerFrame& frame) {
  return contains(frame.file, "/grader/runner/") || contains(frame.file, "/grader/common/");
}

bool is_user_code(const SanitizerFrame& frame) {
  const auto& file = frame.file;
  if (file.empty() || file.front() != '/') return false;  // relative: the C library's, the sanitizer's
  if (starts_with(file, "/usr/")) return false;            // Eigen, the standard library
  // The sanitizers' own runtime, when it has line tables (GCC's libasan in
  // Debian, clang's on some systems): absolute paths of the compiler's build.
  if (contains(file, "/libsanitizer/") || contains(file, "/compiler-rt/lib/")) return false;
  return !is_runner_code(frame);
}

std::string plural(std::uint64_t count, const char* unit) {
  return fmt::format("{} {}{}", count, unit, count == 1 ? "" : "s");
}

std::string human_bytes(std::uint64_t bytes) {
  if (bytes >= (std::uint64_t{1} << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1 << 30));
  if (bytes >= (std::uint64_t{1} << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
  return plural(bytes, "byte");
}

std::string where(const SanitizerFrame& frame, const SolutionSource& source) {
  auto text = fmt::format("{}:{}", display_path(frame.file, source), frame.line);
  if (frame.column > 0) text += fmt::format(":{}", frame.column);
  return text;
}

// The block of memory the access missed or hit.
std::string block(const SanitizerReport& report, const std::string& function, const SolutionSource& source) {
  if (!report.variable.empty())
    return fmt::format("the {} variable '{}'", report.global_variable ? "global" : "local", report.variable);
  std::string text = report.block_bytes > 0 ? fmt::format("a {}-byte block", report.block_bytes) : "a block";
  const bool freed = contains(report.kind, "use-after-free");
  if (freed) {
    text += " that had already been freed";
    if (const auto* freed_at = student_frame(report.freed_by, source)) text += " at " + where(*freed_at, source);
  } else if (const auto* allocated = student_frame(report.allocated_by, source)) {
    text += " allocated at " + where(*allocated, source);
  } else if (std::any_of(report.allocated_by.begin(), report.allocated_by.end(), is_runner_code)) {
    text += fmt::format(", one of the tensors the grader passed to {}", function);
  }
  return text;
}

// What the program was doing, in parentheses after the error's name; empty if nothing is known.
std::string explanation(const SanitizerReport& report, const std::string& function, const SolutionSource& source) {
  const auto& kind = report.kind;
  const std::string verb = report.access == "WRITE" ? "writing" : "reading";
  const auto amount = report.access_bytes > 0 ? " " + plural(report.access_bytes, "byte") : std::string();
  if (kind == "SEGV") {
    const auto action = report.access.empty() ? std::string("an access") : verb;
    return report.null_address ? action + " through a null pointer"
                               : action + " at an address that is none of the program's memory";
  }
  if (kind == "stack-overflow") return "the call stack ran out of room";
  if (kind == "allocation-size-too-big" || kind == "out-of-memory")
    return report.requested_bytes > 0 ? fmt::format("asking for {} at once", human_bytes(report.requested_bytes))
                                      : std::string();
  if (kind == "double-free") {
    const auto* freed_at = student_frame(report.freed_by, source);
    return freed_at != nullptr ? "freeing memory already freed at " + where(*freed_at, source)
                               : "freeing memory a second time";
  }
  if (report.access.empty()) return {};
  auto text = verb + amount;
  if (report.relation == "right")
    text += report.distance == 0 ? std::string(" just past the end of ")
                                 : fmt::format(" {} past the end of ", plural(report.distance, "byte"));
  else if (report.relation == "left")
    text += fmt::format(" {} before the start of ", plural(report.distance, "byte"));
  else
    text += " of ";
  text += block(report, function, source);
  if (kind == "stack-use-after-scope") text += " after its scope had ended";
  if (kind == "stack-use-after-return") text += " after its function had returned";
  return text;
}

// One sentence of advice for the kind of error; empty if there is none.
std::string advice(const SanitizerReport& report) {
  const auto& kind = report.kind;
  if (report.sanitizer == "UndefinedBehaviorSanitizer") {
    if (contains(kind, "signed integer overflow") || starts_with(kind, "negation of"))
      return "An int calculation went past int's range (about 2.1 billion): look for a wrong value feeding it, or "
             "compute it in a wider type (long long, Eigen::Index).";
    if (contains(kind, "out of bounds for type"))
      return "An index outside a fixed-size array: check that line's loop bounds (< size, not <=).";
    if (contains(kind, "division by zero")) return "Check what the divisor can be (a stride or a count of 0?).";
    if (contains(kind, "null pointer")) return "A pointer was used before it pointed at anything.";
    if (contains(kind, "without returning a value"))
      return "Every way through the function must end in a return statement.";
    if (contains(kind, "is not a valid value for type")) return "A variable was read before it was ever given a value.";
    if (contains(kind, "shift")) return "A shift by a negative number of bits, or by as many bits as the type has.";
    return {};
  }
  if (contains(kind, "buffer-overflow") || kind == "container-overflow")
    return "Check that line's indices and loop bounds (0 <= i < size: <, not <=).";
  if (kind == "heap-use-after-free")
    return "The memory belonged to an object that no longer existed, e.g. a pointer or reference into a temporary "
           "tensor: keep the object in a named variable for as long as you use it.";
  if (kind == "stack-use-after-scope" || kind == "stack-use-after-return")
    return "A pointer or reference to a local variable outlived the variable.";
  if (kind == "double-free" || kind == "bad-free" || kind == "alloc-dealloc-mismatch" ||
      kind == "new-delete-type-mismatch")
    return "Let a tensor or a std::vector own the memory instead of new/delete or malloc/free.";
  if (kind == "SEGV") return "Often a null or dangling pointer, or an index far outside a tensor.";
  if (kind == "stack-overflow")
    return "A recursion that never ends or goes too deep, or a huge array declared as a local variable (use a tensor "
           "instead).";
  if (kind == "allocation-size-too-big" || kind == "out-of-memory")
    return "That is more memory than a case may use: is a tensor given a wrong, huge size?";
  if (kind == "rss-limit-exceeded") return "Is a tensor given a wrong, huge size, or made again and again in a loop?";
  return {};
}

}  // namespace

bool parse_source_location(std::string_view location, SanitizerFrame& frame) {
  const auto last = location.rfind(':');
  if (last == std::string_view::npos || !all_digits(location.substr(last + 1))) return false;
  const auto before = location.substr(0, last);
  const auto previous = before.rfind(':');
  if (previous != std::string_view::npos && all_digits(before.substr(previous + 1))) {
    frame.file = std::string(before.substr(0, previous));
    frame.line = to_int(before.substr(previous + 1));
    frame.column = to_int(location.substr(last + 1));
  } else {
    frame.file = std::string(before);
    frame.line = to_int(location.substr(last + 1));
  }
  return !frame.file.empty();
}

std::optional<SanitizerReport> parse_sanitizer_report(std::string_view output) {
  std::vector<std::size_t> offsets;
  const auto lines = split_lines(output, offsets);
  std::size_t header = lines.size();
  int type = 0;
  for (std::size_t i = lines.size(); i-- > 0;) {
    type = report_header(lines[i]);
    if (type != 0) {
      header = i;
      break;
    }
  }
  if (type == 0) return std::nullopt;
  SanitizerReport report;
  std::size_t first = header;
  if (type == 1) {
    // "=====...", and before a crash's report "AddressSanitizer:DEADLYSIGNAL".
    if (first > 0 && starts_with(lines[first - 1], "=========")) --first;
    while (first > 0 && trim(lines[first - 1]) == "AddressSanitizer:DEADLYSIGNAL") --first;
    parse_address_sanitizer(lines, header, report);
  } else {
    parse_undefined_behavior(lines, header, report);
  }
  report.start = offsets[first];
  return report;
}

std::string display_path(const std::string& path, const SolutionSource& source) {
  if (source.root.empty()) return path;
  const auto prefix = source.root.back() == '/' ? source.root : source.root + "/";
  return starts_with(path, prefix) ? path.substr(prefix.size()) : path;
}

const SanitizerFrame* student_frame(const std::vector<SanitizerFrame>& frames, const SolutionSource& source) {
  const auto solution = display_path(source.file, source);
  for (const auto& frame : frames)
    if (!frame.file.empty() && display_path(frame.file, source) == solution) return &frame;
  for (const auto& frame : frames)
    if (is_user_code(frame)) return &frame;
  return nullptr;
}

std::string short_function_name(const std::string& function) {
  std::string name = function;
  for (const std::string_view suffix : {" const", " volatile", " &&", " &"})
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      name.resize(name.size() - suffix.size());
  if (name.empty() || name.back() != ')') return name;
  int depth = 0;
  for (std::size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') ++depth;
    if (name[i] == '(' && --depth == 0) return i == 0 ? name : name.substr(0, i);
  }
  return name;
}

std::string describe_sanitizer_report(const SanitizerReport& report, const std::string& function,
                                      const SolutionSource& source) {
  if (report.kind == "rss-limit-exceeded")  // no stack: a background thread of the sanitizer noticed
    return fmt::format("AddressSanitizer stopped {}: it had {} MB of memory in use, more than the {} MB a case may "
                       "use. {}",
                       function, report.rss_used_mb, report.rss_limit_mb, advice(report));
  std::string text;
  const auto details = report.sanitizer == "UndefinedBehaviorSanitizer" ? report.kind
                                                                         : explanation(report, function, source);
  if (report.sanitizer == "UndefinedBehaviorSanitizer") {
    text = "UndefinedBehaviorSanitizer found undefined behaviour";
  } else {
    const bool vowel = !report.kind.empty() && contains("aeiou", report.kind.substr(0, 1));
    text = fmt::format("AddressSanitizer found {} {}", vowel ? "an" : "a", report.kind);
  }
  if (!details.empty()) text += " (" + details + ")";

  // Where: UndefinedBehaviorSanitizer's own location (with its column) when
  // it is the student's, else the first frame in the student's code.
  std::vector<SanitizerFrame> frames;
  if (report.ub_location) {
    frames.push_back(*report.ub_location);
    if (!report.stack.empty()) frames.front().function = report.stack.front().function;
  }
  frames.insert(frames.end(), report.stack.begin(), report.stack.end());
  if (const auto* frame = student_frame(frames, source)) {
    const auto name = short_function_name(frame->function);
    text += name.empty() ? " at " + where(*frame, source) : fmt::format(" in {} at {}", name, where(*frame, source));
    // The student's own callers, when the error is in a helper (in the
    // same file as the line shown: not the interface header's wrappers).
    const auto position = static_cast<std::size_t>(frame - frames.data());
    int callers = 0;
    for (std::size_t i = position + 1; i < frames.size() && callers < 2; ++i) {
      if (frames[i].file != frame->file || frames[i].line == frame->line) continue;
      text += fmt::format(", called from {} at {}", short_function_name(frames[i].function), where(frames[i], source));
      ++callers;
    }
  } else {
    text += fmt::format(" while {} ran (no line of your file is in its report)", function);
  }
  text += ".";
  if (const auto hint = advice(report); !hint.empty()) text += " " + hint;
  return text;
}

}  // namespace assg
