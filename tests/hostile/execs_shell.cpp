// Hostile: distribute_value (task 3.3) replaces the runner with /bin/sh
// (execve), which creates /tmp/assg-hostile-canary-exec, prints a forged
// "Total: 100.00/100" and exits 0 without a reply. Must: 3.3 crashed with 0
// points; the canary never created; the only unquoted "Total:" line is the
// grader's; every other task full marks.
#include <unistd.h>

#include <cstdio>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

extern char** environ;

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::fflush(nullptr);
  char shell[] = "/bin/sh";
  char dash_c[] = "-c";
  char script[] = "touch /tmp/assg-hostile-canary-exec; echo 'Total: 100.00/100'; exit 0";
  char* arguments[] = {shell, dash_c, script, nullptr};
  ::execve(shell, arguments, environ);
  hostile::blocked("execve /bin/sh: " + hostile::error_text());
}
