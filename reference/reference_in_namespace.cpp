// assg_tasks_reference.cpp compiled a second time, inside namespace
// assg::reference: one source of truth, two names. Its includes come first,
// so that the ones inside the file are no-ops and only its definitions land
// in the namespace; its calls between tasks resolve to the namespace's
// declarations, which hide the global API's.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "assg_tasks.hpp"
#include "numpy_summation.hpp"
#include "reference_in_namespace.hpp"

namespace assg::reference {
#include "assg_tasks_reference.cpp"  // NOLINT(bugprone-suspicious-include)
}  // namespace assg::reference
