// The grader's mutation score is 100%, and its diagnoses name the right
// mistake: every mutant of the catalogue (reference/mutants), built into a
// runner like a student's solution (runner-mutant-<id>) and graded by the
// real build/bin/grader, loses points on its own task and on no other, and
// every failing case of its task that the grader diagnoses (all but the
// course's generated big ones) carries the catalogue's sentence for that
// mutant and no other mutant's. The hand-written bug_* solutions
// (tests/solutions), which are not built from the catalogue, must be named
// by the matching mutant too.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "catalogue.hpp"
#include "platform/child_process.hpp"
#include "fixture.hpp"
#include "../unit/temp_dir.hpp"

namespace {

using assg::mutants::Mutant;
using assg::testing::TempDir;

const std::string kBin = ASSG_BIN_DIR;
const std::string kSource = ASSG_SOURCE_DIR;

const std::map<std::string, double> kMaxPoints{{"1.1", 15}, {"1.2", 20}, {"2.1", 15}, {"2.2", 15}, {"2.3", 20},
                                               {"3.1", 6},  {"3.2", 3},  {"3.3", 3},  {"3.4", 3}};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Graded {
  int exit_code = -1;
  std::string output;
  nlohmann::json results;
};

Graded grade(const std::string& runner, const std::vector<std::string>& tasks = {}) {
  TempDir dir;
  const auto results_path = (dir.path() / "results.json").string();
  std::vector<std::string> arguments{"--results", results_path, "--color",           "never",      "--jobs",
                                     "2",         "--runner",   kBin + "/" + runner, "--solution", runner};
  for (const auto& task : tasks) arguments.insert(arguments.end(), {"--task", task});
  assg::ChildLimits limits;
  limits.timeout_seconds = 600;
  limits.output_cap_bytes = 1024 * 1024;
  const auto run = assg::run_child(kBin + "/grader", arguments, {}, limits);
  Graded graded;
  graded.exit_code = run.ending == assg::ChildResult::Ending::Exited ? run.exit_code : -1;
  graded.output = run.output;
  std::ifstream file(results_path);
  if (file) graded.results = nlohmann::json::parse(file);
  return graded;
}

// The course's big cases are drawn at grading time and too large to diagnose.
bool is_diagnosed(const std::string& function, const std::string& case_name) {
  static std::map<std::string, assg::Fixture> fixtures;
  if (fixtures.count(function) == 0)
    fixtures.emplace(function, assg::load_fixture(kSource + "/fixtures/" + function + ".json"));
  for (const auto& fixture_case : fixtures.at(function).cases)
    if (fixture_case.name == case_name) return !fixture_case.generate;
  throw std::runtime_error("no case " + case_name + " in " + function + ".json");
}

// Every failing test of `task_id` (graded as `function`) that is diagnosed
// names `sentence`, at least one does, and no message anywhere names another
// mutant's sentence.
::testing::AssertionResult NamedInItsFailures(const nlohmann::json& results, const std::string& task_id,
                                              const std::string& function, const std::string& sentence) {
  int named = 0;
  for (const auto& task : results.at("tasks")) {
    for (const auto& test : task.at("tests")) {
      if (test.at("passed").get<bool>()) continue;
      const auto name = test.at("name").get<std::string>();
      const auto message = test.at("message").get<std::string>();
      for (const auto& other : assg::mutants::catalogue())
        if (other.sentence != sentence && contains(message, other.sentence))
          return ::testing::AssertionFailure()
                 << task.at("id") << "/" << name << " names mutant " << other.id << " too:\n"
                 << message;
      if (task.at("id") != task_id || !is_diagnosed(function, name)) continue;
      if (!contains(message, sentence))
        return ::testing::AssertionFailure()
               << task_id << "/" << name << " fails without naming the mistake \"" << sentence << "\":\n"
               << message;
      ++named;
    }
  }
  if (named == 0)
    return ::testing::AssertionFailure() << "no failing case of " << task_id << " names \"" << sentence << "\"";
  return ::testing::AssertionSuccess();
}

}  // namespace

namespace assg::mutants {
void PrintTo(const Mutant& mutant, std::ostream* out) { *out << mutant.id; }
}  // namespace assg::mutants

namespace {

class MutantRunner : public ::testing::TestWithParam<Mutant> {};

TEST_P(MutantRunner, IsCaughtByItsOwnTaskOnlyAndNamed) {
  const auto& mutant = GetParam();
  const auto runner = "runner-mutant-" + mutant.id;
  ASSERT_TRUE(std::filesystem::exists(kBin + "/" + runner))
      << runner << " was not built: tests/CMakeLists.txt reads the ids from reference/mutants/catalogue.cpp";
  const auto graded = grade(runner);
  ASSERT_FALSE(graded.results.is_null()) << graded.output;
  EXPECT_EQ(graded.exit_code, 1) << graded.output;
  for (const auto& task : graded.results.at("tasks")) {
    const auto id = task.at("id").get<std::string>();
    if (id == mutant.task) {
      EXPECT_EQ(task.at("status"), "failed") << id;
      EXPECT_LT(task.at("points").get<double>(), kMaxPoints.at(id)) << "the mutant survived its own task " << id;
    } else {
      EXPECT_EQ(task.at("status"), "passed") << "task " << id;
      EXPECT_EQ(task.at("points").get<double>(), kMaxPoints.at(id)) << "task " << id;
    }
  }
  EXPECT_TRUE(NamedInItsFailures(graded.results, mutant.task, mutant.function, mutant.sentence));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, MutantRunner, ::testing::ValuesIn(assg::mutants::catalogue()),
                         [](const ::testing::TestParamInfo<Mutant>& param_info) {
                           std::string name = param_info.param.id;
                           for (auto& character : name)
                             if (!std::isalnum(static_cast<unsigned char>(character))) character = '_';
                           return name;
                         });

// The hand-written mutants of tests/solutions, each with the catalogue
// entry that should name it.
struct HandWrittenBug {
  std::string runner;
  std::string mutant;
};

void PrintTo(const HandWrittenBug& bug, std::ostream* out) { *out << bug.runner; }

class HandWrittenBugDiagnosis : public ::testing::TestWithParam<HandWrittenBug> {};

TEST_P(HandWrittenBugDiagnosis, IsNamedByTheMatchingMutant) {
  const auto* mutant = assg::mutants::find_mutant(GetParam().mutant);
  ASSERT_NE(mutant, nullptr) << GetParam().mutant;
  const auto graded = grade(GetParam().runner, {mutant->task});
  ASSERT_FALSE(graded.results.is_null()) << graded.output;
  EXPECT_TRUE(NamedInItsFailures(graded.results, mutant->task, mutant->function, mutant->sentence));
}

INSTANTIATE_TEST_SUITE_P(
    TestSolutions, HandWrittenBugDiagnosis,
    ::testing::Values(HandWrittenBug{"runner-test-bug_1_1_ceil_output_size", "1.1-rounds-up"},
                      HandWrittenBug{"runner-test-bug_1_2_pool_ignores_stride", "1.2-ignores-stride"},
                      HandWrittenBug{"runner-test-bug_2_1_pads_channels", "2.1-pads-channels"},
                      HandWrittenBug{"runner-test-bug_2_2_no_bias", "2.2-no-bias"},
                      HandWrittenBug{"runner-test-bug_2_3_window_ignores_stride", "2.3-window-ignores-stride"},
                      HandWrittenBug{"runner-test-bug_3_1_db_last_sample_only", "3.1-db-last-sample-only"},
                      HandWrittenBug{"runner-test-bug_3_2_first_maximum_only", "3.2-first-maximum-only"},
                      HandWrittenBug{"runner-test-bug_3_3_divides_by_sum", "3.3-divided-by-sum"},
                      HandWrittenBug{"runner-test-bug_3_4_average_not_divided", "3.4-average-not-divided"}),
    [](const ::testing::TestParamInfo<HandWrittenBug>& param_info) { return param_info.param.runner.substr(12); });

}  // namespace
