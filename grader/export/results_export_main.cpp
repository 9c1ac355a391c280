// results-export FORMAT RESULTS_JSON [options]: one grade, other formats.
//
//   junit       JUnit XML, for GitLab, Jenkins and other CI
//   github      GitHub Actions: job summary, annotations, step outputs (github_commands.hpp)
//   gradescope  Gradescope's autograder results.json (gradescope_command.hpp)
//   classroom50 Classroom 50's result.json and release body (classroom50_command.hpp)
//
// Exit status: 0 written, 2 the results file or an output could not be
// read or written (the message names the file and the problem).
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "classroom50_command.hpp"
#include "file_io.hpp"
#include "github_commands.hpp"
#include "gradescope_command.hpp"
#include "report/junit_xml.hpp"
#include "model/results_json.hpp"

namespace {

// Writes `content` to `path`, or to standard output for "-".
void write_output(const std::string& path, const std::string& content) {
  if (path == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
  } else {
    assg::write_file_atomically(path, content);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Turns a grade (a results.json written by make test, the grader or grade-all) into the formats "
               "courses' platforms read."};
  app.require_subcommand(1);

  std::string results_path, out_path = "-";

  auto* junit = app.add_subcommand("junit", "JUnit XML (GitLab, Jenkins, Azure, ...)");
  junit->add_option("results", results_path, "The results JSON")->required();
  junit->add_option("--out", out_path, "Where to write it (- for standard output)")->capture_default_str();

  assg::github::GithubCommands github(app);
  assg::gradescope::GradescopeCommand gradescope(app);
  assg::classroom50::Classroom50Command classroom50(app);

  CLI11_PARSE(app, argc, argv);
  try {
    if (const auto status = github.run()) return *status;
    if (const auto status = gradescope.run()) return *status;
    if (const auto status = classroom50.run()) return *status;
    const auto report = assg::load_results_file(results_path);
    if (*junit) write_output(out_path, assg::report_to_junit(report));
  } catch (const std::exception& error) {
    fmt::print(stderr, "results-export: {}\n", error.what());
    return 2;
  }
  return 0;
}
