# fmt_vec, fmt_shape, fmt_g6 (R/utils-format.R)

test_that("fmt_vec prints a bracketed list without scientific notation", {
  expect_identical(fmt_vec(c(3072, 16, 8, 1)), "[3072, 16, 8, 1]")
  expect_identical(fmt_vec(c(3, 2.5, 1)), "[3, 2.5, 1]")
  expect_identical(fmt_vec(1e6), "[1000000]")
  expect_identical(fmt_vec(integer(0)), "[]")
})

test_that("fmt_shape prints dims as a Python tuple", {
  expect_identical(fmt_shape(matrix(0, 3, 4)), "(3, 4)")
  expect_identical(fmt_shape(1:4), "(4,)")
  expect_identical(fmt_shape(array(0, c(2, 1, 5))), "(2, 1, 5)")
})

test_that("fmt_g6 is %.6g with nan and inf as C prints them", {
  expect_identical(fmt_g6(0.693147180559945), "0.693147")
  expect_identical(fmt_g6(34.538776394910684), "34.5388")
  expect_identical(fmt_g6(1234567), "1.23457e+06")
  expect_identical(fmt_g6(NaN), "nan")
  expect_identical(fmt_g6(Inf), "inf")
  expect_identical(fmt_g6(-Inf), "-inf")
})

test_that("quote_text quotes strings for messages the same way in both languages", {
  expect_identical(quote_text("abc"), "'abc'")
  expect_identical(quote_text("it's"), "\"it's\"")
  expect_identical(quote_text("a'b\"c"), "'a\\'b\"c'")
  expect_identical(quote_text("back\\slash"), "'back\\\\slash'")
  expect_identical(quote_text("tab\tnl\ncr\r\001\177"), "'tab\\tnl\\ncr\\r\\x01\\x7f'")
  expect_identical(quote_text("\u00e9"), "'\u00e9'")
})

test_that("fmt_whole prints whole numbers as digits, also beyond the int range", {
  expect_identical(fmt_whole(c(4294967295, -3, 0)), c("4294967295", "-3", "0"))
  expect_identical(fmt_whole(1.5), "1.5")
})

test_that("fmt_whole writes NaN and infinities as C and Python do", {
  expect_identical(fmt_whole(c(NaN, Inf, -Inf, 2, 0.1)), c("nan", "inf", "-inf", "2", "0.10000000000000001"))
})
