library(testthat)
library(nnscratch)

test_check("nnscratch")
