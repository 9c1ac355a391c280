// One test's outcome, written out by hand, for the reporters' unit tests:
// tiny grades a reader can add up in their head.
#pragma once

#include <string>

#include "model/scoring.hpp"

namespace assg::testing_support {

inline TestRecord tiny_test(const std::string& name, TestStatus status, double points, double max_points,
                            const std::string& message = "", bool hidden = false) {
  TestRecord record;
  record.name = name;
  record.status = status;
  record.message = message;
  record.points = points;
  record.max_points = max_points;
  record.hidden = hidden;
  return record;
}

}  // namespace assg::testing_support
