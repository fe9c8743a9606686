# Image format checks from the first bytes and the headers, without decoding
# (twin of python/nnscratch/data/formats.py): JPEG (FF D8 FF) and PNG
# (89 50 4E 47 0D 0A 1A 0A) only; grayscale originals, CMYK JPEG, truncated
# files and images of more than MAX_PIXELS pixels are skipped with one of the
# reasons below. The rules: docs/formats.md ("Image files").

DATASET_REASONS <- list(
  empty = "empty file (0 bytes)",
  not_image = "not a JPEG or PNG file",
  jpeg_header = "corrupt JPEG (no frame header or scan)",
  jpeg_truncated = "truncated JPEG (no end-of-image marker)",
  jpeg_gray = "grayscale image (JPEG, 1 component)",
  jpeg_cmyk = "unsupported JPEG colour space (4 components, CMYK)",
  jpeg_decode = "unreadable JPEG (decoder error)",
  png_header = "corrupt PNG (no IHDR chunk)",
  png_truncated = "truncated PNG (no IEND chunk)",
  png_gray = "grayscale image (PNG, gray)",
  png_gray_alpha = "grayscale image (PNG, gray+alpha)",
  png_decode = "unreadable PNG (decoder error)",
  # decided without reading the bytes: the name, or what the directory entry is
  bad_name = "file name is not valid UTF-8",
  broken_link = "broken symbolic link (missing target or a loop)",
  not_regular = "not a regular file (%s)",  # sprintf with one of FILE_KINDS
  cannot_read = "cannot read file (%s)"     # sprintf with the system's message, e.g. "Permission denied"
)

#' What a directory entry that is not a regular file is (Python: FILE_KINDS)
#' @noRd
FILE_KINDS <- c(fifo = "named pipe", socket = "socket", char = "character device", block = "block device",
                other = "unknown type")

#' Reasons that do not come from the file's bytes: the image cache re-checks such
#' files on every load instead of trusting them
#' @noRd
is_transient_reason <- function(reason) {
  !is.na(reason) & (startsWith(reason, "cannot read file") | startsWith(reason, "not a regular file") |
                      startsWith(reason, "broken symbolic link"))
}

# Images whose header claims more pixels than this are skipped before decoding
# (a 600-byte JPEG can claim 20000 x 20000 pixels: ~10 GB of doubles in R).
MAX_PIXELS <- 50000000

reason_too_large <- function(width, height) {
  sprintf("image too large (%.0f x %.0f pixels; the limit is %s)", width, height,
          format(MAX_PIXELS, big.mark = ",", scientific = FALSE))
}

JPEG_MAGIC <- as.raw(c(0xFF, 0xD8, 0xFF))
JPEG_EOI <- as.raw(c(0xFF, 0xD9)) # a JPEG's end-of-image marker
PNG_MAGIC <- as.raw(c(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))

#' Signal that a file is skipped (class "nnscratch_skipped_image", field reason)
#' @noRd
skip_image <- function(reason, file = NULL) {
  msg <- if (is.null(file)) reason else paste0(file, ": ", reason)
  stop(structure(
    class = c("nnscratch_skipped_image", "nnscratch_error", "error", "condition"),
    list(message = msg, call = NULL, reason = reason, file = file)
  ))
}

#' (n_components, offset after the first SOS header, width, height) of a JPEG,
#' 0-based, NA when missing (width and height 0 until a frame header is seen)
#' @noRd
jpeg_header <- function(b) {
  n <- length(b)
  byte <- function(i) b[i + 1L] # 0-based access
  i <- 2L
  ncomp <- NA_integer_
  size <- c(0L, 0L)
  while (i + 4L <= n) {
    if (byte(i) != 0xFF) return(c(ncomp, NA_integer_, size))
    m <- byte(i + 1L)
    if (m == 0xFF) { i <- i + 1L; next }
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) { i <- i + 2L; next }
    if (m == 0xD9) return(c(ncomp, NA_integer_, size))
    seglen <- byte(i + 2L) * 256L + byte(i + 3L)
    if (seglen < 2L) return(c(ncomp, NA_integer_, size))
    if (m >= 0xC0 && m <= 0xCF && !(m %in% c(0xC4, 0xC8, 0xCC)) && i + 9L < n) {
      ncomp <- byte(i + 9L)
      size <- c(byte(i + 7L) * 256L + byte(i + 8L), byte(i + 5L) * 256L + byte(i + 6L))
    }
    if (m == 0xDA) return(c(ncomp, i + 2L + seglen, size))
    i <- i + 2L + seglen
  }
  c(ncomp, NA_integer_, size)
}

#' (colour_type or NA, has_IEND) of a PNG
#' @noRd
png_header <- function(b) {
  n <- length(b)
  if (n < 33L || !identical(b[13:16], c(0x49L, 0x48L, 0x44L, 0x52L))) return(c(NA_integer_, 0L))
  colour_type <- b[26L]
  iend <- c(0x49L, 0x45L, 0x4EL, 0x44L)
  i <- 8L
  while (i + 8L <= n) {
    len <- ((b[i + 1L] * 256 + b[i + 2L]) * 256 + b[i + 3L]) * 256 + b[i + 4L]
    if (identical(b[(i + 5L):(i + 8L)], iend)) return(c(colour_type, 1L))
    i <- i + 12 + len
  }
  c(colour_type, 0L)
}

#' The skip reason for a file's bytes, from its magic bytes and header
#'
#' @param data Raw vector (the whole file).
#' @return list(format = "jpeg" / "png" / NA, reason = a DATASET_REASONS string or NULL)
#' @noRd
check_image_bytes <- function(data) {
  R <- DATASET_REASONS
  n <- length(data)
  if (n == 0L) return(list(format = NA_character_, reason = R$empty))
  if (n >= 3L && identical(data[1:3], JPEG_MAGIC)) {
    b <- as.integer(data)
    h <- jpeg_header(b)
    if (is.na(h[1L]) || is.na(h[2L])) return(list(format = "jpeg", reason = R$jpeg_header))
    scan <- h[2L] # 0-based offset where the search for FF D9 starts
    # grepRaw searches the raw bytes in C (no integer or logical copies of the file's tail);
    # its offset is 1-based: byte scan + 1 is the 0-based offset scan
    has_eoi <- scan + 2L <= n && length(grepRaw(JPEG_EOI, data, offset = scan + 1L, fixed = TRUE)) > 0L
    if (!has_eoi) return(list(format = "jpeg", reason = R$jpeg_truncated))
    if (h[1L] == 1L) return(list(format = "jpeg", reason = R$jpeg_gray))
    if (h[1L] != 3L) {
      return(list(format = "jpeg", reason = if (h[1L] == 4L) R$jpeg_cmyk
                  else sprintf("unsupported JPEG (%d components)", h[1L])))
    }
    if (as.numeric(h[3L]) * h[4L] > MAX_PIXELS) {
      return(list(format = "jpeg", reason = reason_too_large(h[3L], h[4L])))
    }
    return(list(format = "jpeg", reason = NULL))
  }
  if (n >= 8L && identical(data[1:8], PNG_MAGIC)) {
    h <- png_header(as.integer(data))
    if (is.na(h[1L])) return(list(format = "png", reason = R$png_header))
    if (h[2L] == 0L) return(list(format = "png", reason = R$png_truncated))
    if (h[1L] == 0L) return(list(format = "png", reason = R$png_gray))
    if (h[1L] == 4L) return(list(format = "png", reason = R$png_gray_alpha))
    b <- as.numeric(data[17:24]) # IHDR width and height, big-endian, bytes 16..23 (0-based)
    width <- sum(b[1:4] * 256^(3:0))
    height <- sum(b[5:8] * 256^(3:0))
    if (width * height > MAX_PIXELS) return(list(format = "png", reason = reason_too_large(width, height)))
    return(list(format = "png", reason = NULL))
  }
  list(format = NA_character_, reason = R$not_image)
}
