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
#include "sha256.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string file_name_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Dot folders and files (.git, .DS_Store, editors' files) and the Finder's
// __MACOSX copies in a zip hold nobody's work.
bool never_looked_in(const std::string& path) {
  std::size_t start = 0;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const auto part = path.substr(start, end - start);
    if (!part.empty() && (part.front() == '.' || part == "__MACOSX")) return true;
    start = end + 1;
  }
  return false;
}

// One file as found in a submission.
struct FoundFile {
  std::string content;  // a student file's bytes
  std::string digest;   // an instructor file's plain SHA-256
  std::string problem;  // e.g. "is a symbolic link"
  bool read = true;     // false: a candidate past kMaxCandidatesRead, listed but not read
};

// Files named like a student file whose bytes are kept, at most: enough for
// any honest submission, and a bound on the memory a hostile archive takes.
constexpr std::size_t kMaxCandidatesRead = 16;

// What a submission holds that grading needs: the path of every file, the
// bytes of each file that may be the student's, and the digest of each
// file that may be a copy of an instructor's, wherever it is.
class EntryFiles {
 public:
  EntryFiles(const std::vector<std::string>& student_files, const InstructorEditions& instructor_files)
      : student_files_(student_files), instructor_files_(instructor_files) {
    for (const auto& path : student_files) student_names_.insert(file_name_of(path));
  }

  enum class Role { Ignored, StudentCandidate, InstructorCopy };

  // What `path` (inside the entry) may be, from its name alone.
  Role role_of(const std::string& path) const {
    if (never_looked_in(path)) return Role::Ignored;
    if (student_names_.count(file_name_of(path)) != 0) return Role::StudentCandidate;
    if (instructor_files_.count(path) != 0) return Role::InstructorCopy;
    for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
      if (instructor_files_.count(path.substr(slash + 1)) != 0) return Role::InstructorCopy;
    return Role::Ignored;
  }

  // One file of the entry, as archives and folders list them alike: noted
  // (the first few are what it is said to hold when no student file is in
  // it), its path kept for finding the student's file, and a candidate past
  // the read limit recorded unread. Returns the role when its bytes are to
  // be read, nothing when they are not.
  std::optional<Role> admit(const std::string& path) {
    if (sample_.size() < kSampleSize && !never_looked_in(path)) sample_.push_back(path);
    const auto role = role_of(path);
    if (role == Role::Ignored) return std::nullopt;
    paths_.push_back(path);
    if (role == Role::StudentCandidate && candidates_read_ >= kMaxCandidatesRead) {
      FoundFile unread;
      unread.read = false;
      add(path, role, std::move(unread));
      return std::nullopt;
    }
    return role;
  }

  void add(const std::string& path, Role role, FoundFile file) {
    if (role == Role::StudentCandidate && file.read) ++candidates_read_;
    (role == Role::StudentCandidate ? candidates_ : copies_)[path] = std::move(file);
  }

  Submission finish() const {
    Submission submission;
    bool rooted = false;
    for (const auto& path : student_files_) {
      const auto location = locate_student_file(paths_, path);
      if (location.outcome == StudentFileLocation::Outcome::Missing) {
        submission.missing_files.push_back(path);
      } else if (location.outcome == StudentFileLocation::Outcome::Ambiguous) {
        if (submission.problem.empty())
          submission.problem = fmt::format(
              "it holds {} files named {} ({}), so none was graded: which one is the student's is not clear; keep one",
              location.candidates.size(), file_name_of(path), fmt::join(location.candidates, ", "));
      } else {
        if (!rooted) submission.root = location.root;
        rooted = true;
        take_student_file(submission, path, location.found_at);
      }
    }
    if (!rooted) submission.root = root_of_copies();
    compare_copies(submission);
    submission.holds = sample_;
    std::sort(submission.holds.begin(), submission.holds.end());
    return submission;
  }

 private:
  void take_student_file(Submission& submission, const std::string& path, const std::string& found_at) const {
    const auto found = candidates_.find(found_at);
    std::string problem;
    if (found == candidates_.end() || !found->second.read)
      problem = fmt::format("is one of more than {} files named {}: too many to read", kMaxCandidatesRead,
                            file_name_of(path));
    else
      problem = found->second.problem;
    if (!problem.empty()) {
      if (submission.problem.empty()) submission.problem = fmt::format("{} {}", found_at, problem);
      return;
    }
    submission.student_files[path] = found->second.content;
    submission.found_at[path] = found_at;
  }

  // With no student file to say where the repository copy starts: its top
  // if an instructor file is there, else the one folder the copies imply.
  std::string root_of_copies() const {
    std::set<std::string> roots;
    for (const auto& [found, file] : copies_) {
      for (const auto& [path, editions] : instructor_files_) {
        if (found == path) return std::string();
        if (ends_with(found, "/" + path)) roots.insert(found.substr(0, found.size() - path.size()));
      }
    }
    return roots.size() == 1 ? *roots.begin() : std::string();
  }

  void compare_copies(Submission& submission) const {
    for (const auto& [path, editions] : instructor_files_) {
      const auto found = copies_.find(submission.root + path);
      if (found == copies_.end()) continue;  // not submitted: nothing to compare
      if (!found->second.problem.empty() || editions.count(found->second.digest) == 0)
        submission.edited_files.push_back(path);
    }
  }

  const std::vector<std::string>& student_files_;
  const InstructorEditions& instructor_files_;
  std::set<std::string> student_names_;
  std::vector<std::string> paths_;
  std::map<std::string, FoundFile> candidates_;  // entry path -> bytes
  std::map<std::string, FoundFile> copies_;      // entry path -> digest
  std::size_t candidates_read_ = 0;
  std::vector<std::string> sample_;
  static constexpr std::size_t kSampleSize = 10;
};

// A student file keeps its bytes; an instructor's copy only its digest.
FoundFile kept_as(EntryFiles::Role role, std::string content) {
  FoundFile file;
  if (role == EntryFiles::Role::InstructorCopy)
    file.digest = plain_sha256_hex(content);
  else
    file.content = std::move(content);
  return file;
}

std::uint64_t cap_of(EntryFiles::Role role, const SubmissionLimits& limits) {
  return role == EntryFiles::Role::StudentCandidate ? limits.max_student_file_bytes : limits.max_compared_file_bytes;
}

std::string normalize_archive_path(std::string path) {
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// The current entry's bytes, or why they were not taken.
FoundFile read_archive_file(archive* reader, archive_entry* header, EntryFiles::Role role, std::uint64_t cap,
                            std::string& failure) {
  FoundFile file;
  if (archive_entry_filetype(header) != AE_IFREG) {
    file.problem = archive_entry_filetype(header) == AE_IFLNK ? "is a symbolic link, not a file" : "is not a regular file";
    return file;
  }
  std::string content;
  char buffer[1 << 16];
  la_ssize_t got = 0;
  while ((got = archive_read_data(reader, buffer, sizeof buffer)) > 0) {
    if (content.size() + static_cast<std::size_t>(got) > cap) {
      file.problem = fmt::format("is larger than {} KiB, far more than a source file needs", cap >> 10);
      return file;
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
  if (got < 0) {
    failure = archive_error_string(reader);
    return file;
  }
  return kept_as(role, std::move(content));
}

Submission read_archive(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                        const InstructorEditions& instructor_files, const SubmissionLimits& limits) {
  Submission failed;
  ArchivePtr reader(archive_read_new(), archive_read_free);
  if (!reader) throw std::runtime_error("cannot allocate an archive reader (libarchive)");
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_all(reader.get());
  if (archive_read_open_filename(reader.get(), entry.path.c_str(), 1 << 16) != ARCHIVE_OK) {
    failed.problem = fmt::format("cannot open the archive: {}", archive_error_string(reader.get()));
    return failed;
  }
  EntryFiles files(student_files, instructor_files);
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
    if (raw_name == nullptr || archive_entry_filetype(header) == AE_IFDIR) continue;
    const auto name = normalize_archive_path(raw_name);
    const auto admitted = files.admit(name);
    if (!admitted) continue;
    const auto role = *admitted;
    std::string failure;
    auto file = read_archive_file(reader.get(), header, role, cap_of(role, limits), failure);
    if (!failure.empty()) {
      failed.problem = fmt::format("cannot read {} from the archive: {}", name, failure);
      return failed;
    }
    files.add(name, role, std::move(file));
  }
  if (entries == 0) {
    failed.problem = "the archive is empty (an upload that went wrong?)";
    return failed;
  }
  return files.finish();
}

// A file of the submission folder, refusing links and anything that leads
// outside the folder.
FoundFile read_folder_file(const fs::path& folder, const fs::path& file, EntryFiles::Role role, std::uint64_t cap) {
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
  return kept_as(role, std::move(*content));
}

// Every file of the folder, walked without following linked folders and
// without entering the folders no one's work is in.
Submission read_folder(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                       const InstructorEditions& instructor_files, const SubmissionLimits& limits) {
  EntryFiles files(student_files, instructor_files);
  std::error_code error;
  std::uint64_t count = 0;
  for (auto it = fs::recursive_directory_iterator(entry.path, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    const auto path = it->path().lexically_relative(entry.path).generic_string();
    if (it->is_directory() && !it->is_symlink()) {
      if (never_looked_in(path)) it.disable_recursion_pending();
      continue;
    }
    if (++count > limits.max_archive_entries) {
      Submission failed;
      failed.problem = fmt::format("the folder holds more than {} files", limits.max_archive_entries);
      return failed;
    }
    const auto admitted = files.admit(path);
    if (!admitted) continue;
    const auto role = *admitted;
    files.add(path, role, read_folder_file(entry.path, it->path(), role, cap_of(role, limits)));
  }
  if (error) {
    Submission failed;
    failed.problem = fmt::format("the folder cannot be read: {}", error.message());
    return failed;
  }
  return files.finish();
}

}  // namespace

StudentFileLocation locate_student_file(const std::vector<std::string>& paths, const std::string& repo_path) {
  // The ranks, best first: at its path at the top, at its path in a folder,
  // anywhere under its name, the shallowest first (a loose assg_tasks.cpp
  // beside a spare copy in old/ is the one graded; two at one depth are
  // ambiguous).
  std::vector<std::string> at_top, in_folder, by_name;
  const auto name = file_name_of(repo_path);
  for (const auto& path : paths) {
    if (never_looked_in(path)) continue;
    if (path == repo_path)
      at_top.push_back(path);
    else if (ends_with(path, "/" + repo_path))
      in_folder.push_back(path);
    else if (file_name_of(path) == name)
      by_name.push_back(path);
  }
  const auto depth = [](const std::string& path) { return std::count(path.begin(), path.end(), '/'); };
  if (!by_name.empty()) {
    const auto shallowest = depth(*std::min_element(by_name.begin(), by_name.end(), [&](const auto& a, const auto& b) {
      return depth(a) < depth(b);
    }));
    by_name.erase(std::remove_if(by_name.begin(), by_name.end(),
                                 [&](const std::string& path) { return depth(path) != shallowest; }),
                  by_name.end());
  }
  StudentFileLocation location;
  for (auto* rank : {&at_top, &in_folder, &by_name}) {
    std::sort(rank->begin(), rank->end());
    rank->erase(std::unique(rank->begin(), rank->end()), rank->end());
    if (rank->empty()) continue;
    if (rank->size() > 1) {
      location.outcome = StudentFileLocation::Outcome::Ambiguous;
      location.candidates = *rank;
      return location;
    }
    location.outcome = StudentFileLocation::Outcome::Found;
    location.found_at = rank->front();
    location.root = rank == &by_name ? folder_of(location.found_at)
                                     : location.found_at.substr(0, location.found_at.size() - repo_path.size());
    return location;
  }
  return location;
}

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
                           const InstructorEditions& instructor_files, const SubmissionLimits& limits) {
  if (!entry.problem.empty()) {
    Submission refused;
    refused.problem = entry.problem;
    return refused;
  }
  if (entry.kind == SubmissionEntry::Kind::Folder) return read_folder(entry, student_files, instructor_files, limits);
  return read_archive(entry, student_files, instructor_files, limits);
}

}  // namespace assg
