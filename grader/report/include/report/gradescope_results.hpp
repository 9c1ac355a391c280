// A grade (results.json of make test, the grader or grade-all) as
// Gradescope's autograder results (`results-export gradescope`), after
// https://gradescope-autograders.readthedocs.io/en/latest/specs/:
//
//   {"score", "output", "output_format", "test_output_format", "test_name_format",
//    "stdout_visibility", "extra_data", "tests": [{"name", "score", "max_score",
//    "status", "output", "visibility", "extra_data"}]}
//
// One test per fixture case, its points as score and max_score (hundredths
// that add up to the task's points, so the tests' scores add up to "score",
// the total). Hidden tests are "after_published": a student sees them, and
// (Gradescope's rule while any test is not yet shown) the total, only once
// the instructor publishes the grades. The top-level "output", which a
// student sees at once, therefore speaks of the visible tests only: a table
// like make test's without the hidden cases, the visible failures, and, when
// the submission could not be graded, why, in plain words.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/graded_file.hpp"

namespace assg::gradescope {

// Gradescope's results.json. `notes`: lines from whoever ran the grading
// (run_autograder: which file of the submission was graded), shown first.
nlohmann::ordered_json gradescope_results(const GradedFile& graded, const std::vector<std::string>& notes = {});

// The report with its hidden tests left out: each task's points, maximum
// and status from its visible tests alone, the total likewise.
GradeReport visible_part(const GradeReport& report);

// Text made inert in HTML (the top-level output's format): & < > " ' escaped.
std::string html_escaped(const std::string& text);

}  // namespace assg::gradescope
