// A grade as Classroom 50 takes it (foundation50/classroom50): the
// `classroom50/result/v1` result.json its runner publishes on the
// submission's Release and its collect_scores.py files in the gradebook,
// and the release body the student reads.
//
// Classroom 50 wants integers for every score; our points are hundredths
// (20 points over 22 cases). So its scores count hundredths of a point:
// "score": 8425 out of "max-score": 10000 is 84.25 of 100 points. One test
// per graded case, each case's worth in hundredths, so that the tests add
// up to the total exactly, as in every other format.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "model/graded_file.hpp"

namespace assg::classroom50 {

inline constexpr const char* kResultSchema = "classroom50/result/v1";
// Classroom 50's scores are these many to a point (see above).
inline constexpr long long kScoreUnitsPerPoint = 100;

// Who and what was graded, from the runner's environment. Classroom 50's
// runner overwrites owner, assignment_type and datetime with its own
// values; they are written anyway, so that the file is valid as it stands.
struct Submission {
  std::string classroom, assignment, owner, assignment_type = "individual";
  std::string submission;  // the tag, submit/...
  std::string commit, release, review;  // URLs
  std::string datetime;    // the graded commit's committer date, UTC, YYYY-MM-DDTHH:MM:SSZ
};

// Throws std::invalid_argument naming the field that Classroom 50's
// collector would refuse (empty, or a tag not starting with submit/).
void check_submission(const Submission& submission);

nlohmann::ordered_json result_json(const GradeReport& report, const Submission& submission);

// release-body.md: the points, then the failures of visible cases and the
// per-task table as make test prints them, in a code fence. Kept within
// `limit` characters (GitHub refuses a release body over 125000): the
// failures are cut first, never the table.
std::string release_body(const GradedFile& graded, std::size_t limit = 100000);

// One line for the Actions run: "84.25/100 points (5 of 9 tasks complete)".
std::string summary_line(const GradeReport& report);

}  // namespace assg::classroom50
