// The runner sandbox, exercised with ordinary programs standing in for a
// runner (cat, touch, env, sh): what it hides, what it allows, what it kills.
#include "platform/runner_sandbox.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "platform/child_process.hpp"
#include "temp_dir.hpp"

namespace assg {
namespace {

bool landlock_here() {
  const auto support = detect_sandbox_support();
  return support.landlock_abi > 0 && support.seccomp;
}

// Runs `program arguments...` as the sandbox's runner, confined like one.
ChildResult run_confined(RunnerSandbox& sandbox, const std::string& program, const std::vector<std::string>& arguments,
                         std::string* folder = nullptr) {
  auto confinement = sandbox.prepare_case();
  ChildLimits limits;
  limits.timeout_seconds = 10;
  confinement->apply(limits);
  if (folder != nullptr) *folder = limits.working_directory;
  return run_child(program, arguments, {}, limits);
}

std::string find(const char* name) { return find_program(name).value_or(std::string("/usr/bin/") + name); }

::testing::AssertionResult ExitedWith(const ChildResult& run, int code) {
  if (run.ending == ChildResult::Ending::Exited && run.exit_code == code) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected exit status " << code << "; ending " << static_cast<int>(run.ending)
                                       << ", exit " << run.exit_code << ", signal " << run.signal << ", spawn error \""
                                       << run.spawn_error << "\", output:\n"
                                       << run.output;
}

class RunnerSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!landlock_here()) GTEST_SKIP() << "no Landlock or seccomp on this machine";
    secret_ = (dir_.path() / "expected_values.json").string();
    std::ofstream(secret_) << "the answers";
  }
  testing::TempDir dir_;
  std::string secret_;
};

TEST_F(RunnerSandboxTest, FilesOutsideTheScratchFolderCannotBeRead) {
  const auto cat = find("cat");
  RunnerSandbox none(SandboxMode::None, cat);
  const auto open_run = run_confined(none, cat, {secret_});
  ASSERT_TRUE(ExitedWith(open_run, 0));  // the file is readable at all: the test can fail
  EXPECT_EQ(open_run.output, "the answers");

  RunnerSandbox landlock(SandboxMode::Landlock, cat);
  const auto run = run_confined(landlock, cat, {secret_});
  EXPECT_TRUE(ExitedWith(run, 1));
  EXPECT_NE(run.output.find("Permission denied"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("the answers"), std::string::npos);
}

// Of /proc, only the runner's own folder: not its parent's environment or
// command line (where a CI token or the fixtures' path would be).
TEST_F(RunnerSandboxTest, OnlyItsOwnProcFolderIsReadable) {
  const auto cat = find("cat");
  RunnerSandbox landlock(SandboxMode::Landlock, cat);
  const auto parent = "/proc/" + std::to_string(::getpid());
  const auto theirs = run_confined(landlock, cat, {parent + "/environ"});
  EXPECT_TRUE(ExitedWith(theirs, 1));
  EXPECT_NE(theirs.output.find("Permission denied"), std::string::npos) << theirs.output;
  const auto own = run_confined(landlock, cat, {"/proc/self/status"});
  EXPECT_TRUE(ExitedWith(own, 0));
  EXPECT_NE(own.output.find("Seccomp:\t2"), std::string::npos) << "no seccomp filter on the runner:\n" << own.output;
}

TEST_F(RunnerSandboxTest, OnlyTheScratchFolderCanBeWrittenAndItIsRemovedAfterTheCase) {
  const auto touch = find("touch");
  RunnerSandbox landlock(SandboxMode::Landlock, touch);
  const auto outside = (dir_.path() / "written_by_the_solution").string();
  std::string folder;
  const auto run = run_confined(landlock, touch, {"inside", outside}, &folder);
  EXPECT_TRUE(ExitedWith(run, 1));  // "inside" made, "outside" refused
  EXPECT_NE(run.output.find("Permission denied"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(outside));
  EXPECT_FALSE(std::filesystem::exists(folder)) << "the case's folder outlived the case";
}

TEST_F(RunnerSandboxTest, StartingAProcessKillsTheRunnerWithSigsys) {
  const auto sh = find("sh");
  RunnerSandbox landlock(SandboxMode::Landlock, sh);
  // Builtins need no new process: the shell itself runs fine.
  EXPECT_TRUE(ExitedWith(run_confined(landlock, sh, {"-c", "true; true"}), 0));
  // An external program does: the shell's fork kills it.
  const auto run = run_confined(landlock, sh, {"-c", find("sleep") + " 0; echo done"});
  EXPECT_EQ(run.ending, ChildResult::Ending::Signaled) << run.output;
  EXPECT_EQ(run.signal, SIGSYS);
  EXPECT_EQ(run.output.find("done"), std::string::npos);
}

TEST_F(RunnerSandboxTest, TheEnvironmentIsCleanAndPointsAtTheScratchFolder) {
  const auto env = find("env");
  ::setenv("ASSG_TEST_SECRET_TOKEN", "do-not-leak", 1);
  RunnerSandbox landlock(SandboxMode::Landlock, env);
  std::string folder;
  const auto run = run_confined(landlock, env, {}, &folder);
  ::unsetenv("ASSG_TEST_SECRET_TOKEN");
  ASSERT_TRUE(ExitedWith(run, 0));
  EXPECT_EQ(run.output.find("do-not-leak"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("HOME=" + folder + "\n"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("TMPDIR=" + folder + "\n"), std::string::npos) << run.output;
}

TEST(RunnerSandbox, ProcessLimitLeavesHeadroomAboveWhatRunsNow) {
  const auto limit = process_limit_with_headroom(256);
  EXPECT_GE(limit, 257U);  // at least this test's own process, plus the headroom
}

}  // namespace
}  // namespace assg
