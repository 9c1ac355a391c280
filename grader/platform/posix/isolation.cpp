// grade-all's isolation on the portable POSIX backend: neither bubblewrap
// nor Landlock exists there, so only --sandbox none (or auto, which becomes
// none) is accepted, and asking for either of the others is refused rather
// than silently ignored.
#include "platform/isolation.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace assg {

Isolation detect_isolation(const std::string& choice, const std::string&) {
  if (choice == "none" || choice == "auto")
    return Isolation{Isolation::Kind::None, {},
                     "none (the portable POSIX backend has no bubblewrap and no Landlock): student code runs with "
                     "the instructor's rights and network",
                     {}};
  if (choice == "bwrap" || choice == "landlock")
    throw std::runtime_error(fmt::format("--sandbox {}: this grade-all was built with the portable POSIX backend "
                                         "(ASSG_PLATFORM=posix), which has no {}; rebuild with "
                                         "-DASSG_PLATFORM=linux on Linux",
                                         choice, choice == "bwrap" ? "bubblewrap" : "Landlock"));
  throw std::runtime_error(fmt::format("unknown --sandbox \"{}\" (auto, bwrap, landlock or none)", choice));
}

std::vector<std::string> sandbox_prefix(const Isolation&, const SandboxView&, bool) { return {}; }

std::vector<std::string> grader_sandbox_arguments(const Isolation&) { return {"--sandbox", "none"}; }

}  // namespace assg
