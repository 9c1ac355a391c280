// Writing files so that a reader (or an interrupted run) never sees half of one.
#pragma once

#include <string>

namespace assg {

// Writes through a temporary file in the same folder and renames it into
// place, creating missing folders. Throws std::runtime_error naming the path.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace assg
