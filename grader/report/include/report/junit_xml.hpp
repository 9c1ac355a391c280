// The grade as JUnit XML (`--junit path.xml`, `make test JUNIT=path.xml`),
// the test-report format GitLab, Jenkins, Azure and most CI systems read:
// one <testsuite> per task (its points as properties), one <testcase> per
// fixture case, a <failure> (type: the status) for each case not passed.
#pragma once

#include <string>
#include <vector>

#include "model/scoring.hpp"

namespace assg {

std::string report_to_junit(const GradeReport& report);

// Many gradings in one document (grade-all --junit: one per student): each
// report's suites are named "<label> / <task id> <function>".
struct LabelledReport {
  std::string label;
  GradeReport report;
};
std::string reports_to_junit(const std::string& name, const std::vector<LabelledReport>& reports);

// Text made safe for XML 1.0 content and attributes: markup escaped, and
// characters XML cannot hold at all (most control characters) replaced.
std::string xml_escaped(const std::string& text);

}  // namespace assg
