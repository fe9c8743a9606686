# The package as a whole (R/nnscratch-package.R): every exported object has a help
# page with runnable examples (R CMD check runs them), so a new export cannot ship
# without one. The help pages are read from man/ of the checkout (what roxygen2
# generated) or, under R CMD check, from the installed package.

rd_pages <- function() {
  man <- testthat::test_path("..", "..", "man")
  if (dir.exists(man)) {
    files <- list.files(man, pattern = "[.]Rd$", full.names = TRUE)
    return(stats::setNames(lapply(files, tools::parse_Rd), basename(files)))
  }
  tools::Rd_db("nnscratch")
}

package_exports <- function() {
  ns <- testthat::test_path("..", "..", "NAMESPACE")
  if (file.exists(ns)) {
    lines <- readLines(ns)
    return(sub("^export[(](.*)[)]$", "\\1", grep("^export[(]", lines, value = TRUE)))
  }
  getNamespaceExports("nnscratch")
}

rd_tags <- function(rd) vapply(rd, function(x) attr(x, "Rd_tag"), "")

rd_aliases <- function(rd) {
  vapply(rd[rd_tags(rd) == "\\alias"], function(x) paste(unlist(x), collapse = ""), "")
}

# The text of the \examples section that R CMD check runs (\dontrun{} parts left out); "" if none
rd_examples <- function(rd) {
  keep <- function(x) {
    if (identical(attr(x, "Rd_tag"), "\\dontrun")) return(character())
    if (is.list(x)) unlist(lapply(x, keep)) else as.character(x)
  }
  paste(keep(rd[rd_tags(rd) == "\\examples"]), collapse = "")
}

# Runnable code: something besides comments and blank lines
has_code <- function(text) grepl("[[:alnum:]]", gsub("#[^\n]*", "", text))

# Exports whose examples are still to come, each with the reason. The test fails when one of
# them gets examples (remove it from here then), so the list cannot rot.
PENDING_EXAMPLES <- stats::setNames(character(0), character(0)) # none left

examples_by_alias <- function() {
  out <- character()
  for (rd in rd_pages()) {
    ex <- rd_examples(rd)
    for (a in rd_aliases(rd)) out[[a]] <- ex
  }
  out
}

test_that("every exported object has a help page with runnable examples", {
  ex <- examples_by_alias()
  exports <- package_exports()
  expect_gt(length(exports), 50L)
  no_page <- setdiff(exports, names(ex))
  expect_identical(no_page, character(0), info = "exports without a help page")
  without <- exports[!vapply(exports, function(e) e %in% names(ex) && has_code(ex[[e]]), TRUE)]
  expect_identical(sort(setdiff(without, names(PENDING_EXAMPLES))), character(0),
                   info = "exports whose help page has no runnable \\examples: add @examples")
  done <- intersect(names(PENDING_EXAMPLES), setdiff(exports, without))
  expect_identical(done, character(0), info = "PENDING_EXAMPLES entries that now have examples: remove them")
  expect_true(all(nzchar(PENDING_EXAMPLES)))
})

test_that("the package help page (?nnscratch) has runnable examples and renders its links", {
  pages <- rd_pages()
  pkg <- Filter(function(rd) "nnscratch" %in% rd_aliases(rd), pages)
  expect_length(pkg, 1L)
  rd <- pkg[[1L]]
  expect_match(rd_examples(rd), "nn_fit(", fixed = TRUE)
  # roxygen markdown (DESCRIPTION: Roxygen: list(markdown = TRUE)) turns [relu()] into a link;
  # without it the brackets stay as text
  links <- unlist(lapply(rd[rd_tags(rd) %in% c("\\description", "\\details")], function(d) {
    found <- character()
    walk <- function(x) {
      if (identical(attr(x, "Rd_tag"), "\\link")) found <<- c(found, paste(unlist(x), collapse = ""))
      if (is.list(x)) for (y in x) walk(y)
    }
    walk(d)
    found
  }))
  expect_true(all(c("relu()", "nn_fit()", "predict_image()") %in% links), info = paste(links, collapse = ", "))
  text <- paste(unlist(rd[rd_tags(rd) %in% c("\\description", "\\details")]), collapse = "")
  expect_false(grepl("[relu()]", text, fixed = TRUE))
})

test_that("the examples checker sees a page without examples, comments only or dontrun only", {
  parse_text <- function(txt) tools::parse_Rd(textConnection(txt))
  base <- "\\name{f}\\alias{f}\\title{t}\\description{d}"
  expect_identical(rd_examples(parse_text(base)), "")
  expect_false(has_code(rd_examples(parse_text(paste0(base, "\\examples{\n# f(1)\n\n}")))))
  expect_false(has_code(rd_examples(parse_text(paste0(base, "\\examples{\n\\dontrun{\nf(1)\n}\n}")))))
  with_code <- rd_examples(parse_text(paste0(base, "\\examples{\n\\dontrun{\ng(2)\n}\nf(1) # one\n}")))
  expect_true(has_code(with_code))
  expect_match(with_code, "f(1)", fixed = TRUE)
  expect_false(grepl("g(2)", with_code, fixed = TRUE))
  expect_identical(rd_aliases(parse_text(paste0(base, "\\alias{g}"))), c("f", "g"))
})
