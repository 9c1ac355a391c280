#include "roster.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "file_io.hpp"

namespace assg {

namespace {

// Without a byte-order mark and stray spaces, as spreadsheets write them.
std::string trimmed(std::string text) {
  if (text.rfind("\xef\xbb\xbf", 0) == 0) text.erase(0, 3);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  return text;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return trimmed(std::move(text));
}

// Canvas names a gradebook export's assignment columns "<title> (<id>)";
// its own columns (Student, ID, Current Score, ...) have no id.
std::vector<std::string> assignment_columns(const std::vector<std::string>& header) {
  static const std::regex pattern(R"(.*\S.* \(\d+\))");
  std::vector<std::string> columns;
  for (const auto& title : header)
    if (const auto column = trimmed(title); std::regex_match(column, pattern)) columns.push_back(column);
  return columns;
}

// A submission's candidate rows: the row named exactly so if there is one,
// else the rows whose name ends the submission's after a "-", the longest
// such name only (row "big-ben" over row "ben" for assg05-big-ben).
struct Candidates {
  std::vector<std::size_t> rows;
  std::string prefix;  // for a suffix match, what comes before "-<name>"
};

Candidates rows_matching(const Roster& roster, const std::string& submission) {
  const auto name = lower(submission);
  Candidates exact, suffix;
  std::size_t longest = 0;
  for (std::size_t i = 0; i < roster.entries.size(); ++i) {
    const auto user = lower(roster.entries[i].submission);
    if (user == name) {
      exact.rows.push_back(i);
    } else if (!user.empty() && name.size() > user.size() + 1 &&
               name.compare(name.size() - user.size(), user.size(), user) == 0 &&
               name[name.size() - user.size() - 1] == '-' && user.size() >= longest) {
      if (user.size() > longest) suffix.rows.clear();
      longest = user.size();
      suffix.rows.push_back(i);
      suffix.prefix = name.substr(0, name.size() - user.size() - 1);
    }
  }
  return exact.rows.empty() ? suffix : exact;
}

// Classroom names every repository "<prefix>-<user>" with one prefix for the
// class: a folder that starts with the class's prefix but matched a row
// after a longer one (row "ben" in assg05-big-ben, whose user big-ben is not
// on the roster) is no match.
std::string class_prefix(const std::vector<Candidates>& candidates) {
  std::map<std::string, std::size_t> counts;
  for (const auto& candidate : candidates)
    if (!candidate.prefix.empty()) ++counts[candidate.prefix];
  std::string best;
  std::size_t most = 0;
  for (const auto& [prefix, count] : counts)
    if (count > most) {
      best = prefix;
      most = count;
    }
  return best;
}

}  // namespace

std::map<std::string, std::size_t> match_roster(const Roster& roster, const std::vector<std::string>& submissions,
                                                RosterMatch required) {
  std::vector<Candidates> candidates;
  for (const auto& submission : submissions) candidates.push_back(rows_matching(roster, submission));
  const auto prefix = class_prefix(candidates);
  std::map<std::string, std::size_t> matched;
  std::map<std::size_t, std::string> owner;  // roster row -> its submission
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    const auto& submission = submissions[i];
    const auto& rows = candidates[i].rows;
    const auto& own_prefix = candidates[i].prefix;
    if (rows.empty() || (!own_prefix.empty() && own_prefix != prefix && lower(submission).rfind(prefix + "-", 0) == 0))
      continue;
    if (rows.size() > 1)
      throw std::runtime_error(fmt::format(
          "{}: the submission {} matches two roster rows, \"{}\" and \"{}\"; give each student's exact entry name "
          "in a \"submission\" column",
          roster.path, submission, roster.entries[rows[0]].submission, roster.entries[rows[1]].submission));
    if (const auto other = owner.find(rows.front()); other != owner.end())
      throw std::runtime_error(fmt::format("{}: the roster row \"{}\" matches two submissions, {} and {}; remove one or "
                                           "give the exact entry name in a \"submission\" column",
                                           roster.path, roster.entries[rows.front()].submission, other->second,
                                           submission));
    owner.emplace(rows.front(), submission);
    matched.emplace(submission, rows.front());
  }
  if (required == RosterMatch::AtLeastOne && matched.empty() && !submissions.empty() && !roster.entries.empty())
    throw std::runtime_error(fmt::format(
        "{}: no roster row matches any of the {} submission(s) (e.g. {}): its \"{}\" column must hold each student's "
        "entry name, or the user name that ends it (\"alice\" for assg05-alice)",
        roster.path, submissions.size(), submissions.front(), roster.key_column));
  return matched;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"' && field.empty()) {
      quoted = true;
      field_started = true;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = true;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (field_started || !field.empty()) row.push_back(std::move(field));
      if (!row.empty()) rows.push_back(std::move(row));
      row.clear();
      field.clear();
      field_started = false;
    } else {
      field += ch;
      field_started = true;
    }
  }
  if (quoted) throw std::runtime_error(fmt::format("a quoted field is never closed (row {})", rows.size() + 1));
  if (field_started || !field.empty()) row.push_back(std::move(field));
  if (!row.empty()) rows.push_back(std::move(row));
  return rows;
}

std::string csv_field(const std::string& text) {
  // Quoted when needed; a leading = + - @ is neutralised so that a
  // spreadsheet never runs a student-chosen name as a formula.
  const bool formula = !text.empty() && std::string("=+-@").find(text.front()) != std::string::npos &&
                       !(text.size() > 1 && std::isdigit(static_cast<unsigned char>(text[1])));
  const std::string safe = formula ? "'" + text : text;
  if (safe.find_first_of(",\"\r\n") == std::string::npos) return safe;
  std::string quoted = "\"";
  for (const char ch : safe) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

Roster load_roster(const std::string& path) {
  const auto text = read_file(path);
  if (!text) throw std::runtime_error(fmt::format("{}: cannot read the roster", path));
  std::vector<std::vector<std::string>> rows;
  try {
    rows = parse_csv(*text);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(fmt::format("{}: {}", path, error.what()));
  }
  if (rows.empty()) throw std::runtime_error(fmt::format("{}: the roster is empty", path));
  std::map<std::string, std::size_t> columns;
  for (std::size_t i = 0; i < rows.front().size(); ++i) columns.emplace(lower(rows.front()[i]), i);
  const auto column = [&](std::initializer_list<const char*> names) -> std::optional<std::size_t> {
    for (const char* name : names)
      if (const auto found = columns.find(name); found != columns.end()) return found->second;
    return std::nullopt;
  };
  const auto key = column({"submission", "github", "github_username", "github username", "login"});
  if (!key)
    throw std::runtime_error(fmt::format("{}: no column names the submission (add a \"submission\" column holding "
                                         "each student's submission folder name, e.g. the GitHub user name)",
                                         path));
  const auto name = column({"student", "name"}), id = column({"id"}), sis_user = column({"sis user id"}),
             sis_login = column({"sis login id"}), section = column({"section"});
  if (!name && !id && !sis_user)
    throw std::runtime_error(fmt::format("{}: Canvas needs one of the columns Student, ID or SIS User ID", path));
  Roster roster;
  roster.path = path;
  roster.key_column = trimmed(rows.front()[*key]);
  roster.assignment_columns = assignment_columns(rows.front());
  std::set<std::string> seen;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != rows.front().size())
      throw std::runtime_error(fmt::format("{}: line {}: {} field(s), but the header has {}", path, r + 1, row.size(),
                                           rows.front().size()));
    const auto cell = [&](std::optional<std::size_t> index) {
      return index && *index < row.size() ? row[*index] : std::string();
    };
    // Canvas's export has a "Points Possible" row and a test student.
    if (lower(cell(name)) == "points possible" || lower(cell(name)) == "student, test") continue;
    RosterEntry entry{cell(key), cell(name), cell(id), cell(sis_user), cell(sis_login), cell(section)};
    if (entry.submission.empty()) continue;  // enrolled but without a submission name: nothing to match
    if (!seen.insert(entry.submission).second)
      throw std::runtime_error(fmt::format("{}: line {}: \"{}\" appears twice", path, r + 1, entry.submission));
    roster.entries.push_back(std::move(entry));
  }
  return roster;
}

}  // namespace assg
