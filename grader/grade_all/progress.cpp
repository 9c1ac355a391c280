#include "progress.hpp"

#include <cmath>

#include <fmt/format.h>

namespace assg {

Progress::Progress(std::size_t total, bool terminal, std::FILE* stream)
    : total_(total), terminal_(terminal), stream_(stream), start_(std::chrono::steady_clock::now()) {
  std::lock_guard<std::mutex> lock(mutex_);
  draw_locked();
}

std::string Progress::duration_text(double seconds) {
  const auto whole = static_cast<long>(std::lround(seconds));
  if (whole < 60) return fmt::format("{} s", whole);
  if (whole < 3600) return fmt::format("{}:{:02}", whole / 60, whole % 60);
  return fmt::format("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60);
}

void Progress::clear_locked() {
  if (terminal_) fmt::print(stream_, "\r\033[K");
}

void Progress::draw_locked() {
  if (!terminal_ || total_ == 0) return;
  constexpr int kWidth = 30;
  const double fraction = static_cast<double>(finished_) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string eta = "estimating";
  if (timed_ > 0 && finished_ < total_)
    eta = "about " + duration_text(elapsed / static_cast<double>(timed_) * static_cast<double>(total_ - finished_)) + " left";
  else if (finished_ == total_)
    eta = "done in " + duration_text(elapsed);
  fmt::print(stream_, "\r\033[K[{}{}] {}/{} students, {}", std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(kWidth - filled), '.'), finished_, total_, eta);
  std::fflush(stream_);
}

void Progress::finished(const std::string& line, bool quick) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++finished_;
  if (!quick) ++timed_;
  clear_locked();
  if (terminal_)
    fmt::print(stream_, "{}\n", line);
  else
    fmt::print(stream_, "grade-all: [{}/{}] {}\n", finished_, total_, line);
  draw_locked();
  std::fflush(stream_);
}

void Progress::note(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_locked();
  fmt::print(stream_, "grade-all: {}\n", line);
  draw_locked();
  std::fflush(stream_);
}

void Progress::done() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (terminal_ && total_ > 0) fmt::print(stream_, "\n");
  std::fflush(stream_);
}

}  // namespace assg
