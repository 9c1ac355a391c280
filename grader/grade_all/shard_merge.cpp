#include "shard_merge.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <filesystem>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "file_io.hpp"

namespace assg {

namespace fs = std::filesystem;

void save_manifest(const std::string& out, const RunManifest& manifest) {
  nlohmann::ordered_json json{{"harness", manifest.harness},
                              {"shard", fmt::format("{}/{}", manifest.shard_index, manifest.shard_count)},
                              {"students", manifest.students},
                              {"unfinished", manifest.unfinished}};
  write_file_atomically((fs::path(out) / ".grade-all" / "run.json").string(), json.dump(2) + "\n");
}

RunManifest load_manifest(const std::string& out) {
  const auto path = fs::path(out) / ".grade-all" / "run.json";
  std::ifstream file(path);
  if (!file) throw std::runtime_error(fmt::format("{}: not a grade-all output (no {})", out, path.string()));
  try {
    const auto json = nlohmann::json::parse(file);
    RunManifest manifest;
    manifest.harness = json.at("harness").get<std::string>();
    const auto shard = json.at("shard").get<std::string>();
    if (std::sscanf(shard.c_str(), "%d/%d", &manifest.shard_index, &manifest.shard_count) != 2)
      throw std::runtime_error("bad \"shard\"");
    manifest.students = json.at("students").get<std::vector<std::string>>();
    manifest.unfinished = json.value("unfinished", std::vector<std::string>{});
    return manifest;
  } catch (const std::exception& error) {
    throw std::runtime_error(fmt::format("{}: damaged ({})", path.string(), error.what()));
  }
}

MergedClass merge_shards(const std::vector<std::string>& shards, const std::string& out) {
  MergedClass merged_class;
  std::map<std::string, std::pair<StudentRecord, std::string>> merged;  // student -> (record, shard)
  std::optional<RunManifest> first;
  std::string first_shard;
  std::set<int> indices;
  for (const auto& shard : shards) {
    const auto manifest = load_manifest(shard);
    if (!first) {
      first = manifest;
      first_shard = shard;
    } else if (manifest.harness != first->harness) {
      throw std::runtime_error(fmt::format("{} and {} were graded with different harnesses (rubric, fixtures, hidden "
                                           "tests or --hidden-seed, grader, limits); grade them again alike",
                                           first_shard, shard));
    } else if (manifest.shard_count != first->shard_count) {
      throw std::runtime_error(fmt::format("{} is shard {}/{} but {} is shard {}/{}", first_shard, first->shard_index,
                                           first->shard_count, shard, manifest.shard_index, manifest.shard_count));
    }
    if (!indices.insert(manifest.shard_index).second)
      throw std::runtime_error(fmt::format("shard {}/{} is given twice ({})", manifest.shard_index,
                                           manifest.shard_count, shard));
    for (const auto& student : manifest.unfinished) merged_class.unfinished.push_back(student);
    for (const auto& student : manifest.students) {
      const auto folder = fs::path(shard) / student;
      auto record = load_record(folder.string());
      if (!record) continue;  // unfinished: listed above
      auto name = record->student;  // read before the record is moved
      if (merged.count(name) != 0)
        throw std::runtime_error(fmt::format("{} is in two shards ({} and {})", name, merged.at(name).second, shard));
      merged.emplace(std::move(name), std::make_pair(std::move(*record), shard));
    }
  }
  if (first && static_cast<int>(indices.size()) != first->shard_count) {
    std::vector<std::string> missing;
    for (int k = 1; k <= first->shard_count; ++k)
      if (indices.count(k) == 0) missing.push_back(fmt::format("{}/{}", k, first->shard_count));
    merged_class.warnings.push_back(fmt::format("shard(s) {} not given: their students are not in the merged class",
                                                fmt::join(missing, ", ")));
  }
  for (auto& [student, entry] : merged) {
    if (fs::weakly_canonical(fs::path(entry.second) / student) != fs::weakly_canonical(fs::path(out) / student))
      save_record(out, entry.first);
    merged_class.records.push_back(std::move(entry.first));
  }
  return merged_class;
}

}  // namespace assg
