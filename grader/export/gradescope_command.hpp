// results-export's Gradescope subcommand:
//
//   gradescope RESULTS_JSON [--out FILE] [--note TEXT]...
//       Gradescope's autograder results.json (gradescope_results.hpp) from a
//       results file of make test, the grader or grade-all; --note lines
//       (run_autograder: which file was graded) are shown to the student first
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace assg::gradescope {

class GradescopeCommand {
 public:
  // Adds the subcommand to `app`.
  explicit GradescopeCommand(CLI::App& app);

  // After parsing: 0 if this subcommand was chosen and ran, std::nullopt if
  // another was chosen. Throws (ResultsFileError, std::runtime_error) when
  // the results file cannot be read or the output cannot be written.
  std::optional<int> run() const;

 private:
  CLI::App* command_ = nullptr;
  std::string results_, out_ = "-";
  std::vector<std::string> notes_;
};

}  // namespace assg::gradescope
