# R/engine-threads.R: the engine's thread count and engine_fit / engine_fit_epochs's
# threads (twin of python/tests/test_engine_threads.py). decide_threads is pure
# (exact integers); results do not depend on the BLAS threads beyond summation
# order (rtol 1e-12, the fused tolerance of test-engine-fit.R); the count is
# applied during the call (OpenBLAS) and restored after, also after an error.

threads_data <- function(m = 600, n0 = 300) {
  set.seed(5)
  X <- matrix(runif(n0 * m), n0)
  Y <- matrix(as.numeric(X[1, ] - X[2, ] > 0), 1)
  list(X = X, Y = Y)
}

test_that("decide_threads follows the rule", {
  cases <- list(
    list(1e9, 2, 0.0, 2L), list(1e9, 2, 0.2, 2L), list(1e9, 2, 0.3, 1L), list(1e9, 2, 1.0, 1L),
    list(1e9, 2, 2.0, 1L), list(1e9, 2, 5.0, 1L), list(1e9, 8, 3.0, 5L), list(1e9, 1, 0.0, 1L),
    list(999999, 8, 0, 1L), list(2500000, 8, 0, 2L))
  for (cs in cases) {
    expect_identical(decide_threads(cs[[1]], cs[[2]], cs[[3]]), cs[[4]],
                     label = sprintf("decide_threads(%g, %g, %g)", cs[[1]], cs[[2]], cs[[3]]))
  }
  expect_identical(decide_threads(10, 2, 2, threads = 4), 4L)
})

test_that("threads is NULL or a positive integer, with a clear message", {
  for (bad in list(0, -1, 2.5, TRUE, "2", c(1, 2))) {
    expect_error(check_threads(bad), "^threads must be NULL \\(automatic\\) or a positive integer; got ",
                 class = "nnscratch_value_error")
  }
  expect_null(check_threads(NULL))
  expect_identical(check_threads(3), 3L)
  d <- threads_data(20, 4)
  expect_error(engine_fit(d$X, d$Y, c(4, 3, 1), threads = 0),
               "^threads must be NULL \\(automatic\\) or a positive integer; got 0$", class = "nnscratch_value_error")
  expect_error(engine_fit_epochs(d$X, d$Y, c(4, 3, 1), threads = 0),
               "^threads must be NULL \\(automatic\\) or a positive integer; got 0$", class = "nnscratch_value_error")
})

test_that("step_work, cgroup quota and the environment cap", {
  expect_equal(step_work(c(3072, 7, 5, 1), 21199), 21199 * (3072 * 7 + 7 * 5 + 5))
  f <- tempfile()
  writeLines("150000 100000", f)
  expect_equal(cgroup_cpus(f), 2)
  writeLines("max 100000", f)
  expect_null(cgroup_cpus(f))
  expect_null(cgroup_cpus(tempfile()))
  withr_env <- Sys.getenv("NNSCRATCH_NUM_THREADS", unset = NA)
  Sys.setenv(NNSCRATCH_NUM_THREADS = "1")
  on.exit(if (is.na(withr_env)) Sys.unsetenv("NNSCRATCH_NUM_THREADS") else
    Sys.setenv(NNSCRATCH_NUM_THREADS = withr_env), add = TRUE)
  expect_identical(cores_allowed(), 1L)
})

test_that("resolve_threads probes only when more than one thread could be chosen", {
  expect_identical(resolve_threads(3, 10), 3L)
  expect_identical(resolve_threads(NULL, 10), 1L) # too little work: one thread, no probe
  busy <- busy_cores(0.05)
  expect_true(is.numeric(busy) && busy >= 0)
})

test_that("engine_fit gives the same result whatever the BLAS threads, and sets and restores them", {
  skip_if_not(blas_threads_supported(), "R's BLAS is not OpenBLAS: threads are left alone")
  d <- threads_data(3000, 300)
  before <- blas_threads()
  seen <- list()
  runs <- lapply(1:2, function(n) {
    engine_fit(d$X, d$Y, c(300, 16, 8, 1), num_iterations = 4, cost_every = 1, threads = n,
               callback = function(i, cost) seen[[length(seen) + 1L]] <<- blas_threads())
  })
  expect_identical(seen[[1]], 1L)
  expect_identical(seen[[5]], 2L)
  expect_identical(blas_threads(), before)
  expect_true(all(abs(runs[[2]]$costs - runs[[1]]$costs) <= 1e-12 * abs(runs[[1]]$costs)))
  for (k in names(runs[[1]]$parameters)) {
    expect_true(all(abs(runs[[2]]$parameters[[k]] - runs[[1]]$parameters[[k]]) <=
                      1e-12 * abs(runs[[1]]$parameters[[k]])), label = k)
  }
  # restored after an error too
  expect_error(engine_fit(d$X, d$Y, c(300, 3, 1), num_iterations = 2, threads = 1,
                          callback = function(i, cost) stop("boom")), "boom")
  expect_identical(blas_threads(), before)
})

test_that("engine_fit_epochs runs with the threads asked for", {
  skip_if_not(blas_threads_supported(), "R's BLAS is not OpenBLAS: threads are left alone")
  d <- threads_data(300, 50)
  seen <- integer(0)
  runs <- lapply(1:2, function(n) {
    engine_fit_epochs(d$X, d$Y, c(50, 6, 1), epochs = 2, batch_size = 100, threads = n,
                      callback = function(e, b, cost) seen[length(seen) + 1L] <<- blas_threads())
  })
  expect_identical(seen[1], 1L)
  expect_identical(seen[length(seen)], 2L)
  expect_equal(runs[[2]]$history$cost, runs[[1]]$history$cost, tolerance = 1e-12)
})

test_that("probing the machine leaves no connection open (R has only 128)", {
  before <- nrow(showConnections(all = TRUE))
  for (i in 1:150) {
    cores_allowed()
    cgroup_cpus(tempfile()) # a missing file
    busy_cores(0)
  }
  expect_identical(nrow(showConnections(all = TRUE)), before)
})
