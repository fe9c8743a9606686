# Learning-rate schedules: the learning rate of each epoch (twin of
# python/nnscratch/schedules.py). Every formula is a few IEEE operations on
# doubles in Python's order, and R's exp() and Python's math.exp() call the
# same C library function, so both languages give the same bits.

#' The learning-rate schedule names
#'
#' In the order the messages list them (Python: \code{SCHEDULES}).
#' @export
#' @examples
#' LR_SCHEDULES # "constant" "step" "inverse" "exponential"
#' sapply(LR_SCHEDULES, function(s) learning_rate_schedule(0.1, 4, s, decay_rate = 0.5, time_interval = 2))
LR_SCHEDULES <- c("constant", "step", "inverse", "exponential")

# learning_rate0 (positive) or decay_rate (>= 0): a finite number, as a double.
check_schedule_number <- function(name, value, positive) {
  ok <- is.numeric(value) && length(value) == 1L && is.finite(value) && (if (positive) value > 0 else value >= 0)
  if (!ok) {
    shown <- if (is.numeric(value) && length(value) == 1L) fmt_g6(value) else deparse(value)
    nn_abort(sprintf("%s must be %s; got %s", name,
                     if (positive) "a positive number" else "a non-negative number", shown))
  }
  as.double(value)
}

#' The learning rate of an epoch under a schedule
#'
#' Large steps make quick progress early; near a minimum they jump around it.
#' A schedule lowers the learning rate as the epochs t = 0, 1, ... go by:
#' \preformatted{constant     lr = lr0
#' inverse      lr = lr0 / (1 + decay_rate * t)                          (1/t decay)
#' step         lr = lr0 / (1 + decay_rate * floor(t / time_interval))   (the course's schedule_lr_decay)
#' exponential  lr = lr0 * exp(-decay_rate * t)}
#'
#' @param learning_rate0 The initial learning rate lr0 (epoch 0), a positive
#'   number.
#' @param epoch_num The epoch t, an integer >= 0 (0 for the first epoch).
#' @param schedule One of \code{\link{LR_SCHEDULES}}: "constant", "step",
#'   "inverse", "exponential". Default "constant".
#' @param decay_rate How fast the rate falls, a finite number >= 0 (0 keeps
#'   lr0; ignored by "constant"). Default 0.
#' @param time_interval For "step", the number of epochs between two
#'   decreases, a positive integer. Default 10.
#' @return The learning rate, a double of length 1.
#' @export
#' @examples
#' learning_rate_schedule(0.01, 3, "inverse", decay_rate = 0.5)                        # 0.004
#' learning_rate_schedule(0.01, 25, "step", decay_rate = 0.5, time_interval = 10)     # 0.005
#' sprintf("%.17g", learning_rate_schedule(0.01, 3, "exponential", decay_rate = 0.5)) # 0.0022313016014842983
learning_rate_schedule <- function(learning_rate0, epoch_num, schedule = "constant", decay_rate = 0.0,
                                   time_interval = 10) {
  learning_rate0 <- check_schedule_number("learning_rate0", learning_rate0, positive = TRUE)
  epoch_num <- as.double(check_positive_int("epoch_num", epoch_num, allow_zero = TRUE))
  if (!is.character(schedule) || length(schedule) != 1L || !(schedule %in% LR_SCHEDULES)) {
    nn_abort(sprintf("schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got %s",
                     quote_text(paste(schedule, collapse = ","))))
  }
  decay_rate <- check_schedule_number("decay_rate", decay_rate, positive = FALSE)
  time_interval <- as.double(check_positive_int("time_interval", time_interval))

  switch(schedule,
    constant = learning_rate0,
    inverse = learning_rate0 / (1 + decay_rate * epoch_num),
    step = learning_rate0 / (1 + decay_rate * (epoch_num %/% time_interval)), # %/% is floor(t / interval)
    exponential = learning_rate0 * exp(-decay_rate * epoch_num)
  )
}
