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

// `function` is the Eigen function whose check failed: coeff() reads an
// element, coeffRef() writes one; its signature names the tensor's rank.
[[noreturn]] inline void eigen_index_check_failed(const char* condition, const char* file, int line,
                                                  const char* function) {
  const std::string signature(function), where = std::string(file).substr(std::string(file).find_last_of('/') + 1);
  std::string what = "Eigen index check failed";
  if (std::string(condition).find("checkIndexRange") != std::string::npos) {
    const bool write = signature.find("coeffRef") != std::string::npos;
    // GCC and Clang both spell the template arguments out: "NumIndices_ = 4".
    const auto rank = signature.find("NumIndices_ = ");
    const std::string tensor = rank == std::string::npos ? "a tensor" : "a Tensor" + signature.substr(rank + 14, 1);
    what += std::string(": your code ") + (write ? "wrote" : "read") + " an element of " + tensor +
            " at an index outside its shape";
  } else {
    what += ": your code combined tensors of different shapes, or indexed outside one";
  }
  throw EigenIndexError(what + " (Eigen's check " + condition + " failed at " + where + ":" + std::to_string(line) +
                        ")");
}

}  // namespace assg

#ifndef eigen_assert
#define eigen_assert(condition)                                                             \
  do {                                                                                      \
    if (!static_cast<bool>(condition))                                                      \
      ::assg::eigen_index_check_failed(#condition, __FILE__, __LINE__, __PRETTY_FUNCTION__); \
  } while (false)
#endif
