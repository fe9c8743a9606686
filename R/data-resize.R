# resize_area: OpenCV's cv2.resize(img, (w, h), interpolation = cv2.INTER_AREA)
# for 8-bit images in base R, value for value (the Python twin,
# python/nnscratch/data/decode.py, calls OpenCV). It follows
# modules/imgproc/src/resize.cpp of OpenCV 4.x: integer factors sum blocks
# ("area fast"), other downscaling weighs each source pixel by its area in
# float32, and upscaling uses the bilinear code with area-mode weights in
# 11-bit fixed point. float32 steps are emulated exactly with f32();
# parity_tests/test_images.py compares the two on many sizes.

#' Round doubles to the nearest IEEE float32 (ties to even), keeping dim
#' @noRd
f32 <- function(x) {
  d <- dim(x)
  y <- readBin(writeBin(as.double(x), raw(), size = 4L), "double", size = 4L, n = length(x))
  dim(y) <- d
  y
}

#' Round half to even, like cvRound / lrint (R's round() does this for exact halves)
#' @noRd
round_even <- function(x) round(x)

#' Saturate to 0..255 like saturate_cast<uchar>
#' @noRd
sat_u8 <- function(x) pmin(pmax(x, 0), 255)

#' Resize an 8-bit image to (size, size) exactly like OpenCV's INTER_AREA
#'
#' An R reimplementation of \code{cv2.resize(img, (size, size),
#' interpolation = cv2.INTER_AREA)} for 8-bit images (the step of
#' \code{create_dataset} that makes every image the same size). Downscaling
#' averages source pixels by their area (in OpenCV's float32 arithmetic);
#' upscaling in either direction uses OpenCV's bilinear "area mode" in
#' 11-bit fixed point. Equal to OpenCV 4.x value for value (see the file's
#' header and parity_tests/test_images.py).
#'
#' @param img Integer-valued array (H, W, C) with values in 0..255 (C channels,
#'   usually 3, RGB), or a matrix (H, W) for one channel.
#' @param size Output side: a positive integer; the result is (size, size, C).
#'   A length-2 vector \code{c(height, width)} gives a non-square output.
#' @return Integer array (size, size, C) (a matrix for a matrix input) with
#'   values in 0..255.
#' @export
#' @examples
#' img <- array(c(0L, 2L, 4L, 6L), c(2, 2, 1))
#' resize_area(img, 1) # mean 3
resize_area <- function(img, size) {
  if (!is.numeric(img) || !(length(dim(img)) %in% c(2L, 3L))) {
    nn_abort("img must be a numeric array (H, W, C) or matrix (H, W) of values in 0..255")
  }
  if (any(is.na(img)) || any(img < 0 | img > 255) || any(img != floor(img))) {
    nn_abort("img must hold integer values in 0..255 (an 8-bit image)")
  }
  if (!is.numeric(size) || !(length(size) %in% c(1L, 2L)) || any(is.na(size)) ||
      any(size < 1) || any(size != floor(size))) {
    nn_abort(sprintf("size must be a positive integer; got %s", paste(format(size), collapse = ", ")))
  }
  is_matrix <- length(dim(img)) == 2L
  if (is_matrix) img <- array(img, c(dim(img), 1L))
  out <- resize_area_fast(img, size[1L], size[length(size)])
  if (is_matrix) dim(out) <- dim(out)[1:2] # a matrix also with one row or column (out[, , 1] would drop it)
  out
}

#' The reference: resize_area without the checks, channel by channel, step by step
#'
#' img an (H, W, C) array of whole numbers 0..255. This is the readable
#' statement of the algorithm (each float32 operation of OpenCV done in turn
#' on whole rows or columns); resize_area and load_image run resize_area_fast,
#' which gives the same integers (parity_tests/test_15c_data_fast_resize.py).
#' @noRd
resize_area_core <- function(img, out_h, out_w) {
  C <- dim(img)[3L]
  out <- array(0L, c(out_h, out_w, C))
  for (ch in seq_len(C)) out[, , ch] <- resize_channel(chan(img, ch), out_h, out_w)
  out
}

#' One channel: a double (H, W) matrix of whole numbers 0..255 to an integer (out_h, out_w) matrix
#' @noRd
resize_channel <- function(M, out_h, out_w) {
  H <- nrow(M)
  W <- ncol(M)
  if (H == out_h && W == out_w) {
    out <- M
  } else {
    inv_x <- out_w / W
    inv_y <- out_h / H
    scale_x <- 1 / inv_x
    scale_y <- 1 / inv_y
    iscale_x <- round_even(scale_x)
    iscale_y <- round_even(scale_y)
    eps <- .Machine$double.eps
    if (scale_x >= 1 && scale_y >= 1) {
      if (abs(scale_x - iscale_x) < eps && abs(scale_y - iscale_y) < eps) {
        out <- area_fast_channel(M, iscale_x, iscale_y, out_h, out_w)
      } else {
        out <- area_general_channel(M, area_tab(W, out_w, scale_x), area_tab(H, out_h, scale_y), out_h, out_w)
      }
    } else {
      xc <- linear_area_coeffs(W, out_w, scale_x, inv_x, clamp = TRUE)
      yc <- linear_area_coeffs(H, out_h, scale_y, inv_y, clamp = FALSE)
      out <- linear_area_channel(M, xc, yc, H, W)
    }
  }
  out <- matrix(as.integer(out), out_h, out_w)
  out
}

#' Channel ch of an (H, W, C) array as an (H, W) double matrix (also when H or W is 1)
#' @noRd
chan <- function(img, ch) matrix(as.double(img[, , ch]), nrow = dim(img)[1L], ncol = dim(img)[2L])

# -- downscaling by integer factors (resizeAreaFast_) -------------------------

#' Sums of sy x sx blocks of a matrix (exact: integers) as Ry %*% M %*% t(Rx)
#' @noRd
block_sums <- function(M, sy, sx, out_h, out_w) {
  Ry <- outer(seq_len(out_h), seq_len(nrow(M)), function(d, s) as.numeric((s - 1) %/% sy + 1 == d))
  Rx <- outer(seq_len(out_w), seq_len(ncol(M)), function(d, s) as.numeric((s - 1) %/% sx + 1 == d))
  Ry %*% M %*% t(Rx)
}

#' @noRd
area_fast_channel <- function(M, sx, sy, out_h, out_w) {
  s <- block_sums(M, sy, sx, out_h, out_w)
  area <- sx * sy
  if (sx == 2 && sy == 2) {
    # ResizeAreaFastVec (2x2, 1/3/4 channels): (a + b + c + d + 2) >> 2
    return((s + 2) %/% 4)
  }
  # resizeAreaFast_Invoker: saturate_cast<uchar>(sum * (1.f / area)) in float32: the sum made a
  # float first, 1.f / area a float quotient (sums are exact here; OpenCV's 32-bit ones overflow
  # past (2^31 - 1) / 255 pixels a block, where the Python twin sums exactly too)
  sat_u8(round_even(f32(f32(s) * f32(1 / f32(area)))))
}

# -- general downscaling (computeResizeAreaTab + ResizeArea_Invoker) ----------

#' OpenCV's computeResizeAreaTab: (di, si, alpha) for each destination index,
#' in OpenCV's order; 0-based indices, alpha rounded to float32.
#' @noRd
area_tab <- function(ssize, dsize, scale) {
  di <- si <- integer(0)
  alpha <- numeric(0)
  for (dx in 0:(dsize - 1L)) {
    fsx1 <- dx * scale
    fsx2 <- fsx1 + scale
    cell <- min(scale, ssize - fsx1)
    sx1 <- ceiling(fsx1)
    sx2 <- floor(fsx2)
    sx2 <- min(sx2, ssize - 1)
    sx1 <- min(sx1, sx2)
    if (sx1 - fsx1 > 1e-3) {
      di <- c(di, dx); si <- c(si, sx1 - 1); alpha <- c(alpha, (sx1 - fsx1) / cell)
    }
    if (sx1 < sx2) {
      full <- seq(sx1, sx2 - 1)
      di <- c(di, rep(dx, length(full))); si <- c(si, full); alpha <- c(alpha, rep(1 / cell, length(full)))
    }
    if (fsx2 - sx2 > 1e-3) {
      di <- c(di, dx); si <- c(si, sx2); alpha <- c(alpha, min(min(fsx2 - sx2, 1), cell) / cell)
    }
  }
  # position of each entry within its destination index (1 = first), for the
  # step-by-step float32 accumulation below
  step <- stats::ave(seq_along(di), di, FUN = seq_along)
  data.frame(di = as.integer(di), si = as.integer(si), alpha = f32(alpha), step = as.integer(step))
}

#' @noRd
area_general_channel <- function(M, xtab, ytab, out_h, out_w) {
  H <- nrow(M)
  # horizontal pass: buf[, dx] = (((0 + S[, s1] * a1) + S[, s2] * a2) + ...), each op in float32
  buf <- matrix(0, H, out_w)
  for (t in seq_len(max(xtab$step))) {
    e <- xtab[xtab$step == t, ]
    prod <- f32(M[, e$si + 1L, drop = FALSE] * rep(e$alpha, each = H))
    cols <- e$di + 1L
    buf[, cols] <- if (t == 1L) prod else f32(buf[, cols, drop = FALSE] + prod)
  }
  # vertical pass: sum[dy, ] = beta1 * buf[s1, ] + beta2 * buf[s2, ] + ..., each op in float32
  acc <- matrix(0, out_h, out_w)
  for (t in seq_len(max(ytab$step))) {
    e <- ytab[ytab$step == t, ]
    prod <- f32(buf[e$si + 1L, , drop = FALSE] * e$alpha)
    rows <- e$di + 1L
    acc[rows, ] <- if (t == 1L) prod else f32(acc[rows, , drop = FALSE] + prod)
  }
  sat_u8(round_even(acc))
}

# -- upscaling: bilinear code in area mode, 11-bit fixed point ---------------

#' Offsets and fixed-point weights of OpenCV's area-mode bilinear resize
#' along one axis (0-based offsets). clamp: the x axis clamps the last
#' offsets (fx = 0, sx = src - 1) and marks where "xmax" starts; the y axis
#' does not (its rows are clipped when read).
#' @noRd
linear_area_coeffs <- function(src, dst, scale, inv_scale, clamp) {
  d <- 0:(dst - 1L)
  s <- floor(d * scale)
  f <- f32((d + 1) - (s + 1) * inv_scale)
  f <- ifelse(f <= 0, 0, f32(f - floor(f)))
  xmax <- dst
  if (clamp) {
    edge <- s + 1 >= src
    if (any(edge)) xmax <- min(d[edge])
    last <- s >= src - 1
    f[last] <- 0
    s[last] <- src - 1
  }
  to_short <- function(v) pmin(pmax(round_even(v * 2048), -32768), 32767)
  list(ofs = s, w0 = to_short(f32(1 - f)), w1 = to_short(f), xmax = xmax)
}

#' @noRd
linear_area_channel <- function(M, xc, yc, H, W) {
  # horizontal (HResizeLinear, integer): S[sx] * a0 + S[sx + 1] * a1, or S[sx] * 2048 from xmax on
  s0 <- xc$ofs + 1
  s1 <- pmin(xc$ofs + 2, W)
  hz <- M[, s0, drop = FALSE] * rep(xc$w0, each = H) + M[, s1, drop = FALSE] * rep(xc$w1, each = H)
  tail <- seq_along(xc$ofs) > xc$xmax
  if (any(tail)) hz[, tail] <- M[, s0[tail], drop = FALSE] * 2048
  # vertical (VResizeLinear<uchar, int, short>): rows sy and sy + 1 clipped to the image
  r0 <- pmin(yc$ofs, H - 1) + 1
  r1 <- pmin(yc$ofs + 1, H - 1) + 1
  a <- (yc$w0 * (hz[r0, , drop = FALSE] %/% 16)) %/% 65536
  b <- (yc$w1 * (hz[r1, , drop = FALSE] %/% 16)) %/% 65536
  sat_u8((a + b + 2) %/% 4)
}

# -- the fast path -------------------------------------------------------------
#
# Downscaling (both scales >= 1) is linear: before its final rounding, OpenCV's
# value is V = sum_y beta_y * sum_x alpha_x * S[y, x], with the float32 weights
# of area_tab (integer factors: weights 1, V a block sum). Computed in double
# as Ay %*% S %*% t(Ax) (one matrix product for the rows of all channels, then
# one small product per channel), V is exact to ~1e-13. OpenCV accumulates in float32 instead: every
# term and every partial sum rounded, each value of V carrying at most
# n = nx + ny roundings (nx, ny: the largest number of weights of one output
# index per axis), so its float32 result differs from V by at most
# gamma(n) * V, gamma(n) = n u / (1 - n u), u = 2^-24 (all terms are >= 0;
# Higham, "Accuracy and Stability of Numerical Algorithms", 3.1). Where V is
# further than that (plus a margin for the double computation) from a
# rounding boundary (k + 0.5), both round to the same integer; the few values
# closer than that (about 1 in 2,000) are recomputed step by step, as the
# reference does (exact_area_values). Integer factors sum integers, exact in
# double. Upscaling in either direction (small sources) runs the reference.

#' area_tab, vectorized (same rows, same order; checked against it in
#' tests/testthat/test-data-resize.R); 1-based si
#' @noRd
area_tab_fast <- function(ssize, dsize, scale) {
  dx <- 0:(dsize - 1L)
  fsx1 <- dx * scale
  fsx2 <- fsx1 + scale
  cell <- pmin(scale, ssize - fsx1)
  sx2 <- pmin(floor(fsx2), ssize - 1)
  sx1 <- pmin(ceiling(fsx1), sx2)
  has_l <- sx1 - fsx1 > 1e-3
  n_full <- pmax(sx2 - sx1, 0)
  has_r <- fsx2 - sx2 > 1e-3
  k <- has_l + n_full + has_r # entries of each destination index
  di <- rep(dx, k)
  step <- sequence(k)
  # per entry: offset from the first full pixel (left partial: -1)
  off <- step - 1L - has_l[di + 1L]
  si <- sx1[di + 1L] + off
  alpha <- rep(1 / cell, k)
  left <- has_l[di + 1L] & step == 1L
  alpha[left] <- ((sx1 - fsx1) / cell)[di[left] + 1L]
  right <- has_r[di + 1L] & step == k[di + 1L]
  alpha[right] <- (pmin(pmin(fsx2 - sx2, 1), cell) / cell)[di[right] + 1L]
  list(di = as.integer(di), si = as.integer(si) + 1L, alpha = f32(alpha), step = as.integer(step))
}

#' Weights of one axis for the fast path (cached per source and output size)
#'
#' integer_factor: block sums (weights 1) or area weights; weights: (dsize,
#' ssize) matrix, weights_t its transpose;
#' si, alpha: (steps, dsize) matrices (1-based source index and float32
#' weight of each step of each output index; NA past its last step).
#' @noRd
area_axis <- function(ssize, dsize, integer_factor) {
  key <- paste(ssize, dsize, integer_factor)
  hit <- AREA_AXES[[key]]
  if (!is.null(hit)) return(hit)
  if (integer_factor) {
    k <- ssize %/% dsize
    tab <- list(di = (seq_len(ssize) - 1L) %/% k, si = seq_len(ssize), alpha = rep(1, ssize),
                step = rep(seq_len(k), dsize))
  } else {
    tab <- area_tab_fast(ssize, dsize, ssize / dsize)
  }
  weights <- matrix(0, dsize, ssize)
  weights[cbind(tab$di + 1L, tab$si)] <- tab$alpha # (di, si) pairs are distinct
  steps <- max(tab$step)
  si <- alpha <- matrix(NA_real_, steps, dsize)
  si[cbind(tab$step, tab$di + 1L)] <- tab$si
  alpha[cbind(tab$step, tab$di + 1L)] <- tab$alpha
  axis <- list(weights = weights, weights_t = t(weights), si = si, alpha = alpha, steps = steps)
  if (length(AREA_AXES) >= 512L) rm(list = ls(AREA_AXES), envir = AREA_AXES) # bound the memory
  assign(key, axis, envir = AREA_AXES)
  axis
}

#' Cache of area_axis (per process; forked workers inherit it)
#' @noRd
AREA_AXES <- new.env(parent = emptyenv())

#' resize_area_core's integers, computed with matrix products (see above)
#'
#' img: numeric (H, W, C) array of pixel values times 1 / unit (unit = 1: whole
#' numbers 0..255; unit = 255: values v / 255 in [0, 1] as jpeg::readJPEG
#' gives them), or the same values as an (H, W * C) matrix with channels = C
#' (what load_image passes: no reshaping, so no copy of a large image).
#' Returns an integer (out_h, out_w, C) array.
#' @noRd
resize_area_fast <- function(img, out_h, out_w, unit = 1, channels = NULL) {
  d <- dim(img)
  H <- d[1L]
  C <- if (is.null(channels)) d[3L] else channels
  W <- if (is.null(channels)) d[2L] else d[2L] %/% C
  scale_x <- W / out_w
  scale_y <- H / out_h
  if ((H == out_h && W == out_w) || scale_x < 1 || scale_y < 1) {
    # same size, or upscaling on an axis (small sources): the reference
    pix <- array(if (unit == 1) img else round(img * unit), c(H, W, C))
    if (H == out_h && W == out_w) return(array(as.integer(pix), c(H, W, C)))
    return(resize_area_core(pix, out_h, out_w))
  }
  eps <- .Machine$double.eps
  integer_factor <- abs(scale_x - round(scale_x)) < eps && abs(scale_y - round(scale_y)) < eps
  ax <- area_axis(W, out_w, integer_factor)
  ay <- area_axis(H, out_h, integer_factor)
  # V: rows first (one product over all channels), then columns
  if (is.null(channels)) dim(img) <- c(H, W * C)
  rows <- ay$weights %*% img # (out_h, W * C): channel k in columns (k - 1) * W + 1:W
  v <- array(0, c(out_h, out_w, C))
  for (k in seq_len(C)) v[, , k] <- rows[, (k - 1L) * W + seq_len(W), drop = FALSE] %*% ax$weights_t
  v <- v * unit
  if (integer_factor) {
    s <- round(v) # block sums: whole numbers (to ~1e-12 when unit = 255)
    sx <- round(scale_x)
    sy <- round(scale_y)
    out <- if (sx == 2 && sy == 2) (s + 2) %/% 4 else sat_u8(round_even(f32(f32(s) * f32(1 / f32(sx * sy)))))
    return(array(as.integer(out), dim(v)))
  }
  n <- ax$steps + ay$steps
  gamma <- n * 2^-24 / (1 - n * 2^-24)
  out <- floor(v + 0.5)
  risky <- which(abs(v - floor(v) - 0.5) <= gamma * v + 1e-7) # near k + 0.5
  if (length(risky)) {
    at <- arrayInd(risky, dim(v))
    out[risky] <- exact_area_values(img, W, unit, ax, ay, at[, 1L], at[, 2L], at[, 3L])
  }
  array(as.integer(pmin(out, 255)), dim(v))
}

#' OpenCV's float32 result for some output values, step by step (as
#' area_general_channel does for a whole channel): img the (H, W * C) matrix
#' of the (H, W, C) pixels (times 1 / unit); dy, dx, ch 1-based, one entry per
#' value; returns whole numbers 0..255
#' @noRd
exact_area_values <- function(img, W, unit, ax, ay, dy, dx, ch) {
  n <- length(dy)
  nx <- ax$steps
  ny <- ay$steps
  # every term S[r, c] * alpha of every value, as an (ny, nx, n) array (NA past a last step), in float32
  rows <- ay$si[, rep(dy, each = nx), drop = FALSE] # (ny, nx * n): source row of term (j, t, i)
  cols <- rep(as.vector(ax$si[, dx, drop = FALSE]) + rep((ch - 1L) * W, each = nx), each = ny)
  s <- img[cbind(as.vector(rows), cols)]
  if (unit != 1) s <- round(s * unit)
  terms <- array(f32(s * rep(as.vector(ax$alpha[, dx, drop = FALSE]), each = ny)), c(ny, nx, n))
  buf <- matrix(0, ny, n) # buf[j, i] = ((S[r, c1] * a1) + S[r, c2] * a2) + ..., each sum in float32
  for (t in seq_len(nx)) {
    term <- terms[, t, ]
    use <- which(!is.na(term))
    buf[use] <- f32(buf[use] + term[use])
  }
  terms <- f32(buf * ay$alpha[, dy, drop = FALSE]) # beta_j * buf_j, (ny, n)
  acc <- numeric(n) # acc = ((beta1 * buf1) + beta2 * buf2) + ..., each sum in float32
  for (j in seq_len(ny)) {
    use <- which(!is.na(terms[j, ]))
    acc[use] <- f32(acc[use] + terms[j, use])
  }
  sat_u8(round_even(acc))
}
