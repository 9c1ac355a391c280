#include "github_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "file_io.hpp"
#include "report/github_report.hpp"
#include "model/results_json.hpp"

namespace assg::github {

namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// GitHub's file commands ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY) are
// appended to: every step of a job may write to them.
void append_to_file(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::app | std::ios::binary);
  file << content;
  file.flush();
  if (!file) throw std::runtime_error(fmt::format("{}: cannot be appended to", path));
}

}  // namespace

GithubCommands::GithubCommands(CLI::App& app) {
  summary_ = env_or_empty("GITHUB_STEP_SUMMARY");
  outputs_ = env_or_empty("GITHUB_OUTPUT");

  github_ = app.add_subcommand("github",
                               "GitHub Actions: the job summary, one ::error annotation per failing task (on "
                               "standard output), and the step outputs points, max_points and full_marks");
  github_->add_option("results", results_, "The results JSON")->required();
  github_->add_option("--summary", summary_, "Markdown job summary, appended to (default: $GITHUB_STEP_SUMMARY)");
  github_->add_option("--outputs", outputs_,
                      "Step outputs points, max_points, full_marks, appended to (default: $GITHUB_OUTPUT)");
  github_->add_option("--source", source_, "The student's file, for the annotations' lines")->capture_default_str();
}

std::optional<int> GithubCommands::run() const {
  if (*github_) return run_github();
  return std::nullopt;
}

int GithubCommands::run_github() const {
  const auto report = load_results_file(results_);
  // Lines help but are not needed: an unreadable file gives none.
  const auto source = read_file(source_).value_or("");
  std::fputs(annotations(report, source_, source).c_str(), stdout);
  std::fflush(stdout);
  if (summary_.empty())
    fmt::print(stderr, "results-export: no --summary and no GITHUB_STEP_SUMMARY: no job summary written\n");
  else
    append_to_file(summary_, job_summary(report));
  if (outputs_.empty())
    fmt::print(stderr, "results-export: no --outputs and no GITHUB_OUTPUT: no step outputs written\n");
  else
    append_to_file(outputs_, grade_outputs(report));
  return 0;
}

}  // namespace assg::github
