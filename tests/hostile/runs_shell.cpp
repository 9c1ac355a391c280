// Hostile: distribute_value (task 3.3) runs a shell command with system():
// "touch /tmp/assg-hostile-canary-system; exit 42". Must: 3.3 earns 0 with a
// message saying starting processes is not allowed; the canary never
// created; every other task full marks.
#include <sys/wait.h>

#include <cstdlib>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const int status = std::system("touch /tmp/assg-hostile-canary-system; exit 42");
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 42)
    hostile::blocked("system() did not run the shell (status " + std::to_string(status) + ")");
  return reference_distribute_value(dz, n_h, n_w);
}
