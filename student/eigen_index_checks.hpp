// Read-only, like assg_tasks.hpp (which includes it first).
//
// Switches on Eigen's index checks and turns a failed check into an
// exception, so that reading or writing outside a tensor fails your test
// with a message instead of crashing or silently reading garbage. The
// grader compiles your file with this header forced in first, so the checks
// apply even if you include Eigen yourself.
#pragma once

#include <stdexcept>
#include <string>

#ifndef EIGEN_INTERNAL_DEBUGGING
#define EIGEN_INTERNAL_DEBUGGING  // Eigen 3.4 checks tensor indices only in this mode
#endif

namespace assg {

class EigenIndexError : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

[[noreturn]] inline void eigen_index_check_failed(const char* condition, const char* file, int line) {
  std::string where(file);
  where = where.substr(where.find_last_of('/') + 1);
  throw EigenIndexError("Eigen index check failed: " + std::string(condition) + " (" + where + ":" +
                        std::to_string(line) +
                        "). Your code read or wrote a tensor element outside the tensor's shape, "
                        "or combined tensors of different shapes");
}

}  // namespace assg

#ifndef eigen_assert
#define eigen_assert(condition)                                         \
  do {                                                                  \
    if (!static_cast<bool>(condition))                                  \
      ::assg::eigen_index_check_failed(#condition, __FILE__, __LINE__); \
  } while (false)
#endif
