#include "roster.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "file_io.hpp"

namespace assg {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::tolower(ch); });
  // Tolerate a byte-order mark and stray spaces, as spreadsheets write them.
  if (text.rfind("\xef\xbb\xbf", 0) == 0) text.erase(0, 3);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  return text;
}

}  // namespace

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

std::vector<RosterEntry> load_roster(const std::string& path) {
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
  std::vector<RosterEntry> roster;
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
    roster.push_back(std::move(entry));
  }
  return roster;
}

}  // namespace assg
