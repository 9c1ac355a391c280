#include "classroom_workflow.hpp"

#include <cctype>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/github_report.hpp"

namespace assg::github {

namespace {

// Where the workflow grades and what, as make test does by default.
constexpr const char* kBuild = "build";
constexpr const char* kResults = "build/results/results.json";
constexpr const char* kReportStep = "report";

}  // namespace

std::vector<std::string> workflow_runner_ids(const Rubric& rubric) {
  std::vector<std::string> ids;
  for (const auto& task : rubric.tasks)
    if (task.enabled && !task.bonus) ids.push_back(runner_id(task.id));
  return ids;
}

std::string classroom_workflow(const Rubric& rubric) {
  const auto runners = workflow_runner_ids(rubric);
  if (runners.empty()) throw std::runtime_error(rubric.path + ": no enabled task counts towards the maximum");
  const std::string solution = rubric.student_files.empty() ? "student/assg_tasks.cpp" : rubric.student_files.front();
  // It goes into shell commands and YAML unquoted.
  for (const char c : solution)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '.' && c != '_' && c != '-')
      throw std::runtime_error(
          fmt::format("{}: student file \"{}\" has a character the workflow cannot hold", rubric.path, solution));

  std::string env;
  for (const auto& id : runners) {
    std::string upper;
    for (const char c : id) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    env += fmt::format("          {}_RESULTS: \"${{{{ steps.{}.outputs.{} }}}}\"\n", upper, kReportStep, id);
  }

  return fmt::format(
      R"(# GitHub Classroom autograding: grades {solution} as `make test` does,
# shows the per-task table in the job summary and an annotation per failing
# task, keeps results.json as an artifact, and gives Classroom each task's
# points (partial credit included) through its reporter: one runner per
# task of grader/rubric.json.
#
# Written by `results-export classroom-workflow --rubric grader/rubric.json`;
# change the rubric and write it again rather than editing it. Classroom
# needs the workflow name "Autograding Tests" and one job named
# "run-autograding-tests".
name: Autograding Tests
'on':
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
defaults:
  run:
    shell: bash
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    # Classroom's own first commit (the template, unchanged) is not graded.
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Install dependencies
        run: sudo .ci/install-deps.sh
      - name: Grade
        id: grade
        run: |
          # What `make test` runs, keeping the grader's own exit status: 1
          # (some tests failed, or the file does not compile) is a grade and
          # the report follows; 2 is the grader itself failing: no grade.
          status=0
          grader/grade_solution.sh {build} {solution} {results} || status=$?
          if [ "$status" -ge 2 ]; then
            echo "::error title=The autograder could not run::grader/grade_solution.sh exited with status $status (its messages are above). This is not your grade: tell your instructor."
            exit "$status"
          fi
      - name: Report
        id: {report}
        run: |
          cmake --build {build} --target results-export
          {build}/bin/results-export github {results} --source {solution}
      - name: Keep results.json
        uses: actions/upload-artifact@v4
        with:
          name: results
          path: {results}
          if-no-files-found: error
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{env}        with:
          runners: {runners}
)",
      fmt::arg("solution", solution), fmt::arg("build", kBuild), fmt::arg("results", kResults),
      fmt::arg("report", kReportStep), fmt::arg("env", env), fmt::arg("runners", fmt::join(runners, ",")));
}

}  // namespace assg::github
