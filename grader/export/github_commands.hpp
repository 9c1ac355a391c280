// results-export's GitHub subcommand:
//
//   github RESULTS_JSON [--summary F] [--outputs F] [--source student/assg_tasks.cpp]
//       the job summary (appended to $GITHUB_STEP_SUMMARY), one ::error
//       annotation per failing task (standard output), and the step outputs
//       points, max_points and full_marks (appended to $GITHUB_OUTPUT) that
//       the release's .github/workflows/grade.yml passes or fails the job by
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace assg::github {

class GithubCommands {
 public:
  // Adds the subcommand to `app`.
  explicit GithubCommands(CLI::App& app);

  // After parsing: the exit status of the subcommand, if it was chosen.
  // Throws (std::runtime_error and kin) when an input cannot be read.
  std::optional<int> run() const;

 private:
  int run_github() const;

  CLI::App* github_ = nullptr;
  std::string results_, summary_, outputs_, source_ = "student/assg_tasks.cpp";
};

}  // namespace assg::github
