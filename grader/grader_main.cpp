// The grader: grades one compiled solution (its runner program) against the
// rubric and fixtures, with GoogleTest, and never runs student code in its
// own process. Exit status: 0 every graded test passed, 1 some test failed
// (or the solution did not compile), 2 the grader itself could not run.
#include <algorithm>
#include <filesystem>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "case_test.hpp"
#include "file_io.hpp"
#include "grade_listener.hpp"
#include "grading_plan.hpp"
#include "report/report_table.hpp"
#include "run_scheduler.hpp"
#include "platform/runner_sandbox.hpp"
#include "sanitized_runs.hpp"

namespace {

constexpr int kHarnessError = 2;

int harness_error(const std::string& message) {
  std::cerr << "grader: error: " << message << "\n";
  return kHarnessError;
}

// Stopped part-way (Ctrl-C, or grade-all's time limit): take the solution's
// processes down too, then go.
extern "C" void stop_grading(int signal) {
  assg::kill_all_children();
  ::_exit(128 + signal);
}

// The sandbox asked for, or the best this machine allows ("auto").
std::unique_ptr<assg::RunnerSandbox> make_sandbox(const std::string& choice, const std::string& runner,
                                                  const std::vector<std::string>& run_under, int seccomp_fd,
                                                  int status_fd) {
  if (!run_under.empty()) {
    // Named by the programs it is made of ("sh, bwrap").
    std::string names;
    for (const auto& argument : run_under)
      if (!argument.empty() && argument.front() == '/' && std::filesystem::is_regular_file(argument) &&
          ::access(argument.c_str(), X_OK) == 0)
        names += (names.empty() ? "" : ", ") + std::filesystem::path(argument).filename().string();
    return std::make_unique<assg::RunnerSandbox>(assg::SandboxMode::Launcher, runner, seccomp_fd,
                                                 names.empty() ? "a launcher" : names, status_fd);
  }
  if (seccomp_fd >= 0) throw std::runtime_error("--launcher-seccomp-fd needs --run-under");
  if (status_fd >= 0) throw std::runtime_error("--launcher-status-fd needs --run-under");
  if (choice == "none") return std::make_unique<assg::RunnerSandbox>(assg::SandboxMode::None, runner);
  if (choice == "auto" && assg::platform_backend() == assg::PlatformBackend::Posix) {
    std::cerr << "grader: note: the sandbox is reduced (this grader has the portable POSIX backend): rlimits, a "
                 "process group and a fork guard hold the solution, but it can read and write your files\n";
    return std::make_unique<assg::RunnerSandbox>(assg::SandboxMode::None, runner);
  }
  const auto support = assg::detect_sandbox_support();
  if (choice == "auto" && (support.landlock_abi == 0 || !support.seccomp)) {
    std::cerr << "grader: warning: the solution runs without a sandbox ("
              << (support.landlock_abi == 0 ? support.landlock_missing : support.seccomp_missing)
              << "): it can read and write your files; grades from this machine are not proof of anything\n";
    return std::make_unique<assg::RunnerSandbox>(assg::SandboxMode::None, runner);
  }
  return std::make_unique<assg::RunnerSandbox>(assg::SandboxMode::Landlock, runner);
}

}  // namespace

int main(int argc, char** argv) {
  // GoogleTest answers --help with its own text; ours comes first.
  const bool asked_for_help = std::any_of(argv + 1, argv + argc, [](const char* arg) {
    return std::string(arg) == "--help" || std::string(arg) == "-h";
  });
  if (!asked_for_help) ::testing::InitGoogleTest(&argc, argv);  // consumes --gtest_* flags

  std::string runner;
  std::string rubric_path = ASSG_SOURCE_DIR "/grader/rubric.json";
  std::string fixtures_dir = ASSG_SOURCE_DIR "/fixtures";
  std::string hidden_fixtures_dir;
  std::string hidden_rubric_path;
  std::string full_expected_dir;
  std::vector<std::string> run_under;
  std::vector<std::string> only_tasks;
  std::string results_path = "build/results/results.json";
  std::string compile_log;
  std::string junit_path;
  std::string solution_label = "the solution";
  std::string color = "auto";
  int jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  bool verbose = false;
  std::string sandbox_choice = "auto";
  int launcher_seccomp_fd = -1;
  int launcher_status_fd = -1;

  CLI::App app{"Grade one solution of Assignment 05 against the rubric and fixtures.\n"
               "Usually run through `make test`; GoogleTest's --gtest_* flags are accepted too."};
  app.add_option("--runner", runner, "The solution's runner program (build/bin/runner)");
  app.add_option("--rubric", rubric_path, "Rubric file")->capture_default_str();
  app.add_option("--fixtures", fixtures_dir, "Folder holding the fixture files")->capture_default_str();
  app.add_option("--hidden-fixtures", hidden_fixtures_dir,
                 "Folder of instructor-only fixtures (named like the visible ones): graded, their data never shown");
  app.add_option("--hidden-rubric", hidden_rubric_path,
                 "With --hidden-fixtures: the hidden cases' weights, time limits and tolerances (kept out of the "
                 "students' rubric, which must not name a hidden case)");
  app.add_option("--full-expected", full_expected_dir,
                 "Folder of fixtures (named like the visible ones) giving in full the outputs the visible fixtures "
                 "summarize: every value is checked, not only the public sample (grade-all writes it)");
  app.add_option("--run-under", run_under,
                 "Start each runner under this command (a sandbox), one argument per use: --run-under=bwrap "
                 "--run-under=--unshare-net ...; the runner's path comes last")
      ->allow_extra_args(false);
  app.add_option("--sandbox", sandbox_choice,
                 "How the solution's code is confined: landlock (Linux: Landlock + seccomp), none (rlimits and a "
                 "scratch folder only), or auto (landlock where the machine has it, else none; with --run-under, "
                 "the launcher sandboxes)")
      ->check(CLI::IsMember({"auto", "landlock", "none"}))
      ->capture_default_str();
  app.add_option("--launcher-seccomp-fd", launcher_seccomp_fd,
                 "With --run-under: hand the launcher the runner's seccomp filter on this descriptor "
                 "(assg-supervise --seccomp-fd N loads it into the runner)")
      ->check(CLI::Range(10, 1000));
  app.add_option("--launcher-status-fd", launcher_status_fd,
                 "With --run-under: the launcher ends with assg-supervise, which reports how the runner ended on "
                 "this descriptor (a sandbox's exit status 128 + N could be a signal or the solution's own exit)")
      ->check(CLI::Range(4, 1000));
  app.add_option("--task", only_tasks, "Grade only these task ids (e.g. --task 2.3); repeatable");
  app.add_option("--results", results_path, "Where to write the results JSON")->capture_default_str();
  app.add_option("--junit", junit_path, "Also write the grade as JUnit XML here (for GitLab, Jenkins and other CI)");
  app.add_option("--compile-error", compile_log,
                 "The solution did not compile: grade every task compile_error, quoting this compiler log");
  app.add_option("--solution", solution_label, "What is being graded, as shown in the report");
  app.add_option("--color", color, "auto, always or never (auto honours NO_COLOR)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--jobs", jobs, "Test cases run in parallel")->check(CLI::Range(1, 256))->capture_default_str();
  app.add_flag("--verbose", verbose, "Also print GoogleTest's own per-test output");
  bool list = false;
  app.add_flag("--list", list, "List the graded tasks and their cases, then exit");
  bool reveal_hidden = false;
  app.add_flag("--reveal-hidden", reveal_hidden,
               "Show the hidden cases' own names and failure messages, data included (for the instructor: "
               "grade-all --explain; never for results handed back)");
  bool sanitized = false;  // make test SANITIZE=1
  app.add_flag("--sanitized", sanitized,
               "The runner was built with AddressSanitizer and UndefinedBehaviorSanitizer (make test SANITIZE=1): "
               "run it under their limits and report their errors with the --solution file's lines");
  std::string symbolizer;  // make test SANITIZE=1: CMake's ASSG_SYMBOLIZER
  app.add_option("--symbolizer", symbolizer,
                 "With --sanitized: the runner prints its frames unsymbolized, and this program (llvm-symbolizer, "
                 "addr2line or atos) turns them into lines after the run, outside the sandbox");
  app.footer("GoogleTest's own flags (e.g. --gtest_filter=conv_forward.*) are accepted too: see --gtest_help.\n"
             "Exit status: 0 every graded test passed, 1 some failed or the solution did not compile, 2 the\n"
             "grader could not run (bad rubric or fixture, missing runner, unwritable results).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kHarnessError;
  }
  if (!asked_for_help && ::testing::GTEST_FLAG(fail_fast))
    return harness_error("--gtest_fail_fast would stop grading part-way; grade part of the work with --task instead");
  // A case's worth is fixed by its name, but the table, the messages and the
  // results' order would still change from run to run: one run, one order.
  if (!asked_for_help && ::testing::GTEST_FLAG(shuffle))
    return harness_error("--gtest_shuffle (or GTEST_SHUFFLE) would grade the cases in a random order; grading "
                         "runs them in the fixtures' order, so leave it out");
  if (!list && runner.empty() == compile_log.empty())
    return harness_error("give exactly one of --runner (a built solution) or --compile-error (its compiler log)");

  // A runner cannot read this process's memory, environment or descriptors
  // through /proc (unless it is root), sandbox or not.
  assg::hide_own_memory();
  std::signal(SIGPIPE, SIG_IGN);  // a child that dies mid-request must not kill the grader
  std::signal(SIGTERM, stop_grading);
  std::signal(SIGINT, stop_grading);
  const auto style = assg::detect_style(
      color == "always" ? assg::ColorChoice::Always
                        : color == "never" ? assg::ColorChoice::Never : assg::ColorChoice::Auto,
      STDOUT_FILENO);

  assg::GradingPlan plan;
  try {
    plan = assg::load_grading_plan(rubric_path, fixtures_dir, only_tasks, hidden_fixtures_dir, hidden_rubric_path,
                                   full_expected_dir);
  } catch (const std::exception& error) {
    return harness_error(error.what());
  }
  for (const auto& warning : plan.warnings) std::cerr << "grader: warning: " << warning << "\n";

  if (list) {
    for (const auto& task : plan.tasks) {
      std::cout << fmt::format("{} {} ({:g} points{})\n", task.rule.id, task.rule.function, task.rule.points,
                               task.rule.bonus ? ", bonus" : "");
      for (const auto& fixture_case : task.fixture.cases)
        std::cout << fmt::format("    {:<36} {}{}\n", fixture_case.name, fixture_case.hidden ? "(hidden) " : "",
                                 fixture_case.description);
    }
    return 0;
  }

  if (!compile_log.empty()) {
    const auto text = assg::read_file(compile_log);
    if (!text) return harness_error(fmt::format("{}: cannot read the compiler log", compile_log));
    const bool written = assg::report_compile_error(plan, solution_label, *text, results_path, style, junit_path);
    return written ? 1 : kHarnessError;
  }
  if (::access(runner.c_str(), X_OK) != 0)
    return harness_error(fmt::format("{}: the runner program is missing or not executable", runner));

  // The runner starts in its scratch folder: its path must not depend on ours.
  runner = std::filesystem::absolute(runner).string();
  std::unique_ptr<assg::RunnerSandbox> sandbox;
  try {
    sandbox = make_sandbox(sandbox_choice, runner, run_under, launcher_seccomp_fd, launcher_status_fd);
  } catch (const std::exception& error) {
    return harness_error(error.what());
  }
  assg::RunScheduler scheduler(runner, jobs, run_under, sandbox.get());
  assg::ChildLimits limits;
  // 2 GiB: eight times what the largest case needs with the reference
  // (260 MB), and a runaway allocation fails instead of swapping.
  limits.address_space_bytes = std::uint64_t{assg::kCaseMemoryGiB} << 30;
  limits.file_size_bytes = std::uint64_t{64} << 20;  // no file the solution writes grows past 64 MiB
  limits.open_files = 64;
  limits.processes = assg::process_limit_with_headroom(256);
  limits.environment = assg::junk_memory_environment();
  // make test SANITIZE=1: the solution's lines are named relative to the project.
  std::optional<assg::SanitizedSolution> sanitized_solution;
  if (sanitized) {
    sanitized_solution = assg::SanitizedSolution{assg::SolutionSource{solution_label, ASSG_SOURCE_DIR}, nullptr};
    try {
      if (!symbolizer.empty())
        sanitized_solution->symbolizer =
            std::make_shared<const assg::OfflineSymbolizer>(symbolizer, std::vector<std::string>{runner});
    } catch (const std::exception& error) {
      return harness_error(error.what());
    }
  }
  const auto registry = assg::register_case_tests(
      plan, scheduler,
      sanitized ? assg::sanitized_limits(limits, sanitized_solution && sanitized_solution->symbolizer) : limits,
      sanitized_solution);

  auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
  if (!verbose) std::unique_ptr<::testing::TestEventListener>(listeners.Release(listeners.default_result_printer()));
  auto owned =
      std::make_unique<assg::GradeListener>(plan, registry, scheduler, solution_label, results_path, style, junit_path);
  if (reveal_hidden) owned->reveal_hidden();
  const auto* listener = owned.get();
  listeners.Append(owned.release());  // GoogleTest owns the listener from here on

  const int outcome = RUN_ALL_TESTS();
  if (!listener->results_written() || listener->harness_failed()) return kHarnessError;
  return outcome == 0 ? 0 : 1;
}
