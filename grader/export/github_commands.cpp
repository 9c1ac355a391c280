#include "github_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "classroom_workflow.hpp"
#include "file_io.hpp"
#include "report/github_report.hpp"
#include "model/results_json.hpp"
#include "rubric.hpp"

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
                               "GitHub Actions and Classroom: the job summary, one ::error annotation per failing "
                               "task (on standard output), one step output per task for Classroom's reporter");
  github_->add_option("results", results_, "The results JSON")->required();
  github_->add_option("--summary", summary_, "Markdown job summary, appended to (default: $GITHUB_STEP_SUMMARY)");
  github_->add_option("--outputs", outputs_,
                      "Step outputs task_<id>=<base64 JSON>, appended to (default: $GITHUB_OUTPUT)");
  github_->add_option("--source", source_, "The student's file, for the annotations' lines")->capture_default_str();

  workflow_ = app.add_subcommand("classroom-workflow",
                                 "The GitHub Classroom workflow (.github/workflows/classroom.yml) for the "
                                 "rubric's tasks");
  workflow_->add_option("--rubric", rubric_, "The rubric")->capture_default_str();
  workflow_->add_option("--out", out_, "Where to write it (- for standard output)")->capture_default_str();
  workflow_->add_option("--check", check_, "Write nothing; exit 1 if this file is not what would be written");
}

std::optional<int> GithubCommands::run() const {
  if (*github_) return run_github();
  if (*workflow_) return run_workflow();
  return std::nullopt;
}

int GithubCommands::run_github() const {
  const auto report = load_results_file(results_);
  // Lines help but are not needed: an unreadable file gives none.
  const auto source = read_file(source_).value_or("");
  const auto runners = classroom_runners(report, source_, source);
  std::fputs(annotations(report, source_, source).c_str(), stdout);
  std::fflush(stdout);
  if (summary_.empty())
    fmt::print(stderr, "results-export: no --summary and no GITHUB_STEP_SUMMARY: no job summary written\n");
  else
    append_to_file(summary_, job_summary(report));
  if (outputs_.empty())
    fmt::print(stderr, "results-export: no --outputs and no GITHUB_OUTPUT: no step outputs written\n");
  else
    append_to_file(outputs_, step_outputs(runners));
  return 0;
}

int GithubCommands::run_workflow() const {
  const auto workflow = classroom_workflow(load_rubric(rubric_));
  if (check_.empty()) {
    if (out_ == "-") {
      std::fputs(workflow.c_str(), stdout);
      std::fflush(stdout);
    } else {
      write_file_atomically(out_, workflow);
    }
    return 0;
  }
  if (read_file(check_) == workflow) return 0;
  fmt::print(stderr,
             "results-export: {} is not the workflow {} gives; write it again with\n"
             "    results-export classroom-workflow --rubric {} --out {}\n",
             check_, rubric_, rubric_, check_);
  return 1;
}

}  // namespace assg::github
