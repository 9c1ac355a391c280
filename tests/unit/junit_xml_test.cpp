// JUnit XML: what CI systems read, so the counts must match the grade and
// no student text may break the XML.
#include "report/junit_xml.hpp"

#include <gtest/gtest.h>

namespace {

assg::GradeReport two_tasks() {
  assg::GradeReport report;
  report.solution = "student/assg_tasks.cpp";
  assg::TaskRecord passed{"1.1", "calc_new_height_width", "", false, 15.0, 15.0, assg::TestStatus::Passed, {}};
  passed.tests.push_back({"course_basic_case", assg::TestStatus::Passed, "", "", 1.0, 0.25, false, 15.0, 15.0});
  assg::TaskRecord crashed{"2.3", "conv_forward", "", false, 0.0, 20.0, assg::TestStatus::Crashed, {}};
  crashed.tests.push_back({"course_example", assg::TestStatus::Crashed,
                           "crashed: conv_forward threw std::runtime_error:\n    | a<b & \"c\" 'd' \x01", "", 1.0,
                           0.5, false, 0.0, 20.0});
  report.tasks = {passed, crashed};
  return report;
}

TEST(JunitXml, CountsOneSuitePerTaskAndOneFailurePerCaseNotPassed) {
  const auto xml = assg::report_to_junit(two_tasks());
  EXPECT_NE(xml.find("<testsuites name=\"student/assg_tasks.cpp\" tests=\"2\" failures=\"1\" errors=\"0\" "
                     "time=\"0.750\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"1.1 calc_new_height_width\" tests=\"1\" failures=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"2.3 conv_forward\" tests=\"1\" failures=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"points\" value=\"15\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<testcase name=\"course_basic_case\" classname=\"1.1 calc_new_height_width\" time=\"0.250\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"crashed\" message=\"crashed: conv_forward threw std::runtime_error:\">"),
            std::string::npos)
      << xml;
}

TEST(JunitXml, StudentTextCannotBreakTheXml) {
  const auto xml = assg::report_to_junit(two_tasks());
  EXPECT_NE(xml.find("a&lt;b &amp; &quot;c&quot; &apos;d&apos; \xEF\xBF\xBD</failure>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(assg::xml_escaped("x\xEF\xBF\xBEy"), "x\xEF\xBF\xBDy");  // U+FFFE is no XML character
  EXPECT_EQ(assg::xml_escaped("tab\tline\n"), "tab\tline\n");
}

TEST(JunitXml, ManyReportsShareOneDocumentWithLabelledSuites) {
  const auto xml = assg::reports_to_junit("grade-all", {{"ada", two_tasks()}, {"ben", two_tasks()}});
  // Two reports of two cases each, one failure each.
  EXPECT_NE(xml.find("<testsuites name=\"grade-all\" tests=\"4\" failures=\"2\" errors=\"0\" time=\"1.500\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"ada / 1.1 calc_new_height_width\""), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"ben / 2.3 conv_forward\" tests=\"1\" failures=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("classname=\"ben / 2.3 conv_forward\""), std::string::npos);
}

}  // namespace
