// What one grading run will do: the rubric's enabled tasks (optionally only
// some of them), each with its validated fixture. Everything is loaded and
// cross-checked before any student code runs, so a broken rubric or fixture
// stops the run with one clear message instead of a half-graded result.
#pragma once

#include <string>
#include <vector>

#include "fixture.hpp"
#include "known_mistakes.hpp"
#include "rubric.hpp"

namespace assg {

struct PlannedTask {
  RubricTask rule;
  Fixture fixture;
  // Its visible cases' known mistakes (fixtures/mistakes/<fixture>), for
  // naming a wrong answer's likely cause; empty when there is no table.
  KnownMistakes mistakes;
  // Each case's worth in points (whole hundredths), in the order of
  // fixture.cases: decided here, once, by case name and weight, so that no
  // run order (or --gtest_shuffle) can move a hundredth.
  std::vector<double> case_points;
};

struct GradingPlan {
  Rubric rubric;
  std::vector<PlannedTask> tasks;
  // Not errors, but likely mistakes: e.g. a fixture file no task grades.
  std::vector<std::string> warnings;
};

// Throws RubricError or FixtureError naming the file and the problem.
// `only_tasks` holds task ids ("2.3"); empty means every enabled task.
// The tables of known mistakes are read from `fixtures_dir`/mistakes/; a
// missing or damaged table costs only the diagnoses (a warning says so).
// `hidden_fixtures_dir` (optional) holds instructor-only fixtures, named like
// the visible ones: their cases are added to the task, marked hidden.
// `hidden_rubric_path` (optional, with hidden fixtures only) weights hidden
// cases by name; the rubric itself may name visible cases only.
// `full_expected_dir` (optional, written by grade-all) holds fixtures named
// like the visible ones whose cases give in full the outputs that the
// visible fixture summarizes: those are then checked value by value.
GradingPlan load_grading_plan(const std::string& rubric_path, const std::string& fixtures_dir,
                              const std::vector<std::string>& only_tasks,
                              const std::string& hidden_fixtures_dir = {},
                              const std::string& hidden_rubric_path = {},
                              const std::string& full_expected_dir = {});

}  // namespace assg
