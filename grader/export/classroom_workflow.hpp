// The GitHub Classroom workflow of the student release
// (.github/workflows/classroom.yml), written from the rubric so that the
// reporter's runners are always the rubric's tasks
// (`results-export classroom-workflow --rubric grader/rubric.json`).
#pragma once

#include <string>
#include <vector>

#include "rubric.hpp"

namespace assg::github {

// The reporter's runner ids: one per enabled task that is not a bonus, in
// the rubric's order (what classroom_runners makes of a full grade).
std::vector<std::string> workflow_runner_ids(const Rubric& rubric);

// The whole workflow file. Throws std::runtime_error if the rubric has no
// task that counts towards the maximum.
std::string classroom_workflow(const Rubric& rubric);

}  // namespace assg::github
