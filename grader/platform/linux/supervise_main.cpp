// assg-supervise: the first process inside grade-all's bubblewrap sandbox
// (bwrap --as-pid-1), which starts the runner and tells the grader how it
// really ended. A sandbox reports its command's death by signal N as exit
// status 128 + N, which a solution's own exit(128 + N) imitates; as the
// sandbox's process 1 this program cannot be signalled by the runner, and
// it reports on a descriptor the runner never holds.
//
//   assg-supervise --status-fd N [--seccomp-fd M] -- RUNNER [ARGS...]
//
// The seccomp filter (raw BPF, as bwrap --seccomp reads it) is loaded in the
// runner's process only, between fork and exec, so that this program may
// still fork the runner. Its own exit status is the runner's, as bwrap's.
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "platform/supervisor_report.hpp"

namespace {

struct Arguments {
  int status_fd = -1;
  int seccomp_fd = -1;
  int first = 0;  // the runner's index in argv
};

bool parse(int argc, char** argv, Arguments& arguments) {
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--") {
      arguments.first = i + 1;
      return arguments.first < argc && arguments.status_fd >= 0;
    }
    if ((argument == "--status-fd" || argument == "--seccomp-fd") && i + 1 < argc) {
      (argument == "--status-fd" ? arguments.status_fd : arguments.seccomp_fd) = std::atoi(argv[++i]);
      continue;
    }
    return false;
  }
  return false;
}

std::vector<unsigned char> read_all(int fd) {
  std::vector<unsigned char> bytes;
  unsigned char buffer[4096];
  for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) != 0;) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    bytes.insert(bytes.end(), buffer, buffer + got);
  }
  return bytes;
}

void report(int status_fd, const assg::SupervisorReport& what) {
  const auto line = assg::encode_supervisor_report(what);
  [[maybe_unused]] auto ignored = ::write(status_fd, line.data(), line.size());
}

// In the forked child: the filter, then the runner. Only system calls.
[[noreturn]] void start_runner(char** argv, const std::vector<unsigned char>& filter, int error_fd) {
  if (!filter.empty()) {
    sock_fprog program{};
    program.len = static_cast<unsigned short>(filter.size() / sizeof(sock_filter));
    program.filter = reinterpret_cast<sock_filter*>(const_cast<unsigned char*>(filter.data()));
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) {
      const int error[2] = {errno, 1};  // 1: the filter
      [[maybe_unused]] auto ignored = ::write(error_fd, error, sizeof error);
      ::_exit(127);
    }
  }
  ::execv(argv[0], argv);
  const int error[2] = {errno, 0};  // 0: exec
  [[maybe_unused]] auto ignored = ::write(error_fd, error, sizeof error);
  ::_exit(127);
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  if (!parse(argc, argv, arguments)) {
    std::cerr << "usage: assg-supervise --status-fd N [--seccomp-fd M] -- RUNNER [ARGS...]\n";
    return 2;
  }
  // Neither descriptor may reach the runner.
  ::fcntl(arguments.status_fd, F_SETFD, FD_CLOEXEC);
  std::vector<unsigned char> filter;
  if (arguments.seccomp_fd >= 0) {
    filter = read_all(arguments.seccomp_fd);
    ::close(arguments.seccomp_fd);
  }
  // Nor may the runner read this process's descriptors through /proc.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) return 2;
  const pid_t runner = ::fork();
  if (runner == 0) start_runner(argv + arguments.first, filter, error_pipe[1]);
  ::close(error_pipe[1]);
  assg::SupervisorReport what;
  if (runner < 0) {
    what.code = errno;
    what.failed_step = "exec";
    report(arguments.status_fd, what);
    return 2;
  }
  int error[2] = {0, 0};
  ssize_t got = 0;
  while ((got = ::read(error_pipe[0], error, sizeof error)) < 0 && errno == EINTR) {
  }
  int status = 0;
  rusage usage{};
  while (::wait4(runner, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof error)) {
    what.code = error[0];
    what.failed_step = error[1] != 0 ? "seccomp" : "exec";
    report(arguments.status_fd, what);
    return 127;
  }
  what.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (WIFSIGNALED(status)) {
    what.kind = assg::SupervisorReport::Kind::Signaled;
    what.code = WTERMSIG(status);
  } else {
    what.kind = assg::SupervisorReport::Kind::Exited;
    what.code = WEXITSTATUS(status);
  }
  report(arguments.status_fd, what);
  return what.kind == assg::SupervisorReport::Kind::Signaled ? 128 + what.code : what.code;
}
