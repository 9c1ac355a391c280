// grade-all's per-submission process limit on the portable POSIX backend:
// there are no cgroups, so there is none (the runner's RLIMIT_NPROC and its
// fork guard remain; see docs/ci-and-platforms.md).
#include "platform/process_limit.hpp"

namespace assg {

ProcessLimit::ProcessLimit() = default;
ProcessLimit::~ProcessLimit() = default;

std::string ProcessLimit::description() const { return "none (the portable POSIX backend has no cgroups)"; }

std::vector<std::string> ProcessLimit::prefix(const std::string&, int) { return {}; }

void ProcessLimit::release(const std::string&) {}

}  // namespace assg
