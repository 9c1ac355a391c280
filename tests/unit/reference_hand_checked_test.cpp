// The reference on tensors small enough to check by hand (in the manner of
// Eigen's own tensor tests and tiny-dnn's layer tests): each expected value
// below can be worked out on paper from the inputs beside it.
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "assg_tasks.hpp"

namespace {

// A row-major tensor from its shape and values in reading order.
template <typename TensorType>
TensorType make(std::initializer_list<Eigen::Index> shape, std::initializer_list<double> values) {
  Eigen::array<Eigen::Index, TensorType::NumIndices> dims;
  std::copy(shape.begin(), shape.end(), dims.begin());
  TensorType tensor(dims);
  EXPECT_EQ(static_cast<std::size_t>(tensor.size()), values.size()) << "test data does not fill the shape";
  std::copy(values.begin(), values.end(), tensor.data());
  return tensor;
}

template <typename TensorType>
std::vector<double> flat(const TensorType& tensor) {
  std::vector<double> values;
  for (Eigen::Index i = 0; i < tensor.size(); ++i) values.push_back(static_cast<double>(tensor.data()[i]));
  return values;
}

template <typename TensorType>
std::vector<Eigen::Index> dims(const TensorType& tensor) {
  return std::vector<Eigen::Index>(tensor.dimensions().begin(), tensor.dimensions().end());
}

// 1  2 | 5  6
// 3  4 | 7  8
// ------+------
// 9 10 | 13 14
// 11 12 | 15 16
Tensor4 four_blocks() {
  return make<Tensor4>({1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16});
}

TEST(ReferenceCalcNewHeightWidth, FloorsAndCountsThePadding) {
  EXPECT_EQ(calc_new_height_width(5, 5, 3, 1, 0), std::make_pair(3, 3));
  EXPECT_EQ(calc_new_height_width(5, 5, 3, 1, 1), std::make_pair(5, 5));
  EXPECT_EQ(calc_new_height_width(10, 7, 3, 2, 0), std::make_pair(4, 3));  // 3.5 floors to 3
  EXPECT_EQ(calc_new_height_width(7, 7, 7, 1, 0), std::make_pair(1, 1));
}

TEST(ReferenceCalcNewHeightWidth, RejectsWindowsThatDoNotFit) {
  EXPECT_THROW(calc_new_height_width(3, 3, 5, 1, 0), std::invalid_argument);
  EXPECT_THROW(calc_new_height_width(5, 5, 3, 0, 0), std::invalid_argument);
  EXPECT_THROW(calc_new_height_width(5, 5, 3, 1, -1), std::invalid_argument);
}

TEST(ReferencePoolForward, MaxKeepsEachBlocksLargestValue) {
  const Tensor4 Z = pool_forward(four_blocks(), 2, PoolMode::Max);
  EXPECT_EQ(dims(Z), (std::vector<Eigen::Index>{1, 2, 2, 1}));
  EXPECT_EQ(flat(Z), (std::vector<double>{4, 8, 12, 16}));
}

TEST(ReferencePoolForward, AverageTakesEachBlocksMean) {
  const Tensor4 Z = pool_forward(four_blocks(), 2, PoolMode::Average);
  EXPECT_EQ(flat(Z), (std::vector<double>{2.5, 6.5, 10.5, 14.5}));
}

TEST(ReferencePoolForward, StrideOneOverlapsTheWindows) {
  const Tensor4 Z = pool_forward(four_blocks(), 2, 1, PoolMode::Max);
  EXPECT_EQ(dims(Z), (std::vector<Eigen::Index>{1, 3, 3, 1}));
  EXPECT_EQ(flat(Z), (std::vector<double>{4, 7, 8, 10, 13, 14, 12, 15, 16}));
}

TEST(ReferencePoolForward, NegativeValuesHaveANegativeMaximum) {
  EXPECT_EQ(flat(pool_forward(make<Tensor4>({1, 2, 2, 1}, {-5, -1, -2, -8}), 2)), (std::vector<double>{-1}));
}

TEST(ReferenceZeroPad, SurroundsEachImageWithZeros) {
  const Tensor4 padded = zero_pad(make<Tensor4>({1, 1, 2, 1}, {1, 2}), 1);
  EXPECT_EQ(dims(padded), (std::vector<Eigen::Index>{1, 3, 4, 1}));
  EXPECT_EQ(flat(padded), (std::vector<double>{0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0}));
}

TEST(ReferenceZeroPad, LeavesSamplesAndChannelsAlone) {
  const Tensor4 padded = zero_pad(make<Tensor4>({2, 1, 1, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(dims(padded), (std::vector<Eigen::Index>{2, 3, 3, 3}));
  EXPECT_EQ(padded(1, 1, 1, 2), 6.0);
  EXPECT_EQ(padded(0, 1, 1, 0), 1.0);
  EXPECT_EQ(padded(1, 0, 0, 2), 0.0);
}

TEST(ReferenceConvSingleStep, SumsTheProductsAndAddsTheBias) {
  const Tensor3 ones = make<Tensor3>({2, 2, 1}, {1, 1, 1, 1});
  const Tensor3 W = make<Tensor3>({2, 2, 1}, {1, 2, 3, 4});
  EXPECT_EQ(conv_single_step(ones, W, 0.5), 10.5);
  EXPECT_EQ(conv_single_step(W, W, -30.0), 0.0);  // 1 + 4 + 9 + 16 - 30
}

TEST(ReferenceConvForward, OnesKernelOverOnesGivesWindowSizePlusBias) {
  const Tensor4 A = make<Tensor4>({1, 3, 3, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  const Tensor4 W = make<Tensor4>({2, 2, 1, 1}, {1, 1, 1, 1});
  const Tensor4 b = make<Tensor4>({1, 1, 1, 1}, {1});
  EXPECT_EQ(flat(conv_forward(A, W, b)), (std::vector<double>{5, 5, 5, 5}));
  // pad 1: corners see one cell, edges two, the middle four.
  EXPECT_EQ(flat(conv_forward(A, W, b, 2, 1)), (std::vector<double>{2, 3, 3, 5}));
}

TEST(ReferenceConvForward, EachOutputChannelUsesItsOwnKernelAndBias) {
  const Tensor4 A = make<Tensor4>({1, 1, 1, 2}, {3, 4});
  const Tensor4 W = make<Tensor4>({1, 1, 2, 2}, {1, 0, 0, 1});  // channel 0 keeps A's 3, channel 1 its 4
  const Tensor4 b = make<Tensor4>({1, 1, 1, 2}, {10, 20});
  EXPECT_EQ(flat(conv_forward(A, W, b)), (std::vector<double>{13, 24}));
}

TEST(ReferenceConvBackward, GradientsCountTheWindowsThatSawEachCell) {
  const Tensor4 A = make<Tensor4>({1, 3, 3, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  const Tensor4 W = make<Tensor4>({2, 2, 1, 1}, {1, 1, 1, 1});
  const Tensor4 b = make<Tensor4>({1, 1, 1, 1}, {0});
  const Tensor4 dZ = make<Tensor4>({1, 2, 2, 1}, {1, 1, 1, 1});
  const ConvGradients grads = conv_backward(dZ, A, W, b, 1, 0);
  EXPECT_EQ(flat(grads.dA), (std::vector<double>{1, 2, 1, 2, 4, 2, 1, 2, 1}));
  EXPECT_EQ(flat(grads.dW), (std::vector<double>{4, 4, 4, 4}));
  EXPECT_EQ(flat(grads.db), (std::vector<double>{4}));
}

TEST(ReferenceConvBackward, PaddingIsCroppedFromDA) {
  const Tensor4 A = make<Tensor4>({1, 1, 1, 1}, {2});
  const Tensor4 W = make<Tensor4>({3, 3, 1, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const Tensor4 b = make<Tensor4>({1, 1, 1, 1}, {0});
  const Tensor4 dZ = make<Tensor4>({1, 1, 1, 1}, {10});
  const ConvGradients grads = conv_backward(dZ, A, W, b, 1, 1);
  EXPECT_EQ(dims(grads.dA), (std::vector<Eigen::Index>{1, 1, 1, 1}));
  EXPECT_EQ(flat(grads.dA), (std::vector<double>{50}));  // the kernel's centre (5) times dZ
  EXPECT_EQ(flat(grads.dW), (std::vector<double>{0, 0, 0, 0, 20, 0, 0, 0, 0}));
  EXPECT_EQ(flat(grads.db), (std::vector<double>{10}));
}

TEST(ReferenceCreateMask, MarksEveryTiedMaximum) {
  EXPECT_EQ(flat(create_mask_from_window(make<Tensor2>({2, 2}, {1, 3, 4, 2}))), (std::vector<double>{0, 0, 1, 0}));
  EXPECT_EQ(flat(create_mask_from_window(make<Tensor2>({2, 2}, {3, 1, 3, 3}))), (std::vector<double>{1, 0, 1, 1}));
  EXPECT_EQ(flat(create_mask_from_window(make<Tensor2>({2, 2}, {-5, -2, -7, -3}))), (std::vector<double>{0, 1, 0, 0}));
}

TEST(ReferenceDistributeValue, SharesTheGradientEqually) {
  EXPECT_EQ(flat(distribute_value(2, 2, 2)), (std::vector<double>{0.5, 0.5, 0.5, 0.5}));
  EXPECT_EQ(flat(distribute_value(3, 2, 3)), (std::vector<double>(6, 0.5)));
}

TEST(ReferencePoolBackward, MaxRoutesEachGradientToItsBlocksMaximum) {
  const Tensor4 dZ = make<Tensor4>({1, 2, 2, 1}, {10, 20, 30, 40});
  EXPECT_EQ(flat(pool_backward(dZ, four_blocks(), 2, PoolMode::Max)),
            (std::vector<double>{0, 0, 0, 0, 0, 10, 0, 20, 0, 0, 0, 0, 0, 30, 0, 40}));
}

TEST(ReferencePoolBackward, AverageSharesEachGradientOverItsBlock) {
  const Tensor4 dZ = make<Tensor4>({1, 2, 2, 1}, {4, 8, 12, 16});
  EXPECT_EQ(flat(pool_backward(dZ, four_blocks(), 2, PoolMode::Average)),
            (std::vector<double>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
}

TEST(ReferencePoolBackward, OverlappingWindowsAccumulate) {
  // Two 2x2 windows (stride 1) over a 2x3 image share the middle column.
  const Tensor4 A = make<Tensor4>({1, 2, 3, 1}, {0, 9, 0, 0, 0, 0});  // 9 is the max of both windows
  const Tensor4 dZ = make<Tensor4>({1, 1, 2, 1}, {1, 2});
  EXPECT_EQ(flat(pool_backward(dZ, A, 2, 1, PoolMode::Max)), (std::vector<double>{0, 3, 0, 0, 0, 0}));
}

TEST(EigenIndexChecks, AnOutOfRangeIndexThrowsInsteadOfReadingGarbage) {
  const Tensor2 x = make<Tensor2>({2, 2}, {1, 2, 3, 4});
  EXPECT_THROW(static_cast<void>(x(2, 0)), assg::EigenIndexError);
  EXPECT_THROW(static_cast<void>(x(0, -1)), assg::EigenIndexError);
  EXPECT_NO_THROW(static_cast<void>(x(1, 1)));
}

TEST(EigenIndexChecks, TheMessageSaysReadOrWriteAndWhichKindOfTensor) {
  const Tensor2 x = make<Tensor2>({2, 2}, {1, 2, 3, 4});
  Tensor4 y(1, 1, 1, 1);
  try {
    static_cast<void>(x(2, 0));
    ADD_FAILURE() << "no exception";
  } catch (const assg::EigenIndexError& error) {
    EXPECT_NE(std::string(error.what()).find("your code read an element of a Tensor2 at an index outside its shape"),
              std::string::npos)
        << error.what();
  }
  try {
    y(0, 0, 1, 0) = 1.0;
    ADD_FAILURE() << "no exception";
  } catch (const assg::EigenIndexError& error) {
    EXPECT_NE(std::string(error.what()).find("your code wrote an element of a Tensor4"), std::string::npos)
        << error.what();
  }
}

}  // namespace
