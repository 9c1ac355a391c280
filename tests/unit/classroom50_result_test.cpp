// results-export classroom50 on tiny hand-made grades: integer scores in
// hundredths of a point that add up to the total, one test per case, the
// identity as given, refusals of what Classroom 50's collector refuses, and
// a release body that keeps the table when the failures must be cut.
#include "report/classroom50_result.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tiny_grades.hpp"

namespace {

using assg::TestStatus;

assg::TestRecord test(const std::string& name, TestStatus status, double points, double max_points,
                      const std::string& message = "") {
  return assg::testing_support::tiny_test(name, status, points, max_points, message);
}

// 1.1: 15 points over two cases, one passed (7.5). 2.3: 20 points over
// three cases (6.67 + 6.67 + 6.66), the first two passed (13.34). Total
// 20.84 of 35, by hand: 2084 of 3500 hundredths.
assg::GradeReport two_tasks(const std::string& failure = "expected 1, got 2") {
  assg::TaskRecord first{"1.1", "calc_new_height_width", "", false, 7.5, 15.0, TestStatus::Failed, {}};
  first.tests = {test("course_basic_case", TestStatus::Passed, 7.5, 7.5),
                 test("odd_sizes", TestStatus::Failed, 0.0, 7.5, failure)};
  assg::TaskRecord second{"2.3", "conv_forward", "", false, 13.34, 20.0, TestStatus::Failed, {}};
  second.tests = {test("course_example", TestStatus::Passed, 6.67, 6.67), test("hand_checked", TestStatus::Passed, 6.67, 6.67),
                  test("stride_two", TestStatus::Crashed, 0.0, 6.66, "the runner crashed (SIGSEGV)")};
  return assg::make_report("student/assg_tasks.cpp", {first, second});
}

assg::classroom50::Submission a_submission() {
  assg::classroom50::Submission submission;
  submission.classroom = "csci560";
  submission.assignment = "cnn-layers";
  submission.owner = "ada";
  submission.submission = "submit/20261203T120000Z-abc1234";
  submission.commit = "https://github.com/org/csci560-cnn-layers-ada/commit/abc1234";
  submission.release = "https://github.com/org/csci560-cnn-layers-ada/releases/tag/submit%2F20261203T120000Z-abc1234";
  submission.review = submission.commit;
  submission.datetime = "2026-12-03T12:00:00Z";
  return submission;
}

TEST(Classroom50Result, ScoresAreHundredthsThatAddUpToTheTotal) {
  const auto json = assg::classroom50::result_json(two_tasks(), a_submission());
  EXPECT_EQ(json.at("score"), 2084);
  EXPECT_EQ(json.at("max-score"), 3500);
  ASSERT_EQ(json.at("tests").size(), 5u);
  long long score = 0, max_score = 0;
  for (const auto& entry : json.at("tests")) {
    ASSERT_TRUE(entry.at("score").is_number_integer());
    ASSERT_TRUE(entry.at("max-score").is_number_integer());
    score += entry.at("score").get<long long>();
    max_score += entry.at("max-score").get<long long>();
  }
  EXPECT_EQ(score, 2084);
  EXPECT_EQ(max_score, 3500);
}

TEST(Classroom50Result, OneTestPerCaseNamedByTaskAndCase) {
  const auto tests = assg::classroom50::result_json(two_tasks(), a_submission()).at("tests");
  EXPECT_EQ(tests[0].at("test-name"), "1.1 calc_new_height_width / course_basic_case");
  EXPECT_EQ(tests[0].at("passed"), true);
  EXPECT_EQ(tests[0].at("score"), 750);
  EXPECT_EQ(tests[4].at("test-name"), "2.3 conv_forward / stride_two");
  EXPECT_EQ(tests[4].at("passed"), false);
  EXPECT_EQ(tests[4].at("score"), 0);
  EXPECT_EQ(tests[4].at("max-score"), 666);
}

TEST(Classroom50Result, IdentityIsWrittenAsGiven) {
  const auto json = assg::classroom50::result_json(two_tasks(), a_submission());
  EXPECT_EQ(json.at("schema"), "classroom50/result/v1");
  EXPECT_EQ(json.at("classroom"), "csci560");
  EXPECT_EQ(json.at("assignment"), "cnn-layers");
  EXPECT_EQ(json.at("owner"), "ada");
  EXPECT_EQ(json.at("assignment_type"), "individual");
  EXPECT_EQ(json.at("submission"), "submit/20261203T120000Z-abc1234");
  EXPECT_EQ(json.at("datetime"), "2026-12-03T12:00:00Z");
}

TEST(Classroom50Result, WhatTheCollectorRefusesIsRefusedHere) {
  auto no_tag = a_submission();
  no_tag.submission = "v1.0";
  EXPECT_THROW(assg::classroom50::result_json(two_tasks(), no_tag), std::invalid_argument);
  auto no_review = a_submission();
  no_review.review.clear();
  EXPECT_THROW(assg::classroom50::result_json(two_tasks(), no_review), std::invalid_argument);
  auto odd_type = a_submission();
  odd_type.assignment_type = "pair";
  EXPECT_THROW(assg::classroom50::result_json(two_tasks(), odd_type), std::invalid_argument);
}

TEST(Classroom50Result, ATaskWithoutTestsStillCountsItsMaximum) {
  assg::TaskRecord missing{"1.1", "calc_new_height_width", "", false, 0.0, 15.0, TestStatus::Failed, {}};
  const auto json =
      assg::classroom50::result_json(assg::make_report("(missing)", {missing}), a_submission());
  ASSERT_EQ(json.at("tests").size(), 1u);
  EXPECT_EQ(json.at("tests")[0].at("test-name"), "1.1 calc_new_height_width");
  EXPECT_EQ(json.at("max-score"), 1500);
  EXPECT_EQ(json.at("score"), 0);
}

TEST(Classroom50Result, ReleaseBodyShowsPointsFailuresAndTable) {
  const auto body = assg::classroom50::release_body({two_tasks(), std::nullopt});
  EXPECT_NE(body.find("### 20.84/35 points (0 of 2 tasks complete)"), std::string::npos) << body;
  EXPECT_NE(body.find("2084 of 3500"), std::string::npos) << body;
  EXPECT_NE(body.find("expected 1, got 2"), std::string::npos) << body;
  EXPECT_NE(body.find("conv_forward"), std::string::npos) << body;
}

TEST(Classroom50Result, ALongReleaseBodyCutsTheFailuresAndKeepsTheTable) {
  const std::string flood(50000, 'x');
  const auto report = two_tasks(flood);
  const auto body = assg::classroom50::release_body({report, std::nullopt}, 8000);
  EXPECT_LE(body.size(), 8000u);
  EXPECT_NE(body.find("cut here to fit a release"), std::string::npos);
  // The table's last line, the total, survives the cut.
  EXPECT_NE(body.find("20.84"), body.rfind("20.84")) << "the table's total is gone";
}

// A bonus task counts in Classroom 50's maximum (its collector refuses a
// score above it); the release body must give the same figures as
// result.json. By hand: 2.3 as bonus, full marks on 1.1 only: 1500 of 3500.
TEST(Classroom50Result, ABonusTaskGivesTheSameFiguresInTheFileAndTheBody) {
  assg::TaskRecord first{"1.1", "calc_new_height_width", "", false, 15.0, 15.0, TestStatus::Passed, {}};
  first.tests = {test("course_basic_case", TestStatus::Passed, 15.0, 15.0)};
  assg::TaskRecord bonus{"2.3", "conv_forward", "", true, 0.0, 20.0, TestStatus::Failed, {}};
  bonus.tests = {test("course_example", TestStatus::Failed, 0.0, 20.0, "wrong")};
  const auto report = assg::make_report("student/assg_tasks.cpp", {first, bonus});
  const auto json = assg::classroom50::result_json(report, a_submission());
  EXPECT_EQ(json.at("score"), 1500);
  EXPECT_EQ(json.at("max-score"), 3500);
  const auto body = assg::classroom50::release_body({report, std::nullopt});
  EXPECT_NE(body.find("1500 of 3500"), std::string::npos) << body;
}

TEST(Classroom50Result, StudentBackticksCannotCloseTheFence) {
  const auto body = assg::classroom50::release_body({two_tasks("````\n# injected heading"), std::nullopt});
  EXPECT_NE(body.find("`````text"), std::string::npos) << body;
}

}  // namespace
