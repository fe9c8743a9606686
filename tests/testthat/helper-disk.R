# Disk-full and read-only folders for the tests of writers (issue 12): a small
# tmpfs mounted by root. Elsewhere the tests that need one skip with the reason
# (CI runs the suite as root).

# Mounts a 200 KB tmpfs (read-only with ro = TRUE) on a new folder; unmounted
# when the calling test ends. Skips when not root or when no tmpfs can be mounted.
local_tmpfs <- function(ro = FALSE, env = parent.frame()) {
  testthat::skip_if(.Platform$OS.type != "unix", "tmpfs is POSIX")
  testthat::skip_if(Sys.info()[["effective_user"]] != "root",
                    "the disk-full and read-only cases mount a small tmpfs, which needs root (CI runs them as root)")
  d <- tempfile("tmpfs-")
  dir.create(d)
  opts <- if (ro) "ro,size=200k" else "size=200k"
  msg <- suppressWarnings(system2("mount", c("-t", "tmpfs", "-o", opts, "tmpfs", shQuote(d)), stdout = TRUE, stderr = TRUE))
  status <- attr(msg, "status")
  if (!is.null(status) && status != 0) testthat::skip(paste("no tmpfs can be mounted here:", paste(msg, collapse = " ")))
  withr::defer(system2("umount", c("-l", shQuote(d))), envir = env)
  d
}

# Fills folder d (on a tmpfs) with a file "filler" so that about free bytes are left.
fill_disk <- function(d, free) {
  avail <- as.numeric(system2("df", c("-B1", "--output=avail", shQuote(d)), stdout = TRUE)[2L])
  writeBin(raw(max(avail - free, 0)), file.path(d, "filler"))
  invisible(d)
}
