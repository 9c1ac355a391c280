// The reference, fed NumPy's random stream, reproduces numbers published
// outside this project:
//   * CSci 560 Assignment 05 (github.com/csci560-nndl/assg05): the notebook
//     notebooks/Assg-05-Convolution-Pooling-Layers-Implementation.ipynb and
//     the unit tests src/test_assg_tasks.py;
//   * deeplearning.ai, "Convolutional Neural Networks: Step by Step"
//     (Course 4, week 1): its notebook and public_tests.py.
// Numbers the sources print in full (repr) are compared exactly; numbers
// they print rounded to 8 decimals, to within 5e-9; to 11 decimals, 5e-12.
#include <vector>

#include <gtest/gtest.h>

#include "assg_tasks.hpp"
#include "numpy_random.hpp"
#include "numpy_summation.hpp"

namespace {

template <typename TensorType>
TensorType randn(assg::NumpyRandomState& random, std::initializer_list<Eigen::Index> shape) {
  Eigen::array<Eigen::Index, TensorType::NumIndices> dims;
  std::copy(shape.begin(), shape.end(), dims.begin());
  TensorType tensor(dims);
  const auto values = random.randn(tensor.size());
  std::copy(values.begin(), values.end(), tensor.data());
  return tensor;
}

Tensor4 randint(assg::NumpyRandomState& random, std::int64_t low, std::int64_t high,
                std::initializer_list<Eigen::Index> shape) {
  Eigen::array<Eigen::Index, 4> dims;
  std::copy(shape.begin(), shape.end(), dims.begin());
  Tensor4 tensor(dims);
  const auto values = random.randint(low, high, tensor.size());
  std::copy(values.begin(), values.end(), tensor.data());
  return tensor;
}

struct ConvInputs {
  Tensor4 A, W, b;
};

// A = randn(*a_shape); W = randn(*w_shape); b = randn(1, 1, 1, channels), in that order.
ConvInputs draw_conv_inputs(assg::NumpyRandomState& random, std::initializer_list<Eigen::Index> a_shape,
                            std::initializer_list<Eigen::Index> w_shape) {
  ConvInputs inputs{randn<Tensor4>(random, a_shape), randn<Tensor4>(random, w_shape), {}};
  inputs.b = randn<Tensor4>(random, {1, 1, 1, inputs.W.dimension(3)});
  return inputs;
}

// np.mean, with NumPy's order of additions.
template <typename TensorType>
double numpy_mean(const TensorType& tensor) {
  return assg::numpy_order::sum(tensor.data(), tensor.size()) / static_cast<double>(tensor.size());
}

std::vector<Eigen::Index> shape(const Tensor4& tensor) {
  return {tensor.dimension(0), tensor.dimension(1), tensor.dimension(2), tensor.dimension(3)};
}

// Z[s, :, :, c] against a printed matrix.
void expect_slice_near(const Tensor4& Z, Eigen::Index s, Eigen::Index c, const std::vector<std::vector<double>>& rows,
                       double tolerance) {
  for (std::size_t h = 0; h < rows.size(); ++h)
    for (std::size_t w = 0; w < rows[h].size(); ++w)
      EXPECT_NEAR(Z(s, static_cast<Eigen::Index>(h), static_cast<Eigen::Index>(w), c), rows[h][w], tolerance)
          << "at [" << s << ", " << h << ", " << w << ", " << c << "]";
}

// Z[s, h, :, :] against a printed matrix (rows are w, columns c).
void expect_row_near(const Tensor4& Z, Eigen::Index s, Eigen::Index h, const std::vector<std::vector<double>>& rows,
                     double tolerance) {
  for (std::size_t w = 0; w < rows.size(); ++w)
    for (std::size_t c = 0; c < rows[w].size(); ++c)
      EXPECT_NEAR(Z(s, h, static_cast<Eigen::Index>(w), static_cast<Eigen::Index>(c)), rows[w][c], tolerance)
          << "at [" << s << ", " << h << ", " << w << ", " << c << "]";
}

constexpr double k8Decimals = 5e-9;

// ---- CSci 560 Assignment 05 ------------------------------------------------

TEST(CoursePublished, CalcNewHeightWidth) {
  EXPECT_EQ(calc_new_height_width(5, 5, 3, 1, 0), std::make_pair(3, 3));
  EXPECT_EQ(calc_new_height_width(12, 21, 4, 2, 2), std::make_pair(7, 11));
  EXPECT_EQ(calc_new_height_width(1024, 768, 7, 3, 4), std::make_pair(342, 257));
}

TEST(CoursePublished, PoolForwardExample) {
  assg::NumpyRandomState random(1);
  const Tensor4 A = randint(random, -5, 5, {3, 4, 4, 4});
  expect_slice_near(A, 2, 2, {{1, 1, -4, -1}, {4, 4, -1, 3}, {0, 3, -4, -2}, {-2, -1, -5, -2}}, 0.0);
  const Tensor4 max = pool_forward(A, 2, PoolMode::Max);
  EXPECT_EQ(shape(max), (std::vector<Eigen::Index>{3, 2, 2, 4}));
  expect_slice_near(max, 2, 2, {{4, 3}, {3, -2}}, 0.0);
  expect_slice_near(max, 1, 3, {{4, 4}, {-1, 4}}, 0.0);
  const Tensor4 avg = pool_forward(A, 2, PoolMode::Average);
  expect_slice_near(avg, 2, 2, {{2.5, -0.75}, {0.0, -3.25}}, 0.0);
  expect_slice_near(avg, 1, 3, {{-1.0, 0.75}, {-2.75, -0.25}}, 0.0);
}

TEST(CoursePublished, PoolForwardBiggerCase) {
  assg::NumpyRandomState random(2);
  const Tensor4 A = randint(random, -100, 100, {20, 55, 88, 16});
  const Tensor4 max = pool_forward(A, 5, PoolMode::Max);
  EXPECT_EQ(shape(max), (std::vector<Eigen::Index>{20, 11, 17, 16}));
  // First and last rows of the published Z[10, :, :, 8].
  expect_slice_near(max, 10, 8, {{96, 96, 96, 94, 84, 94, 88, 94, 80, 99, 92, 92, 97, 88, 86, 94, 99}}, 0.0);
  for (Eigen::Index w = 0; w < 17; ++w) {
    const double last_row[] = {97, 99, 94, 99, 92, 98, 90, 82, 95, 89, 92, 99, 73, 71, 80, 79, 96};
    EXPECT_EQ(max(10, 10, w, 8), last_row[w]) << "w = " << w;
  }
  const Tensor4 avg = pool_forward(A, 5, PoolMode::Average);
  expect_slice_near(avg, 10, 8,
                    {{0.68, 10.12, -0.04, -0.6, 7.32, 17.6, -2.24, 3.48, 11.16, 8.6, 9.72, -11.52, -5.6, -8.64,
                      -17.24, -20.76, -13.96}},
                    1e-12);
}

TEST(CoursePublished, ZeroPad) {
  assg::NumpyRandomState random(1);
  const Tensor4 X = randint(random, 0, 256, {4, 3, 3, 3});
  expect_slice_near(X, 0, 0, {{37, 72, 203}, {192, 204, 252}, {178, 101, 139}}, 0.0);
  const Tensor4 padded = zero_pad(X, 2);
  EXPECT_EQ(shape(padded), (std::vector<Eigen::Index>{4, 7, 7, 3}));
  expect_slice_near(padded, 0, 0,
                    {{0, 0, 0, 0, 0, 0, 0},
                     {0, 0, 0, 0, 0, 0, 0},
                     {0, 0, 37, 72, 203, 0, 0},
                     {0, 0, 192, 204, 252, 0, 0},
                     {0, 0, 178, 101, 139, 0, 0},
                     {0, 0, 0, 0, 0, 0, 0},
                     {0, 0, 0, 0, 0, 0, 0}},
                    0.0);

  assg::NumpyRandomState seed2(2);
  expect_slice_near(zero_pad(randint(seed2, 0, 256, {4, 3, 3, 3})), 2, 1,
                    {{0, 0, 0, 0, 0}, {0, 63, 39, 136, 0}, {0, 250, 237, 145, 0}, {0, 250, 185, 252, 0}, {0, 0, 0, 0, 0}},
                    0.0);
  assg::NumpyRandomState seed4(4);
  expect_slice_near(zero_pad(randint(seed4, 0, 256, {5, 5, 5, 5}), 0), 4, 4,
                    {{49, 96, 16, 16, 91}, {152, 169, 144, 33, 79}, {185, 37, 94, 13, 46}, {241, 28, 105, 41, 100},
                     {142, 42, 160, 87, 137}},
                    0.0);
}

TEST(CoursePublished, ConvSingleStepToTheLastDigit) {
  struct Case {
    Eigen::Index k, channels;
    double published;
  };
  for (const Case& c : {Case{4, 3, -6.999089450680221}, Case{5, 32, -13.779734001272715},
                        Case{1, 1, -1.5218754464672077}}) {
    assg::NumpyRandomState random(1);
    const Tensor3 slice = randn<Tensor3>(random, {c.k, c.k, c.channels});
    const Tensor3 W = randn<Tensor3>(random, {c.k, c.k, c.channels});
    const double b = random.standard_normal();
    EXPECT_EQ(conv_single_step(slice, W, b), c.published) << c.k << "x" << c.k << "x" << c.channels;
  }
}

TEST(CoursePublished, ConvForwardExample) {
  assg::NumpyRandomState random(1);
  const auto [A, W, b] = draw_conv_inputs(random, {10, 5, 7, 4}, {3, 3, 4, 8});
  const Tensor4 Z = conv_forward(A, W, b, 2, 1);
  EXPECT_EQ(shape(Z), (std::vector<Eigen::Index>{10, 3, 4, 8}));
  EXPECT_EQ(numpy_mean(Z), 0.6923608807576933);
  expect_slice_near(Z, 3, 2,
                    {{4.54315363, 6.3188805, 9.48395578, 1.95844304},
                     {8.07643821, 9.59542022, 19.73741108, -1.3748106},
                     {3.36457258, 6.61941931, 9.9232075, 8.78183548}},
                    k8Decimals);
  const double channel_max[] = {11.12355835, 23.48197533, 19.73741108, 10.69033276,
                                19.89262537, 9.97188609,  13.00689405, 12.78954327};
  const double channel_mean[] = {1.5086006, -0.1743384, 2.68375965, -0.35835072,
                                 2.76845058, -1.12789915, -0.41870826, 0.65737275};
  for (Eigen::Index c = 0; c < 8; ++c) {
    double largest = Z(0, 0, 0, c), total = 0.0;
    for (Eigen::Index s = 0; s < 10; ++s)
      for (Eigen::Index h = 0; h < 3; ++h)
        for (Eigen::Index w = 0; w < 4; ++w) {
          largest = std::max(largest, Z(s, h, w, c));
          total += Z(s, h, w, c);
        }
    EXPECT_NEAR(largest, channel_max[c], k8Decimals) << "channel " << c;
    EXPECT_NEAR(total / 120.0, channel_mean[c], k8Decimals) << "channel " << c;
  }
}

TEST(CoursePublished, ConvForwardBiggerCase) {
  assg::NumpyRandomState random(3);
  const auto [A, W, b] = draw_conv_inputs(random, {10, 256, 128, 32}, {5, 5, 32, 64});
  const Tensor4 Z = conv_forward(A, W, b, 5, 2);
  EXPECT_EQ(shape(Z), (std::vector<Eigen::Index>{10, 52, 26, 64}));
  EXPECT_EQ(numpy_mean(Z), 0.15105004696407845);
  // First row of the published Z[8, 10:20, 10:20, 42].
  const double row[] = {-4.88865648e+01, -1.35409806e+01, -2.41640805e+01, -3.37117505e+01, -2.20711297e+01,
                        1.20981230e+01,  -9.91913944e+00, -9.71441619e+00, -3.34328301e+00, -8.20231533e+00};
  for (Eigen::Index w = 0; w < 10; ++w) EXPECT_NEAR(Z(8, 10, 10 + w, 42), row[w], 5e-7) << "w = " << w;
}

// ---- deeplearning.ai, Convolutional Neural Networks: Step by Step ----------

TEST(DeepLearningAiPublished, ZeroPad) {
  assg::NumpyRandomState random(1);
  const Tensor4 x = randn<Tensor4>(random, {4, 3, 3, 2});
  expect_row_near(x, 1, 1, {{0.90085595, -0.68372786}, {-0.12289023, -0.93576943}, {-0.26788808, 0.53035547}},
                  k8Decimals);
  EXPECT_EQ(shape(zero_pad(x, 3)), (std::vector<Eigen::Index>{4, 9, 9, 2}));
}

TEST(DeepLearningAiPublished, ConvSingleStep) {
  assg::NumpyRandomState random(3);
  const Tensor3 slice = randn<Tensor3>(random, {5, 5, 3});
  const Tensor3 W = randn<Tensor3>(random, {5, 5, 3});
  EXPECT_EQ(conv_single_step(slice, W, random.standard_normal()), -3.5443670581382474);
}

TEST(DeepLearningAiPublished, ConvForward) {
  assg::NumpyRandomState random(1);
  const auto [A, W, b] = draw_conv_inputs(random, {2, 5, 7, 4}, {3, 3, 4, 8});
  const Tensor4 Z = conv_forward(A, W, b, 2, 1);
  EXPECT_EQ(numpy_mean(Z), 0.5511276474566768);
  expect_row_near(Z, 0, 2,
                  {{}, {-2.17796037, 8.07171329, -0.5772704, 3.36286738, 4.48113645, -2.89198428, 10.99288867,
                        3.03171932}},
                  k8Decimals);
  // cache_conv[0][1][2][3], i.e. A[1, 2, 3].
  expect_row_near(A, 1, 2, {{}, {}, {}, {-1.1191154, 1.9560789, -0.3264995, -1.34267579}}, k8Decimals);

  assg::NumpyRandomState seed3(3);
  const auto [A3, W3, b3] = draw_conv_inputs(seed3, {2, 5, 7, 4}, {3, 3, 4, 8});
  EXPECT_EQ(shape(conv_forward(A3, W3, b3, 1, 3)), (std::vector<Eigen::Index>{2, 9, 11, 8}));
  EXPECT_EQ(shape(conv_forward(A3, W3, b3, 2, 0)), (std::vector<Eigen::Index>{2, 2, 3, 8}));
  const Tensor4 W5 = randn<Tensor4>(seed3, {5, 5, 4, 8});
  const Tensor4 b5 = randn<Tensor4>(seed3, {1, 1, 1, 8});
  const Tensor4 Z3 = conv_forward(A3, W5, b5, 1, 6);
  EXPECT_EQ(shape(Z3), (std::vector<Eigen::Index>{2, 13, 15, 8}));
  EXPECT_NEAR(numpy_mean(Z3), -0.5384027772160062, 1e-15);
}

TEST(DeepLearningAiPublished, ConvForwardFirstEdition) {
  assg::NumpyRandomState random(1);
  const auto [A, W, b] = draw_conv_inputs(random, {10, 4, 4, 3}, {2, 2, 3, 8});
  const Tensor4 Z = conv_forward(A, W, b, 2, 2);
  EXPECT_NEAR(numpy_mean(Z), 0.0489952035289, 5e-14);
  expect_row_near(A, 1, 2, {{}, {}, {}, {-0.20075807, 0.18656139, 0.41005165}}, k8Decimals);
  expect_row_near(Z, 3, 2,
                  {{}, {-0.61490741, -6.7439236, -2.55153897, 1.75698377, 3.56208902, 0.53036437, 5.18531798,
                        8.75898442}},
                  k8Decimals);
}

TEST(DeepLearningAiPublished, ConvBackward) {
  assg::NumpyRandomState random(1);
  const auto [A, W, b] = draw_conv_inputs(random, {10, 4, 4, 3}, {2, 2, 3, 8});
  const Tensor4 Z = conv_forward(A, W, b, 2, 2);
  const ConvGradients grads = conv_backward(Z, A, W, b, 2, 2);
  EXPECT_EQ(numpy_mean(grads.dA), 1.4524377775388075);
  EXPECT_EQ(numpy_mean(grads.dW), 1.7269914583139097);
  EXPECT_EQ(numpy_mean(grads.db), 7.839232564616838);
  // As printed in the first edition: 1.45243777754, 1.72699145831, 7.83923256462.
  EXPECT_NEAR(numpy_mean(grads.dA), 1.45243777754, 5e-12);
}

TEST(DeepLearningAiPublished, PoolForward) {
  assg::NumpyRandomState random(1);
  const Tensor4 A = randn<Tensor4>(random, {2, 5, 5, 3});
  expect_row_near(pool_forward(A, 3, 1, PoolMode::Max), 1, 1,
                  {{1.96710175, 0.84616065, 1.27375593}, {1.96710175, 0.84616065, 1.23616403},
                   {1.62765075, 1.12141771, 1.2245077}},
                  k8Decimals);
  expect_row_near(pool_forward(A, 3, 1, PoolMode::Average), 1, 1,
                  {{0.44497696, -0.00261695, -0.31040307}, {0.50811474, -0.23493734, -0.23961183},
                   {0.11872677, 0.17255229, -0.22112197}},
                  k8Decimals);
  const Tensor4 max2 = pool_forward(A, 3, 2, PoolMode::Max);
  expect_row_near(max2, 0, 0, {{1.74481176, 0.90159072, 1.65980218}, {1.74481176, 1.6924546, 1.65980218}}, k8Decimals);
  expect_row_near(max2, 0, 1, {{1.13162939, 1.51981682, 2.18557541}, {1.13162939, 1.6924546, 2.18557541}}, k8Decimals);
  const Tensor4 avg2 = pool_forward(A, 3, 2, PoolMode::Average);
  expect_row_near(avg2, 1, 0, {{-0.17313416, 0.32377198, -0.34317572}, {0.02030094, 0.14141479, -0.01231585}},
                  k8Decimals);
  expect_row_near(avg2, 1, 1, {{0.42944926, 0.08446996, -0.27290905}, {0.15077452, 0.28911175, 0.00123239}},
                  k8Decimals);
}

TEST(DeepLearningAiPublished, CreateMaskAndDistributeValue) {
  assg::NumpyRandomState random(1);
  const Tensor2 x = randn<Tensor2>(random, {2, 3});
  const Mask2 mask = create_mask_from_window(x);
  const bool published[2][3] = {{true, false, false}, {false, false, false}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(mask(i, j), published[i][j]);
  const Tensor2 shares = distribute_value(2, 2, 2);
  for (Eigen::Index i = 0; i < shares.size(); ++i) EXPECT_EQ(shares.data()[i], 0.5);
}

TEST(DeepLearningAiPublished, PoolBackward) {
  assg::NumpyRandomState random(1);
  const Tensor4 A = randn<Tensor4>(random, {5, 5, 3, 2});
  const Tensor4 dZ = randn<Tensor4>(random, {5, 4, 2, 2});
  EXPECT_NEAR(numpy_mean(dZ), 0.145713902729, 5e-13);
  expect_row_near(pool_backward(dZ, A, 2, 1, PoolMode::Max), 1, 1, {{0, 0}, {5.05844394, -1.68282702}, {0, 0}},
                  k8Decimals);
  expect_row_near(pool_backward(dZ, A, 2, 1, PoolMode::Average), 1, 1,
                  {{0.08485462, 0.2787552}, {1.26461098, -0.25749373}, {1.17975636, -0.53624893}}, k8Decimals);
}

}  // namespace
