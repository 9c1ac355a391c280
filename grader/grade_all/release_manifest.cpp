#include "release_manifest.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "validation.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  fail_at<ReleaseManifestError>(path, problem);
}

std::string text_at(const nlohmann::json& json, const char* key, const std::string& path, bool required) {
  const auto found = json.find(key);
  if (found == json.end()) {
    if (required) fail(path, fmt::format("\"{}\" is missing", key));
    return {};
  }
  if (!found->is_string()) fail(path, fmt::format("\"{}\" is not a string", key));
  return found->get<std::string>();
}

bool is_sha256(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A path inside the repository: relative, '/'-separated, without "." or "..".
bool is_repository_path(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.back() == '/' || path.find('\\') != std::string::npos) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const auto part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

std::map<std::string, std::string> files_of(const nlohmann::json& json, const std::string& path) {
  const auto found = json.find("files");
  if (found == json.end()) fail(path, "\"files\" is missing");
  if (!found->is_object() || found->empty())
    fail(path, "\"files\" must be an object of released files (path: SHA-256), not empty");
  std::map<std::string, std::string> files;
  for (const auto& [file, digest] : found->items()) {
    if (!is_repository_path(file))
      fail(path, fmt::format("\"files\": \"{}\" is not a path inside the repository", file));
    if (!digest.is_string() || !is_sha256(digest.get<std::string>()))
      fail(path, fmt::format("\"files\".\"{}\": not a SHA-256 (64 lowercase hex digits)", file));
    files[file] = digest.get<std::string>();
  }
  return files;
}

}  // namespace

ReleaseManifest load_release_manifest(const std::string& path) {
  const auto text = read_file(path);
  if (!text) fail(path, "cannot be read");
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& error) {
    fail(path, fmt::format("not valid JSON: {}", error.what()));
  }
  if (!json.is_object()) fail(path, "a release manifest must be a JSON object");
  require_known_keys<ReleaseManifestError>(json, {"release", "released_at", "commit", "files", "comment"}, path);
  ReleaseManifest manifest;
  manifest.path = path;
  manifest.release = text_at(json, "release", path, true);
  manifest.released_at = text_at(json, "released_at", path, true);
  manifest.commit = text_at(json, "commit", path, false);
  manifest.files = files_of(json, path);
  return manifest;
}

std::vector<ReleaseManifest> load_release_manifests(const std::string& folder) {
  std::vector<ReleaseManifest> manifests;
  std::error_code error;
  if (folder.empty() || !fs::is_directory(folder, error)) return manifests;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".json" && name.front() != '.') paths.push_back(entry.path());
  }
  if (error) throw ReleaseManifestError(fmt::format("{}: cannot list the release manifests: {}", folder, error.message()));
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) manifests.push_back(load_release_manifest(path.string()));
  return manifests;
}

}  // namespace assg
