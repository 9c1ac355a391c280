// Reading a class's submissions: one entry per student in the submissions
// folder, either a folder holding the student's copy of the assignment repo
// (as GitHub Classroom's bulk clone makes) or a .zip / .tar.gz of it. Only
// the files the student owns are taken; the instructor's own files found in
// a submission are compared with the instructor's copy and the released
// ones, and reported if edited, never used. Archives are read in memory
// (nothing is extracted), and no file is followed outside its submission,
// so a submission cannot make grade-all read or write anywhere else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
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
  std::uint64_t max_archive_entries = 200000;  // and files in a submission folder
};

// Where a student file is in a submission, by the one rule grade-all and
// Gradescope's run_autograder share (run_autograder hands grade-all the whole
// submission): the file at its path in the repository (`student/assg_tasks.cpp`)
// at the top of the submission, else at that path in one folder of it (a
// zip of the repository's folder), else the only file of that name anywhere
// (the file submitted alone, or a repository with it at its top). Dot
// folders (.git) and __MACOSX (the Finder's copies in a zip) are never
// looked in. Several candidates of the same rank: none is guessed at.
struct StudentFileLocation {
  enum class Outcome { Found, Missing, Ambiguous };
  Outcome outcome = Outcome::Missing;
  std::string found_at;                 // Found: its path inside the submission
  std::string root;                     // Found: where the repository copy starts ("" or "hana-assg05-main/")
  std::vector<std::string> candidates;  // Ambiguous: every candidate, sorted
};

// `paths`: every file in the submission, '/'-separated and relative to it;
// `repo_path`: the student file's path in the repository.
StudentFileLocation locate_student_file(const std::vector<std::string>& paths, const std::string& repo_path);

// The instructor's files a student's copies are compared with: each path
// in the repository and the SHA-256 (plain_sha256_hex) of every edition of
// it a student may rightly hold: the instructor's current copy and each
// release's. A copy that matches none of them is reported as edited.
using InstructorEditions = std::map<std::string, std::set<std::string>>;

struct Submission {
  std::map<std::string, std::string> student_files;  // path in the repo -> content, for those found
  std::map<std::string, std::string> found_at;       // path in the repo -> where it was found in the submission
  std::vector<std::string> missing_files;            // student files not in the submission
  std::vector<std::string> edited_files;             // instructor's files the student changed
  // Not empty: the submission cannot be graded (unreadable archive, a link,
  // too large, several files that could be the student's).
  std::string problem;
  std::string root;     // where the repo copy starts inside the entry ("" or "hana-assg05-main/")
  std::vector<std::string> holds;  // a few of its files, sorted: what it holds, when a student file is missing
};

// `student_files`: the rubric's student-owned paths ("student/assg_tasks.cpp");
// `instructor_files`: the instructor's own files to compare, with their editions.
Submission read_submission(const SubmissionEntry& entry, const std::vector<std::string>& student_files,
                           const InstructorEditions& instructor_files, const SubmissionLimits& limits = {});

}  // namespace assg
