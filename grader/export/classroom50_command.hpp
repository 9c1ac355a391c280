// results-export's Classroom 50 subcommand (report/classroom50_result.hpp):
//
//   classroom50 RESULTS_JSON --classroom C --assignment A --owner O
//       --submission submit/... --commit URL --release URL --review URL
//       --datetime YYYY-MM-DDTHH:MM:SSZ [--assignment-type individual]
//       [--out result.json] [--release-body release-body.md]
//       [--feedback feedback.md] [--summary FILE] [--edited-file PATH]...
//
// What a Classroom 50 autograder leaves in the student's checkout. The
// identity comes from the runner's environment (autograder.py passes it on).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "report/classroom50_result.hpp"

namespace assg::classroom50 {

class Classroom50Command {
 public:
  explicit Classroom50Command(CLI::App& app);

  // After parsing: 0 if this subcommand was chosen and ran, std::nullopt if
  // another was chosen. Throws (ResultsFileError, std::invalid_argument,
  // std::runtime_error) when an input is refused or an output cannot be
  // written.
  std::optional<int> run() const;

 private:
  CLI::App* command_ = nullptr;
  std::string results_, out_ = "result.json", release_body_, feedback_, summary_;
  Submission submission_;
  std::vector<std::string> edited_files_;
};

}  // namespace assg::classroom50
