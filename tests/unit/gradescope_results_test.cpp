// results-export gradescope on tiny hand-made grades: one Gradescope test
// per case with its points, hidden cases after_published, scores adding up
// to the total, student text kept exactly in the tests and made inert in the
// HTML summary, a summary that is the same whatever the hidden tests did,
// and grade-all's submissions that could not be graded.
#include "report/gradescope_results.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/results_json.hpp"
#include "tiny_grades.hpp"

namespace {

using assg::TestStatus;
using assg::gradescope::gradescope_results;
using assg::GradedFile;

assg::TestRecord test(const std::string& name, TestStatus status, double points, double max_points,
                      const std::string& message = "", bool hidden = false) {
  return assg::testing_support::tiny_test(name, status, points, max_points, message, hidden);
}

const std::string kOddText = "got \"1\\n\" <script>alert('x')</script> & \t tab\nsecond line \u00e9\u202e \\u0000";

// 1.1: one visible case passed, one hidden passed (15 of 15). 2.3: a visible
// case failed with odd text, a visible one passed, a hidden one whose
// outcome the test chooses. Hand-added: 1.1 15, 2.3 6.67 (+ 6.66 if the
// hidden case passed), of 35.
assg::GradeReport two_tasks(TestStatus hidden_outcome) {
  assg::TaskRecord first{"1.1", "calc_new_height_width", "", false, 15.0, 15.0, TestStatus::Passed, {}};
  first.tests = {test("course_basic_case", TestStatus::Passed, 7.5, 7.5),
                 test("hidden_test_1", TestStatus::Passed, 7.5, 7.5, "", true)};
  const bool hidden_passed = hidden_outcome == TestStatus::Passed;
  assg::TaskRecord second{"2.3", "conv_forward", "", false, hidden_passed ? 13.33 : 6.67, 20.0, TestStatus::Failed, {}};
  second.tests = {test("course_example", TestStatus::Failed, 0.0, 6.67, kOddText),
                  test("hand_checked", TestStatus::Passed, 6.67, 6.67),
                  test("hidden_test_1", hidden_outcome, hidden_passed ? 6.66 : 0.0, 6.66,
                       hidden_passed ? "" : assg::hidden_test_message(hidden_outcome), true)};
  auto report = assg::make_report("student/assg_tasks.cpp", {first, second});
  report.sandbox = "Landlock (ABI 4) + seccomp";
  return report;
}

// What Gradescope reads: the JSON text, parsed again.
nlohmann::json exported(const GradedFile& graded, const std::vector<std::string>& notes = {}) {
  return nlohmann::json::parse(gradescope_results(graded, notes).dump());
}

TEST(GradescopeResults, OneTestPerCaseNamedByTaskAndCaseWithItsPoints) {
  const auto json = exported({two_tasks(TestStatus::Failed), std::nullopt});
  const auto& tests = json.at("tests");
  ASSERT_EQ(tests.size(), 5U);
  EXPECT_EQ(tests[0].at("name"), "1.1 calc_new_height_width / course_basic_case");
  EXPECT_EQ(tests[2].at("name"), "2.3 conv_forward / course_example");
  EXPECT_EQ(tests[4].at("name"), "2.3 conv_forward / hidden_test_1");
  EXPECT_DOUBLE_EQ(tests[2].at("score").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(tests[2].at("max_score").get<double>(), 6.67);
  EXPECT_EQ(tests[2].at("status"), "failed");
  EXPECT_EQ(tests[3].at("status"), "passed");
  EXPECT_DOUBLE_EQ(tests[3].at("score").get<double>(), 6.67);
  EXPECT_EQ(tests[4].at("output"), "hidden test: wrong result (its data is not shown)");
  EXPECT_EQ(json.at("output_format"), "html");
  EXPECT_EQ(json.at("test_output_format"), "text");
  EXPECT_EQ(json.at("stdout_visibility"), "hidden");
  EXPECT_EQ(json.at("extra_data").at("sandbox"), "Landlock (ABI 4) + seccomp");
}

TEST(GradescopeResults, HiddenCasesAreShownOnlyOnceTheGradesArePublished) {
  const auto json = exported({two_tasks(TestStatus::Crashed), std::nullopt});
  std::vector<std::string> visibilities;
  for (const auto& entry : json.at("tests")) visibilities.push_back(entry.at("visibility"));
  EXPECT_EQ(visibilities, (std::vector<std::string>{"visible", "after_published", "visible", "visible", "after_published"}));
}

TEST(GradescopeResults, TheTestsScoresAddUpToTheScoreWhichIsTheTotal) {
  for (const auto outcome : {TestStatus::Passed, TestStatus::Failed}) {
    const auto json = exported({two_tasks(outcome), std::nullopt});
    double sum = 0.0, max_sum = 0.0;
    for (const auto& entry : json.at("tests")) {
      sum += entry.at("score").get<double>();
      max_sum += entry.at("max_score").get<double>();
    }
    const double total = outcome == TestStatus::Passed ? 15.0 + 13.33 : 15.0 + 6.67;
    EXPECT_NEAR(json.at("score").get<double>(), total, 1e-9);
    EXPECT_NEAR(sum, total, 1e-9);
    EXPECT_NEAR(max_sum, 35.0, 1e-9);
  }
}

TEST(GradescopeResults, StudentTextSurvivesInTheTestAndIsInertInTheSummary) {
  const auto json = exported({two_tasks(TestStatus::Failed), std::nullopt});
  EXPECT_EQ(json.at("tests")[2].at("output"), kOddText);
  const auto output = json.at("output").get<std::string>();
  EXPECT_EQ(output.find("<script>"), std::string::npos) << output;
  EXPECT_NE(output.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"), std::string::npos) << output;
  // The summary's own markup is only what the exporter writes.
  for (const char* tag : {"<img", "<a ", "<iframe", "<style"}) EXPECT_EQ(output.find(tag), std::string::npos) << tag;
}

TEST(GradescopeResults, TheSummaryIsTheSameWhateverTheHiddenTestsDid) {
  // The student sees the top-level output at once: nothing in it may depend
  // on a hidden outcome (Gradescope holds the total back by itself while a
  // test is after_published).
  const auto passed = exported({two_tasks(TestStatus::Passed), std::nullopt});
  for (const auto outcome : {TestStatus::Failed, TestStatus::Crashed, TestStatus::TimedOut}) {
    const auto other = exported({two_tasks(outcome), std::nullopt});
    EXPECT_EQ(other.at("output"), passed.at("output")) << assg::to_string(outcome);
    EXPECT_NE(other.at("score"), passed.at("score"));
  }
  const auto output = passed.at("output").get<std::string>();
  EXPECT_NE(output.find("Visible tests: 14.17 of 20.84 points"), std::string::npos) << output;
  EXPECT_NE(output.find("2 hidden tests, worth 14.16 points"), std::string::npos) << output;
  EXPECT_EQ(output.find("Total"), std::string::npos) << output;
  for (const char* total : {"28.33", "21.67"}) EXPECT_EQ(output.find(total), std::string::npos) << total;
  EXPECT_EQ(output.find("hidden_test"), std::string::npos) << output;
}

TEST(GradescopeResults, WithoutHiddenTestsTheSummaryGivesTheTotal) {
  assg::TaskRecord task{"2.1", "zero_pad", "", false, 5.0, 10.0, TestStatus::Failed, {}};
  task.tests = {test("a", TestStatus::Passed, 5.0, 5.0), test("b", TestStatus::Failed, 0.0, 5.0, "wrong value at [0]")};
  const auto json = exported({assg::make_report("x.cpp", {task}), std::nullopt}, {"Graded: assg_tasks.cpp & <friends>"});
  const auto output = json.at("output").get<std::string>();
  EXPECT_NE(output.find("Total: 5.00/10"), std::string::npos) << output;
  EXPECT_NE(output.find("1 of 2 tests passed"), std::string::npos) << output;
  EXPECT_NE(output.find("wrong value at [0]"), std::string::npos) << output;
  EXPECT_EQ(output.rfind("<p>Graded: assg_tasks.cpp &amp; &lt;friends&gt;</p>", 0), 0U) << output;
}

TEST(GradescopeResults, VisiblePartCountsTheVisibleCasesOnly) {
  const auto visible = assg::gradescope::visible_part(two_tasks(TestStatus::Failed));
  ASSERT_EQ(visible.tasks.size(), 2U);
  EXPECT_EQ(visible.tasks[0].tests.size(), 1U);
  EXPECT_DOUBLE_EQ(visible.tasks[0].points, 7.5);
  EXPECT_DOUBLE_EQ(visible.tasks[0].max_points, 7.5);
  EXPECT_DOUBLE_EQ(visible.tasks[1].points, 6.67);
  EXPECT_DOUBLE_EQ(visible.tasks[1].max_points, 13.34);
  EXPECT_EQ(visible.tasks[1].status, TestStatus::Failed);
  EXPECT_DOUBLE_EQ(visible.total_points, 14.17);
  EXPECT_DOUBLE_EQ(visible.max_points, 20.84);
}

// grade-all's results for a student it could not grade: every task zero,
// no tests, the task status the student's (student_result.cpp).
nlohmann::json ungraded(const std::string& status, const std::string& problem) {
  return {{"total_points", 0.0},
          {"max_points", 35.0},
          {"solution", ""},
          {"tasks",
           {{{"id", "1.1"}, {"function", "calc_new_height_width"}, {"points", 0.0}, {"max_points", 15.0},
             {"status", status}, {"bonus", false}, {"message", problem}, {"tests", nlohmann::json::array()}},
            {{"id", "2.3"}, {"function", "conv_forward"}, {"points", 0.0}, {"max_points", 20.0}, {"status", status},
             {"bonus", false}, {"message", problem}, {"tests", nlohmann::json::array()}}}},
          {"submission",
           {{"student", "student"}, {"status", status}, {"edited_files", nlohmann::json::array()}, {"problem", problem}}}};
}

TEST(GradescopeResults, AMissingFileGetsOneZeroTestPerTaskAndSaysWhatToSubmit) {
  const auto graded = assg::graded_file_from_json(
      ungraded("missing", "no student/assg_tasks.cpp in the submission"), "results.json");
  const auto json = exported(graded);
  ASSERT_EQ(json.at("tests").size(), 2U);
  EXPECT_EQ(json.at("tests")[1].at("name"), "2.3 conv_forward");
  EXPECT_DOUBLE_EQ(json.at("tests")[1].at("max_score").get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(json.at("tests")[1].at("score").get<double>(), 0.0);
  EXPECT_EQ(json.at("tests")[1].at("status"), "failed");
  EXPECT_EQ(json.at("tests")[1].at("visibility"), "visible");
  EXPECT_DOUBLE_EQ(json.at("score").get<double>(), 0.0);
  EXPECT_EQ(json.at("extra_data").at("submission_status"), "missing");
  const auto output = json.at("output").get<std::string>();
  EXPECT_NE(output.find("Not graded: no assg_tasks.cpp to grade"), std::string::npos) << output;
  EXPECT_NE(output.find("no student/assg_tasks.cpp in the submission"), std::string::npos) << output;
}

TEST(GradescopeResults, TheSummarySaysWhereGradeAllFoundTheStudentsFile) {
  auto json = ungraded("graded", "");
  for (auto& task : json["tasks"]) task["status"] = "failed";
  json["submission"]["found_at"] = {{"student/assg_tasks.cpp", "hw <1>/assg_tasks.cpp"}};
  const auto graded = assg::graded_file_from_json(json, "results.json");
  ASSERT_TRUE(graded.submission.has_value());
  EXPECT_EQ(graded.submission->found_at.at("student/assg_tasks.cpp"), "hw <1>/assg_tasks.cpp");
  const auto exported_json = exported(graded);
  const auto output = exported_json.at("output").get<std::string>();
  EXPECT_NE(output.find("<p>Graded hw &lt;1&gt;/assg_tasks.cpp of your submission (as your student/assg_tasks.cpp).</p>"),
            std::string::npos)
      << output;
  EXPECT_EQ(exported_json.at("extra_data").at("found_at").at("student/assg_tasks.cpp"), "hw <1>/assg_tasks.cpp");

  json["submission"]["found_at"] = {{"student/assg_tasks.cpp", 7}};
  EXPECT_THROW(assg::graded_file_from_json(json, "results.json"), assg::ResultsFileError);
}

TEST(GradescopeResults, AnAutograderErrorIsNotExplainedToTheStudent) {
  // Its problem may quote the grader's output, hidden tests included.
  const auto graded = assg::graded_file_from_json(
      ungraded("harness_error", "the grader failed (exit status 2):\nFAIL 2.3 hidden case secret_case"), "r.json");
  const auto json = exported(graded);
  const auto output = json.at("output").get<std::string>();
  EXPECT_NE(output.find("error in the autograder"), std::string::npos) << output;
  EXPECT_EQ(output.find("secret_case"), std::string::npos) << output;
  EXPECT_EQ(json.at("extra_data").at("problem"), "the grader failed (exit status 2):\nFAIL 2.3 hidden case secret_case");
}

TEST(GradescopeResults, ACompileErrorShowsTheCompilersMessage) {
  assg::TaskRecord task{"2.1", "zero_pad", "", false, 0.0, 10.0, TestStatus::CompileError, {}};
  task.tests = {test("a", TestStatus::CompileError, 0.0, 5.0, "does not compile: assg_tasks.cpp:12:3: error: 'x' <here>"),
                test("hidden_test_1", TestStatus::CompileError, 0.0, 5.0,
                     assg::hidden_test_message(TestStatus::CompileError), true)};
  const auto json = exported({assg::make_report("x.cpp", {task}), std::nullopt});
  const auto output = json.at("output").get<std::string>();
  EXPECT_NE(output.find("does not compile"), std::string::npos) << output;
  EXPECT_NE(output.find("assg_tasks.cpp:12:3: error: &#39;x&#39; &lt;here&gt;"), std::string::npos) << output;
  EXPECT_EQ(json.at("tests")[1].at("visibility"), "after_published");
}

TEST(GradescopeResults, EditedFilesAreSaid) {
  auto file = ungraded("graded", "");
  file["submission"]["edited_files"] = {"student/assg_tasks.hpp"};
  file["tasks"][0]["status"] = "passed";
  file["tasks"][1]["status"] = "passed";
  const auto json = exported(assg::graded_file_from_json(file, "r.json"));
  EXPECT_NE(json.at("output").get<std::string>().find("student/assg_tasks.hpp. They were not used"), std::string::npos);
}

// grade-all's status for the untouched stubs: graded case by case, like
// "graded", never refused as an unknown status.
TEST(GradescopeResults, UntouchedStubsAreReadAsGradedCaseByCase) {
  assg::TaskRecord task{"1.1", "calc_new_height_width", "", false, 0.0, 15.0, TestStatus::NotImplemented, {}};
  task.tests = {test("course_basic_case", TestStatus::NotImplemented, 0.0, 15.0,
                     assg::own_stub_message("calc_new_height_width"))};
  auto file = nlohmann::json(assg::report_to_json(assg::make_report("student/assg_tasks.cpp", {task})));
  file["submission"] = {{"student", "cara"}, {"status", "not_attempted"}, {"edited_files", nlohmann::json::array()},
                        {"problem", ""}};
  const auto graded = assg::graded_file_from_json(file, "r.json");
  ASSERT_TRUE(graded.submission.has_value());
  EXPECT_EQ(graded.submission->status, assg::StudentStatus::NotAttempted);
  const auto json = exported(graded);
  EXPECT_EQ(json.at("output").get<std::string>().find("Not graded"), std::string::npos) << json.dump(2);
}

TEST(GradescopeResults, AMalformedFileIsRefusedNamingItAndTheProblem) {
  const auto refused = [](const nlohmann::json& json) {
    try {
      assg::graded_file_from_json(json, "out/ada/results.json");
    } catch (const assg::ResultsFileError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  auto unknown = ungraded("missing", "x");
  unknown["submission"]["status"] = "lost";
  EXPECT_EQ(refused(unknown), "out/ada/results.json: submission: unknown status \"lost\"");
  auto no_files = ungraded("missing", "x");
  no_files["submission"].erase("edited_files");
  EXPECT_EQ(refused(no_files), "out/ada/results.json: submission: \"edited_files\" is missing");
  auto too_many = ungraded("missing", "x");
  too_many["tasks"][0]["points"] = 16.0;
  too_many["total_points"] = 16.0;
  EXPECT_NE(refused(too_many).find("out/ada/results.json: task 1.1: more points than its maximum"), std::string::npos)
      << refused(too_many);
  EXPECT_NE(refused(nlohmann::json::array()).find("out/ada/results.json"), std::string::npos);
}

}  // namespace
