// assg-supervise's report: how the runner inside a sandbox really ended,
// where the sandbox's own exit status (128 + N) cannot tell a signal from a
// solution's exit(128 + N).
#include <csignal>

#include <gtest/gtest.h>

#include "platform/supervisor_report.hpp"

namespace {

using assg::ChildResult;
using assg::SupervisorReport;

// What bubblewrap's run looks like to the grader: it exited with `code`.
ChildResult sandbox_exited(int code) {
  ChildResult run;
  run.ending = ChildResult::Ending::Exited;
  run.exit_code = code;
  return run;
}

SupervisorReport report(SupervisorReport::Kind kind, int code, double cpu = 0.0) {
  SupervisorReport made;
  made.kind = kind;
  made.code = code;
  made.cpu_seconds = cpu;
  return made;
}

TEST(SupervisorReport, ReadsBackWhatItWrote) {
  const auto line = assg::encode_supervisor_report(report(SupervisorReport::Kind::Exited, 152, 0.25));
  EXPECT_EQ(line, "exited 152 0.250000\n");
  const auto read = assg::decode_supervisor_report(line);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->kind, SupervisorReport::Kind::Exited);
  EXPECT_EQ(read->code, 152);
  EXPECT_DOUBLE_EQ(read->cpu_seconds, 0.25);
  SupervisorReport failed = report(SupervisorReport::Kind::SetupFailed, 13);
  failed.failed_step = "exec";
  const auto back = assg::decode_supervisor_report(assg::encode_supervisor_report(failed));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, SupervisorReport::Kind::SetupFailed);
  EXPECT_EQ(back->failed_step, "exec");
}

TEST(SupervisorReport, RefusesAnythingButOneWellFormedLine) {
  for (const char* text : {"", "exited 1 0.1", "exited 1 0.1\nexited 2 0.1\n", "signaled x 0.1\n",
                           "exited 1 -0.5\n", "ended 1 0.1\n", "exited 1 0.1 extra\n"})
    EXPECT_FALSE(assg::decode_supervisor_report(text)) << text;
}

TEST(SupervisorReport, AnExitOf152IsAnExitNotSigxcpu) {
  auto run = sandbox_exited(152);  // 128 + SIGXCPU (24)
  assg::apply_supervisor_report(run, report(SupervisorReport::Kind::Exited, 152), 3.0);
  EXPECT_EQ(run.ending, ChildResult::Ending::Exited);
  EXPECT_EQ(run.exit_code, 152);
}

TEST(SupervisorReport, ARealSignalIsASignalAndSigxcpuATimeout) {
  auto crashed = sandbox_exited(128 + SIGSEGV);
  assg::apply_supervisor_report(crashed, report(SupervisorReport::Kind::Signaled, SIGSEGV, 0.1), 3.0);
  EXPECT_EQ(crashed.ending, ChildResult::Ending::Signaled);
  EXPECT_EQ(crashed.signal, SIGSEGV);
  EXPECT_DOUBLE_EQ(crashed.cpu_seconds, 0.1);

  auto busy = sandbox_exited(128 + SIGXCPU);
  assg::apply_supervisor_report(busy, report(SupervisorReport::Kind::Signaled, SIGXCPU, 3.01), 3.0);
  EXPECT_EQ(busy.ending, ChildResult::Ending::TimedOut);
  EXPECT_EQ(busy.timeout_cause, ChildResult::TimeoutCause::CpuLimit);
  EXPECT_DOUBLE_EQ(busy.cpu_seconds, 3.01);

  // SIGKILL at the limit is the hard limit (SIGXCPU was caught); well
  // before it, something else killed the runner.
  auto hard = sandbox_exited(128 + SIGKILL);
  assg::apply_supervisor_report(hard, report(SupervisorReport::Kind::Signaled, SIGKILL, 4.0), 3.0);
  EXPECT_EQ(hard.ending, ChildResult::Ending::TimedOut);
  auto killed = sandbox_exited(128 + SIGKILL);
  assg::apply_supervisor_report(killed, report(SupervisorReport::Kind::Signaled, SIGKILL, 0.2), 3.0);
  EXPECT_EQ(killed.ending, ChildResult::Ending::Signaled);
}

TEST(SupervisorReport, NoReportIsTheHarnessFailureNeverTheStudents) {
  auto run = sandbox_exited(1);  // bubblewrap's own error
  run.output = "bwrap: Can't mount proc on /newroot/proc: Operation not permitted\n";
  assg::apply_supervisor_report(run, std::nullopt, 3.0);
  EXPECT_EQ(run.ending, ChildResult::Ending::SpawnFailed);
  EXPECT_NE(run.spawn_error.find("Can't mount proc"), std::string::npos) << run.spawn_error;
}

TEST(SupervisorReport, ARunTheGraderStoppedKeepsItsEnding) {
  ChildResult run;
  run.ending = ChildResult::Ending::TimedOut;
  run.timeout_cause = ChildResult::TimeoutCause::Idle;
  assg::apply_supervisor_report(run, std::nullopt, 3.0);
  EXPECT_EQ(run.ending, ChildResult::Ending::TimedOut);
  EXPECT_EQ(run.timeout_cause, ChildResult::TimeoutCause::Idle);
}

}  // namespace
