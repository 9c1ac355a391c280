#include "report/junit_xml.hpp"

#include <fmt/format.h>

namespace assg {

std::string xml_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
          out += "\xEF\xBF\xBD";  // not allowed in XML 1.0, even escaped
        } else if (byte == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
          out += "\xEF\xBF\xBD";  // U+FFFE, U+FFFF: not characters in XML
          i += 2;
        } else {
          out += text[i];
        }
    }
  }
  return out;
}

namespace {

struct Counts {
  int tests = 0, failures = 0;
  double seconds = 0.0;
  void add(const GradeReport& report) {
    for (const auto& task : report.tasks)
      for (const auto& test : task.tests) {
        ++tests;
        failures += test.status == TestStatus::Passed ? 0 : 1;
        seconds += test.seconds;
      }
  }
};

std::string header(const std::string& name, const Counts& counts) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
         fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\">\n",
                     xml_escaped(name), counts.tests, counts.failures, counts.seconds);
}

// One <testsuite> per task, its name prefixed with `label` when there is one.
std::string suites(const GradeReport& report, const std::string& label) {
  std::string xml;
  for (const auto& task : report.tasks) {
    const auto suite = xml_escaped(label.empty() ? fmt::format("{} {}", task.id, task.function)
                                                 : fmt::format("{} / {} {}", label, task.id, task.function));
    int suite_failures = 0;
    double suite_seconds = 0.0;
    for (const auto& test : task.tests) {
      suite_failures += test.status == TestStatus::Passed ? 0 : 1;
      suite_seconds += test.seconds;
    }
    xml += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"{:.3f}\">\n",
                       suite, task.tests.size(), suite_failures, suite_seconds);
    xml += fmt::format(
        "    <properties>\n      <property name=\"points\" value=\"{:g}\"/>\n      <property name=\"max_points\" "
        "value=\"{:g}\"/>\n      <property name=\"status\" value=\"{}\"/>\n    </properties>\n",
        task.points, task.max_points, to_string(task.status));
    for (const auto& test : task.tests) {
      xml += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\"", xml_escaped(test.name), suite,
                         test.seconds);
      if (test.status == TestStatus::Passed) {
        xml += "/>\n";
        continue;
      }
      const auto first_line = test.message.substr(0, test.message.find('\n'));
      xml += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                         to_string(test.status), xml_escaped(first_line), xml_escaped(test.message));
    }
    xml += "  </testsuite>\n";
  }
  return xml;
}

}  // namespace

std::string report_to_junit(const GradeReport& report) {
  Counts counts;
  counts.add(report);
  return header(report.solution, counts) + suites(report, "") + "</testsuites>\n";
}

std::string reports_to_junit(const std::string& name, const std::vector<LabelledReport>& reports) {
  Counts counts;
  for (const auto& labelled : reports) counts.add(labelled.report);
  std::string xml = header(name, counts);
  for (const auto& labelled : reports) xml += suites(labelled.report, labelled.label);
  return xml + "</testsuites>\n";
}

}  // namespace assg
