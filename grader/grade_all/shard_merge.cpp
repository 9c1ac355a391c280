#include "shard_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace assg {

namespace fs = std::filesystem;

std::vector<StudentRecord> merge_shards(const std::vector<std::string>& shards, const std::string& out) {
  std::map<std::string, std::pair<StudentRecord, std::string>> merged;  // student -> (record, shard)
  for (const auto& shard : shards) {
    std::error_code error;
    std::size_t found = 0;
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(shard, error))
      if (entry.is_directory() && entry.path().filename().string().front() != '.') folders.push_back(entry.path());
    if (error) throw std::runtime_error(fmt::format("{}: cannot read this shard's output: {}", shard, error.message()));
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders) {
      auto record = load_record(folder.string());
      if (!record) continue;
      ++found;
      const auto previous = merged.find(record->student);
      if (previous != merged.end()) {
        if (previous->second.first.fingerprint != record->fingerprint)
          throw std::runtime_error(fmt::format("{} was graded in two shards with different submissions or harnesses "
                                               "({} and {}); grade it again in one",
                                               record->student, previous->second.second, shard));
        continue;
      }
      auto student = record->student;  // read before the record is moved
      merged.emplace(std::move(student), std::make_pair(std::move(*record), shard));
    }
    if (found == 0) throw std::runtime_error(fmt::format("{}: holds no graded students (is it a grade-all output?)", shard));
  }
  std::vector<StudentRecord> records;
  for (auto& [student, entry] : merged) {
    if (fs::weakly_canonical(fs::path(entry.second) / student) != fs::weakly_canonical(fs::path(out) / student))
      save_record(out, entry.first);
    records.push_back(std::move(entry.first));
  }
  return records;
}

}  // namespace assg
