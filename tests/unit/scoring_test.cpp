// Points and statuses from test outcomes.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/scoring.hpp"

namespace {

using assg::TestRecord;
using assg::TestStatus;

assg::RubricTask task(double points) {
  assg::RubricTask rule;
  rule.id = "2.3";
  rule.function = "conv_forward";
  rule.points = points;
  return rule;
}

TestRecord test(TestStatus status, double weight = 1.0, std::string name = {}) {
  TestRecord record;
  record.name = std::move(name);
  record.status = status;
  record.weight = weight;
  return record;
}

// Grades `tests` as the grader does: the rubric holds each case's weight,
// the plan gives each case its worth by name, and score_task adds up.
// Unnamed tests are called case_a, case_b, ... in the order given.
assg::TaskRecord graded(assg::RubricTask rule, std::vector<TestRecord> tests) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    if (tests[i].name.empty()) tests[i].name = std::string("case_") + static_cast<char>('a' + i);
    rule.cases[tests[i].name].weight = tests[i].weight;
    names.push_back(tests[i].name);
  }
  const auto worths = assg::case_worths(rule, names);
  for (auto& record : tests) record.max_points = static_cast<double>(worths.at(record.name)) / 100.0;
  return assg::score_task(rule, std::move(tests));
}

long long hundredths(const assg::TaskRecord& scored) { return std::llround(scored.points * 100.0); }

TEST(ScoreTask, SplitsPointsEvenlyByDefault) {
  const auto scored = graded(task(20), {test(TestStatus::Passed), test(TestStatus::Failed),
                                        test(TestStatus::Passed), test(TestStatus::Passed)});
  EXPECT_EQ(scored.points, 15.0);
  EXPECT_EQ(scored.max_points, 20.0);
  EXPECT_EQ(scored.status, TestStatus::Failed);
  EXPECT_EQ(scored.tests[0].max_points, 5.0);
  EXPECT_EQ(scored.tests[1].points, 0.0);
  EXPECT_EQ(scored.passed_count(), 3);
}

TEST(ScoreTask, WeighsCasesAsTheRubricSays) {
  const auto scored = graded(task(10), {test(TestStatus::Passed, 3), test(TestStatus::Failed, 1)});
  EXPECT_EQ(scored.points, 7.5);
}

TEST(ScoreTask, SplitsIntoHundredthsThatAddUpExactly) {
  // 20 points over 3 tests: 6.67 + 6.67 + 6.66, never 6.67 three times.
  const auto scored = graded(task(20), {test(TestStatus::Passed), test(TestStatus::Failed),
                                        test(TestStatus::Passed)});
  EXPECT_EQ(scored.tests[0].max_points, 6.67);
  EXPECT_EQ(scored.tests[1].max_points, 6.67);
  EXPECT_EQ(scored.tests[2].max_points, 6.66);
  EXPECT_EQ(scored.points, 6.67 + 6.66);
  long long cents = 0;
  for (const auto& t : scored.tests) cents += std::llround(t.max_points * 100);
  EXPECT_EQ(cents, 2000);
}

TEST(ScoreTask, LeftoverHundredthsGoToTheLargestRemainders) {
  // 10 points weighted 1 : 2 : 3 are 166.67 : 333.33 : 500 hundredths.
  const auto scored = graded(task(10), {test(TestStatus::Passed, 1), test(TestStatus::Passed, 2),
                                        test(TestStatus::Passed, 3)});
  EXPECT_EQ(scored.tests[0].max_points, 1.67);
  EXPECT_EQ(scored.tests[1].max_points, 3.33);
  EXPECT_EQ(scored.tests[2].max_points, 5.0);
  EXPECT_EQ(scored.points, 10.0);
}

TEST(CaseWorths, LeftoverHundredthsGoByCaseNameNotByPosition) {
  // 20 points over 3 cases are 666.67 hundredths each: the 2 leftover
  // hundredths go to the names that sort first, "alpha" and "bravo",
  // however the cases are listed.
  const auto rule = task(20);
  const auto in_order = assg::case_worths(rule, {"alpha", "bravo", "charlie"});
  const auto reversed = assg::case_worths(rule, {"charlie", "bravo", "alpha"});
  EXPECT_EQ(in_order, reversed);
  EXPECT_EQ(in_order.at("alpha"), 667);
  EXPECT_EQ(in_order.at("bravo"), 667);
  EXPECT_EQ(in_order.at("charlie"), 666);
  EXPECT_EQ(in_order.at("alpha") + in_order.at("bravo") + in_order.at("charlie"), 2000);
}

TEST(CaseWorths, WorthsAddUpToTheTaskPointsForEveryCaseCount) {
  for (const double points : {15.0, 20.0, 6.0, 3.0, 0.01, 99.99})
    for (int count = 1; count <= 30; ++count) {
      std::vector<std::string> names;
      for (int i = 0; i < count; ++i) names.push_back("case_" + std::to_string(i));
      long long sum = 0;
      for (const auto& [name, worth] : assg::case_worths(task(points), names)) sum += worth;
      EXPECT_EQ(sum, std::llround(points * 100)) << points << " points over " << count << " cases";
    }
}

TEST(ScoreTask, AFailingCaseCostsTheSameWhereverItRuns) {
  // A 3-case, 20-point task with "charlie" failing: 13.34 (6.67 + 6.67)
  // whether "charlie" runs first, second or last. (By position, the first
  // case would take a leftover hundredth: 13.33 when it runs first.)
  const std::vector<std::vector<std::string>> orders{
      {"charlie", "alpha", "bravo"}, {"alpha", "charlie", "bravo"}, {"alpha", "bravo", "charlie"}};
  for (const auto& order : orders) {
    std::vector<TestRecord> tests;
    for (const auto& name : order)
      tests.push_back(test(name == "charlie" ? TestStatus::Failed : TestStatus::Passed, 1.0, name));
    const auto scored = graded(task(20), tests);
    EXPECT_EQ(hundredths(scored), 1334) << "charlie at position "
                                        << std::find(order.begin(), order.end(), "charlie") - order.begin();
    EXPECT_EQ(scored.max_points, 20.0);
  }
}

TEST(ScoreTask, ATaskIsOutOfTheWorthOfTheCasesGiven) {
  // --gtest_filter running 2 of 3 cases: each keeps its worth, and the
  // case left out counts towards neither the points nor the maximum.
  auto rule = task(20);
  const auto worths = assg::case_worths(rule, {"alpha", "bravo", "charlie"});
  std::vector<TestRecord> tests{test(TestStatus::Passed, 1.0, "alpha"), test(TestStatus::Failed, 1.0, "charlie")};
  for (auto& record : tests) record.max_points = static_cast<double>(worths.at(record.name)) / 100.0;
  const auto scored = assg::score_task(rule, tests);
  EXPECT_EQ(scored.points, 6.67);
  EXPECT_EQ(scored.max_points, 13.33);
}

TEST(ScoreTask, ReportsTheMostTellingFailure) {
  EXPECT_EQ(assg::score_task(task(1), {test(TestStatus::Failed), test(TestStatus::Crashed)}).status,
            TestStatus::Crashed);
  EXPECT_EQ(assg::score_task(task(1), {test(TestStatus::TimedOut), test(TestStatus::Failed)}).status,
            TestStatus::TimedOut);
  EXPECT_EQ(assg::score_task(task(1), {test(TestStatus::NotImplemented), test(TestStatus::NotImplemented)}).status,
            TestStatus::NotImplemented);
  EXPECT_EQ(assg::score_task(task(1), {test(TestStatus::NotImplemented), test(TestStatus::Failed)}).status,
            TestStatus::Failed);
  EXPECT_EQ(assg::score_task(task(1), {test(TestStatus::Passed)}).status, TestStatus::Passed);
}

TEST(MakeReport, BonusPointsCountButDoNotRaiseTheMaximum) {
  auto bonus_rule = task(5);
  bonus_rule.bonus = true;
  auto report = assg::make_report("x", {graded(task(10), {test(TestStatus::Passed)}),
                                        graded(bonus_rule, {test(TestStatus::Passed)})});
  EXPECT_EQ(report.total_points, 15.0);
  EXPECT_EQ(report.max_points, 10.0);
  EXPECT_TRUE(report.all_passed());
}

TEST(MakeReport, TotalIsTheSumOfTheTaskPoints) {
  // Three tasks of 20 points with the first of 3 cases passed: 6.67 each, 20.01 in all.
  std::vector<assg::TaskRecord> tasks;
  for (int i = 0; i < 3; ++i)
    tasks.push_back(graded(task(20), {test(TestStatus::Passed), test(TestStatus::Failed), test(TestStatus::Failed)}));
  const auto report = assg::make_report("x", tasks);
  EXPECT_EQ(report.total_points, 20.01);
  EXPECT_FALSE(report.all_passed());
}

}  // namespace
