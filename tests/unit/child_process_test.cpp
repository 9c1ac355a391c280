// run_child: pipes, limits, and that nothing a child starts outlives it.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "platform/child_process.hpp"
#include "platform/process_progress.hpp"

namespace {

using assg::ChildResult;

ChildResult shell(const std::string& script, double timeout = 5.0, const std::string& input = "",
                  std::size_t output_cap = 64 * 1024) {
  assg::ChildLimits limits;
  limits.timeout_seconds = timeout;
  limits.output_cap_bytes = output_cap;
  return assg::run_child("/bin/sh", {"-c", script}, std::vector<std::uint8_t>(input.begin(), input.end()), limits);
}

std::string reply(const ChildResult& result) { return std::string(result.reply.begin(), result.reply.end()); }

// True once `pid` is dead: gone, or a zombie waiting for init to reap it
// (which, in some containers, takes a while).
bool gone(pid_t pid) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (std::getline(stat, line)) {
      const auto after_name = line.rfind(')');
      if (after_name != std::string::npos && after_name + 2 < line.size() && line[after_name + 2] == 'Z') return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(RunChild, SeparatesTheReplyPipeFromPrintedOutput) {
  const auto result = shell("echo printed; echo also >&2; printf reply >&3; exit 3");
  EXPECT_EQ(result.ending, ChildResult::Ending::Exited);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(reply(result), "reply");
  EXPECT_EQ(result.output, "printed\nalso\n");
}

TEST(RunChild, FeedsLargeInputsWhileReadingLargeReplies) {
  const std::string input(8 * 1024 * 1024, 'x');  // far more than a pipe holds
  const auto result = shell("cat >&3", 20.0, input);
  EXPECT_EQ(result.ending, ChildResult::Ending::Exited);
  EXPECT_EQ(result.reply.size(), input.size());
}

TEST(RunChild, ReportsTheSignalThatKilledTheChild) {
  const auto result = shell("kill -SEGV $$");
  EXPECT_EQ(result.ending, ChildResult::Ending::Signaled);
  EXPECT_EQ(result.signal, SIGSEGV);
  EXPECT_EQ(assg::describe_signal(SIGSEGV), "SIGSEGV (segmentation fault: an invalid memory access)");
}

TEST(RunChild, KillsAChildThatOutlivesItsTimeLimit) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = shell("sleep 30", 0.3);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(result.ending, ChildResult::Ending::TimedOut);
  EXPECT_LT(seconds, 5.0);
}

TEST(RunChild, KillsDescendantsWhenTheTimeLimitRunsOut) {
  const auto result = shell("sleep 30 & echo $! >&3; wait", 0.5);
  EXPECT_EQ(result.ending, ChildResult::Ending::TimedOut);
  const pid_t grandchild = std::stoi(reply(result));
  EXPECT_TRUE(gone(grandchild)) << "the background sleep " << grandchild << " survived";
}

TEST(RunChild, KillsAChildThatLeftItsProcessGroup) {
  // Joining the grader's own group would make kill(-pid) miss the child, and
  // waiting for it would then hang for ever.
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "needs /usr/bin/python3";
  assg::ChildLimits limits;
  limits.timeout_seconds = 0.5;
  const auto start = std::chrono::steady_clock::now();
  const auto result = assg::run_child(
      "/usr/bin/python3", {"-c", "import os, time; os.setpgid(0, os.getpgid(os.getppid())); time.sleep(30)"}, {},
      limits);
  EXPECT_EQ(result.ending, ChildResult::Ending::TimedOut);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

TEST(RunChild, KillsDescendantsLeftBehindByAChildThatExited) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = shell("sleep 30 & echo $! >&3", 10.0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(result.ending, ChildResult::Ending::Exited);
  EXPECT_LT(seconds, 5.0) << "waited for the orphan instead of killing it";
  EXPECT_TRUE(gone(std::stoi(reply(result))));
}

TEST(RunChild, KeepsTheEndOfAFloodOfOutputAndDrainsAllOfIt) {
  const auto result = shell("head -c 2000000 /dev/zero | tr '\\0' 'y'; echo last; printf done >&3", 10.0, "", 1000);
  EXPECT_EQ(result.ending, ChildResult::Ending::Exited);
  EXPECT_EQ(result.output.size(), 1000U);
  EXPECT_EQ(result.output.substr(result.output.size() - 5), "last\n");
  EXPECT_TRUE(result.output_truncated);
  EXPECT_EQ(result.output_bytes, 2000005U);
  EXPECT_EQ(reply(result), "done");
}

TEST(RunChild, AddsAndReplacesEnvironmentVariables) {
  ::setenv("ASSG_TEST_REPLACED", "old", 1);
  assg::ChildLimits limits;
  limits.environment = {"ASSG_TEST_ADDED=one", "ASSG_TEST_REPLACED=new"};
  const auto result = assg::run_child(
      "/bin/sh", {"-c", "printf '%s %s %s' \"$ASSG_TEST_ADDED\" \"$ASSG_TEST_REPLACED\" \"${HOME:+home}\" >&3"}, {},
      limits);
  EXPECT_EQ(reply(result), "one new home");
}

TEST(RunChild, ALimitAboveTheHardLimitIsCutToItNotDropped) {
  // Asking for more open files than the hard limit allows (more than the
  // kernel's nr_open, which even root cannot pass) must still set the limit,
  // as high as it may go, rather than leave the soft limit where it was.
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  if (saved.rlim_max == RLIM_INFINITY || saved.rlim_max < 1024) GTEST_SKIP() << "needs a finite hard RLIMIT_NOFILE";
  struct rlimit lowered = saved;
  lowered.rlim_cur = 512;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  assg::ChildLimits limits;
  limits.open_files = std::uint64_t{1} << 40;
  const auto result = assg::run_child("/bin/sh", {"-c", "ulimit -Sn >&3"}, {}, limits);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(reply(result), std::to_string(saved.rlim_max) + "\n");
}

TEST(RunChild, APassedDescriptorItCannotHandOnStaysOutOfTheChild) {
  // A pair whose target is one of the child's own (0-3) is skipped; the
  // copy made of it on the way must not reach the program either.
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  assg::ChildLimits limits;
  limits.pass_fds = {{ends[1], 11}, {ends[0], 2}};
  const auto result = assg::run_child("/bin/sh", {"-c", "for fd in /dev/fd/*; do echo ${fd##*/}; done >&3"}, {}, limits);
  ::close(ends[0]);
  ::close(ends[1]);
  std::set<int> seen;
  std::istringstream listed(reply(result));
  for (int fd = 0; listed >> fd;) seen.insert(fd);
  EXPECT_EQ(seen.count(11), 1U) << reply(result);
  for (const int fd : seen) EXPECT_LE(fd, 11) << "descriptor " << fd << " leaked into the child";
}

TEST(RunChild, AProgramThatCannotStartIsASpawnFailureNotAnExit) {
  // Told apart from a student's exit(127): the runner never ran at all.
  assg::ChildLimits limits;
  const auto result = assg::run_child("/nonexistent/runner", {}, {}, limits);
  EXPECT_EQ(result.ending, ChildResult::Ending::SpawnFailed);
  EXPECT_EQ(result.spawn_error, "cannot run /nonexistent/runner: No such file or directory");
}

TEST(RunChild, KillsAChildWhoseReplyOutgrowsItsCap) {
  assg::ChildLimits limits;
  limits.reply_cap_bytes = 100000;
  const auto result = assg::run_child("/bin/sh", {"-c", "head -c 100000000 /dev/zero >&3"}, {}, limits);
  EXPECT_TRUE(result.reply_too_large);
  EXPECT_TRUE(result.reply.empty());
  // Killed (or, racing the kill, ended by the pipe closing): never allowed to finish writing.
  EXPECT_NE(result.ending, ChildResult::Ending::TimedOut);
  EXPECT_LT(result.wall_seconds, 5.0);
}

TEST(RunChild, ManyChildrenAtOnceDoNotShareTheirPipes) {
  std::vector<std::thread> threads;
  std::vector<std::string> replies(8);
  for (std::size_t i = 0; i < replies.size(); ++i)
    threads.emplace_back([i, &replies] { replies[i] = reply(shell("printf " + std::to_string(i) + " >&3; sleep 0.2")); });
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < replies.size(); ++i) EXPECT_EQ(replies[i], std::to_string(i));
}

// The CPU-time limit ends a busy loop however long the clock allows, and
// is reported as a timeout with the CPU time it used; the clock still ends
// code that only sleeps.
TEST(RunChild, ACpuTimeLimitEndsABusyLoopAsATimeout) {
  assg::ChildLimits limits;
  limits.timeout_seconds = 30;
  limits.cpu_seconds = 1;
  const auto busy = assg::run_child("/bin/sh", {"-c", "while :; do :; done"}, {}, limits);
  EXPECT_EQ(busy.ending, ChildResult::Ending::TimedOut);
  EXPECT_EQ(busy.timeout_cause, ChildResult::TimeoutCause::CpuLimit);
  EXPECT_GE(busy.cpu_seconds, 0.9);  // the kernel samples the limit at its clock ticks
  EXPECT_LT(busy.wall_seconds, 30.0);

  limits.timeout_seconds = 0.5;
  const auto sleeping = assg::run_child("/bin/sh", {"-c", "exec sleep 5"}, {}, limits);
  EXPECT_EQ(sleeping.ending, ChildResult::Ending::TimedOut);
  EXPECT_LT(sleeping.cpu_seconds, 0.25);
}

// A solution that catches SIGXCPU is stopped a second later all the same,
// and that is a timeout too, not a crash.
TEST(RunChild, CatchingSigxcpuDoesNotEscapeTheCpuLimit) {
  assg::ChildLimits limits;
  limits.timeout_seconds = 30;
  limits.cpu_seconds = 1;
  const auto run = assg::run_child("/bin/sh", {"-c", "trap '' XCPU; while :; do :; done"}, {}, limits);
  EXPECT_EQ(run.ending, ChildResult::Ending::TimedOut) << "signal " << run.signal;
  EXPECT_EQ(run.timeout_cause, ChildResult::TimeoutCause::CpuLimit);
  EXPECT_GE(run.cpu_seconds, 1.8);
}

// The idle budget counts only time the child neither runs nor waits for a
// CPU: a sleeper is stopped by it, and said to be idle.
// The idle time is read from /proc by the Linux backend only; the POSIX
// one (macOS, or -DASSG_PLATFORM=posix) counts the clock instead.
bool idle_time_measured() { return assg::sample_process_tree(::getpid()).has_value(); }

TEST(RunChild, AnIdleBudgetStopsASleeperAndSaysItWasIdle) {
  if (!idle_time_measured()) GTEST_SKIP() << "this backend measures no idle time";
  assg::ChildLimits limits;
  limits.timeout_seconds = 60;
  limits.idle_timeout_seconds = 1.0;
  const auto run = assg::run_child("/bin/sh", {"-c", "exec sleep 30"}, {}, limits);
  EXPECT_EQ(run.ending, ChildResult::Ending::TimedOut);
  EXPECT_EQ(run.timeout_cause, ChildResult::TimeoutCause::Idle);
  EXPECT_GE(run.idle_seconds, 1.0);
  EXPECT_LT(run.wall_seconds, 60.0) << "stopped by the last backstop, not the idle budget";
}

// A busy grandchild (as bubblewrap's runner is) is making progress: the
// idle budget never stops it, and its CPU time is counted though it was
// killed before anything reaped it.
TEST(RunChild, ABusyGrandchildIsNeitherIdleNorUncounted) {
  if (!idle_time_measured()) GTEST_SKIP() << "this backend measures no idle time";
  assg::ChildLimits limits;
  limits.timeout_seconds = 3.0;
  limits.idle_timeout_seconds = 1.0;
  limits.cpu_seconds = 100;
  const auto run = assg::run_child("/bin/sh", {"-c", "/bin/sh -c 'while :; do :; done'; true"}, {}, limits);
  EXPECT_EQ(run.ending, ChildResult::Ending::TimedOut);
  EXPECT_EQ(run.timeout_cause, ChildResult::TimeoutCause::Clock) << "idle for " << run.idle_seconds << " s";
  EXPECT_LT(run.idle_seconds, 1.0);
  // Three seconds on the clock; on a machine this busy it may get less.
  EXPECT_GE(run.cpu_seconds, 0.3) << "the grandchild's CPU time was not read";
}

}  // namespace
