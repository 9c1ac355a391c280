#include "grading_plan.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace assg {

GradingPlan load_grading_plan(const std::string& rubric_path, const std::string& fixtures_dir,
                              const std::vector<std::string>& only_tasks, const std::string& hidden_fixtures_dir) {
  GradingPlan plan;
  plan.rubric = load_rubric(rubric_path);
  if (!hidden_fixtures_dir.empty() && !std::filesystem::is_directory(hidden_fixtures_dir))
    throw FixtureError(fmt::format("{}: the hidden fixtures folder does not exist", hidden_fixtures_dir));

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
    PlannedTask planned{rule, {}, {}};
    try {
      planned.fixture = load_fixture(path);
    } catch (const FixtureError& error) {
      throw FixtureError(fmt::format("{} (the fixture of {} task {})", error.what(), rubric_path, rule.id));
    }
    if (planned.fixture.function != rule.function)
      throw FixtureError(fmt::format("{}: holds cases for {}, but {} task {} grades {}", path,
                                     planned.fixture.function, rubric_path, rule.id, rule.function));
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
    double total_weight = 0.0;
    for (const auto& fixture_case : planned.fixture.cases) total_weight += rule.case_weight(fixture_case.name);
    for (const auto& [name, unused] : rule.cases) {
      const bool exists = std::any_of(planned.fixture.cases.begin(), planned.fixture.cases.end(),
                                      [&](const FixtureCase& fixture_case) { return fixture_case.name == name; });
      if (!exists)
        throw RubricError(fmt::format("{}: task {}: case \"{}\" is not in {}", rubric_path, rule.id, name, path));
    }
    if (total_weight <= 0.0)
      throw RubricError(fmt::format("{}: task {}: the case weights add up to 0", rubric_path, rule.id));
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
