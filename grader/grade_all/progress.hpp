// Progress of a class run: on a terminal, one line redrawn in place (a bar,
// counts and the time left); elsewhere (CI logs, files), one plain line per
// finished student.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace assg {

class Progress {
 public:
  Progress(std::size_t total, bool terminal, std::FILE* stream = stdout);

  // "ada: graded 100/100 (1.9 s)". `quick`: took no grading (kept, missing,
  // a copy), so it says nothing about how long the rest will take.
  void finished(const std::string& line, bool quick = false);
  void note(const std::string& line);      // anything else worth a line
  void done();

  // "1:05" / "12 s"
  static std::string duration_text(double seconds);

 private:
  void draw_locked();
  void clear_locked();

  std::mutex mutex_;
  std::size_t total_;
  std::size_t finished_ = 0;
  std::size_t timed_ = 0;  // finished students that took grading
  bool terminal_;
  std::FILE* stream_;
  std::chrono::steady_clock::time_point start_;
  std::string last_;
};

}  // namespace assg
