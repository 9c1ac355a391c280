// The class roster (--roster roster.csv) and the Canvas gradebook import
// file made from it. The roster maps each submission's name (a GitHub user
// name, usually) to the student's Canvas identity. It may be Canvas's own
// gradebook export with one column added: the submission name.
//
// Columns (header row; names case-insensitive):
//   submission name: "submission", "github", "github_username" or "login"
//                    (required): the entry's name, or the user name in a
//                    Classroom-style one ("assg05-<user>")
//   Canvas: "Student" (or "name"), "ID", "SIS User ID", "SIS Login ID", "Section"
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace assg {

struct RosterEntry {
  std::string submission;  // the submission entry's name, or a user name (see match_roster)
  std::string name, id, sis_user_id, sis_login_id, section;
};

struct Roster {
  std::string path;
  std::string key_column;  // the header of the column matched against submissions
  std::vector<RosterEntry> entries;
  // Canvas's assignment columns in a gradebook export ("Assignment 05 (88123)"):
  // the title canvas.csv takes when there is exactly one.
  std::vector<std::string> assignment_columns;
};

// Throws std::runtime_error naming the file, the line and the problem.
Roster load_roster(const std::string& path);

// Which roster row each submission is: a row's name matches the entry named
// exactly so, else an entry whose name ends in "-" and the name (GitHub
// Classroom's "<assignment>-<user>" and "<classroom>-<assignment>-<user>"),
// ignoring case. Returns submission -> index in roster.entries.
// The longest matching name wins, and an entry that starts with the class's
// own prefix (the one most matches share) matches only the name right after
// it, so that row "ben" never takes the grade of assg05-big-ben.
// Throws std::runtime_error naming the roster file when one submission
// matches two rows or two submissions one row (naming both), or, with
// RosterMatch::AtLeastOne, when no row matches any of `submissions` (a
// roster that is not this class's).
enum class RosterMatch { AtLeastOne, Any };
std::map<std::string, std::size_t> match_roster(const Roster& roster, const std::vector<std::string>& submissions,
                                                RosterMatch required = RosterMatch::AtLeastOne);

// RFC 4180 CSV: fields split, quotes removed. Throws on an unclosed quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);
// One CSV field, quoted when it needs to be.
std::string csv_field(const std::string& text);

}  // namespace assg
