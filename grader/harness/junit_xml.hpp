// The grade as JUnit XML (`--junit path.xml`, `make test JUNIT=path.xml`),
// the test-report format GitLab, Jenkins, Azure and most CI systems read:
// one <testsuite> per task (its points as properties), one <testcase> per
// fixture case, a <failure> (type: the status) for each case not passed.
#pragma once

#include <string>

#include "scoring.hpp"

namespace assg {

std::string report_to_junit(const GradeReport& report);

// Text made safe for XML 1.0 content and attributes: markup escaped, and
// characters XML cannot hold at all (most control characters) replaced.
std::string xml_escaped(const std::string& text);

}  // namespace assg
