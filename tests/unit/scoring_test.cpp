// Points and statuses from test outcomes.
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

TEST(ScoreTask, RoundsToHundredthsOfAPoint) {
  const auto scored = assg::score_task(task(20), {test(TestStatus::Passed), test(TestStatus::Passed),
                                                  test(TestStatus::Failed)});
  EXPECT_EQ(scored.points, 13.33);
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

TEST(MakeReport, TotalIsTheSumOfTheRoundedTaskPoints) {
  // Three tasks of 20 points with 1 of 3 cases passed: 6.67 each, 20.01 in all.
  std::vector<assg::TaskRecord> tasks;
  for (int i = 0; i < 3; ++i)
    tasks.push_back(assg::score_task(task(20), {test(TestStatus::Passed), test(TestStatus::Failed), test(TestStatus::Failed)}));
  const auto report = assg::make_report("x", tasks);
  EXPECT_EQ(report.total_points, 20.01);
  EXPECT_FALSE(report.all_passed());
}

}  // namespace
