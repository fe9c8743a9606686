# Check your R tanh_forward / tanh_backprop against expected values.
#
#   Rscript exercises/tanh/check_tanh.R [FILE]     (default: tanh.R next to this script)
#
# Prints expected vs yours for each check and PASS or FAIL; exit status 0 only if all pass.
# The same fixed inputs and expected values as check_tanh.py (numpy's RandomState(1).randn(2, 4)
# under a row of edge cases; expected values from math.tanh, written with %.17g).

Z <- matrix(c(0.0, 1e-8, -1000.0, 20.0,
              1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705,
              0.8654076293246785, -2.3015386968802827, 1.74481176421648, -0.7612069008951028),
            nrow = 3, byrow = TRUE)
dA <- matrix(c(1.0, 2.0, -1.0, 0.5,
               0.3190390960570988, -0.2493703754774101, 1.462107937044974, -2.060140709497654,
               -0.3224172040135075, -0.38405435466841564, 1.1337694423354374, -1.0998912673140309),
             nrow = 3, byrow = TRUE)
EXPECTED_A <- matrix(c(0, 1e-08, -1, 1,
                       0.92525207455487457, -0.54536230179340794, -0.48398232883598624, -0.79057703395278178,
                       0.69903334213658563, -0.98015694657011021, 0.94078216173630436, -0.64178730040269283),
                     nrow = 3, byrow = TRUE)
EXPECTED_DZ <- matrix(c(1, 1.9999999999999998, 0, 0,
                        0.045912469190461581, -0.17520262837388961, 1.1196253900483824, -0.77252794834257688,
                        -0.16486880674719473, -0.015090401997901482, 0.13030290225169602, -0.64685602046815616),
                      nrow = 3, byrow = TRUE)

# Print expected vs yours (row by row, as numpy prints); TRUE when dim and type agree and
# every entry is within rtol / atol.
check <- function(name, yours, expected, rtol, atol) {
  show <- function(x) paste(sprintf("%.10g", as.vector(t(x))), collapse = " ")
  cat(name, ":\n", sep = "")
  cat("  expected: ", show(expected), " dim ", paste(dim(expected), collapse = " x "), "\n", sep = "")
  if (!is.numeric(yours)) {
    cat("  yours:    not numbers (", class(yours)[1], ")\n  FAIL\n", sep = "")
    return(FALSE)
  }
  cat("  yours:    ", show(if (is.matrix(yours)) yours else t(yours)), " dim ",
      if (is.null(dim(yours))) "none (a plain vector)" else paste(dim(yours), collapse = " x "), "\n", sep = "")
  if (!identical(dim(yours), dim(expected))) {
    cat("  FAIL: dim differs (keep the matrix a matrix)\n")
    return(FALSE)
  }
  if (typeof(yours) != "double") {
    cat("  FAIL: storage type ", typeof(yours), ", expected double\n", sep = "")
    return(FALSE)
  }
  bad <- !(abs(yours - expected) <= atol + rtol * abs(expected))
  if (any(bad)) {
    i <- which(bad, arr.ind = TRUE)[1, ]
    cat(sprintf("  FAIL: at [%d, %d] expected %.17g, yours %.17g\n", i[1], i[2],
                expected[i[1], i[2]], yours[i[1], i[2]]))
    return(FALSE)
  }
  cat("  ok\n")
  TRUE
}

args <- commandArgs(trailingOnly = TRUE)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
student <- if (length(args) >= 1) args[1] else file.path(here, "tanh.R")
env <- new.env()
sys.source(student, envir = env)
ok <- tryCatch({
  out <- env$tanh_forward(Z)
  ok1 <- check("tanh_forward(Z)$A", out$A, EXPECTED_A, rtol = 1e-14, atol = 0)
  ok2 <- check("tanh_forward(Z)$cache", out$cache, Z, rtol = 0, atol = 0)
  # 1 - t^2 cancels where |t| is near 1: compared within 1e-15 of |dA| as well
  ok3 <- check("tanh_backprop(dA, cache)", env$tanh_backprop(dA, Z), EXPECTED_DZ, rtol = 1e-13, atol = 2.1e-15)
  ok1 && ok2 && ok3
}, error = function(e) {
  cat("error: ", conditionMessage(e), "\n", sep = "")
  FALSE
})
cat(if (ok) "PASS\n" else "FAIL\n")
quit(status = if (ok) 0L else 1L)
