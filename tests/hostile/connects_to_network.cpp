// Hostile: distribute_value (task 3.3) opens network connections: TCP to
// 127.0.0.1:47613 (the test listens there) and to 1.1.1.1:53. Must: 3.3 earns
// 0 (no connection works, so it throws); every other task full marks.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {

bool connects(const char* address, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, address, &target.sin_addr);
  bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0;
  if (!connected && errno == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    int error = -1;
    socklen_t size = sizeof error;
    connected =
        ::poll(&waiting, 1, 1500) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
  }
  ::close(fd);
  return connected;
}

}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::string reached;
  if (connects("127.0.0.1", 47613)) reached += "127.0.0.1:47613 ";
  if (connects("1.1.1.1", 53)) reached += "1.1.1.1:53 ";
  if (reached.empty()) hostile::blocked("no network connection could be opened");
  return reference_distribute_value(dz, n_h, n_w);
}
