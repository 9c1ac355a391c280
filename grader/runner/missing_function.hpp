// What the runner's fallback definitions throw when a solution file does not
// define one of the assignment's functions (see fallback_definitions.cpp).
#pragma once

#include <stdexcept>
#include <string>

namespace assg {

class MissingFunction : public std::logic_error {
 public:
  explicit MissingFunction(const std::string& function)
      : std::logic_error(function + " is missing from the solution file") {}
};

}  // namespace assg
