# R/utils-rng.R reproduces numpy.random.RandomState(seed) bit for bit. The expected
# values below were printed by numpy 2.4 (repr of float64, 17 significant
# digits), so every comparison is exact: expect_identical, no tolerance.
testthat::local_edition(3)

# Run f() with the caller's RNG state saved and restored whatever happens.
with_saved_rng <- function(f) {
  genv <- globalenv()
  had <- exists(".Random.seed", envir = genv, inherits = FALSE)
  old <- if (had) get(".Random.seed", envir = genv) else NULL
  kind <- RNGkind()
  on.exit({
    suppressWarnings(RNGkind(kind[1L], kind[2L], kind[3L]))
    if (had) assign(".Random.seed", old, envir = genv)
    else if (exists(".Random.seed", envir = genv, inherits = FALSE)) rm(".Random.seed", envir = genv)
  })
  f()
}

test_that("seeding is init_genrand, as numpy's RandomState(int)", {
  # np.random.RandomState(s).get_state()[1] (words 0, 1, 2, 622, 623)
  expect_identical(mt_init_genrand(42)[c(1, 2, 3, 623, 624)],
                   c(42, 3107752595, 1895908407, 836540831, 26719530))
  expect_identical(mt_init_genrand(4294967295)[c(1, 2, 624)],
                   c(4294967295, 1340201581, 3413567280))
  expect_identical(mt_init_genrand(0)[1:3], c(0, 1, 1812433255))
})

test_that("32-bit helpers are exact", {
  expect_identical(u32_mul(1812433253, 4294967295), (2^32 - 1812433253) %% 2^32)
  expect_identical(u32_mul(65537, 65535), 65537 * 65535 %% 2^32)
  # 0x80000000 has the bit pattern of NA_integer_; the extremes
  x <- c(0, 1, 2147483647, 2147483648, 2147483649, 4294967295)
  expect_identical(u32_to_int(x), c(0L, 1L, 2147483647L, NA_integer_, -2147483647L, -1L))
})

test_that("raw words equal numpy's randint(0, 2**32, dtype=uint32)", {
  expect_identical(numpy_uint32(numpy_random_state(0), 5),
                   c(2357136044, 2546248239, 3071714933, 3626093760, 2588848963))
  expect_identical(numpy_uint32(numpy_random_state(4294967295), 3),
                   c(419326371, 479346978, 3918654476))
  # words 622..627 cross the first re-twist of the state
  gen <- numpy_random_state(42)
  invisible(numpy_uint32(gen, 621))
  expect_identical(numpy_uint32(gen, 6),
                   c(3195638841, 336967606, 1077437785, 108880612, 791707097, 4134543476))
})

test_that("random_sample uses two words for 53 bits", {
  expect_identical(numpy_random_sample(numpy_random_state(1), 3),
                   c(0.417022004702574, 0.7203244934421581, 0.00011437481734488664))
  expect_identical(numpy_random_sample(numpy_random_state(123456789), 3),
                   c(0.532833024789759, 0.5341366008904166, 0.509553035526467))
  expect_identical(numpy_random_sample(numpy_random_state(1), 0), numeric(0))
})

test_that("randn equals numpy's legacy polar method, cache included", {
  expect_identical(numpy_randn(numpy_random_state(1), 3),
                   c(1.6243453636632417, -0.6117564136500754, -0.5281717522634557))
  five <- c(1.6243453636632417, -0.6117564136500754, -0.5281717522634557,
            -1.0729686221561705, 0.8654076293246785)
  expect_identical(numpy_randn(numpy_random_state(1), 5), five)
  gen <- numpy_random_state(1)
  expect_identical(c(numpy_randn(gen, 3), numpy_randn(gen, 2)), five)
  gen <- numpy_random_state(1)
  expect_identical(c(numpy_randn(gen, 1), numpy_randn(gen, 0), numpy_randn(gen, 1), numpy_randn(gen, 3)), five)
  expect_identical(numpy_randn(numpy_random_state(0), 4),
                   c(1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458))
  expect_identical(numpy_randn(numpy_random_state(1), 1000)[998:1000],
                   c(-0.06962453945512911, 0.35387042688284037, -0.18695501653274957))
})

test_that("randn(rows, cols) is numpy's row-by-row fill with byrow = TRUE", {
  # np.random.RandomState(3).randn(2, 3)
  z <- matrix(numpy_randn(numpy_random_state(3), 6), nrow = 2, ncol = 3, byrow = TRUE)
  expect_identical(z, matrix(c(1.7886284734303186, 0.43650985051198943, 0.09649746807200862,
                               -1.8634927033644908, -0.27738820251439905, -0.35475897926898675),
                             nrow = 2, byrow = TRUE))
})

test_that("permutation equals numpy's legacy shuffle (0-based)", {
  expect_identical(numpy_permutation(numpy_random_state(1), 10), c(2L, 9L, 6L, 4L, 0L, 3L, 1L, 7L, 8L, 5L))
  expect_identical(numpy_permutation(numpy_random_state(42), 7), c(0L, 1L, 5L, 2L, 4L, 3L, 6L))
  p <- numpy_permutation(numpy_random_state(0), 21199)
  expect_identical(p[1:5], c(12066L, 7657L, 15521L, 19471L, 12712L))
  expect_identical(p[21195:21199], c(13123L, 19648L, 9845L, 10799L, 2732L))
  expect_identical(sort(p), 0:21198)
  expect_identical(numpy_permutation(numpy_random_state(1), 1), 0L)
  expect_identical(numpy_permutation(numpy_random_state(1), 0), integer(0))
})

test_that("one generator serves mixed calls in numpy's order", {
  # rs = RandomState(5); rs.randn(3); rs.permutation(5); rs.randn(2); rs.random_sample(1)
  gen <- numpy_random_state(5)
  expect_identical(numpy_randn(gen, 3), c(0.44122748688504143, -0.33087015189408764, 2.43077118700778))
  expect_identical(numpy_permutation(gen, 5), c(1L, 4L, 2L, 0L, 3L))
  expect_identical(numpy_randn(gen, 2), c(-0.2520921296030769, -0.9092324048562419))
  expect_identical(numpy_random_sample(gen, 1), 0.08074126876487486)
})

test_that("the global RNG state and kind are left untouched", {
  with_saved_rng(function() {
    set.seed(99)
    before <- get(".Random.seed", envir = globalenv())
    numpy_randn(numpy_random_state(1), 100)
    expect_identical(get(".Random.seed", envir = globalenv()), before)
    expect_identical(runif(1), {set.seed(99); runif(1)})

    suppressWarnings(RNGkind("L'Ecuyer-CMRG", "Box-Muller", "Rounding"))
    set.seed(3)
    before <- get(".Random.seed", envir = globalenv())
    kind <- RNGkind()
    numpy_permutation(numpy_random_state(2), 50)
    expect_identical(get(".Random.seed", envir = globalenv()), before)
    expect_identical(RNGkind(), kind)

    suppressWarnings(RNGkind("Wichmann-Hill", "Inversion", "Rejection"))
    rm(".Random.seed", envir = globalenv())
    numpy_uint32(numpy_random_state(2), 10)
    expect_false(exists(".Random.seed", envir = globalenv(), inherits = FALSE))
    expect_identical(RNGkind()[1], "Wichmann-Hill")
  })
})

test_that("bad seeds and counts are rejected with numpy's range in the message", {
  expect_error(numpy_random_state(-1), "seed must be an integer in [0, 4294967295]; got -1", fixed = TRUE)
  expect_error(numpy_random_state(4294967296), "seed must be an integer in [0, 4294967295]; got 4294967296",
               fixed = TRUE)
  expect_error(numpy_random_state(1.5), "seed must be an integer in [0, 4294967295]; got 1.5", fixed = TRUE)
  expect_error(numpy_randn(list(), 2), "gen must be a numpy_random_state", fixed = TRUE)
  expect_error(numpy_randn(numpy_random_state(1), -1), "n must be a non-negative integer", fixed = TRUE)
})
