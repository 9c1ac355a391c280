#include "file_io.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace assg {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file_atomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code error;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), error);
  if (error) throw std::runtime_error(fmt::format("{}: cannot create its folder: {}", path, error.message()));
  const auto temporary = fs::path(path + fmt::format(".tmp.{}", ::getpid()));
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << content;
    file.flush();
    if (!file) {
      const std::string why = std::strerror(errno);  // before remove() can change errno
      fs::remove(temporary, error);
      throw std::runtime_error(fmt::format("{}: cannot write: {}", path, why));
    }
  }
  fs::rename(temporary, target, error);
  if (error) {
    // The rename's error, kept: removing the temporary resets `error`.
    const auto why = error.message();
    fs::remove(temporary, error);
    throw std::runtime_error(fmt::format("{}: cannot replace: {}", path, why));
  }
}

}  // namespace assg
