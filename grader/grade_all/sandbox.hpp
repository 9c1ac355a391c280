// Where student code runs: compiling a submission and running its runner
// happen inside a sandbox when the machine offers one. Bubblewrap gives a
// private view of the file system (the system read-only, the submission's
// own scratch folder writable, nothing else: not the fixtures, not the other
// students, not the hidden tests), no network, and its own process ids;
// unshare gives no network only; without either, student code runs with the
// instructor's own rights (the README says what is enforced where).
#pragma once

#include <string>
#include <vector>

namespace assg {

struct Isolation {
  enum class Kind { Bubblewrap, Unshare, None };
  Kind kind = Kind::None;
  std::string program;      // absolute path of bwrap or unshare
  std::vector<std::string> unshare_options;  // e.g. {"--net"} or {"--map-root-user", "--net"}
  std::string description;  // for people: "bubblewrap (...)"
};

// `choice`: "auto" (bubblewrap, else unshare, else none), "bwrap", "unshare"
// or "none". Each candidate is tried for real (a namespace may be refused).
// Throws std::runtime_error when the named kind does not work here.
Isolation detect_isolation(const std::string& choice);

struct SandboxView {
  std::vector<std::string> read_only;  // visible read-only, at the same paths
  std::string writable;                // the one folder visible read-write
  std::string working_directory;
};

// The command prefix that runs a program in the sandbox: the program and its
// arguments follow it. Empty for Kind::None.
std::vector<std::string> sandbox_prefix(const Isolation& isolation, const SandboxView& view);

}  // namespace assg
