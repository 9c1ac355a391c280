// The runner's fork guard, built into every runner on the portable POSIX
// backend (ASSG_PLATFORM=posix: macOS), which has no seccomp filter to stop
// a solution from starting processes. A fork() from the solution ends the
// runner with SIGSYS before the child exists, which is how the Linux filter
// ends it, so that the case is reported the same way on every machine
// ("may not start processes") and an accidental fork in a loop never
// floods the student's laptop. system(), popen(), posix_spawn() and
// posix_spawnp() are defined here too, doing the same: the C library builds
// system() and popen() on posix_spawn, which runs no fork handler, and the
// linker binds the solution's calls to these definitions, not the C
// library's.
//
// vfork, the raw system call and the C library's internal calls get past
// it; behind it are RLIMIT_NPROC (ignored for root) and the kill of the
// runner's process group when the case ends, which a child in its own
// session escapes (docs/ci-and-platforms.md: what the sandbox enforces, per platform).
#include <pthread.h>
#include <signal.h>
#include <spawn.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

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

}  // namespace

// The solution's ways to start a program, refused as fork() is. Their
// declarations are the C library's own (<cstdlib>, <cstdio>, <spawn.h>),
// so a signature that differs does not compile. Outside the unnamed
// namespace: they must be the global C names the solution's calls bind to.
extern "C" {
int system(const char*) {
  refuse_fork();
  return -1;
}
std::FILE* popen(const char*, const char*) {
  refuse_fork();
  return nullptr;
}
int posix_spawn(pid_t*, const char*, const posix_spawn_file_actions_t*, const posix_spawnattr_t*, char* const[],
                char* const[]) {
  refuse_fork();
  return EPERM;
}
int posix_spawnp(pid_t*, const char*, const posix_spawn_file_actions_t*, const posix_spawnattr_t*, char* const[],
                 char* const[]) {
  refuse_fork();
  return EPERM;
}
}

namespace {

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
