#include "classroom50_command.hpp"

#include "file_io.hpp"
#include "report/feedback_markdown.hpp"

namespace assg::classroom50 {

Classroom50Command::Classroom50Command(CLI::App& app) {
  command_ = app.add_subcommand("classroom50",
                                "Classroom 50's result.json (classroom50/result/v1, scores in hundredths of a point) "
                                "and release body");
  command_->add_option("results", results_, "The results JSON (make test's, the grader's or grade-all's)")->required();
  command_->add_option("--classroom", submission_.classroom, "The classroom ($CLASSROOM)")->required();
  command_->add_option("--assignment", submission_.assignment, "The assignment's slug ($ASSIGNMENT)")->required();
  command_->add_option("--owner", submission_.owner, "The repository's owner ($OWNER)")->required();
  command_->add_option("--assignment-type", submission_.assignment_type, "individual, group or team ($ASSIGNMENT_TYPE)")
      ->capture_default_str();
  command_->add_option("--submission", submission_.submission, "The submission tag, submit/... ($SUBMISSION_TAG)")
      ->required();
  command_->add_option("--commit", submission_.commit, "The graded commit's URL ($COMMIT_URL)")->required();
  command_->add_option("--release", submission_.release, "The submission's release URL ($RELEASE_URL)")->required();
  command_->add_option("--review", submission_.review, "The review URL ($REVIEW_URL)")->required();
  command_->add_option("--datetime", submission_.datetime, "The graded commit's committer date, UTC")->required();
  command_->add_option("--out", out_, "Where to write result.json")->capture_default_str();
  command_->add_option("--release-body", release_body_, "Also write the release body (Markdown) here");
  command_->add_option("--feedback", feedback_, "Also write feedback.md here");
  command_->add_option("--summary", summary_, "Also write the one-line summary here");
  command_->add_option("--edited-file", edited_files_,
                       "An assignment file the student's checkout holds edited (not graded; the student is told)");
}

std::optional<int> Classroom50Command::run() const {
  if (!*command_) return std::nullopt;
  // Everything is computed before anything is written: a refused input
  // leaves no half set of files behind.
  auto graded = load_graded_file(results_);
  if (!edited_files_.empty()) {
    auto outcome = submission_outcome(graded, submission_.owner);
    outcome.edited_files.insert(outcome.edited_files.end(), edited_files_.begin(), edited_files_.end());
    graded.submission = outcome;
  }
  const auto result = result_json(graded.report, submission_).dump(2) + "\n";
  const auto body = release_body(graded);
  const auto feedback = feedback_markdown(graded, submission_.owner);
  write_file_atomically(out_, result);
  if (!release_body_.empty()) write_file_atomically(release_body_, body);
  if (!feedback_.empty()) write_file_atomically(feedback_, feedback);
  if (!summary_.empty()) write_file_atomically(summary_, summary_line(graded.report) + "\n");
  return 0;
}

}  // namespace assg::classroom50
