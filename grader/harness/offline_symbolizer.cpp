#include "offline_symbolizer.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "platform/child_process.hpp"
#include "text.hpp"

namespace assg {

namespace {

// "0x00000000000069dc", alone on its line: addr2line's and llvm-symbolizer's
// -a, which starts each address's answer.
bool is_address_line(std::string_view line) {
  return starts_with(line, "0x") && line.size() > 2 &&
         std::all_of(line.begin() + 2, line.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// "file:12:5", "file:12", "file:12 (discriminator 3)" into the frame;
// "??:0:0", "??:?" and anything else: no file.
void parse_location(std::string_view location, SanitizerFrame& frame) {
  if (const auto note = location.find(" (discriminator "); note != std::string_view::npos)
    location = location.substr(0, note);
  if (starts_with(location, "??")) return;
  if (parse_source_location(location, frame) && frame.line == 0) frame.file.clear();  // no line known: as good as no file
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

// Per address: "0x..." then pairs of lines, the function ("??" unknown) and
// its location, innermost first.
std::vector<std::vector<SanitizerFrame>> parse_addr2line(std::string_view output, std::size_t count) {
  std::vector<std::vector<SanitizerFrame>> frames;
  std::optional<SanitizerFrame> pending;  // a function read, its location next
  for (const auto line : lines_of(output)) {
    if (line.empty()) continue;  // llvm-symbolizer ends each address's answer with one
    if (is_address_line(line) && !pending) {
      if (frames.size() == count) break;
      frames.emplace_back();
      continue;
    }
    if (frames.empty()) continue;  // before the first address: nothing of ours
    if (!pending) {
      pending = SanitizerFrame{};
      if (line != "??") pending->function = std::string(line);
      continue;
    }
    parse_location(line, *pending);
    if (!pending->function.empty() || !pending->file.empty()) frames.back().push_back(std::move(*pending));
    pending.reset();
  }
  frames.resize(count);
  return frames;
}

// One line per address: "f(int) (in runner) (file.cpp:12)", or "0x1a2b (in
// runner)" when it knows nothing of it.
std::vector<std::vector<SanitizerFrame>> parse_atos(std::string_view output, std::size_t count) {
  std::vector<std::vector<SanitizerFrame>> frames;
  for (const auto line : lines_of(output)) {
    if (line.empty()) continue;
    if (frames.size() == count) break;
    frames.emplace_back();
    const auto in_module = line.find(" (in ");
    if (starts_with(line, "0x") || in_module == std::string_view::npos) continue;
    SanitizerFrame frame;
    frame.function = std::string(line.substr(0, in_module));
    const auto module_end = line.find(')', in_module);
    const auto open = line.find(" (", module_end);
    if (module_end != std::string_view::npos && open != std::string_view::npos && line.back() == ')')
      parse_location(line.substr(open + 2, line.size() - open - 3), frame);
    frames.back().push_back(std::move(frame));
  }
  frames.resize(count);
  return frames;
}

std::string canonical(const std::string& path) {
  std::error_code error;
  const auto resolved = std::filesystem::weakly_canonical(path, error);
  return error ? path : resolved.string();
}

}  // namespace

std::optional<SymbolizerDialect> symbolizer_dialect(const std::string& program) {
  const auto name = std::filesystem::path(program).filename().string();
  if (starts_with(name, "llvm-symbolizer") || starts_with(name, "llvm-addr2line") ||
      name.find("addr2line") != std::string::npos)
    return SymbolizerDialect::Addr2line;
  if (name == "atos") return SymbolizerDialect::Atos;
  return std::nullopt;
}

std::vector<std::string> symbolizer_arguments(SymbolizerDialect dialect, const std::string& module,
                                              const std::vector<std::uint64_t>& offsets) {
  // atos -l 0x0: the module as if loaded at 0, so that an offset from its
  // load address, as the sanitizer prints it, is an address in it.
  std::vector<std::string> arguments = dialect == SymbolizerDialect::Atos
                                           ? std::vector<std::string>{"-o", module, "-l", "0x0"}
                                           : std::vector<std::string>{"-e", module, "-f", "-C", "-i", "-a"};
  for (const auto offset : offsets) arguments.push_back(fmt::format("0x{:x}", offset));
  return arguments;
}

std::vector<std::vector<SanitizerFrame>> parse_symbolizer_output(SymbolizerDialect dialect, std::string_view output,
                                                                 std::size_t count) {
  return dialect == SymbolizerDialect::Atos ? parse_atos(output, count) : parse_addr2line(output, count);
}

OfflineSymbolizer::OfflineSymbolizer(std::string program, std::vector<std::string> modules)
    : program_(std::move(program)) {
  const auto dialect = symbolizer_dialect(program_);
  if (!dialect) throw std::invalid_argument("not a symbolizer this grader knows (llvm-symbolizer, addr2line, atos): " +
                                            program_);
  dialect_ = *dialect;
  for (const auto& module : modules) modules_.push_back(canonical(module));
}

bool OfflineSymbolizer::look_up(const std::string& module, const std::vector<std::uint64_t>& offsets) const {
  // Through sh, to drop the tool's complaints on stderr (an unreadable
  // library, a missing debug-info file): the grader reads its stdout alone.
  std::vector<std::string> arguments{"-c", "exec \"$0\" \"$@\" 2>/dev/null", program_};
  for (auto& argument : symbolizer_arguments(dialect_, module, offsets)) arguments.push_back(std::move(argument));
  ChildLimits limits;
  limits.timeout_seconds = 60.0;
  limits.output_cap_bytes = 4 << 20;
  const auto run = run_child("/bin/sh", arguments, {}, limits);
  if (run.ending != ChildResult::Ending::Exited || run.exit_code != 0 || run.output_truncated) return false;
  const auto frames = parse_symbolizer_output(dialect_, run.output, offsets.size());
  for (std::size_t i = 0; i < offsets.size(); ++i) known_[{module, offsets[i]}] = frames[i];
  return true;
}

void OfflineSymbolizer::expand(std::vector<SanitizerFrame>& frames) const {
  std::vector<SanitizerFrame> expanded;
  for (auto& frame : frames) {
    const auto found = frame.file.empty() && !frame.module.empty()
                           ? known_.find({canonical(frame.module), frame.module_offset})
                           : known_.end();
    if (found == known_.end() || found->second.empty()) {
      expanded.push_back(std::move(frame));
      continue;
    }
    for (auto symbolized : found->second) {
      symbolized.module = frame.module;
      symbolized.module_offset = frame.module_offset;
      expanded.push_back(std::move(symbolized));
    }
  }
  frames = std::move(expanded);
}

bool OfflineSymbolizer::symbolize(SanitizerReport& report) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, std::set<std::uint64_t>> wanted;  // per module, the offsets not yet known
  for (const auto* frames : {&report.stack, &report.freed_by, &report.allocated_by})
    for (const auto& frame : *frames) {
      if (!frame.file.empty() || frame.module.empty()) continue;
      const auto module = canonical(frame.module);
      if (std::find(modules_.begin(), modules_.end(), module) == modules_.end()) continue;
      if (known_.count({module, frame.module_offset}) == 0) wanted[module].insert(frame.module_offset);
    }
  bool understood = true;
  for (const auto& [module, offsets] : wanted)
    understood = look_up(module, std::vector<std::uint64_t>(offsets.begin(), offsets.end())) && understood;
  for (auto* frames : {&report.stack, &report.freed_by, &report.allocated_by}) expand(*frames);
  return understood;
}

}  // namespace assg
