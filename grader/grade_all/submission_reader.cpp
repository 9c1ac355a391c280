#include "submission_reader.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <system_error>

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "file_io.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// One file as found in a submission.
struct FoundFile {
  std::string content;
  std::string problem;  // e.g. "is a symbolic link"
};

// Every wanted path (student's or instructor's), found at the entry's root
// or under one top-level folder (GitHub's "Download ZIP" layout).
class FileCollector {
 public:
  FileCollector(const std::vector<std::string>& student_files, const std::map<std::string, std::string>& instructor_files)
      : student_files_(student_files) {
    for (const auto& path : student_files) wanted_.insert(path);
    for (const auto& [path, content] : instructor_files) wanted_.insert(path);
  }

  // The repo path `path` (a path inside the entry) stands for, if wanted,
  // with the root it implies.
  std::optional<std::pair<std::string, std::string>> match(const std::string& path) const {
    if (wanted_.count(path) != 0) return std::make_pair(std::string(), path);
    const auto slash = path.find('/');
    if (slash == std::string::npos) return std::nullopt;
    const auto rest = path.substr(slash + 1);
    if (wanted_.count(rest) != 0) return std::make_pair(path.substr(0, slash + 1), rest);
    return std::nullopt;
  }

  void add(const std::string& root, const std::string& path, FoundFile file) {
    found_[root][path] = std::move(file);
  }

  // The root holding a student file (the top level first).
  std::string root() const {
    for (const auto& [root, files] : found_)
      for (const auto& path : student_files_)
        if (files.count(path) != 0) return root;
    return found_.size() == 1 ? found_.begin()->first : std::string();
  }

  Submission finish(const std::map<std::string, std::string>& instructor_files) const {
    Submission submission;
    submission.root = root();
    const auto at_root = found_.find(submission.root);
    static const std::map<std::string, FoundFile> none;
    const auto& files = at_root == found_.end() ? none : at_root->second;
    for (const auto& path : student_files_) {
      const auto found = files.find(path);
      if (found == files.end()) {
        submission.missing_files.push_back(path);
      } else if (!found->second.problem.empty()) {
        if (submission.problem.empty()) submission.problem = fmt::format("{} {}", path, found->second.problem);
      } else {
        submission.student_files[path] = found->second.content;
      }
    }
    for (const auto& [path, content] : instructor_files) {
      const auto found = files.find(path);
      if (found == files.end()) continue;  // not submitted: nothing to compare
      if (!found->second.problem.empty() || found->second.content != content) submission.edited_files.push_back(path);
    }
    return submission;
  }

 private:
  const std::vector<std::string>& student_files_;
  std::set<std::string> wanted_;
  std::map<std::string, std::map<std::string, FoundFile>> found_;  // root -> repo path -> file
};

std::string normalize_archive_path(std::string path) {
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

Submission read_archive(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                        const std::map<std::string, std::string>& instructor_files, const SubmissionLimits& limits) {
  Submission failed;
  ArchivePtr reader(archive_read_new(), archive_read_free);
  if (!reader) throw std::runtime_error("cannot allocate an archive reader (libarchive)");
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_all(reader.get());
  if (archive_read_open_filename(reader.get(), entry.path.c_str(), 1 << 16) != ARCHIVE_OK) {
    failed.problem = fmt::format("cannot open the archive: {}", archive_error_string(reader.get()));
    return failed;
  }
  FileCollector collector(student_files, instructor_files);
  archive_entry* header = nullptr;
  std::uint64_t entries = 0;
  while (true) {
    const int status = archive_read_next_header(reader.get(), &header);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) {
      failed.problem = fmt::format("the archive is damaged: {}", archive_error_string(reader.get()));
      return failed;
    }
    if (++entries > limits.max_archive_entries) {
      failed.problem = fmt::format("the archive holds more than {} entries", limits.max_archive_entries);
      return failed;
    }
    const char* raw_name = archive_entry_pathname(header);
    if (raw_name == nullptr) continue;
    const auto name = normalize_archive_path(raw_name);
    const auto match = collector.match(name);
    if (!match) continue;
    const auto& [root, path] = *match;
    const bool is_student_file = std::find(student_files.begin(), student_files.end(), path) != student_files.end();
    const auto cap = is_student_file ? limits.max_student_file_bytes : limits.max_compared_file_bytes;
    FoundFile file;
    if (archive_entry_filetype(header) != AE_IFREG) {
      file.problem = archive_entry_filetype(header) == AE_IFLNK ? "is a symbolic link, not a file"
                                                                 : "is not a regular file";
    } else {
      char buffer[1 << 16];
      la_ssize_t got = 0;
      while ((got = archive_read_data(reader.get(), buffer, sizeof buffer)) > 0) {
        if (file.content.size() + static_cast<std::size_t>(got) > cap) {
          file.problem = fmt::format("is larger than {} KiB, far more than a source file needs", cap >> 10);
          file.content.clear();
          break;
        }
        file.content.append(buffer, static_cast<std::size_t>(got));
      }
      if (got < 0) {
        failed.problem = fmt::format("cannot read {} from the archive: {}", name, archive_error_string(reader.get()));
        return failed;
      }
    }
    collector.add(root, path, std::move(file));
  }
  if (entries == 0) {
    failed.problem = "the archive is empty (an upload that went wrong?)";
    return failed;
  }
  return collector.finish(instructor_files);
}

// A file of the submission folder, refusing links and anything that leads
// outside the folder.
FoundFile read_folder_file(const fs::path& folder, const fs::path& file, std::uint64_t cap) {
  FoundFile found;
  std::error_code error;
  const auto status = fs::symlink_status(file, error);
  if (fs::is_symlink(status)) {
    found.problem = "is a symbolic link, not a file";
    return found;
  }
  const auto real_folder = fs::canonical(folder, error);
  const auto real_file = fs::canonical(file, error);
  const auto relative = real_file.lexically_relative(real_folder);
  if (error || relative.empty() || relative.begin()->string() == "..") {
    found.problem = "leads outside the submission (through a linked folder)";
    return found;
  }
  if (!fs::is_regular_file(status)) {
    found.problem = "is not a regular file";
    return found;
  }
  if (fs::file_size(file, error) > cap) {
    found.problem = fmt::format("is larger than {} KiB, far more than a source file needs", cap >> 10);
    return found;
  }
  auto content = read_file(file.string());
  if (!content) {
    found.problem = "cannot be read";
    return found;
  }
  found.content = std::move(*content);
  return found;
}

Submission read_folder(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                       const std::map<std::string, std::string>& instructor_files, const SubmissionLimits& limits) {
  FileCollector collector(student_files, instructor_files);
  // The repo at the top of the folder, or inside its only sub-folder.
  std::vector<std::string> roots{""};
  std::vector<std::string> folders;
  std::error_code error;
  for (const auto& child : fs::directory_iterator(entry.path, error)) {
    const auto name = child.path().filename().string();
    if (name.front() != '.' && child.is_directory() && !child.is_symlink()) folders.push_back(name + "/");
  }
  if (folders.size() == 1) roots.push_back(folders.front());
  auto wanted = student_files;
  for (const auto& [path, content] : instructor_files) wanted.push_back(path);
  for (const auto& root : roots)
    for (const auto& path : wanted) {
      const auto file = entry.path / (root + path);
      std::error_code missing;
      if (!fs::exists(fs::symlink_status(file, missing))) continue;
      const bool is_student_file = std::find(student_files.begin(), student_files.end(), path) != student_files.end();
      collector.add(root, path,
                    read_folder_file(entry.path, file,
                                     is_student_file ? limits.max_student_file_bytes : limits.max_compared_file_bytes));
    }
  return collector.finish(instructor_files);
}

}  // namespace

SubmissionListing list_submissions(const fs::path& folder) {
  SubmissionListing listing;
  std::error_code error;
  fs::directory_iterator children(folder, error);
  if (error) throw std::runtime_error(fmt::format("{}: cannot list the submissions: {}", folder.string(), error.message()));
  std::set<std::string> seen;
  for (const auto& child : children) {
    const auto name = child.path().filename().string();
    if (name.empty() || name.front() == '.') continue;  // .git, .DS_Store, editors' files
    SubmissionEntry entry;
    entry.path = child.path();
    if (child.is_directory()) {
      entry.kind = SubmissionEntry::Kind::Folder;
      entry.student = name;
    } else if (child.is_regular_file() && ends_with(name, ".zip")) {
      entry.kind = SubmissionEntry::Kind::Zip;
      entry.student = name.substr(0, name.size() - 4);
    } else if (child.is_regular_file() && (ends_with(name, ".tar.gz") || ends_with(name, ".tgz"))) {
      entry.kind = SubmissionEntry::Kind::TarGz;
      entry.student = name.substr(0, name.size() - (ends_with(name, ".tgz") ? 4 : 7));
    } else {
      listing.skipped.push_back(fmt::format("{}: not a folder, .zip or .tar.gz", name));
      continue;
    }
    if (entry.student.empty()) {
      listing.skipped.push_back(fmt::format("{}: no student name before the extension", name));
      continue;
    }
    listing.entries.push_back(std::move(entry));
  }
  std::sort(listing.entries.begin(), listing.entries.end(), [](const SubmissionEntry& a, const SubmissionEntry& b) {
    return a.student != b.student ? a.student < b.student : a.path < b.path;
  });
  // Two entries for one student (alice/ and alice.zip): grading either would
  // be a guess, so the student is reported invalid with both names.
  std::vector<SubmissionEntry> unique;
  std::vector<std::vector<std::string>> names;
  for (auto& entry : listing.entries) {
    if (!unique.empty() && unique.back().student == entry.student) {
      names.back().push_back(entry.path.filename().string());
      continue;
    }
    names.push_back({entry.path.filename().string()});
    unique.push_back(std::move(entry));
  }
  for (std::size_t i = 0; i < unique.size(); ++i)
    if (names[i].size() > 1)
      unique[i].problem = fmt::format("{} are each this student's submission; keep one", fmt::join(names[i], " and "));
  listing.entries = std::move(unique);
  return listing;
}

Submission read_submission(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                           const std::map<std::string, std::string>& instructor_files, const SubmissionLimits& limits) {
  if (!entry.problem.empty()) {
    Submission refused;
    refused.problem = entry.problem;
    return refused;
  }
  if (entry.kind == SubmissionEntry::Kind::Folder) return read_folder(entry, student_files, instructor_files, limits);
  return read_archive(entry, student_files, instructor_files, limits);
}

}  // namespace assg
