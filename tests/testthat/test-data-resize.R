# resize_area: OpenCV's INTER_AREA for 8-bit images. Expected values are
# OpenCV 4.14's cv2.resize(..., interpolation=cv2.INTER_AREA) outputs.

img1 <- function(m) array(m, c(nrow(m), ncol(m), 1L))

test_that("2x2 -> 1x1 averages and rounds half up ((sum + 2) >> 2)", {
  expect_equal(c(resize_area(img1(matrix(c(1, 0, 1, 0), 2)), 1)), 1L)   # 0.5 -> 1
  expect_equal(c(resize_area(img1(matrix(c(1, 0, 0, 0), 2)), 1)), 0L)   # 0.25 -> 0
  expect_equal(c(resize_area(img1(matrix(c(3, 0, 3, 0), 2)), 1)), 2L)   # 1.5 -> 2
  expect_equal(c(resize_area(img1(matrix(c(1, 0, 2, 0), 2)), 1)), 1L)   # 0.75 -> 1
})

test_that("other integer factors round half to even (float32 sum * (1/area))", {
  # 1 x 8 -> 1 x 4: pairs (1,2) (0,1) (2,3) (3,4): 1.5 -> 2, 0.5 -> 0, 2.5 -> 2, 3.5 -> 4
  out <- resize_area(img1(matrix(c(1, 2, 0, 1, 2, 3, 3, 4), 1)), c(1, 4))
  expect_identical(c(out), c(2L, 0L, 2L, 4L))
})

test_that("64 -> 32 is the rounded mean of 2x2 blocks, per channel", {
  set.seed(3)
  img <- array(sample(0:255, 64 * 64 * 3, TRUE), c(64, 64, 3))
  out <- resize_area(img, 32)
  expect_identical(dim(out), c(32L, 32L, 3L))
  expect_type(out, "integer")
  for (ch in 1:3) {
    m <- img[, , ch]
    s <- m[c(TRUE, FALSE), c(TRUE, FALSE)] + m[c(FALSE, TRUE), c(TRUE, FALSE)] +
      m[c(TRUE, FALSE), c(FALSE, TRUE)] + m[c(FALSE, TRUE), c(FALSE, TRUE)]
    expect_equal(out[, , ch], (s + 2) %/% 4)
  }
})

test_that("a fractional factor uses per-pixel area weights (3 -> 2)", {
  # out0 = 0 * 2/3 + 30 * 1/3 = 10; out1 = 30 * 1/3 + 60 * 2/3 = 50
  expect_identical(c(resize_area(img1(matrix(c(0, 30, 60), 1)), c(1, 2))), c(10L, 50L))
  # 1 x 5 -> 2 x 3 (rows up, columns down: the bilinear "area mode" code)
  out <- resize_area(img1(matrix(c(10, 20, 30, 40, 50), 1)), c(2, 3))
  expect_identical(out[, , 1], matrix(c(14L, 14L, 28L, 28L, 46L, 46L), 2))
})

test_that("float32 accumulation matters: a case where double arithmetic gives 149, OpenCV 150", {
  m <- matrix(c(24, 158, 218, 169, 72, 18,
                23, 208, 64, 227, 234, 131,
                250, 5, 64, 241, 56, 162,
                75, 173, 136, 24, 38, 54,
                121, 156, 69, 190, 61, 92,
                185, 82, 191, 67, 35, 55,
                4, 89, 235, 200, 57, 15), nrow = 7, byrow = TRUE)
  expected <- matrix(c(48, 173, 180, 141, 62,
                       143, 83, 150, 167, 146,
                       113, 136, 97, 55, 70,
                       144, 123, 129, 79, 72,
                       61, 132, 192, 88, 30), nrow = 5, byrow = TRUE)
  out <- resize_area(m, 5)   # a matrix in, a matrix out
  expect_true(is.matrix(out))
  expect_equal(out, expected, ignore_attr = TRUE)
})

test_that("upscaling uses OpenCV's area-mode bilinear weights", {
  m <- matrix(c(0, 200, 100, 255), 2)   # [[0, 100], [200, 255]]
  expect_equal(resize_area(m, 4),
               matrix(c(0, 0, 200, 200, 0, 0, 200, 200, 100, 100, 255, 255, 100, 100, 255, 255), 4),
               ignore_attr = TRUE)
  expect_equal(resize_area(m, 3),
               matrix(c(0, 100, 200, 50, 139, 228, 100, 178, 255), 3), ignore_attr = TRUE)
  one <- resize_area(array(c(7, 8, 9), c(1, 1, 3)), 32)   # 1x1 -> 32x32: constant
  expect_true(all(one[, , 1] == 7L) && all(one[, , 2] == 8L) && all(one[, , 3] == 9L))
})

test_that("same size is a copy; arguments are checked", {
  img <- array(0:26, c(3, 3, 3))
  expect_identical(resize_area(img, 3), img)
  expect_error(resize_area(img, 0), "size must be a positive integer")
  expect_error(resize_area(img, 2.5), "size must be a positive integer")
  expect_error(resize_area(img + 0.5, 2), "integer values in 0..255")
  expect_error(resize_area(img * 20, 2), "integer values in 0..255")
  expect_error(resize_area(1:10, 2), "numeric array")
})
