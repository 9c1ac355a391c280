#include "gradescope_command.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "report/gradescope_results.hpp"

namespace assg::gradescope {

GradescopeCommand::GradescopeCommand(CLI::App& app) {
  command_ = app.add_subcommand("gradescope",
                                "Gradescope's autograder results.json: one test per fixture case, hidden tests shown "
                                "after the grades are published");
  command_->add_option("results", results_, "The results JSON (make test's, the grader's or grade-all's)")->required();
  command_->add_option("--out", out_, "Where to write it (- for standard output)")->capture_default_str();
  command_->add_option("--note", notes_, "A line shown to the student first, e.g. which file was graded (repeatable)");
}

std::optional<int> GradescopeCommand::run() const {
  if (!*command_) return std::nullopt;
  // Invalid UTF-8 cannot come from a parsed file; replaced, not thrown, in
  // case a --note carries some.
  const auto text =
      gradescope_results(load_graded_file(results_), notes_).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  if (out_ == "-") {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
  } else {
    write_file_atomically(out_, text);
  }
  return 0;
}

}  // namespace assg::gradescope
