// Why a solution does not compile, in the student's terms, where the
// compiler's own words are known to mislead: an assignment function
// defined `static`, `constexpr` or `extern "C"`, which the interface
// declares as an ordinary function other files call.
#pragma once

#include <string>

namespace assg {

enum class DeclarationMistake { None, Static, Constexpr, ExternC };

struct CompileDiagnosis {
  DeclarationMistake mistake = DeclarationMistake::None;
  std::string function;  // the assignment function the error names
};

// Reads one line of GCC's or Clang's output (in any locale's quotes).
CompileDiagnosis diagnose_compile_error(const std::string& error_line);

// One sentence to show after the compiler's error; empty when nothing is known.
std::string compile_error_advice(const CompileDiagnosis& diagnosis);

}  // namespace assg
