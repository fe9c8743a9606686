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

# -- the fast path (resize_area_fast) against the reference (resize_area_core) ---------------

test_that("area_tab_fast builds area_tab's rows, in its order, for many sizes", {
  for (s in c(1:24, 31, 33, 64, 97, 180, 375, 500, 599, 1001)) {
    for (d in unique(c(1:min(s, 12), s %/% 3, s %/% 2, s - 1L, s))) {
      if (d < 1) next
      a <- area_tab(s, d, s / d)
      b <- area_tab_fast(s, d, s / d)
      expect_identical(b$di, a$di, label = sprintf("di %d -> %d", s, d))
      expect_identical(b$si, a$si + 1L, label = sprintf("si %d -> %d", s, d))
      expect_identical(b$alpha, a$alpha, label = sprintf("alpha %d -> %d", s, d))
      expect_identical(b$step, a$step, label = sprintf("step %d -> %d", s, d))
    }
  }
})

test_that("resize_area_fast gives the reference's integers: shapes, channels, factors, pixel scale", {
  set.seed(16)
  cases <- list(c(375, 500, 32, 32), c(180, 180, 32, 32), c(64, 64, 32, 32), c(96, 64, 32, 32),
                c(93, 61, 31, 20), c(599, 8, 200, 8), c(8, 599, 8, 200), c(1001, 6, 1000, 3),
                c(1, 9, 1, 4), c(9, 1, 2, 1), c(1, 1, 1, 1), c(5, 7, 5, 7), c(20, 70, 32, 32),
                c(70, 20, 9, 40), c(3, 5, 2, 3), c(33, 47, 47, 33), c(120, 90, 7, 5))
  for (cs in cases) {
    for (C in c(1L, 3L, 4L)) {
      img <- array(sample(0:255, prod(cs[1:2]) * C, TRUE), c(cs[1:2], C))
      ref <- resize_area_core(img, cs[3], cs[4])
      label <- sprintf("%dx%dx%d -> %dx%d", cs[1], cs[2], C, cs[3], cs[4])
      expect_identical(resize_area_fast(img, cs[3], cs[4]), ref, label = label)
      expect_identical(resize_area_fast(img / 255, cs[3], cs[4], unit = 255), ref, label = paste(label, "/ 255"))
      flat <- img / 255
      dim(flat) <- c(cs[1], cs[2] * C)
      expect_identical(resize_area_fast(flat, cs[3], cs[4], unit = 255, channels = C), ref,
                       label = paste(label, "as (H, W * C)"))
    }
  }
})

test_that("values near a rounding boundary are redone in float32: exact_area_values is the reference", {
  set.seed(5)
  img <- array(sample(0:255, 92 * 58 * 3, TRUE), c(92, 58, 3))
  ref <- resize_area_core(img, 54, 54)
  ax <- area_axis(58, 54, FALSE)
  ay <- area_axis(92, 54, FALSE)
  at <- arrayInd(seq_along(ref), dim(ref))
  flat <- img
  dim(flat) <- c(92, 58 * 3)
  expect_identical(exact_area_values(flat, 58, 1, ax, ay, at[, 1], at[, 2], at[, 3]), as.double(ref))
  # the case of the test above where double arithmetic rounds the other way: redone, not rounded
  m <- matrix(c(24, 158, 218, 169, 72, 18, 23, 208, 64, 227, 234, 131, 250, 5, 64, 241, 56, 162,
                75, 173, 136, 24, 38, 54, 121, 156, 69, 190, 61, 92, 185, 82, 191, 67, 35, 55,
                4, 89, 235, 200, 57, 15), nrow = 7, byrow = TRUE)
  ref <- resize_area_core(array(m, c(7, 6, 1)), 5, 5)
  expect_identical(resize_area_fast(array(m, c(7, 6, 1)), 5, 5), ref)
  expect_identical(ref[2, 3, 1], 150L)
})

test_that("the weights of an axis are cached per size and the cache stays bounded", {
  rm(list = ls(AREA_AXES), envir = AREA_AXES)
  a <- area_axis(500, 32, FALSE)
  expect_identical(area_axis(500, 32, FALSE), a)
  expect_identical(dim(a$weights), c(32L, 500L))
  expect_equal(rowSums(a$weights), rep(1, 32), tolerance = 1e-6)
  for (s in 33:600) area_axis(s, 32, FALSE)
  expect_lte(length(ls(AREA_AXES)), 512L)
})

test_that("a matrix in gives a matrix out also with one row or one column (it used to drop to a vector)", {
  out <- resize_area(matrix(c(10, 20, 30, 40, 50, 60, 70, 80, 90), 1), c(1, 4))
  expect_identical(dim(out), c(1L, 4L))
  expect_identical(dim(resize_area(matrix(1:9 * 20, 9), c(2, 1))), c(2L, 1L))
  expect_identical(dim(resize_area(matrix(7, 1, 1), 1)), c(1L, 1L))
})
