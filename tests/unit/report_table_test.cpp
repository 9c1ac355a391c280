// The student's table: its columns, the total, and colour only where wanted.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "report/report_table.hpp"

namespace {

assg::GradeReport sample_report() {
  assg::RubricTask rule;
  rule.id = "2.3";
  rule.function = "conv_forward";
  rule.points = 20;
  assg::TestRecord passed, failed;
  passed.name = "course_example";
  passed.status = assg::TestStatus::Passed;
  failed.name = "non_square";
  failed.status = assg::TestStatus::Failed;
  failed.message = "result: 3 of 16 values differ (19%)\n  worst at (n=0, h=1, w=0, c=0): ...";
  passed.max_points = failed.max_points = 10.0;  // each case's worth, as the plan sets it
  return assg::make_report("student/assg_tasks.cpp", {assg::score_task(rule, {passed, failed})});
}

TEST(RenderTable, ShowsOneLinePerTaskAndTheTotal) {
  const auto table = assg::render_table(sample_report(), assg::TableStyle{false, 100});
  EXPECT_NE(table.find("  2.3   conv_forward    1/2  10.00/20  failed  non_square: result: 3 of 16 values differ (19%)\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("Total: 10.00/20"), std::string::npos) << table;
  EXPECT_EQ(table.find("worst at"), std::string::npos) << "only a failure's first line belongs in the table";
}

TEST(RenderTable, ClipsTheFirstFailureToTheTerminalWidth) {
  const auto table = assg::render_table(sample_report(), assg::TableStyle{false, 60});
  std::size_t start = 0;
  for (std::size_t end; (end = table.find('\n', start)) != std::string::npos; start = end + 1)
    EXPECT_LE(end - start, 60U) << table.substr(start, end - start);
  EXPECT_NE(table.find("..."), std::string::npos);
}

TEST(RenderFailures, GivesEveryFailureInFull) {
  const auto failures = assg::render_failures(sample_report(), assg::TableStyle{false, 100});
  EXPECT_EQ(failures, "FAIL 2.3 conv_forward / non_square\n"
                      "    result: 3 of 16 values differ (19%)\n"
                      "      worst at (n=0, h=1, w=0, c=0): ...\n");
}

TEST(RenderFailures, PointsAtAFailingTaskThatThisOneReuses) {
  assg::RubricTask pad_rule, conv_rule;
  pad_rule.id = "2.1";
  pad_rule.function = "zero_pad";
  pad_rule.points = 15;
  conv_rule.id = "2.3";
  conv_rule.function = "conv_forward";
  conv_rule.points = 20;
  assg::TestRecord failed;
  failed.name = "some_case";
  failed.status = assg::TestStatus::Failed;
  failed.message = "result: 1 of 1 values differ";
  const auto report =
      assg::make_report("x", {assg::score_task(pad_rule, {failed}), assg::score_task(conv_rule, {failed})});
  const auto failures = assg::render_failures(report, assg::TableStyle{false, 100});
  EXPECT_NE(failures.find("Note: the course has conv_forward reuse zero_pad (task 2.1), which fails too: if yours "
                          "calls it, fix task 2.1 first."),
            std::string::npos)
      << failures;
}

class DetectStyle : public ::testing::Test {
 protected:
  void SetUp() override {
    // A pseudo-terminal, so that isatty() is true as on a student's laptop.
    controller_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(controller_, 0);
    ASSERT_EQ(::grantpt(controller_), 0);
    ASSERT_EQ(::unlockpt(controller_), 0);
    terminal_ = ::open(::ptsname(controller_), O_RDWR | O_NOCTTY);
    ASSERT_GE(terminal_, 0);
    ::unsetenv("NO_COLOR");
  }
  void TearDown() override {
    ::close(terminal_);
    ::close(controller_);
    ::unsetenv("NO_COLOR");
  }
  int controller_ = -1, terminal_ = -1;
};

TEST_F(DetectStyle, ColoursATerminal) { EXPECT_TRUE(assg::detect_style(assg::ColorChoice::Auto, terminal_).color); }

TEST_F(DetectStyle, RespectsNoColor) {
  ::setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(assg::detect_style(assg::ColorChoice::Auto, terminal_).color);
  ::setenv("NO_COLOR", "", 1);  // an empty NO_COLOR does not count (no-color.org)
  EXPECT_TRUE(assg::detect_style(assg::ColorChoice::Auto, terminal_).color);
}

TEST_F(DetectStyle, NeverColoursAPipeUnlessForced) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  EXPECT_FALSE(assg::detect_style(assg::ColorChoice::Auto, pipe_fds[1]).color);
  EXPECT_TRUE(assg::detect_style(assg::ColorChoice::Always, pipe_fds[1]).color);
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

}  // namespace
