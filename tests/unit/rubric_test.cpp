// The rubric: the default one loads with the course's points, and mistakes
// in an instructor's edit are refused with the file, task and key named.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "grading_plan.hpp"
#include "rubric.hpp"
#include "model/scoring.hpp"
#include "temp_dir.hpp"

namespace {

using assg::testing::TempDir;

TEST(DefaultRubric, HasTheCoursesPointsAndAddsUpTo100) {
  const auto rubric = assg::load_rubric(ASSG_SOURCE_DIR "/grader/rubric.json");
  const std::vector<std::pair<std::string, double>> expected{{"1.1", 15}, {"1.2", 20}, {"2.1", 15},
                                                             {"2.2", 15}, {"2.3", 20}, {"3.1", 6},
                                                             {"3.2", 3},  {"3.3", 3},  {"3.4", 3}};
  ASSERT_EQ(rubric.tasks.size(), expected.size());
  double total = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(rubric.tasks[i].id, expected[i].first);
    EXPECT_EQ(rubric.tasks[i].points, expected[i].second);
    EXPECT_EQ(rubric.tasks[i].tolerance.rtol, 1e-5);
    EXPECT_EQ(rubric.tasks[i].tolerance.atol, 1e-8);
    total += rubric.tasks[i].points;
  }
  EXPECT_EQ(total, 100);
  EXPECT_EQ(rubric.student_files, (std::vector<std::string>{"student/assg_tasks.cpp"}));
}

TEST(DefaultRubric, MatchesTheCommittedFixtures) {
  const auto plan = assg::load_grading_plan(ASSG_SOURCE_DIR "/grader/rubric.json", ASSG_SOURCE_DIR "/fixtures", {});
  EXPECT_EQ(plan.tasks.size(), 9U);
}

TEST(Rubric, CaseRulesOverrideTheTaskDefaults) {
  TempDir dir;
  const auto path = dir.write("rubric.json", R"({
    "defaults": {"timeout_seconds": 4, "rtol": 1e-3},
    "tasks": [{"id": "1.1", "function": "calc_new_height_width", "points": 10,
               "cases": {"big": {"weight": 3, "timeout_seconds": 20, "atol": 0.5}}}]})");
  const auto rubric = assg::load_rubric(path);
  const auto& task = rubric.tasks.at(0);
  EXPECT_EQ(task.case_weight("big"), 3);
  EXPECT_EQ(task.case_weight("other"), 1);
  EXPECT_EQ(task.case_timeout("big"), 20);
  EXPECT_EQ(task.case_timeout("other"), 4);
  EXPECT_EQ(task.case_tolerance("big").atol, 0.5);
  EXPECT_EQ(task.case_tolerance("big").rtol, 1e-3);
  EXPECT_EQ(task.case_tolerance("other").atol, 1e-8);
}

TEST(Rubric, RefusesMistakesWithAClearMessage) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"tasks": []})", ": \"tasks\" must be a non-empty array"},
      {R"({"taks": []})", ": unknown key \"taks\""},
      {R"({"tasks": [{"id": "1.1", "function": "calc_new_height_width"}]})", ": task 1.1: needs \"points\""},
      {R"({"tasks": [{"id": "1.1", "function": "calc_height", "points": 1}]})",
       ": task 1.1: unknown function \"calc_height\""},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": -5}]})",
       ": task 1.1: \"points\" must be >= 0, got -5"},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 5}, {"id": "1.1", "function": "zero_pad", "points": 5}]})",
       ": task 1.1: the id is used twice"},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 5, "timeout_seconds": 0}]})",
       ": task 1.1: \"timeout_seconds\" must be > 0, got 0"},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 5, "timeout_seconds": 1e10}]})",
       ": task 1.1: \"timeout_seconds\" must be at most 3600, got 1e+10"},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 5, "bonus": true}]})",
       ": no enabled, non-bonus task has points: the maximum would be 0"},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": "five"}]})",
       ": task 1.1: \"points\" must be a number, got \"five\""},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 5, "bonus": "yes"}]})",
       ": task 1.1: \"bonus\" must be true or false"},
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 5, "cases": {"a": {"wieght": 2}}}]})",
       ": task 1.1: case \"a\": unknown key \"wieght\""},
      // Graded in hundredths: 2.505 would be 2.51 in one report and 2.505 in another.
      {R"({"tasks": [{"id": "1.1", "function": "zero_pad", "points": 2.505}]})",
       ": task 1.1: \"points\" must be whole hundredths of a point (such as 2.5 or 2.51), got 2.505"},
  };
  for (const auto& [content, expected] : cases) {
    TempDir dir;
    const auto path = dir.write("rubric.json", content);
    try {
      assg::load_rubric(path);
      ADD_FAILURE() << "accepted: " << content;
    } catch (const assg::RubricError& error) {
      EXPECT_EQ(std::string(error.what()), path + expected);
    }
  }
}

TEST(GradingPlan, RefusesCasesTheFixtureDoesNotHave) {
  TempDir dir;
  const auto path = dir.write("rubric.json", R"({"tasks": [{"id": "3.3", "function": "distribute_value",
      "points": 3, "cases": {"no_such_case": {"weight": 2}}}]})");
  try {
    assg::load_grading_plan(path, ASSG_SOURCE_DIR "/fixtures", {});
    ADD_FAILURE() << "accepted a rubric naming a missing case";
  } catch (const assg::RubricError& error) {
    EXPECT_EQ(std::string(error.what()), path + ": task 3.3: case \"no_such_case\" is not in " ASSG_SOURCE_DIR
                                                "/fixtures/distribute_value.json");
  }
}

TEST(GradingPlan, RefusesAnUnknownTaskFilterListingTheKnownOnes) {
  try {
    assg::load_grading_plan(ASSG_SOURCE_DIR "/grader/rubric.json", ASSG_SOURCE_DIR "/fixtures", {"2.4"});
    ADD_FAILURE() << "accepted task 2.4";
  } catch (const assg::RubricError& error) {
    EXPECT_NE(std::string(error.what()).find("there is no task \"2.4\" (tasks: 1.1, 1.2, 2.1, 2.2, 2.3, 3.1, 3.2, 3.3, 3.4)"),
              std::string::npos)
        << error.what();
  }
}

TEST(GradingPlan, SkipsSwitchedOffTasks) {
  TempDir dir;
  const auto path = dir.write("rubric.json", R"({"tasks": [
      {"id": "3.2", "function": "create_mask_from_window", "points": 3, "enabled": false},
      {"id": "3.3", "function": "distribute_value", "points": 3}]})");
  const auto plan = assg::load_grading_plan(path, ASSG_SOURCE_DIR "/fixtures", {});
  ASSERT_EQ(plan.tasks.size(), 1U);
  EXPECT_EQ(plan.tasks[0].rule.id, "3.3");
}

TEST(Rubric, TakesPointsInWholeHundredthsAndOneMaximum) {
  TempDir dir;
  const auto path = dir.write("rubric.json", R"({"tasks": [
      {"id": "1.1", "function": "calc_new_height_width", "points": 33.33},
      {"id": "2.1", "function": "zero_pad", "points": 33.33},
      {"id": "3.3", "function": "distribute_value", "points": 33.34},
      {"id": "3.4", "function": "pool_backward", "points": 0.1, "bonus": true},
      {"id": "3.2", "function": "create_mask_from_window", "points": 7, "enabled": false}]})");
  const auto rubric = assg::load_rubric(path);
  EXPECT_EQ(rubric.max_points(), 100.0);
  EXPECT_EQ(rubric.tasks[0].points_in_hundredths(), 3333);

  // results.json's maximum (make_report's, from the cases' worths) is the
  // rubric's, to the last bit: summary.json and grades.csv use the latter.
  const auto plan = assg::load_grading_plan(path, ASSG_SOURCE_DIR "/fixtures", {});
  std::vector<assg::TaskRecord> tasks;
  for (const auto& task : plan.tasks) {
    std::vector<assg::TestRecord> tests;
    for (std::size_t i = 0; i < task.fixture.cases.size(); ++i) {
      assg::TestRecord record;
      record.name = task.fixture.cases[i].name;
      record.status = assg::TestStatus::Passed;
      record.max_points = task.case_points[i];
      tests.push_back(record);
    }
    tasks.push_back(assg::score_task(task.rule, tests));
  }
  const auto report = assg::make_report("x", tasks);
  EXPECT_EQ(report.max_points, rubric.max_points());
  EXPECT_EQ(report.total_points, 100.1);
}

// A hidden fixture for task 3.3: the first visible case under another name.
std::string write_hidden_fixture(const TempDir& dir) {
  std::ifstream in(ASSG_SOURCE_DIR "/fixtures/distribute_value.json");
  auto visible = nlohmann::json::parse(in);
  auto hidden_case = visible.at("cases").at(0);
  hidden_case["name"] = "secret_shape";
  nlohmann::json hidden{{"task", "distribute_value"}, {"cases", {hidden_case}}};
  std::filesystem::create_directories(dir.path() / "hidden");
  dir.write("hidden/distribute_value.json", hidden.dump());
  return (dir.path() / "hidden").string();
}

TEST(HiddenRubric, TheStudentsRubricNamesNoHiddenCase) {
  std::ifstream in(ASSG_SOURCE_DIR "/grader/rubric.json");
  const auto rubric = nlohmann::json::parse(in);
  std::set<std::string> hidden_names;
  for (const auto& entry : std::filesystem::directory_iterator(ASSG_SOURCE_DIR "/fixtures/spec/hidden")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "rubric.json") continue;
    std::ifstream spec_in(entry.path());
    const auto spec = nlohmann::json::parse(spec_in);
    for (const auto& spec_case : spec.at("cases"))
      hidden_names.insert(spec_case.at("name").get<std::string>());
  }
  ASSERT_FALSE(hidden_names.empty());
  for (const auto& task : rubric.at("tasks")) {
    if (!task.contains("cases")) continue;
    for (const auto& [name, unused] : task.at("cases").items())
      EXPECT_EQ(hidden_names.count(name), 0U) << "grader/rubric.json names the hidden case " << name;
  }
}

TEST(HiddenRubric, WeighsHiddenCasesByName) {
  TempDir dir;
  const auto hidden = write_hidden_fixture(dir);
  const auto rubric_path = dir.write("rubric.json", R"({"tasks": [{"id": "3.3", "function": "distribute_value", "points": 3}]})");
  const auto hidden_rubric = dir.write("hidden-rubric.json", R"({"tasks": [{"id": "3.3", "cases": {"secret_shape": {"weight": 6}}}]})");
  const auto even = assg::load_grading_plan(rubric_path, ASSG_SOURCE_DIR "/fixtures", {}, hidden);
  const auto weighted = assg::load_grading_plan(rubric_path, ASSG_SOURCE_DIR "/fixtures", {}, hidden, hidden_rubric);
  // Six visible cases and one hidden: 3 points as 7 even shares, or the
  // hidden case worth 6 of 12 weights, half the task.
  ASSERT_EQ(weighted.tasks.at(0).fixture.cases.size(), 7U);
  EXPECT_TRUE(weighted.tasks.at(0).fixture.cases.back().hidden);
  EXPECT_EQ(even.tasks.at(0).case_points.back(), 0.43);
  EXPECT_EQ(weighted.tasks.at(0).case_points.back(), 1.5);
}

TEST(HiddenRubric, EachRubricNamesOnlyItsOwnCases) {
  TempDir dir;
  const auto hidden = write_hidden_fixture(dir);
  const auto student_names_hidden = dir.write("rubric.json", R"({"tasks": [{"id": "3.3", "function": "distribute_value",
      "points": 3, "cases": {"secret_shape": {"weight": 2}}}]})");
  try {
    assg::load_grading_plan(student_names_hidden, ASSG_SOURCE_DIR "/fixtures", {}, hidden);
    ADD_FAILURE() << "accepted a hidden case's name in the students' rubric";
  } catch (const assg::RubricError& error) {
    EXPECT_NE(std::string(error.what()).find("it is a hidden case: weight it in the hidden rubric"), std::string::npos)
        << error.what();
  }
  const auto rubric_path = dir.write("plain.json", R"({"tasks": [{"id": "3.3", "function": "distribute_value", "points": 3}]})");
  const std::vector<std::pair<std::string, std::string>> mistakes{
      {R"({"tasks": [{"id": "3.3", "cases": {"dlai_example": {"weight": 2}}}]})",
       ": task 3.3: \"dlai_example\" is not a hidden case of task 3.3"},
      {R"({"tasks": [{"id": "9.9", "cases": {}}]})", ": task 9.9: " + rubric_path + " has no task \"9.9\""},
      {R"({"tasks": [{"id": "3.3", "points": 4}]})", ": tasks[0]: unknown key \"points\""},
  };
  for (const auto& [content, expected] : mistakes) {
    const auto path = dir.write("hidden-rubric.json", content);
    try {
      assg::load_grading_plan(rubric_path, ASSG_SOURCE_DIR "/fixtures", {}, hidden, path);
      ADD_FAILURE() << "accepted: " << content;
    } catch (const assg::RubricError& error) {
      EXPECT_EQ(std::string(error.what()), path + expected);
    }
  }
}

}  // namespace
