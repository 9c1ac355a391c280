// The grader end to end: real runners built from solutions with known
// grades (tests/solutions), graded by build/bin/grader, judged by the
// results JSON, the printed table and the exit status.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "platform/child_process.hpp"
#include "../unit/temp_dir.hpp"

namespace {

using assg::testing::TempDir;
namespace fs = std::filesystem;

const std::string kBin = ASSG_BIN_DIR;
const std::string kSource = ASSG_SOURCE_DIR;

struct Graded {
  int exit_code = -1;
  std::string output;
  nlohmann::json results;

  const nlohmann::json& task(const std::string& id) const {
    for (const auto& entry : results.at("tasks"))
      if (entry.at("id") == id) return entry;
    throw std::runtime_error("no task " + id + " in the results");
  }
};

// Runs the grader on a runner (a name in build/bin, or a path); `extra`
// arguments are added, overriding the defaults below.
Graded grade(const std::string& runner, std::vector<std::string> extra = {}) {
  TempDir dir;
  const auto overridden = [&](const char* option) {
    return std::find(extra.begin(), extra.end(), option) != extra.end();
  };
  std::string results_path = (dir.path() / "results.json").string();
  std::vector<std::string> arguments = extra;
  if (!overridden("--results")) arguments.insert(arguments.end(), {"--results", results_path});
  else results_path = *(std::find(extra.begin(), extra.end(), "--results") + 1);
  if (!overridden("--color")) arguments.insert(arguments.end(), {"--color", "never"});
  arguments.insert(arguments.end(), {"--jobs", "2"});
  if (!runner.empty())
    arguments.insert(arguments.end(), {"--runner", runner.find('/') == std::string::npos ? kBin + "/" + runner : runner});
  if (!overridden("--solution")) arguments.insert(arguments.end(), {"--solution", runner});
  assg::ChildLimits limits;
  limits.timeout_seconds = 600;
  limits.output_cap_bytes = 4 * 1024 * 1024;
  const auto run = assg::run_child(kBin + "/grader", arguments, {}, limits);
  Graded graded;
  graded.exit_code = run.ending == assg::ChildResult::Ending::Exited ? run.exit_code : -1;
  graded.output = run.output;
  std::ifstream file(results_path);
  if (file) graded.results = nlohmann::json::parse(file);
  return graded;
}

// The default rubric with a short time limit, so infinite loops end fast.
std::string short_timeout_rubric(const TempDir& dir) {
  std::ifstream file(kSource + "/grader/rubric.json");
  auto rubric = nlohmann::json::parse(file);
  rubric["defaults"]["timeout_seconds"] = 2;
  return dir.write("rubric.json", rubric.dump());
}

const std::map<std::string, double> kMaxPoints{{"1.1", 15}, {"1.2", 20}, {"2.1", 15}, {"2.2", 15}, {"2.3", 20},
                                               {"3.1", 6},  {"3.2", 3},  {"3.3", 3},  {"3.4", 3}};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string first_failure(const nlohmann::json& task) {
  for (const auto& test : task.at("tests"))
    if (!test.at("passed").get<bool>()) return test.at("message").get<std::string>();
  return "";
}

TEST(GradeReference, ScoresFullMarksAndExitsZero) {
  const auto graded = grade("runner-reference");
  ASSERT_EQ(graded.exit_code, 0) << graded.output;
  EXPECT_EQ(graded.results.at("total_points"), 100.0);
  EXPECT_EQ(graded.results.at("max_points"), 100.0);
  for (const auto& [id, max_points] : kMaxPoints) {
    const auto& task = graded.task(id);
    EXPECT_EQ(task.at("status"), "passed") << id;
    EXPECT_EQ(task.at("points"), max_points) << id;
    EXPECT_EQ(task.at("max_points"), max_points) << id;
  }
  EXPECT_TRUE(contains(graded.output, "Total: 100.00/100")) << graded.output;
}

TEST(GradeIndependentSolution, AStudentsOwnCorrectCodeScoresFullMarks) {
  // Different code and a different order of additions from the reference:
  // the tolerance, not bit-equality, decides.
  for (const char* runner : {"runner-test-student_style_full_marks", "runner-test-plain_loops_full_marks"}) {
    const auto graded = grade(runner);
    EXPECT_EQ(graded.exit_code, 0) << runner << "\n" << graded.output;
    EXPECT_EQ(graded.results.at("total_points"), 100.0) << runner;
  }
}

TEST(GradeReference, ResultsFollowTheDocumentedSchema) {
  const auto results = grade("runner-reference", {"--task", "1.1"}).results;
  for (const char* key : {"total_points", "max_points", "tasks"}) EXPECT_TRUE(results.contains(key)) << key;
  const auto& task = results.at("tasks").at(0);
  for (const char* key : {"id", "function", "points", "max_points", "status", "tests"})
    EXPECT_TRUE(task.contains(key)) << key;
  const auto& test = task.at("tests").at(0);
  for (const char* key : {"name", "passed", "message"}) EXPECT_TRUE(test.contains(key)) << key;
  EXPECT_EQ(task.at("function"), "calc_new_height_width");
}

TEST(GradeStubs, ScoreZeroWithEveryTaskNotImplemented) {
  const auto graded = grade("runner-test-stubs");
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  EXPECT_EQ(graded.results.at("total_points"), 0.0);
  EXPECT_EQ(graded.results.at("max_points"), 100.0);
  ASSERT_EQ(graded.results.at("tasks").size(), kMaxPoints.size());
  for (const auto& task : graded.results.at("tasks")) {
    EXPECT_EQ(task.at("status"), "not_implemented") << task.at("id");
    EXPECT_TRUE(contains(first_failure(task), "not implemented yet")) << first_failure(task);
  }
  EXPECT_TRUE(contains(graded.output, "Total: 0.00/100"));
}

TEST(GradeStubs, AFunctionWaitingForAnotherTasksStubSaysWhichOne) {
  const auto graded = grade("runner-test-reuses_a_stub", {"--task", "2.1", "--task", "2.3"});
  EXPECT_EQ(graded.task("2.1").at("status"), "not_implemented");
  EXPECT_EQ(graded.task("2.3").at("status"), "not_implemented");
  EXPECT_EQ(first_failure(graded.task("2.3")),
            "not implemented yet: conv_forward calls zero_pad, which still throws NotImplemented (the starting "
            "stub); implement zero_pad first");
  EXPECT_TRUE(contains(graded.output, "course_example: not implemented yet: conv_forward calls zero_"))
      << graded.output;
}

TEST(GradeStubs, MissingFunctionsCostOnlyTheirOwnTasks) {
  const auto graded = grade("runner-test-defines_only_task_1_1");
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  EXPECT_EQ(graded.task("1.1").at("status"), "passed");
  EXPECT_EQ(graded.results.at("total_points"), 15.0);
  EXPECT_EQ(graded.task("2.3").at("status"), "not_implemented");
  EXPECT_EQ(first_failure(graded.task("2.3")),
            "not implemented yet: conv_forward is not defined in your file (check its name and parameter types "
            "against student/assg_tasks.hpp, and that it is not inside a namespace)");
}

// A definition marked inline is emitted only where its own file uses it;
// the runner must still grade it, not the fallback that stands in for a
// missing function.
TEST(GradeInlineDefinitions, AnInlineCorrectSolutionScoresFullMarks) {
  const auto graded = grade("runner-test-inline_full_marks");
  EXPECT_EQ(graded.exit_code, 0) << graded.output;
  EXPECT_EQ(graded.results.at("total_points"), 100.0);
  for (const auto& task : graded.results.at("tasks")) EXPECT_EQ(task.at("status"), "passed") << task.at("id");
}

TEST(GradeStubs, FunctionsInsideANamespaceAreMissingAndTheMessageSaysWhereToLook) {
  const auto graded = grade("runner-test-defines_in_a_namespace");
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  EXPECT_EQ(graded.results.at("total_points"), 0.0);
  for (const auto& task : graded.results.at("tasks")) {
    EXPECT_EQ(task.at("status"), "not_implemented") << task.at("id");
    EXPECT_TRUE(contains(first_failure(task), "not inside a namespace")) << first_failure(task);
  }
}

// One deliberately buggy solution per task: it loses points on that task
// and on no other, and the message says what is wrong.
struct BuggySolution {
  std::string runner;
  std::string task;
  std::string message_part;
};

void PrintTo(const BuggySolution& bug, std::ostream* out) { *out << bug.runner; }

class GradeBuggySolution : public ::testing::TestWithParam<BuggySolution> {};

TEST_P(GradeBuggySolution, LosesPointsOnItsTaskAndNoOther) {
  const auto& bug = GetParam();
  const auto graded = grade(bug.runner);
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  for (const auto& [id, max_points] : kMaxPoints) {
    const auto& task = graded.task(id);
    if (id == bug.task) {
      EXPECT_EQ(task.at("status"), "failed") << id;
      EXPECT_LT(task.at("points").get<double>(), max_points) << id;
      EXPECT_TRUE(contains(first_failure(task), bug.message_part))
          << "expected \"" << bug.message_part << "\" in: " << first_failure(task);
    } else {
      EXPECT_EQ(task.at("status"), "passed") << id << ": " << first_failure(task);
      EXPECT_EQ(task.at("points"), max_points) << id;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    OnePerTask, GradeBuggySolution,
    ::testing::Values(
        BuggySolution{"runner-test-bug_1_1_ceil_output_size", "1.1", "new_width: expected 11, got 12"},
        BuggySolution{"runner-test-bug_1_2_pool_ignores_stride", "1.2", "result: wrong shape"},
        BuggySolution{"runner-test-bug_2_1_pads_channels", "2.1", "axis 3 (c)"},
        BuggySolution{"runner-test-bug_2_2_no_bias", "2.2", "result: expected -6.999089450680221"},
        BuggySolution{"runner-test-bug_2_3_window_ignores_stride", "2.3", "values differ"},
        BuggySolution{"runner-test-bug_3_1_db_last_sample_only", "3.1", "db: "},
        BuggySolution{"runner-test-bug_3_2_first_maximum_only", "3.2", "mask entries differ"},
        BuggySolution{"runner-test-bug_3_3_divides_by_sum", "3.3", "values differ"},
        BuggySolution{"runner-test-bug_3_4_average_not_divided", "3.4", "values differ"}),
    [](const ::testing::TestParamInfo<BuggySolution>& param_info) { return param_info.param.runner.substr(12); });

// The gradient check (tasks 3.1 and 3.4) in the failing case's message: the
// gradient that is off, with an entry's value and what finite differences of
// the reference forward pass give (the fixture's expected value, checked by
// the NumPy oracle).
std::string six_digits(double value) {
  std::ostringstream text;
  text << std::setprecision(6) << value;  // as printf's %.6g
  return text.str();
}

double expected_entry(const std::string& fixture, const std::string& case_name, const std::string& output) {
  std::ifstream file(kSource + "/fixtures/" + fixture);
  const auto json = nlohmann::json::parse(file);
  for (const auto& fixture_case : json.at("cases"))
    if (fixture_case.at("name") == case_name) return fixture_case.at("expected").at(output).at("data").at(0);
  throw std::runtime_error("no case " + case_name + " in " + fixture);
}

TEST(GradeBuggySolution, TheGradientCheckNamesTheGradientThatIsOff) {
  // db summed over the last sample only: dlai_example (10 samples) fails.
  const auto conv = grade("runner-test-bug_3_1_db_last_sample_only", {"--task", "3.1"});
  const auto conv_message = first_failure(conv.task("3.1"));
  EXPECT_TRUE(contains(conv_message, "\nGradient check (finite differences of the reference conv_forward): db is off "
                                     "at 8 of 8 entries checked, e.g. db[0,0,0,0] is "))
      << conv_message;
  EXPECT_TRUE(contains(conv_message, " but should be " +
                                         six_digits(expected_entry("conv_backward.json", "dlai_example", "db")) + "."))
      << conv_message;
  EXPECT_TRUE(contains(conv_message, "\ndA (20 entries) and dW (20 entries) agree with finite differences."))
      << conv_message;

  // Average pooling's whole gradient to every cell: 4 times the share with
  // a 2x2 kernel; dlai_example_avg is the first case to fail.
  const auto pool = grade("runner-test-bug_3_4_average_not_divided", {"--task", "3.4"});
  const auto pool_message = first_failure(pool.task("3.4"));
  const double share = expected_entry("pool_backward.json", "dlai_example_avg", "result");
  EXPECT_TRUE(contains(pool_message, "\nGradient check of the result dA (finite differences of the reference "
                                     "pool_forward, average mode): dA is off at 20 of 20 entries checked, e.g. "
                                     "dA[0,0,0,0] is " +
                                         six_digits(4 * share) + " but should be " + six_digits(share) + "."))
      << pool_message;
}

TEST(GradeBrokenSolution, EachFailureKindCostsOnlyItsOwnTask) {
  TempDir dir;
  const auto graded = grade("runner-test-broken_mix", {"--rubric", short_timeout_rubric(dir)});
  ASSERT_EQ(graded.exit_code, 1) << graded.output;

  EXPECT_EQ(graded.task("1.1").at("status"), "passed");
  EXPECT_EQ(graded.task("1.1").at("points"), 15.0);
  EXPECT_EQ(graded.task("3.4").at("status"), "passed");
  EXPECT_EQ(graded.task("3.4").at("points"), 3.0);

  // An infinite loop on the 8 cases with 3x3 windows: those time out, the
  // other 14 of 22 still earn their share. 2000 hundredths over 22 cases:
  // the first 20 by name are worth 0.91, the last two 0.90 (both have 3x3
  // windows), so the 14 passing cases earn 0.91 each.
  const auto& pool = graded.task("1.2");
  EXPECT_EQ(pool.at("status"), "timed_out");
  EXPECT_EQ(pool.at("points"), 12.74);
  EXPECT_TRUE(contains(first_failure(pool), "timed out")) << first_failure(pool);

  // The wrong-shape mask (always 1x1) is right for the one 1x1 window of 8
  // (3 points over 8 cases: 0.38 for each of the 4 whose names sort first,
  // 0.37 for the others, one_by_one among them).
  const std::vector<std::tuple<std::string, std::string, double, std::vector<std::string>>> expected{
      {"2.1", "crashed", 0.0, {"threw std::runtime_error", "zero_pad gave up"}},
      {"2.2", "crashed", 0.0, {"threw int"}},
      {"2.3", "crashed", 0.0, {"SIGSEGV", "make debug TASK=2.3 CASE="}},
      {"3.1", "crashed", 0.0, {"Eigen index check failed"}},
      {"3.2", "failed", 0.37, {"wrong shape: expected (2, 3), got (1, 1)"}},
      {"3.3", "crashed", 0.0, {"exit status 0", "exit()"}},
  };
  for (const auto& [id, status, points, parts] : expected) {
    const auto& task = graded.task(id);
    EXPECT_EQ(task.at("status"), status) << id;
    EXPECT_EQ(task.at("points"), points) << id;
    for (const auto& part : parts)
      EXPECT_TRUE(contains(first_failure(task), part)) << id << ": expected \"" << part << "\" in " << first_failure(task);
  }
  EXPECT_DOUBLE_EQ(graded.results.at("total_points").get<double>(), 15.0 + 12.74 + 0.37 + 3.0);
}

TEST(GradeBrokenSolution, LeavesNoProcessRunning) {
  TempDir dir;
  // A copy under a name no other (parallel) test uses, to look for afterwards.
  const auto runner = dir.path() / "runner-looping-copy";
  fs::copy_file(kBin + "/runner-test-broken_mix", runner);
  grade(runner.string(), {"--rubric", short_timeout_rubric(dir), "--task", "1.2"});
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::string command;
    std::getline(cmdline, command, '\0');
    EXPECT_FALSE(contains(command, runner.string())) << "still running: pid " << name;
  }
}

TEST(GradeGarbledReply, IsACrashOfThatTaskAlone) {
  const auto graded = grade("runner-test-garbles_its_reply");
  EXPECT_EQ(graded.exit_code, 1);
  EXPECT_EQ(graded.task("1.1").at("status"), "crashed");
  EXPECT_TRUE(contains(first_failure(graded.task("1.1")), "reply was unreadable")) << first_failure(graded.task("1.1"));
  EXPECT_EQ(graded.results.at("total_points"), 85.0);
}

TEST(GradeUninitialisedMemory, AResultNeverZeroedFailsWhereTheMistakeIs) {
  // A fresh process's memory is usually zero; the runner fills it with junk.
  const auto graded = grade("runner-test-forgets_set_zero", {"--task", "2.1"});
  const auto& task = graded.task("2.1");
  EXPECT_EQ(task.at("status"), "failed");
  EXPECT_EQ(task.at("points"), 1.67) << "only the pad 0 case can pass";
  EXPECT_TRUE(contains(first_failure(task), "the signature of uninitialised memory")) << first_failure(task);
}

TEST(GradeUninitialisedMemory, SmallResultsNeverZeroedFailEveryCaseOfTheirTask) {
  // Each is the independent full-marks solution with one result summed into
  // without setZero(): db, dW and a pooling window are small enough to come
  // from glibc's per-thread cache, which MALLOC_PERTURB_ alone never fills.
  const std::vector<std::pair<std::string, std::string>> planted{
      {"runner-test-forgets_db_set_zero", "3.1"},
      {"runner-test-forgets_dw_set_zero", "3.1"},
      {"runner-test-distribute_value_accumulates", "3.3"}};
  for (const auto& [runner, id] : planted) {
    const auto graded = grade(runner);
    ASSERT_FALSE(graded.results.is_null()) << graded.output;
    for (const auto& [task_id, max_points] : kMaxPoints)
      EXPECT_EQ(graded.task(task_id).at("points"), task_id == id ? 0.0 : max_points)
          << runner << ", task " << task_id << ": " << first_failure(graded.task(task_id));
  }
}

// This process and everything it starts on one CPU, shared with `spinners`
// busy loops, for as long as it lives.
class BusyCpu {
 public:
  explicit BusyCpu(int spinners) {
    sched_getaffinity(0, sizeof original_, &original_);
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &original_)) {
        CPU_SET(cpu, &one);
        break;
      }
    sched_setaffinity(0, sizeof one, &one);
    for (int i = 0; i < spinners; ++i) {
      const pid_t pid = ::fork();
      if (pid == 0)
        for (volatile unsigned long spin = 0;; spin = spin + 1) {
        }
      if (pid > 0) spinners_.push_back(pid);
    }
  }
  BusyCpu(const BusyCpu&) = delete;
  BusyCpu& operator=(const BusyCpu&) = delete;
  ~BusyCpu() {
    for (const pid_t pid : spinners_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    sched_setaffinity(0, sizeof original_, &original_);
  }
  std::size_t spinners() const { return spinners_.size(); }

 private:
  cpu_set_t original_{};
  std::vector<pid_t> spinners_;
};

TEST(GradeOnABusyMachine, ACorrectSlowCaseIsNotTimedOutByOtherLoad) {
  // Each case uses 1 s of CPU time against a 3 s limit; with eight busy
  // loops and two runners on one CPU it gets a tenth of it, so it needs
  // about 10 s on the clock: waiting for a CPU is not sleeping.
  const BusyCpu busy(8);
  ASSERT_EQ(busy.spinners(), 8U);
  const auto graded =
      grade("runner-test-slow_but_correct", {"--task", "3.3", "--gtest_filter=distribute_value.dlai_example:distribute_value.zero"});
  ASSERT_FALSE(graded.results.is_null()) << graded.output;
  const auto& tests = graded.task("3.3").at("tests");
  ASSERT_EQ(tests.size(), 2U) << graded.output;
  for (const auto& test : tests)
    EXPECT_TRUE(test.at("passed").get<bool>()) << test.at("name") << ": " << test.at("message");
}

TEST(GradeChattySolution, InvalidUtf8IsReplacedAndTheResultsStillWritten) {
  const auto graded = grade("runner-test-prints_invalid_utf8", {"--task", "2.2"});
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  ASSERT_FALSE(graded.results.is_null()) << graded.output;
  const auto message = first_failure(graded.task("2.2"));
  EXPECT_TRUE(contains(message, "threw std::runtime_error:\n    | bad \xEF\xBF\xBD byte")) << message;
  EXPECT_TRUE(contains(message, "\xC3\xA9...")) << "long lines are cut between characters";
}

TEST(GradeChattySolution, PrintsDoNotDisturbTheGrade) {
  const auto graded = grade("runner-test-prints_debug_output");
  EXPECT_EQ(graded.exit_code, 0) << graded.output;
  EXPECT_EQ(graded.results.at("total_points"), 100.0);
}

TEST(GradeTwoTasksOfOneFunction, KeepTheirResultsApart) {
  // Two rubric tasks grading pool_forward from the same fixture: same case
  // names, distinct tests.
  TempDir dir;
  const auto rubric = dir.write("rubric.json", R"({"tasks": [
      {"id": "1.2a", "function": "pool_forward", "points": 10},
      {"id": "1.2b", "function": "pool_forward", "points": 10}]})");
  const auto graded = grade("runner-reference", {"--rubric", rubric});
  EXPECT_EQ(graded.exit_code, 0) << graded.output;
  EXPECT_EQ(graded.task("1.2a").at("tests").size(), 22U);
  EXPECT_EQ(graded.task("1.2b").at("tests").size(), 22U);
  EXPECT_EQ(graded.results.at("total_points"), 20.0);
}

TEST(GradeOneTask, TaskFilterGradesOnlyThatTask) {
  const auto graded = grade("runner-reference", {"--task", "2.3"});
  EXPECT_EQ(graded.exit_code, 0);
  ASSERT_EQ(graded.results.at("tasks").size(), 1U);
  EXPECT_EQ(graded.results.at("tasks").at(0).at("id"), "2.3");
  EXPECT_EQ(graded.results.at("max_points"), 20.0);
}

TEST(GradeCompileError, EveryTaskIsCompileErrorAndTheFirstErrorIsQuoted) {
  TempDir dir;
  const auto log = dir.write("compile.log",
                             "[1/2] Building CXX object runner.o\n"
                             "student/assg_tasks.cpp: In function 'int f()':\n"
                             "student/assg_tasks.cpp:12:3: error: expected ';' before '}' token\n");
  const auto graded = grade("", {"--compile-error", log, "--solution", "student/assg_tasks.cpp"});
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  EXPECT_EQ(graded.results.at("total_points"), 0.0);
  for (const auto& task : graded.results.at("tasks")) {
    EXPECT_EQ(task.at("status"), "compile_error");
    EXPECT_TRUE(contains(first_failure(task), "student/assg_tasks.cpp:12:3: error: expected ';'"));
  }
  EXPECT_TRUE(contains(graded.output, "does not compile"));
}

TEST(GradeCompileError, ALinkErrorIsReportedAsSuch) {
  TempDir dir;
  const auto log = dir.write("compile.log",
                             "/usr/bin/ld: assg_tasks.cpp.o: in function `conv_forward(...)':\n"
                             "assg_tasks.cpp:(.text+0x4d): undefined reference to `my_helper(int)'\n"
                             "collect2: error: ld returned 1 exit status\n");
  const auto graded = grade("", {"--compile-error", log, "--solution", "student/assg_tasks.cpp"});
  EXPECT_EQ(graded.exit_code, 1);
  EXPECT_TRUE(contains(first_failure(graded.results.at("tasks").at(0)),
                       "does not link: assg_tasks.cpp:(.text+0x4d): undefined reference to `my_helper(int)'"))
      << first_failure(graded.results.at("tasks").at(0));
}

TEST(GraderErrors, AMissingRunnerIsAHarnessError) {
  const auto graded = grade("no-such-runner");
  EXPECT_EQ(graded.exit_code, 2);
  EXPECT_TRUE(contains(graded.output, "no-such-runner: the runner program is missing")) << graded.output;
}

TEST(GraderErrors, ARunnerThatCannotStartIsTheGradersErrorNotTheStudents) {
  TempDir dir;
  const auto runner = dir.write("runner", "#!/nonexistent/interpreter\n");
  fs::permissions(runner, fs::perms::owner_all);
  const auto graded = grade(runner, {"--task", "3.3"});
  EXPECT_EQ(graded.exit_code, 2) << graded.output;
  EXPECT_TRUE(contains(graded.output, "grader: error: cannot run " + runner)) << graded.output;
}

TEST(GraderErrors, FailFastIsRefused) {
  const auto graded = grade("runner-reference", {"--gtest_fail_fast"});
  EXPECT_EQ(graded.exit_code, 2);
  EXPECT_TRUE(contains(graded.output, "--gtest_fail_fast would stop grading part-way")) << graded.output;
}

TEST(GraderErrors, AFilterThatDropsCasesIsWarnedAbout) {
  const auto graded = grade("runner-reference", {"--gtest_filter=zero_pad.course_*"});
  EXPECT_TRUE(contains(graded.output, "warning: only 4 of 95 cases will run")) << graded.output;
}

TEST(GraderErrors, AMalformedRubricNamesTheFile) {
  TempDir dir;
  const auto rubric = dir.write("rubric.json", R"({"tasks": [{"id": "1.1", "function": "calc", "points": 1}]})");
  const auto graded = grade("runner-reference", {"--rubric", rubric});
  EXPECT_EQ(graded.exit_code, 2);
  EXPECT_TRUE(contains(graded.output, rubric + ": task 1.1: unknown function \"calc\"")) << graded.output;
  EXPECT_TRUE(graded.results.is_null()) << "no results may be written for a run that never graded";
}

TEST(GraderErrors, AMalformedFixtureNamesTheFileAndCase) {
  TempDir dir;
  fs::create_directory(dir.path() / "fixtures");
  for (const auto& entry : fs::directory_iterator(kSource + "/fixtures"))
    if (entry.is_regular_file()) fs::copy_file(entry.path(), dir.path() / "fixtures" / entry.path().filename());
  std::ifstream original(kSource + "/fixtures/zero_pad.json");
  auto fixture = nlohmann::json::parse(original);
  fixture["cases"][1]["inputs"].erase("X");
  std::ofstream(dir.path() / "fixtures" / "zero_pad.json") << fixture.dump();
  const auto graded = grade("runner-reference", {"--fixtures", (dir.path() / "fixtures").string()});
  EXPECT_EQ(graded.exit_code, 2);
  EXPECT_TRUE(contains(graded.output, "zero_pad.json: case 2 \"course_default_padding\": missing input \"X\""))
      << graded.output;
}

TEST(GraderErrors, AnUnwritableResultsPathIsAHarnessError) {
  const auto graded = grade("runner-reference", {"--task", "3.3", "--results", "/proc/version/results.json"});
  EXPECT_EQ(graded.exit_code, 2) << graded.output;
  EXPECT_TRUE(contains(graded.output, "could not write the results")) << graded.output;
}

TEST(GraderOutput, ColourOnlyWhenAsked) {
  const auto plain = grade("runner-reference", {"--task", "3.3"});
  EXPECT_FALSE(contains(plain.output, "\x1b[")) << "colour escape codes in a non-terminal run";
  const auto coloured = grade("runner-reference", {"--task", "3.3", "--color", "always"});
  EXPECT_TRUE(contains(coloured.output, "\x1b[")) << coloured.output;
}

}  // namespace
