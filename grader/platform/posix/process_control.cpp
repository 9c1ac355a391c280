// The portable POSIX backend's process controls: POSIX has neither, so
// both say so (docs/ci-and-platforms.md lists what that leaves open).
#include "platform/child_process.hpp"

namespace assg {

void hide_own_memory() {}

bool adopt_orphans() { return false; }

}  // namespace assg
