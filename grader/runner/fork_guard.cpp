// The runner's fork guard, built into every runner on the portable POSIX
// backend (ASSG_PLATFORM=posix: macOS), which has no seccomp filter to stop
// a solution from starting processes. A fork() from the solution ends the
// runner with SIGSYS before the child exists, which is how the Linux filter
// ends it, so that the case is reported the same way on every machine
// ("may not start processes") and an accidental fork in a loop never
// floods the student's laptop.
//
// It sees fork() and what calls it. posix_spawn, vfork and the raw system
// call get past it; behind it are RLIMIT_NPROC (ignored for root) and the
// kill of the runner's process group when the case ends, which a child in
// its own session escapes (README: what the sandbox enforces, per platform).
#include <pthread.h>
#include <signal.h>

namespace {

// static: an extern "C" name is global even in an unnamed namespace (GCC
// and clang export it), and a solution's own refuse_fork must not clash.
extern "C" {
static void refuse_fork() {
  // Whatever the solution did to SIGSYS (a handler, a blocked mask), the
  // default action ends the process.
  ::signal(SIGSYS, SIG_DFL);
  sigset_t sigsys;
  sigemptyset(&sigsys);
  sigaddset(&sigsys, SIGSYS);
  ::pthread_sigmask(SIG_UNBLOCK, &sigsys, nullptr);
  ::raise(SIGSYS);
}
}

// Before the solution's static initializers on ELF systems (priority 101
// runs before every initializer without one). Mach-O has no priorities:
// there it runs in link order, which may come after the solution's.
#if defined(__ELF__)
__attribute__((constructor(101)))
#else
__attribute__((constructor))
#endif
void install_fork_guard() {
  ::pthread_atfork(refuse_fork, nullptr, nullptr);
}

}  // namespace
