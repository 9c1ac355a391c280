// The rubric: the default one loads with the course's points, and mistakes
// in an instructor's edit are refused with the file, task and key named.
#include <gtest/gtest.h>

#include "grading_plan.hpp"
#include "rubric.hpp"
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

}  // namespace
