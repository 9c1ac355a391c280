#include "grading_plan.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "model/scoring.hpp"

namespace assg {

namespace {

bool has_case(const Fixture& fixture, const std::string& name, bool hidden) {
  return std::any_of(fixture.cases.begin(), fixture.cases.end(), [&](const FixtureCase& fixture_case) {
    return fixture_case.name == name && fixture_case.hidden == hidden;
  });
}

// The rubric names visible cases only (students have it, so a hidden case's
// name there would be published, and make test, which has no hidden
// fixtures, could not grade); the hidden rubric names hidden cases only.
void check_case_rules(const PlannedTask& planned, const std::string& rubric_path, const std::string& fixture_path,
                      const std::string& hidden_rubric_path) {
  const auto& rule = planned.rule;
  for (const auto& [name, unused] : rule.cases)
    if (!has_case(planned.fixture, name, false))
      throw RubricError(fmt::format("{}: task {}: case \"{}\" is not in {}{}", rubric_path, rule.id, name,
                                    fixture_path,
                                    has_case(planned.fixture, name, true)
                                        ? " (it is a hidden case: weight it in the hidden rubric, "
                                          "fixtures/spec/hidden/rubric.json, never in the students' rubric)"
                                        : ""));
  for (const auto& [name, unused] : rule.hidden_cases)
    if (!has_case(planned.fixture, name, true))
      throw RubricError(fmt::format("{}: task {}: \"{}\" is not a hidden case of task {}", hidden_rubric_path,
                                    rule.id, name, rule.id));
  double total_weight = 0.0;
  for (const auto& fixture_case : planned.fixture.cases) total_weight += rule.case_weight(fixture_case.name);
  if (total_weight <= 0.0)
    throw RubricError(fmt::format("{}: task {}: the case weights add up to 0", rubric_path, rule.id));
}

// The summarized outputs of `visible` replaced by the same cases' full
// outputs in `full` (same shapes, or the full fixture is refused).
void replace_summaries(Fixture& visible, const Fixture& full) {
  for (const auto& full_case : full.cases) {
    auto visible_case = std::find_if(visible.cases.begin(), visible.cases.end(),
                                     [&](const FixtureCase& candidate) { return candidate.name == full_case.name; });
    if (visible_case == visible.cases.end())
      throw FixtureError(fmt::format("{}: case \"{}\" is not in {}", full.path, full_case.name, visible.path));
    for (const auto& [name, expected] : full_case.expected) {
      auto& replaced = visible_case->expected.at(name);
      if (!replaced.summarized || expected.summarized) continue;
      if (expected.tensor.shape != replaced.summary.shape)
        throw FixtureError(fmt::format("{}: case \"{}\": {} has another shape than in {}", full.path,
                                       full_case.name, name, visible.path));
      replaced = expected;
    }
  }
}

}  // namespace

GradingPlan load_grading_plan(const std::string& rubric_path, const std::string& fixtures_dir,
                              const std::vector<std::string>& only_tasks, const std::string& hidden_fixtures_dir,
                              const std::string& hidden_rubric_path, const std::string& full_expected_dir) {
  GradingPlan plan;
  plan.rubric = load_rubric(rubric_path);
  if (!hidden_fixtures_dir.empty() && !std::filesystem::is_directory(hidden_fixtures_dir))
    throw FixtureError(fmt::format("{}: the hidden fixtures folder does not exist", hidden_fixtures_dir));
  if (!full_expected_dir.empty() && !std::filesystem::is_directory(full_expected_dir))
    throw FixtureError(fmt::format("{}: the folder of full expected outputs does not exist", full_expected_dir));
  if (!hidden_rubric_path.empty()) {
    if (hidden_fixtures_dir.empty())
      throw RubricError(fmt::format("{}: a hidden rubric needs the hidden fixtures it weights", hidden_rubric_path));
    load_hidden_rubric(plan.rubric, hidden_rubric_path);
  }

  std::vector<std::string> known;
  for (const auto& task : plan.rubric.tasks) known.push_back(task.id);
  for (const auto& id : only_tasks) {
    const auto* task = plan.rubric.find(id);
    if (task == nullptr)
      throw RubricError(fmt::format("{}: there is no task \"{}\" (tasks: {})", rubric_path, id, fmt::join(known, ", ")));
    if (!task->enabled)
      throw RubricError(fmt::format("{}: task {} is switched off (\"enabled\": false)", rubric_path, id));
  }

  for (const auto& rule : plan.rubric.tasks) {
    if (!rule.enabled) continue;
    if (!only_tasks.empty() && std::find(only_tasks.begin(), only_tasks.end(), rule.id) == only_tasks.end())
      continue;
    const auto path = (std::filesystem::path(fixtures_dir) / rule.fixture).string();
    PlannedTask planned{rule, {}, {}, {}};
    try {
      planned.fixture = load_fixture(path);
    } catch (const FixtureError& error) {
      throw FixtureError(fmt::format("{} (the fixture of {} task {})", error.what(), rubric_path, rule.id));
    }
    if (planned.fixture.function != rule.function)
      throw FixtureError(fmt::format("{}: holds cases for {}, but {} task {} grades {}", path,
                                     planned.fixture.function, rubric_path, rule.id, rule.function));
    const auto full_path = (std::filesystem::path(full_expected_dir) / rule.fixture).string();
    if (!full_expected_dir.empty() && std::filesystem::exists(full_path))
      replace_summaries(planned.fixture, load_fixture(full_path));
    // A courtesy: a broken table must not stop the grading.
    const auto mistakes_path = (std::filesystem::path(fixtures_dir) / "mistakes" / rule.fixture).string();
    if (std::filesystem::exists(mistakes_path)) {
      try {
        planned.mistakes = load_known_mistakes(mistakes_path, rule.function);
      } catch (const FixtureError& error) {
        plan.warnings.push_back(fmt::format("{} (likely mistakes will not be named for task {})", error.what(), rule.id));
      }
    }
    const auto hidden_path = (std::filesystem::path(hidden_fixtures_dir) / rule.fixture).string();
    if (!hidden_fixtures_dir.empty() && std::filesystem::exists(hidden_path)) {
      auto hidden = load_fixture(hidden_path);
      if (hidden.function != rule.function)
        throw FixtureError(fmt::format("{}: holds cases for {}, but {} task {} grades {}", hidden_path,
                                       hidden.function, rubric_path, rule.id, rule.function));
      for (auto& hidden_case : hidden.cases) {
        for (const auto& visible : planned.fixture.cases)
          if (visible.name == hidden_case.name)
            throw FixtureError(fmt::format("{}: case \"{}\" is also a visible case in {}; give it another name",
                                           hidden_path, hidden_case.name, path));
        hidden_case.hidden = true;
        planned.fixture.cases.push_back(std::move(hidden_case));
      }
    }
    check_case_rules(planned, rubric_path, path, hidden_rubric_path);
    std::vector<std::string> names;
    for (const auto& fixture_case : planned.fixture.cases) names.push_back(fixture_case.name);
    const auto worths = case_worths(rule, names);
    for (const auto& name : names) planned.case_points.push_back(static_cast<double>(worths.at(name)) / 100.0);
    plan.tasks.push_back(std::move(planned));
  }
  if (plan.tasks.empty()) throw RubricError(fmt::format("{}: no task is enabled", rubric_path));

  std::set<std::string> used;
  for (const auto& task : plan.rubric.tasks) used.insert(task.fixture);
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures_dir, error)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".json" && name.front() != '.' && used.count(name) == 0)
      plan.warnings.push_back(fmt::format("{} is not graded: no task in {} uses it", entry.path().string(), rubric_path));
  }
  return plan;
}

}  // namespace assg
