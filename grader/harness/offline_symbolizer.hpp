// make test SANITIZE=1: turning a sanitizer's unsymbolized frames
// ("#3 0x55d0 (/path/runner+0x1a2b)") into function, file and line, in the
// grader after the run, outside the runner's sandbox.
//
// Why here and not in the runner: clang's runtime symbolizes by starting
// llvm-symbolizer, and the sandbox forbids starting a process (nor can the
// runner see /usr/bin). GCC's libasan could symbolize in-process, but runners
// of both compilers go this one way (ASAN_OPTIONS symbolize=0): one path,
// tested by every `make test SANITIZE=1` and the same report whatever
// compiler built the runner; and the runner spends none of its time or
// memory limit on reading its own debug information.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanitizer_report.hpp"

namespace assg {

// The tool's command-line dialect. llvm-symbolizer, llvm-addr2line and GNU
// addr2line (binutils) all read `-e FILE -f -C -i -a ADDRESS...` and print,
// per address, the address and then a function and a "file:line" for it and
// each function inlined there, innermost first. macOS's atos prints one
// "function (in module) (file.cpp:12)" line per address, the file without
// its folder.
enum class SymbolizerDialect { Addr2line, Atos };

// The dialect of a symbolizer program, from its name ("llvm-symbolizer-14",
// "/usr/bin/addr2line", "atos"); nothing if it is none of them.
std::optional<SymbolizerDialect> symbolizer_dialect(const std::string& program);

// The arguments that ask the symbolizer for `offsets` in `module`.
std::vector<std::string> symbolizer_arguments(SymbolizerDialect dialect, const std::string& module,
                                              const std::vector<std::uint64_t>& offsets);

// What the symbolizer printed for `count` addresses, as the frames of each
// (innermost first; inlined functions are frames of their own, as a
// sanitizer prints them). An address it knew nothing of gets no frames; so
// does each one past what could be read. Pure: text in, frames out.
std::vector<std::vector<SanitizerFrame>> parse_symbolizer_output(SymbolizerDialect dialect, std::string_view output,
                                                                 std::size_t count);

class OfflineSymbolizer {
 public:
  // `program`: the symbolizer to run (CMake's ASSG_SYMBOLIZER). `modules`:
  // the files whose frames are symbolized (the runner: the student's code is
  // linked into it); frames of others (the C library, the sanitizer's shared
  // runtime) stay as printed. Throws std::invalid_argument for a program of
  // no known dialect.
  OfflineSymbolizer(std::string program, std::vector<std::string> modules);

  // Replaces every frame of `report` that names one of the modules and no
  // file by what the symbolizer says of it (one frame or, inlined, several),
  // running the symbolizer once per module for the addresses not seen
  // before. A frame the symbolizer cannot place stays as it was. Returns
  // false if the symbolizer could not be run or understood (the report is
  // then as it was). Thread-safe.
  bool symbolize(SanitizerReport& report) const;

 private:
  using Key = std::pair<std::string, std::uint64_t>;  // module, offset
  bool look_up(const std::string& module, const std::vector<std::uint64_t>& offsets) const;
  void expand(std::vector<SanitizerFrame>& frames) const;

  std::string program_;
  SymbolizerDialect dialect_;
  std::vector<std::string> modules_;
  mutable std::mutex mutex_;
  mutable std::map<Key, std::vector<SanitizerFrame>> known_;  // what the symbolizer said, per address
};

}  // namespace assg
