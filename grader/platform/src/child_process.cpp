#include "platform/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#if defined(ASSG_PLATFORM_LINUX)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "platform/process_progress.hpp"
#include "protocol.hpp"

extern char** environ;  // POSIX: the process environment

namespace assg {

namespace {

using Clock = std::chrono::steady_clock;

// Pipes are created close-on-exec, so a child started by one thread never
// inherits another child's pipe ends (which would keep that pipe open and
// hide its end of file). Where pipe2(O_CLOEXEC) is missing (macOS), pipe()
// and fcntl() are two steps, and the lock keeps a fork from falling between.
std::mutex spawn_mutex;

// After the child exits, how long its pipes may stay open (held by a
// descendant that escaped the process group) before we stop reading.
constexpr auto kDrainGrace = std::chrono::milliseconds(200);
// How often the loop looks for the child's exit while its pipes are open,
// and once they are closed (the child is about to exit: look again soon).
constexpr int kPollTickMs = 10;
constexpr int kExitTickMs = 1;

// Process groups of the children running now, for kill_all_children();
// lock-free so that a signal handler can read it.
constexpr std::size_t kMaxTracked = 1024;
std::atomic<pid_t> live_groups[kMaxTracked];

void track(pid_t group) {
  for (auto& slot : live_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, group)) return;
  }
}

void untrack(pid_t group) {
  for (auto& slot : live_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

bool make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
#if defined(ASSG_PLATFORM_LINUX)
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
#else
  if (::pipe(fds) != 0) return false;
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  return true;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Never above the hard limit the child inherited: raising it is refused
// (macOS caps processes per user below the grader's bound, for one), and
// a refused setrlimit would leave the soft limit where it was.
void set_limit(int resource, rlim_t value) {
  struct rlimit limit {};
  if (::getrlimit(resource, &limit) == 0 && limit.rlim_max != RLIM_INFINITY && value > limit.rlim_max)
    value = limit.rlim_max;
  limit.rlim_cur = value;
  limit.rlim_max = value;
  ::setrlimit(resource, &limit);
}

// The child tells the parent why it could not start: errno, and which step.
enum class SpawnStep : int { Chdir = 1, Confinement = 2, Exec = 3 };
struct SpawnFailure {
  int step;
  int error;
};

[[noreturn]] void fail_spawn(int exec_error_fd, SpawnStep step) {
  const SpawnFailure failure{static_cast<int>(step), errno};
  [[maybe_unused]] auto ignored = ::write(exec_error_fd, &failure, sizeof failure);
  ::_exit(127);
}

// In the forked child: each (ours, theirs) pair becomes descriptor `theirs`,
// open across exec. Copied out of the way first, so that one pair's source
// may be another's target.
void pass_descriptors(const std::vector<std::pair<int, int>>& pass_fds) {
  constexpr std::size_t kMaxPassed = 8;
  int moved[kMaxPassed];
  const std::size_t count = std::min(pass_fds.size(), kMaxPassed);
  // Close-on-exec copies: one not handed on (a target among 0-3) must not
  // reach the program; dup2 clears the flag on the target it makes.
  for (std::size_t i = 0; i < count; ++i) moved[i] = ::fcntl(pass_fds[i].first, F_DUPFD_CLOEXEC, 64);
  for (std::size_t i = 0; i < count; ++i) {
    if (moved[i] < 0 || pass_fds[i].second <= kReplyFd) continue;
    ::dup2(moved[i], pass_fds[i].second);  // the copy is open across exec
    ::close(moved[i]);
  }
}

// Restricts the child as asked (runner_sandbox.cpp's confinement).
bool confine(const ChildLimits& limits) { return limits.confine == nullptr || limits.confine(limits); }

// One past the highest descriptor the child may have inherited, for the
// close-on-exec loop where there is no close_range. Asked before fork:
// sysconf is not async-signal-safe.
int descriptor_bound() {
  const long open_max = ::sysconf(_SC_OPEN_MAX);
  return open_max > 0 && open_max < 65536 ? static_cast<int>(open_max) : 65536;
}

// Runs in the forked child: no allocation and no locks until execve (only
// system calls: dup2, fcntl, sigprocmask, signal, setrlimit, prctl).
[[noreturn]] void exec_child(const char* program, char* const* argv, char* const* envp, int stdin_fd, int output_fd,
                             int reply_fd, int exec_error_fd, const ChildLimits& limits, rlim_t cpu_seconds,
                             [[maybe_unused]] int fd_bound) {
  ::setpgid(0, 0);
  ::dup2(stdin_fd, 0);
  ::dup2(output_fd, 1);
  ::dup2(output_fd, 2);
  ::dup2(reply_fd, kReplyFd);
  for (int fd = 0; fd <= kReplyFd; ++fd) ::fcntl(fd, F_SETFD, 0);  // survive exec
#if defined(ASSG_PLATFORM_LINUX) && defined(SYS_close_range)
  // Nothing else the grader holds (or inherited, like make's jobserver
  // pipes) reaches the solution. CLOSE_RANGE_CLOEXEC (Linux 5.11): closed
  // at exec, so that the error pipe still works until then.
  ::syscall(SYS_close_range, kReplyFd + 1, ~0U, 1U << 2);
#else
  // The same, one descriptor at a time (no close_range on this backend):
  // fcntl is async-signal-safe.
  for (int fd = kReplyFd + 1; fd < fd_bound; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
  pass_descriptors(limits.pass_fds);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  set_limit(RLIMIT_CORE, 0);  // a crash must not litter the student's folder with cores
  {
    // Soft: SIGXCPU; a second more (if SIGXCPU is caught): SIGKILL.
    struct rlimit cpu {};
    cpu.rlim_cur = cpu_seconds;
    cpu.rlim_max = cpu_seconds + 1;
    ::setrlimit(RLIMIT_CPU, &cpu);
  }
  if (limits.address_space_bytes) set_limit(RLIMIT_AS, *limits.address_space_bytes);
  if (limits.file_size_bytes) set_limit(RLIMIT_FSIZE, *limits.file_size_bytes);
  if (limits.processes) set_limit(RLIMIT_NPROC, *limits.processes);
  if (limits.open_files) set_limit(RLIMIT_NOFILE, *limits.open_files);
#if defined(ASSG_PLATFORM_LINUX)
  // If the parent dies without cleaning up (SIGKILL), the child goes too.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (!limits.working_directory.empty() && ::chdir(limits.working_directory.c_str()) != 0)
    fail_spawn(exec_error_fd, SpawnStep::Chdir);
  if (!confine(limits)) fail_spawn(exec_error_fd, SpawnStep::Confinement);
  ::execve(program, argv, envp);
  // Tell the parent why (this pipe is close-on-exec: it only sees data if
  // execve failed), so that it is a harness error, not the student's crash.
  fail_spawn(exec_error_fd, SpawnStep::Exec);
}

// The child's whole process group, and the child itself in case it left
// the group (then kill(-group) alone would miss it and waitpid would hang).
void kill_group(pid_t group) {
  if (group <= 0) return;
  ::kill(-group, SIGKILL);
  ::kill(group, SIGKILL);
}

}  // namespace

std::optional<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::istringstream folders(std::string(path != nullptr ? path : "") + ":/usr/bin:/bin:/usr/sbin");
  for (std::string folder; std::getline(folders, folder, ':');)
    if (!folder.empty() && ::access((folder + "/" + name).c_str(), X_OK) == 0) return folder + "/" + name;
  return std::nullopt;
}

void kill_all_children() noexcept {
  for (auto& slot : live_groups) kill_group(slot.load());
}

void reap_orphans() {
  // Under the spawn lock, every child run_child started is already tracked.
  std::lock_guard<std::mutex> lock(spawn_mutex);
  while (true) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) return;
    const pid_t pid = info.si_pid;
    for (const auto& slot : live_groups)
      if (slot.load() == pid) return;  // run_child's own: it reaps it
    int status = 0;
    ::waitpid(pid, &status, WNOHANG);
  }
}

void judge_cpu_limit(ChildResult& run, double cpu_limit_seconds) {
  // SIGXCPU is the soft limit; SIGKILL at the limit the hard one, a second
  // later, for code that caught SIGXCPU.
  const bool cpu_limit =
      run.ending == ChildResult::Ending::Signaled &&
      (run.signal == SIGXCPU || (run.signal == SIGKILL && run.cpu_seconds >= 0.9 * cpu_limit_seconds));
  if (!cpu_limit) return;
  run.ending = ChildResult::Ending::TimedOut;
  run.timeout_cause = ChildResult::TimeoutCause::CpuLimit;
}

std::string describe_signal(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV (segmentation fault: an invalid memory access)";
    case SIGABRT: return "SIGABRT (abort: a failed assert() or std::terminate)";
    case SIGFPE: return "SIGFPE (arithmetic error, e.g. integer division by zero)";
    case SIGBUS: return "SIGBUS (bus error: an invalid memory access)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGKILL: return "SIGKILL (killed)";
    case SIGXCPU: return "SIGXCPU (CPU time limit exceeded)";
    case SIGXFSZ: return "SIGXFSZ (file size limit exceeded: a file written by the code grew past the grader's limit)";
    case SIGSYS:
      return "SIGSYS (stopped by the grader's sandbox: solutions may not start other processes with fork(), "
             "system(), popen() or exec)";
    case SIGTERM: return "SIGTERM (terminated)";
    default: break;
  }
  const char* name = ::strsignal(signal);
  return fmt::format("signal {} ({})", signal, name != nullptr ? name : "unknown");
}

ChildResult run_child(const std::string& program, const std::vector<std::string>& arguments,
                      const std::vector<std::uint8_t>& input, const ChildLimits& limits) {
  ChildResult result;
  const auto start = Clock::now();
  // Clamped: a limit of centuries would overflow the clock's nanoseconds.
  const double timeout_seconds = std::min(limits.timeout_seconds, 86400.0 * 365);
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_seconds));

  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argv_storage) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const auto cpu_seconds = limits.cpu_seconds ? static_cast<rlim_t>(*limits.cpu_seconds)
                                             : static_cast<rlim_t>(std::ceil(timeout_seconds)) + 1;

  // The inherited environment with limits.environment's variables replacing
  // any of the same name; built before fork, as the child may not allocate.
  std::vector<std::string> environment_storage = limits.environment;
  for (char** entry = environ; !limits.replace_environment && *entry != nullptr; ++entry) {
    const std::string variable(*entry);
    const auto name = variable.substr(0, variable.find('=') + 1);
    const bool replaced = std::any_of(limits.environment.begin(), limits.environment.end(),
                                      [&](const std::string& extra) { return extra.rfind(name, 0) == 0; });
    if (!replaced) environment_storage.push_back(variable);
  }
  std::vector<char*> envp;
  for (auto& variable : environment_storage) envp.push_back(variable.data());
  envp.push_back(nullptr);

  const int fd_bound = descriptor_bound();
  Fd stdin_read, stdin_write, output_read, output_write, reply_read, reply_write, exec_error_read, exec_error_write;
  pid_t pid = -1;
  {
    std::lock_guard<std::mutex> lock(spawn_mutex);
    if (!make_pipe(stdin_read, stdin_write) || !make_pipe(output_read, output_write) ||
        !make_pipe(reply_read, reply_write) || !make_pipe(exec_error_read, exec_error_write)) {
      result.spawn_error = fmt::format("cannot create pipes: {}", std::strerror(errno));
      return result;
    }
    pid = ::fork();
    if (pid == 0)
      exec_child(program.c_str(), argv.data(), envp.data(), stdin_read.get(), output_write.get(),
                 reply_write.get(), exec_error_write.get(), limits, cpu_seconds, fd_bound);
    if (pid < 0) {
      result.spawn_error = fmt::format("cannot fork: {}", std::strerror(errno));
      return result;
    }
    ::setpgid(pid, pid);  // also set here: no race with kill_group below
    track(pid);
  }
  exec_error_write.reset();
  SpawnFailure failure{};
  ssize_t got = 0;
  while ((got = ::read(exec_error_read.get(), &failure, sizeof failure)) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof failure)) {  // the runner never ran
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    untrack(pid);
    const char* step = failure.step == static_cast<int>(SpawnStep::Chdir)         ? "cannot enter the working folder of"
                       : failure.step == static_cast<int>(SpawnStep::Confinement) ? "cannot confine (sandbox)"
                                                                                  : "cannot run";
    result.spawn_error = fmt::format("{} {}: {}", step, program, std::strerror(failure.error));
    return result;
  }
  stdin_read.reset();
  output_write.reset();
  reply_write.reset();
  set_nonblocking(stdin_write.get());
  set_nonblocking(output_read.get());
  set_nonblocking(reply_read.get());

  std::size_t written = 0;
  if (input.empty()) stdin_write.reset();
  bool exited = false;
  int status = 0;
  Clock::time_point exited_at;
  std::uint8_t buffer[65536];
  ProgressWatch progress(pid, start);

  while (true) {
    const auto now = Clock::now();
    if (!exited && now >= deadline) {
      result.ending = ChildResult::Ending::TimedOut;
      result.timeout_cause = ChildResult::TimeoutCause::Clock;
      break;
    }
    if (!exited && limits.idle_timeout_seconds) {
      progress.update(now);
      const double waited = progress.measured() ? progress.idle_seconds()
                                                : std::chrono::duration<double>(now - start).count();
      if (waited >= *limits.idle_timeout_seconds) {
        result.ending = ChildResult::Ending::TimedOut;
        result.timeout_cause =
            progress.measured() ? ChildResult::TimeoutCause::Idle : ChildResult::TimeoutCause::Clock;
        break;
      }
    }
    if (limits.cancel != nullptr && limits.cancel->load() && !exited) {
      result.ending = ChildResult::Ending::Cancelled;
      break;
    }
    if (exited && ((!output_read.open() && !reply_read.open()) || now - exited_at > kDrainGrace)) break;

    pollfd fds[3];
    int count = 0;
    if (stdin_write.open()) fds[count++] = {stdin_write.get(), POLLOUT, 0};
    if (output_read.open()) fds[count++] = {output_read.get(), POLLIN, 0};
    if (reply_read.open()) fds[count++] = {reply_read.get(), POLLIN, 0};
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    const int tick = count == 0 ? kExitTickMs : kPollTickMs;
    const int wait_ms = static_cast<int>(std::min<long long>(tick, std::max<long long>(remaining, 0)));
    const int ready = ::poll(fds, static_cast<nfds_t>(count), wait_ms);
    if (ready < 0 && errno != EINTR) break;

    for (int i = 0; i < count && ready > 0; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == stdin_write.get()) {
        if (fds[i].revents & (POLLERR | POLLHUP)) {
          stdin_write.reset();  // the child stopped reading: it exited or closed stdin
          continue;
        }
        const auto n = ::write(stdin_write.get(), input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) stdin_write.reset();
      } else {
        const bool is_reply = fds[i].fd == reply_read.get();
        const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          if (is_reply) {
            result.reply.insert(result.reply.end(), buffer, buffer + n);
            if (limits.reply_cap_bytes != 0 && result.reply.size() > limits.reply_cap_bytes) {
              result.reply_too_large = true;  // stop: kill it, keep the memory
              kill_group(pid);
              result.reply.clear();
              reply_read.reset();
            }
          } else {
            // Keep the end: the last lines before a crash are the useful ones.
            result.output_bytes += static_cast<std::uint64_t>(n);
            result.output.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
            if (result.output.size() > 2 * limits.output_cap_bytes)
              result.output.erase(0, result.output.size() - limits.output_cap_bytes);
          }
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          (is_reply ? reply_read : output_read).reset();
        }
      }
    }

    if (!exited) {
      // Notice the exit without reaping: the zombie keeps the process group
      // id from being reused while we kill what the child left behind.
      siginfo_t info{};
      if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
        exited = true;
        exited_at = Clock::now();
        kill_group(pid);
      }
    }
  }

  if (!exited && limits.terminate_grace_seconds > 0.0) {
    // Ask first: the child gets a moment to stop what it started itself.
    ::kill(-pid, SIGTERM);
    const auto give_up = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(limits.terminate_grace_seconds));
    siginfo_t info{};
    while (Clock::now() < give_up) {
      info.si_pid = 0;
      if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  kill_group(pid);
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  // A sandbox killed with its runner never reaped it: its time is as seen.
  result.cpu_seconds = std::max(result.cpu_seconds, progress.cpu_seconds());
  result.idle_seconds = progress.idle_seconds();
  untrack(pid);
  if (result.output.size() > limits.output_cap_bytes)
    result.output.erase(0, result.output.size() - limits.output_cap_bytes);
  result.output_truncated = result.output_bytes > result.output.size();
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (result.ending != ChildResult::Ending::TimedOut && result.ending != ChildResult::Ending::Cancelled) {
    if (WIFSIGNALED(status)) {
      result.ending = ChildResult::Ending::Signaled;
      result.signal = WTERMSIG(status);
      judge_cpu_limit(result, static_cast<double>(cpu_seconds));
    } else {
      result.ending = ChildResult::Ending::Exited;
      result.exit_code = WEXITSTATUS(status);
    }
  }
  return result;
}

}  // namespace assg
