// assg-confine: runs a command that may only read the system, its tools and
// the given paths, and write the given paths (Landlock). `make test`
// compiles the solution through it, so that a solution cannot pull the
// fixtures into its own program at compile time (#include or .incbin of an
// expected-value file): at grading time its runner is confined anyway.
//
//   assg-confine [--read PATH]... [--write PATH]... -- PROGRAM [ARGS...]
//
// Where Landlock is unavailable the command runs unconfined (the grader
// itself then warns that there is no sandbox).
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "platform/runner_sandbox.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> read, write;
  int first = 1;
  for (; first < argc; ++first) {
    const std::string argument = argv[first];
    if (argument == "--") {
      ++first;
      break;
    }
    if ((argument == "--read" || argument == "--write") && first + 1 < argc) {
      (argument == "--read" ? read : write).emplace_back(argv[++first]);
      continue;
    }
    std::cerr << "assg-confine: unknown argument " << argument
              << "\nusage: assg-confine [--read PATH]... [--write PATH]... -- PROGRAM [ARGS...]\n";
    return 2;
  }
  if (first >= argc) {
    std::cerr << "assg-confine: no command given\n";
    return 2;
  }
  // Temporary files (the assembler's) go to the first writable folder.
  if (!write.empty()) ::setenv("TMPDIR", write.front().c_str(), 1);
  std::string why;
  if (!assg::confine_self(read, write, why) && std::getenv("ASSG_CONFINE_VERBOSE") != nullptr)
    std::cerr << "assg-confine: running unconfined: " << why << "\n";
  ::execvp(argv[first], argv + first);
  std::cerr << "assg-confine: cannot run " << argv[first] << ": " << std::strerror(errno) << "\n";
  return 127;
}
