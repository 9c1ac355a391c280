#include "hidden_fixtures.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "fixture.hpp"
#include "fixture_builder.hpp"
#include "json_format.hpp"
#include "sha256.hpp"

namespace assg {

namespace fs = std::filesystem;

std::uint32_t term_case_seed(std::uint64_t seed, std::uint32_t term_seed) {
  std::uint64_t z = seed + (std::uint64_t{term_seed} << 32) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<std::uint32_t>(z ^ (z >> 32));
}

namespace {

// The hidden specs: every *.json in the folder (dot files aside), in name order.
std::vector<fs::path> hidden_spec_files(const std::string& spec_folder) {
  std::vector<fs::path> specs;
  if (spec_folder.empty() || !fs::is_directory(spec_folder)) return specs;
  for (const auto& entry : fs::directory_iterator(spec_folder))
    if (entry.is_regular_file() && entry.path().extension() == ".json" && entry.path().filename().string().front() != '.' &&
        entry.path().filename() != kHiddenRubricName)
      specs.push_back(entry.path());
  std::sort(specs.begin(), specs.end());
  return specs;
}

// One task's hidden cases, from however many spec files hold them: an
// instructor may split a task's hidden tests over several files, and every
// case of every file must be graded.
struct TaskHiddenCases {
  const RubricTask* rule = nullptr;
  nlohmann::ordered_json fixture;              // the merged fixture
  std::map<std::string, std::string> sources;  // case name -> the spec file that defines it
  std::vector<std::string> files;              // the spec files' names
};

const RubricTask& rule_of(const nlohmann::json& spec, const fs::path& path, const Rubric& rubric) {
  if (!spec.is_object() || !spec.contains("task") || !spec.at("task").is_string())
    throw std::runtime_error(fmt::format("{}: missing \"task\" (the function its cases test)", path.string()));
  const auto function = spec.at("task").get<std::string>();
  const auto rule = std::find_if(rubric.tasks.begin(), rubric.tasks.end(),
                                 [&](const RubricTask& task) { return task.function == function; });
  if (rule == rubric.tasks.end())
    throw std::runtime_error(fmt::format("{}: no rubric task grades \"{}\"", path.string(), function));
  return *rule;
}

// A spec's golden values, its seeds varied by the term's seed first.
nlohmann::ordered_json built_spec(nlohmann::json spec, const fs::path& path, std::optional<std::uint32_t> term_seed) {
  if (term_seed && spec.contains("cases") && spec.at("cases").is_array())
    for (auto& one_case : spec.at("cases"))
      if (one_case.is_object() && one_case.contains("seed") && one_case.at("seed").is_number_unsigned())
        one_case["seed"] = term_case_seed(one_case.at("seed").get<std::uint64_t>(), *term_seed);
  try {
    return build_fixture(spec, path.string());
  } catch (const std::exception& error) {
    throw std::runtime_error(error.what());
  }
}

// Adds one spec file's cases to its task's; a case name another file (or
// the task's visible fixture) already uses is a clash, since the grader
// reports and weighs cases by name.
void merge_cases(TaskHiddenCases& task, nlohmann::ordered_json built, const fs::path& path,
                 const std::set<std::string>& visible_names, const std::string& visible_path) {
  const auto file = path.string();
  for (auto& one_case : built.at("cases")) {
    const auto name = one_case.at("name").get<std::string>();
    const auto earlier = task.sources.find(name);
    if (earlier != task.sources.end())
      throw std::runtime_error(fmt::format("hidden case \"{}\" of {} is defined twice, in {} and in {}: rename one",
                                           name, task.rule->function, earlier->second, file));
    if (visible_names.count(name) != 0)
      throw std::runtime_error(fmt::format("{}: hidden case \"{}\" is also a visible case in {}; give it another name",
                                           file, name, visible_path));
    task.sources[name] = file;
  }
  task.files.push_back(path.filename().string());
  if (task.fixture.is_null()) {
    task.fixture = std::move(built);
    return;
  }
  for (auto& one_case : built.at("cases")) task.fixture.at("cases").push_back(std::move(one_case));
  task.fixture["generated_from"] = fmt::format("{}", fmt::join(task.files, ", "));
}

// The case names of a task's visible fixture (none if it cannot be read:
// the grader reports that fixture itself).
std::set<std::string> visible_case_names(const std::string& path) {
  std::set<std::string> names;
  try {
    for (const auto& one_case : load_fixture(path).cases) names.insert(one_case.name);
  } catch (const std::exception&) {
  }
  return names;
}

}  // namespace

HiddenFixtures build_hidden_fixtures(const std::string& spec_folder, const std::string& out_folder,
                                     std::optional<std::uint32_t> term_seed, const Rubric& rubric,
                                     const std::string& fixtures_dir) {
  HiddenFixtures hidden;
  const auto specs = hidden_spec_files(spec_folder);
  if (specs.empty()) return hidden;

  std::map<std::string, TaskHiddenCases> tasks;  // by fixture file name
  for (const auto& path : specs) {
    const auto spec = read_json_file(path.string());
    const auto& rule = rule_of(spec, path, rubric);
    auto& task = tasks[rule.fixture];
    task.rule = &rule;
    const auto visible_path = (fs::path(fixtures_dir) / rule.fixture).string();
    merge_cases(task, built_spec(spec, path, term_seed), path,
                fixtures_dir.empty() ? std::set<std::string>() : visible_case_names(visible_path), visible_path);
  }

  fs::create_directories(out_folder);
  ::chmod(out_folder.c_str(), 0700);  // the instructor's eyes only
  for (const auto& old : fs::directory_iterator(out_folder)) fs::remove(old.path());
  Sha256 hash;
  for (const auto& [fixture_name, task] : tasks) {
    hidden.cases += static_cast<int>(task.fixture.at("cases").size());
    const auto text = format_json(task.fixture);
    hash.add(fixture_name).add(text);
    const auto out = (fs::path(out_folder) / fixture_name).string();
    write_file_atomically(out, text);
    ::chmod(out.c_str(), 0600);
  }
  hidden.folder = out_folder;
  hidden.fingerprint = hash.hex();
  return hidden;
}

}  // namespace assg
