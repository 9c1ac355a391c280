// results.json read back (report_from_json): what results-export and
// grade-all's JUnit rely on. A file the grader wrote reads back to the same
// grade; a damaged one is refused with the file and the problem named.
#include "model/results_json.hpp"

#include <gtest/gtest.h>

namespace {

assg::GradeReport small_report() {
  assg::GradeReport report;
  report.solution = "student/assg_tasks.cpp";
  report.sandbox = "Landlock (ABI 7) + seccomp";
  assg::TaskRecord task{"2.3", "conv_forward", "", false, 10.0, 20.0, assg::TestStatus::Failed, {}};
  task.tests.push_back({"course_example", assg::TestStatus::Passed, "", "", 1.0, 0.25, false, 10.0, 10.0});
  task.tests.push_back({"hidden_test_1", assg::TestStatus::TimedOut, "hidden test: timed out", "", 1.0, 0.0, true, 0.0,
                        10.0});
  report.tasks = {task};
  report.total_points = 10.0;
  report.max_points = 20.0;
  return report;
}

::testing::AssertionResult Refused(const nlohmann::json& json, const std::string& problem) {
  try {
    assg::report_from_json(json, "out/ada/results.json");
  } catch (const assg::ResultsFileError& error) {
    const std::string message = error.what();
    if (message.rfind("out/ada/results.json: ", 0) == 0 && message.find(problem) != std::string::npos)
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "refused with \"" << message << "\", expected the file and \"" << problem
                                         << "\"";
  }
  return ::testing::AssertionFailure() << "accepted " << json.dump();
}

TEST(ResultsJson, ReadsBackWhatTheGraderWrote) {
  const auto report = assg::report_from_json(assg::report_to_json(small_report()), "results.json");
  EXPECT_EQ(report.solution, "student/assg_tasks.cpp");
  EXPECT_EQ(report.sandbox, "Landlock (ABI 7) + seccomp");
  EXPECT_DOUBLE_EQ(report.total_points, 10.0);
  EXPECT_DOUBLE_EQ(report.max_points, 20.0);
  ASSERT_EQ(report.tasks.size(), 1U);
  EXPECT_EQ(report.tasks[0].status, assg::TestStatus::Failed);
  ASSERT_EQ(report.tasks[0].tests.size(), 2U);
  EXPECT_EQ(report.tasks[0].tests[1].status, assg::TestStatus::TimedOut);
  EXPECT_TRUE(report.tasks[0].tests[1].hidden);
  EXPECT_DOUBLE_EQ(report.tasks[0].tests[0].seconds, 0.25);
  EXPECT_DOUBLE_EQ(report.tasks[0].tests[1].max_points, 10.0);
}

TEST(ResultsJson, RefusesDamagedFilesNamingTheProblem) {
  const nlohmann::json good = assg::report_to_json(small_report());
  auto json = good;
  json.erase("tasks");
  EXPECT_TRUE(Refused(json, "\"tasks\" is missing"));
  json = good;
  json["tasks"][0]["tests"][0]["status"] = "brilliant";
  EXPECT_TRUE(Refused(json, "unknown status \"brilliant\""));
  json = good;
  json["tasks"][0]["tests"][0]["passed"] = false;
  EXPECT_TRUE(Refused(json, "\"passed\" disagrees with \"status\""));
  json = good;
  json["tasks"][0]["points"] = 15.0;  // its tests say 10
  EXPECT_TRUE(Refused(json, "add up to 10.00, not its 15.00"));
  json = good;
  json["total_points"] = 100.0;  // a forged total
  EXPECT_TRUE(Refused(json, "not total_points 100.00"));
  json = good;
  json["tasks"][0]["tests"][1]["points"] = 11.0;  // more than its maximum
  EXPECT_TRUE(Refused(json, "more points than its maximum"));
  json = good;
  json["tasks"][0]["tests"][0]["visibility"] = "secret";
  EXPECT_TRUE(Refused(json, "visibility is \"secret\""));
  EXPECT_TRUE(Refused(nlohmann::json::array(), "is not a JSON object"));
}

TEST(ResultsJson, AMissingOrUnparsableFileIsNamed) {
  try {
    assg::load_results_file("/nonexistent/results.json");
    FAIL() << "a missing file was read";
  } catch (const assg::ResultsFileError& error) {
    EXPECT_STREQ(error.what(), "/nonexistent/results.json: cannot be read");
  }
}

}  // namespace
