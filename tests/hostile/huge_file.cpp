// Hostile: distribute_value (task 3.3) writes a 256 MiB file
// (assg-hostile-bigfile) into its working folder, /tmp and the instructor's
// repository (each case starts with another of the three). Must: 3.3
// crashed, 0 points, with a message that names the file size limit; no
// assg-hostile-bigfile left in the repository, the build folder or /tmp;
// every other task full marks.
#include <fcntl.h>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {

bool write_big_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const std::string chunk(std::size_t{1} << 20, 'x');
  bool complete = true;
  for (int i = 0; i < 256 && complete; ++i)
    complete = ::write(fd, chunk.data(), chunk.size()) == static_cast<ssize_t>(chunk.size());
  ::close(fd);
  return complete;
}

}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::vector<std::string> places{hostile::current_directory(), "/tmp"};
  const auto repositories = hostile::repository_candidates(__FILE__);
  if (!repositories.empty()) places.push_back(repositories.front());
  std::string written;
  for (std::size_t i = 0; i < places.size(); ++i) {
    const auto& place = places[(i + static_cast<std::size_t>(n_h * 7 + n_w)) % places.size()];
    if (write_big_file(place + "/assg-hostile-bigfile")) written += place + " ";
  }
  if (written.empty()) hostile::blocked("no 256 MiB file could be written: " + hostile::error_text());
  return reference_distribute_value(dz, n_h, n_w);
}
