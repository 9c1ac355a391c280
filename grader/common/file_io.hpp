// Writing files so that a reader (or an interrupted run) never sees half of one.
#pragma once

#include <optional>
#include <string>

namespace assg {

// Writes through a temporary file in the same folder and renames it into
// place, creating missing folders. Throws std::runtime_error naming the path.
void write_file_atomically(const std::string& path, const std::string& content);

// A whole file's bytes; std::nullopt if it cannot be opened (each caller
// says what the file was for).
std::optional<std::string> read_file(const std::string& path);

}  // namespace assg
