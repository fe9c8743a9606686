# Check your R numerical_gradient / relative_difference (the same checks as check_gradient.py).
#
#   Rscript exercises/gradient_check/check_gradient.R [FILE]   (default: gradient_check.R here)
#
# nnscratch's R steps are sourced from $NNSCRATCH_R_DIR, else from the checkout's R/.
# Prints expected vs yours and PASS or FAIL; exit status 0 only if all pass.

here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
r_dir <- Sys.getenv("NNSCRATCH_R_DIR", file.path(here, "..", "..", "R"))
nn <- new.env()
for (f in sort(list.files(r_dir, pattern = "[.][Rr]$", full.names = TRUE), method = "radix")) {
  sys.source(f, envir = nn)
}
args <- commandArgs(trailingOnly = TRUE)
student <- new.env(parent = nn)
sys.source(if (length(args) >= 1) args[1] else file.path(here, "gradient_check.R"), envir = student)

THETA <- matrix(c(1, -2, 0.5, 3), 2, 2, byrow = TRUE)
EXPECTED_GRAD <- matrix(c(3, 12, 0.75, 27), 2, 2, byrow = TRUE)
EXPECTED_DIFF <- 0.021920168883612638 # 0.1 / (sqrt(5) + sqrt(5.41))

ok <- tryCatch({
  g <- student$numerical_gradient(function(t) sum(t^3), THETA)
  cat("1. numerical_gradient of sum(theta^3):\n")
  cat("  expected:", t(EXPECTED_GRAD), "\n  yours:   ", t(g), "\n")
  ok1 <- identical(dim(g), dim(THETA)) && all(abs(g - EXPECTED_GRAD) <= 1e-6 * abs(EXPECTED_GRAD))
  cat(if (ok1) "  ok\n" else "  FAIL\n")
  d <- student$relative_difference(matrix(c(1, 2), 2, 1), matrix(c(1, 2.1), 2, 1))
  cat("2. relative_difference:\n")
  cat(sprintf("  expected: %.12g\n  yours:    %.12g\n", EXPECTED_DIFF, d))
  ok2 <- abs(d - EXPECTED_DIFF) <= 1e-12 * EXPECTED_DIFF
  cat(if (ok2) "  ok\n" else "  FAIL\n")
  X <- matrix(nn$numpy_randn(nn$numpy_random_state(2), 20), 4, 5, byrow = TRUE)
  Y <- matrix(c(1, 0, 1, 0, 1), 1)
  params <- nn$init_param(c(4, 3, 1), seed = 1, init = "he")
  fwd <- nn$deep_model(X, params)
  dW1 <- nn$deep_model_back(fwd$AL, Y, fwd$caches)$dW1
  cost_of_W1 <- function(W1) { p <- params; p$W1 <- W1; nn$cost_computation(nn$deep_model(X, p)$AL, Y) }
  approx <- student$numerical_gradient(cost_of_W1, params$W1)
  d_right <- student$relative_difference(dW1, approx)
  d_wrong <- student$relative_difference(-dW1, approx)
  cat("3. backprop's dW1 vs your numerical gradient ([4, 3, 1] network):\n")
  cat(sprintf("  expected: < 1e-07 (right gradient), > 0.9 (wrong sign)\n  yours:    %.2e, %.2e\n", d_right, d_wrong))
  ok3 <- d_right < 1e-7 && d_wrong > 0.9
  cat(if (ok3) "  ok\n" else "  FAIL\n")
  ok1 && ok2 && ok3
}, error = function(e) {
  cat("error: ", conditionMessage(e), "\n", sep = "")
  FALSE
})
cat(if (ok) "PASS\n" else "FAIL\n")
quit(status = if (ok) 0L else 1L)
