#include "compile_diagnosis.hpp"

#include <cctype>

#include <fmt/format.h>

#include "task_catalog.hpp"

namespace assg {

namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// The assignment function an error line names: the one whose name is
// followed by its parameter list or by a closing quote.
std::string named_function(const std::string& line) {
  for (const auto& task : task_catalog()) {
    for (auto at = line.find(task.function); at != std::string::npos; at = line.find(task.function, at + 1)) {
      const auto after = at + task.function.size();
      const bool whole_word = (at == 0 || !(std::isalnum(static_cast<unsigned char>(line[at - 1])) || line[at - 1] == '_'));
      if (whole_word && after < line.size() && (line[after] == '(' || line[after] == '\'' || line[after] == '\xe2'))
        return task.function;
    }
  }
  return {};
}

// GCC: "was declared 'extern' and later 'static'", "redeclaration ...
// differs in 'constexpr'", "conflicting declaration of ... with 'C'
// linkage". Clang: "static declaration of 'f' follows non-static
// declaration", "constexpr declaration of 'f' follows non-constexpr
// declaration", "declaration of 'f' has a different language linkage".
DeclarationMistake mistake_in(const std::string& line) {
  if ((has(line, "declared") && has(line, "and later") && has(line, "static")) ||
      has(line, "static declaration of"))
    return DeclarationMistake::Static;
  if ((has(line, "differs in") && has(line, "constexpr")) || has(line, "constexpr declaration of"))
    return DeclarationMistake::Constexpr;
  if ((has(line, "conflicting declaration") && has(line, "linkage")) || has(line, "different language linkage"))
    return DeclarationMistake::ExternC;
  return DeclarationMistake::None;
}

}  // namespace

CompileDiagnosis diagnose_compile_error(const std::string& error_line) {
  CompileDiagnosis diagnosis;
  diagnosis.function = named_function(error_line);
  if (!diagnosis.function.empty()) diagnosis.mistake = mistake_in(error_line);
  return diagnosis;
}

std::string compile_error_advice(const CompileDiagnosis& diagnosis) {
  const auto& f = diagnosis.function;
  switch (diagnosis.mistake) {
    case DeclarationMistake::Static:
      return fmt::format("{} is defined static, so only your own file could call it and the grader cannot: "
                         "remove static",
                         f);
    case DeclarationMistake::Constexpr:
      return fmt::format("{} is defined constexpr, which student/assg_tasks.hpp does not declare and which makes it "
                         "inline: remove constexpr",
                         f);
    case DeclarationMistake::ExternC:
      return fmt::format("{} is defined inside extern \"C\", which gives it another name for the linker: "
                         "define it outside extern \"C\"",
                         f);
    case DeclarationMistake::None: break;
  }
  return {};
}

}  // namespace assg
