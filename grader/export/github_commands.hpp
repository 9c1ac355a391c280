// results-export's GitHub subcommands:
//
//   github RESULTS_JSON [--summary F] [--outputs F] [--source student/assg_tasks.cpp]
//       the job summary (appended to $GITHUB_STEP_SUMMARY), one ::error
//       annotation per failing task (standard output), and one step output
//       per task for GitHub Classroom's reporter (appended to $GITHUB_OUTPUT)
//   classroom-workflow [--rubric grader/rubric.json] [--out F | --check F]
//       the student release's .github/workflows/classroom.yml, from the rubric
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace assg::github {

class GithubCommands {
 public:
  // Adds both subcommands to `app`.
  explicit GithubCommands(CLI::App& app);

  // After parsing: the exit status of the subcommand chosen, if it is one of
  // these. Throws (std::runtime_error and kin) when an input cannot be read.
  std::optional<int> run() const;

 private:
  int run_github() const;
  int run_workflow() const;

  CLI::App* github_ = nullptr;
  CLI::App* workflow_ = nullptr;
  std::string results_, summary_, outputs_, source_ = "student/assg_tasks.cpp";
  std::string rubric_ = "grader/rubric.json", out_ = "-", check_;
};

}  // namespace assg::github
