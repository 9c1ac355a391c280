#include "hidden_fixtures.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "file_io.hpp"
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

HiddenFixtures build_hidden_fixtures(const std::string& spec_folder, const std::string& out_folder,
                                     std::optional<std::uint32_t> term_seed, const Rubric& rubric) {
  HiddenFixtures hidden;
  if (spec_folder.empty() || !fs::is_directory(spec_folder)) return hidden;
  std::vector<fs::path> specs;
  for (const auto& entry : fs::directory_iterator(spec_folder))
    if (entry.is_regular_file() && entry.path().extension() == ".json" && entry.path().filename().string().front() != '.' &&
        entry.path().filename() != kHiddenRubricName)
      specs.push_back(entry.path());
  std::sort(specs.begin(), specs.end());
  if (specs.empty()) return hidden;

  fs::create_directories(out_folder);
  ::chmod(out_folder.c_str(), 0700);  // the instructor's eyes only
  for (const auto& old : fs::directory_iterator(out_folder)) fs::remove(old.path());

  Sha256 hash;
  for (const auto& path : specs) {
    const auto spec_text = read_file(path.string());
    if (!spec_text) throw std::runtime_error(fmt::format("{}: cannot read this hidden spec", path.string()));
    nlohmann::json spec;
    try {
      spec = nlohmann::json::parse(*spec_text);
    } catch (const nlohmann::json::exception& error) {
      throw std::runtime_error(fmt::format("{}: not valid JSON: {}", path.string(), error.what()));
    }
    if (!spec.is_object() || !spec.contains("task") || !spec.at("task").is_string())
      throw std::runtime_error(fmt::format("{}: missing \"task\" (the function its cases test)", path.string()));
    const auto function = spec.at("task").get<std::string>();
    const auto rule = std::find_if(rubric.tasks.begin(), rubric.tasks.end(),
                                   [&](const RubricTask& task) { return task.function == function; });
    if (rule == rubric.tasks.end())
      throw std::runtime_error(fmt::format("{}: no rubric task grades \"{}\"", path.string(), function));
    if (term_seed && spec.contains("cases") && spec.at("cases").is_array())
      for (auto& one_case : spec.at("cases"))
        if (one_case.is_object() && one_case.contains("seed") && one_case.at("seed").is_number_unsigned())
          one_case["seed"] = term_case_seed(one_case.at("seed").get<std::uint64_t>(), *term_seed);
    nlohmann::ordered_json fixture;
    try {
      fixture = build_fixture(spec, path.string());
    } catch (const std::exception& error) {
      throw std::runtime_error(error.what());
    }
    hidden.cases += static_cast<int>(fixture.at("cases").size());
    const auto text = format_json(fixture);
    hash.add(rule->fixture).add(text);
    const auto out = (fs::path(out_folder) / rule->fixture).string();
    write_file_atomically(out, text);
    ::chmod(out.c_str(), 0600);
  }
  hidden.folder = out_folder;
  hidden.fingerprint = hash.hex();
  return hidden;
}

}  // namespace assg
