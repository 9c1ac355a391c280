// The class roster (--roster roster.csv) and the Canvas gradebook import
// file made from it. The roster maps each submission's name (a GitHub user
// name, usually) to the student's Canvas identity. It may be Canvas's own
// gradebook export with one column added: the submission name.
//
// Columns (header row; names case-insensitive):
//   submission name: "submission", "github", "github_username" or "login"
//                    (required)
//   Canvas: "Student" (or "name"), "ID", "SIS User ID", "SIS Login ID", "Section"
#pragma once

#include <string>
#include <vector>

namespace assg {

struct RosterEntry {
  std::string submission;  // the submission entry's name
  std::string name, id, sis_user_id, sis_login_id, section;
};

// Throws std::runtime_error naming the file, the line and the problem.
std::vector<RosterEntry> load_roster(const std::string& path);

// RFC 4180 CSV: fields split, quotes removed. Throws on an unclosed quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);
// One CSV field, quoted when it needs to be.
std::string csv_field(const std::string& text);

}  // namespace assg
