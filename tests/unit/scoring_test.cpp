// Points and statuses from test outcomes.
#include <cmath>

#include <gtest/gtest.h>

#include "scoring.hpp"

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

TestRecord test(TestStatus status, double weight = 1.0) {
  TestRecord record;
  record.name = "case";
  record.status = status;
  record.weight = weight;
  return record;
}

TEST(ScoreTask, SplitsPointsEvenlyByDefault) {
  const auto scored = assg::score_task(task(20), {test(TestStatus::Passed), test(TestStatus::Failed),
                                                  test(TestStatus::Passed), test(TestStatus::Passed)});
  EXPECT_EQ(scored.points, 15.0);
  EXPECT_EQ(scored.max_points, 20.0);
  EXPECT_EQ(scored.status, TestStatus::Failed);
  EXPECT_EQ(scored.tests[0].max_points, 5.0);
  EXPECT_EQ(scored.tests[1].points, 0.0);
  EXPECT_EQ(scored.passed_count(), 3);
}

TEST(ScoreTask, WeighsCasesAsTheRubricSays) {
  const auto scored = assg::score_task(task(10), {test(TestStatus::Passed, 3), test(TestStatus::Failed, 1)});
  EXPECT_EQ(scored.points, 7.5);
}

TEST(ScoreTask, SplitsIntoHundredthsThatAddUpExactly) {
  // 20 points over 3 tests: 6.67 + 6.67 + 6.66, never 6.67 three times.
  const auto scored = assg::score_task(task(20), {test(TestStatus::Passed), test(TestStatus::Failed),
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
  const auto scored = assg::score_task(task(10), {test(TestStatus::Passed, 1), test(TestStatus::Passed, 2),
                                                  test(TestStatus::Passed, 3)});
  EXPECT_EQ(scored.tests[0].max_points, 1.67);
  EXPECT_EQ(scored.tests[1].max_points, 3.33);
  EXPECT_EQ(scored.tests[2].max_points, 5.0);
  EXPECT_EQ(scored.points, 10.0);
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
  auto report = assg::make_report(
      "x", {assg::score_task(task(10), {test(TestStatus::Passed)}), assg::score_task(bonus_rule, {test(TestStatus::Passed)})});
  EXPECT_EQ(report.total_points, 15.0);
  EXPECT_EQ(report.max_points, 10.0);
  EXPECT_TRUE(report.all_passed());
}

TEST(MakeReport, TotalIsTheSumOfTheTaskPoints) {
  // Three tasks of 20 points with the first of 3 cases passed: 6.67 each, 20.01 in all.
  std::vector<assg::TaskRecord> tasks;
  for (int i = 0; i < 3; ++i)
    tasks.push_back(assg::score_task(task(20), {test(TestStatus::Passed), test(TestStatus::Failed), test(TestStatus::Failed)}));
  const auto report = assg::make_report("x", tasks);
  EXPECT_EQ(report.total_points, 20.01);
  EXPECT_FALSE(report.all_passed());
}

}  // namespace
