// Hostile: distribute_value (task 3.3) starts up to 1000 processes
// (hostile-bomb, each sleeping 20 s; bounded so the test machine survives
// when nothing stops it). Must: 3.3 earns 0 with a message saying starting
// processes is not allowed; no hostile-bomb left shortly after grading; every
// other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  constexpr int kAttempts = 1000;
  int started = 0;
  for (; started < kAttempts; ++started) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      hostile::name_process("hostile-bomb");
      ::sleep(20);
      ::_exit(0);
    }
    if (pid < 0)
      hostile::blocked("fork failed after " + std::to_string(started) + " processes: " + hostile::error_text());
  }
  return reference_distribute_value(dz, n_h, n_w);
}
