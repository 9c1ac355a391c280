// Reading a class's submissions: one entry per student in the submissions
// folder, either a folder holding the student's copy of the assignment repo
// (as GitHub Classroom's bulk clone makes) or a .zip / .tar.gz of it. Only
// the files the student owns are taken; the instructor's own files found in
// a submission are compared with the instructor's copy and reported if
// edited, never used. Archives are read in memory (nothing is extracted), and
// no file is followed outside its submission, so a submission cannot make
// grade-all read or write anywhere else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace assg {

struct SubmissionEntry {
  enum class Kind { Folder, Zip, TarGz };
  std::string student;  // the entry's name without its extension
  std::filesystem::path path;
  Kind kind = Kind::Folder;
  std::string problem;  // not empty: this entry cannot be graded (e.g. two entries for one student)
};

struct SubmissionListing {
  std::vector<SubmissionEntry> entries;  // sorted by student
  std::vector<std::string> skipped;      // "notes.txt: not a folder, .zip or .tar.gz"
};

// Throws std::runtime_error naming the folder if it cannot be listed.
SubmissionListing list_submissions(const std::filesystem::path& folder);

struct SubmissionLimits {
  std::uint64_t max_student_file_bytes = 1 << 20;
  std::uint64_t max_compared_file_bytes = 16 << 20;
  std::uint64_t max_archive_entries = 200000;
};

struct Submission {
  std::map<std::string, std::string> student_files;  // path in the repo -> content, for those found
  std::vector<std::string> missing_files;            // student files not in the submission
  std::vector<std::string> edited_files;             // instructor's files the student changed
  std::string problem;  // not empty: the submission cannot be graded (unreadable archive, a link, too large)
  std::string root;     // where the repo copy starts inside the entry ("" or "hana-assg05-main/")
};

// `student_files`: the rubric's student-owned paths ("student/assg_tasks.cpp");
// `instructor_files`: the instructor's own files (path -> content) to compare.
Submission read_submission(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                           const std::map<std::string, std::string>& instructor_files,
                           const SubmissionLimits& limits = {});

}  // namespace assg
