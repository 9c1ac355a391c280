// The Linux backend's process controls: prctl.
#include <sys/prctl.h>

#include "platform/child_process.hpp"

namespace assg {

void hide_own_memory() { ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

bool adopt_orphans() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0; }

}  // namespace assg
