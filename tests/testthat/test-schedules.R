# learning_rate_schedule: each schedule's exact values and its argument checks
# (the same values as python/tests/test_schedules.py).

test_that("the schedule names", {
  expect_identical(LR_SCHEDULES, c("constant", "step", "inverse", "exponential"))
})

test_that("constant ignores the epoch and the decay", {
  for (t in c(0, 1, 7, 1000)) {
    expect_identical(learning_rate_schedule(0.01, t), 0.01)
    expect_identical(learning_rate_schedule(0.01, t, "constant", decay_rate = 3, time_interval = 2), 0.01)
  }
})

test_that("inverse is lr0 / (1 + decay_rate * t)", {
  expect_identical(learning_rate_schedule(0.01, 0, "inverse", decay_rate = 0.5), 0.01)
  expect_identical(learning_rate_schedule(0.01, 3, "inverse", decay_rate = 0.5), 0.004)
  expect_identical(learning_rate_schedule(1, 1, "inverse", decay_rate = 1), 0.5)
  expect_identical(learning_rate_schedule(1, 9, "inverse", decay_rate = 1), 0.1)
})

test_that("step lowers the rate every time_interval epochs", {
  rates <- vapply(0:30, function(t) learning_rate_schedule(0.01, t, "step", decay_rate = 0.5, time_interval = 10), 1)
  expect_identical(rates[1:10], rep(0.01, 10))
  expect_identical(rates[11:20], rep(0.01 / 1.5, 10))
  expect_identical(rates[21:30], rep(0.005, 10))
  expect_identical(rates[31], 0.01 / 2.5)
  expect_identical(learning_rate_schedule(1, 5, "step", decay_rate = 1, time_interval = 1), 1 / 6)
})

test_that("step's default interval is 10", {
  expect_identical(learning_rate_schedule(1, 9, "step", decay_rate = 1), 1)
  expect_identical(learning_rate_schedule(1, 10, "step", decay_rate = 1), 0.5)
})

test_that("exponential is lr0 * exp(-decay_rate * t)", {
  expect_identical(learning_rate_schedule(0.01, 0, "exponential", decay_rate = 0.5), 0.01)
  expect_identical(sprintf("%.17g", learning_rate_schedule(0.01, 3, "exponential", decay_rate = 0.5)),
                   "0.0022313016014842983")
  expect_identical(learning_rate_schedule(2, 10, "exponential", decay_rate = 0.1), 2 * exp(-1))
})

test_that("a zero decay keeps lr0, and the result is one double", {
  for (schedule in LR_SCHEDULES) {
    for (t in c(0, 5, 123)) expect_identical(learning_rate_schedule(0.0075, t, schedule), 0.0075)
    expect_identical(typeof(learning_rate_schedule(1L, 3L, schedule, decay_rate = 1L)), "double")
    expect_length(learning_rate_schedule(1L, 3L, schedule, decay_rate = 1L), 1L)
  }
})

test_that("errors name the argument (Python's sentences)", {
  msg <- function(...) tryCatch({ learning_rate_schedule(...); NA_character_ }, error = conditionMessage)
  expect_identical(msg(0.01, 1, schedule = "cosine"),
                   "schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got 'cosine'")
  expect_identical(msg(0.01, 1, schedule = "Step"),
                   "schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got 'Step'")
  expect_identical(msg(0, 1), "learning_rate0 must be a positive number; got 0")
  expect_identical(msg(-0.5, 1), "learning_rate0 must be a positive number; got -0.5")
  expect_identical(msg(Inf, 1), "learning_rate0 must be a positive number; got inf")
  expect_identical(msg(0.01, -1), "epoch_num must be a non-negative integer; got -1")
  expect_identical(msg(0.01, 1.5), "epoch_num must be a non-negative integer; got 1.5")
  expect_identical(msg(0.01, 1, decay_rate = -0.5), "decay_rate must be a non-negative number; got -0.5")
  expect_identical(msg(0.01, 1, decay_rate = NaN), "decay_rate must be a non-negative number; got nan")
  expect_identical(msg(0.01, 1, time_interval = 0), "time_interval must be a positive integer; got 0")
  expect_identical(msg(0.01, 1, time_interval = 2.5), "time_interval must be a positive integer; got 2.5")
})
