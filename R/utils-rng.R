# Bit-exact reproduction of numpy's legacy random streams
# (numpy.random.RandomState(seed)) in base R. See docs/rng.md.
#
# Mechanism
# ---------
# * Seeding: numpy seeds RandomState(int) with MT19937's init_genrand
#   (mt[0] = seed; mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i mod 2^32,
#   position 624). R's set.seed() scrambles its seed first, so we compute the
#   624 words ourselves (mt_init_genrand) in doubles, with the 32-bit multiply
#   split into 16-bit halves so every intermediate stays below 2^53 (exact).
# * Raw 32-bit words: R's own Mersenne-Twister is the same MT19937 (same twist
#   and tempering). We write the generator's state into .Random.seed
#   (kind code 10403L, then mti, then the 624 words as signed 32-bit ints;
#   0x80000000 is written as NA_integer_, which has that bit pattern) and call
#   runif(k). For R's MT, runif returns fixup(y * 2^-32) with y the raw word;
#   y * 2^-32 is exact and fixup only changes y = 0 (to 2^-33 / (1 - 2^-32)),
#   so y = floor(u * 2^32) recovers every word exactly, in compiled code.
#   The advanced state is saved back into the generator and the user's
#   .Random.seed (and RNG kind) is restored, or removed if it did not exist.
#   This is much faster than a twist written in R and obviously the same
#   algorithm as R's documented MT19937.
# * The generator buffers raw words. Rejection sampling (polar normals,
#   bounded integers) may look ahead, but only the words numpy would consume
#   are taken off the buffer; the rest stay for the next call.

MT_N <- 624L
TWO_32 <- 4294967296

#' Split a vector of 32-bit unsigned values (doubles) into 16-bit halves.
#' @noRd
u32_split <- function(x) {
  hi <- floor(x / 65536)
  list(hi = hi, lo = x - hi * 65536)
}

#' (a * x) mod 2^32 for a 32-bit constant a and 32-bit x (doubles), exactly.
#'
#' With a = ah * 2^16 + al and x = xh * 2^16 + xl:
#' a * x mod 2^32 = (al * xl + ((ah * xl + al * xh) mod 2^16) * 2^16) mod 2^32.
#' Each product is < 2^32 and each sum < 2^34, exact in doubles (53 bits).
#' @noRd
u32_mul <- function(a, x) {
  a <- u32_split(a)
  x <- u32_split(x)
  cross <- (a$hi * x$lo + a$lo * x$hi) %% 65536
  (a$lo * x$lo + cross * 65536) %% TWO_32
}

#' numpy's MT19937 seeding of an integer seed (init_genrand): 624 words.
#' @noRd
mt_init_genrand <- function(seed) {
  mt <- numeric(MT_N)
  mt[1L] <- seed
  for (i in 1:(MT_N - 1L)) {
    prev <- mt[i]
    # prev ^ (prev >> 30): the shifted value is 0..3, so only the low 2 bits change.
    low2 <- prev %% 4
    x <- prev - low2 + bitwXor(as.integer(low2), as.integer(floor(prev / 1073741824)))
    mt[i + 1L] <- (u32_mul(1812433253, x) + i) %% TWO_32
  }
  mt
}

#' Unsigned 32-bit words (doubles) -> signed ints with R's bit pattern.
#' 2^31 .. 2^32-1 map to negative ints; 2^31 itself maps to NA_integer_.
#' @noRd
u32_to_int <- function(x) {
  s <- ifelse(x >= 2147483648, x - TWO_32, x)
  out <- rep(NA_integer_, length(x))
  ok <- s != -2147483648
  out[ok] <- as.integer(s[ok])
  out
}

#' Create a generator reproducing numpy.random.RandomState(seed)
#'
#' The generator holds the full MT19937 state (624 words and position), a
#' buffer of drawn-but-unconsumed raw words and the cached second normal of
#' numpy's polar method. Drawing from it never changes R's global random
#' state: \code{.Random.seed} and \code{RNGkind()} are left exactly as they
#' were (and \code{.Random.seed} stays absent if it was absent).
#'
#' @param seed Integer-valued number in \[0, 4294967295\] (length 1), as
#'   accepted by \code{numpy.random.RandomState(seed)}.
#' @return An environment of class \code{"numpy_random_state"}; pass it to
#'   \code{numpy_uint32}, \code{numpy_random_sample}, \code{numpy_randn} or
#'   \code{numpy_permutation}. Each call advances it.
#' @export
#' @examples
#' gen <- numpy_random_state(1)
#' numpy_randn(gen, 3) # 1.6243453636632417 -0.6117564136500754 -0.5281717522634557
numpy_random_state <- function(seed) {
  seed <- check_seed(seed)
  gen <- new.env(parent = emptyenv())
  gen$seed <- seed
  # R's .Random.seed layout for Mersenne-Twister: mti then the 624 words.
  gen$state <- c(MT_N, u32_to_int(mt_init_genrand(seed)))
  gen$buffer <- numeric(0) # raw words drawn from the state, not yet consumed
  gen$has_gauss <- FALSE
  gen$gauss <- 0
  class(gen) <- "numpy_random_state"
  gen
}

#' @rdname numpy_random_state
#' @param x A generator (for \code{print}).
#' @param ... Ignored.
#' @export
print.numpy_random_state <- function(x, ...) {
  cat(sprintf("<numpy_random_state seed=%s, %d buffered words, cached normal: %s>\n",
              format(x$seed, scientific = FALSE), length(x$buffer),
              if (x$has_gauss) format(x$gauss, digits = 17) else "none"))
  invisible(x)
}

rng_check_gen <- function(gen) {
  if (!inherits(gen, "numpy_random_state")) {
    nn_abort(sprintf("gen must be a numpy_random_state (from numpy_random_state(seed)); got %s",
                     class(gen)[1L]), class = "nnscratch_type_error")
  }
  gen
}

rng_check_count <- function(n, name = "n") {
  if (!is_integral(n) || n < 0) {
    nn_abort(sprintf("%s must be a non-negative integer; got %s", name,
                     if (is.numeric(n) && length(n) == 1L) format(n, scientific = FALSE) else deparse(n)))
  }
  as.numeric(n)
}

#' Advance the MT19937 state by k words using R's own Mersenne-Twister.
#'
#' Installs the generator's state in .Random.seed, calls runif(k), saves the
#' advanced state and restores the caller's RNG state exactly.
#' @noRd
mt_generate <- function(gen, k) {
  genv <- globalenv()
  had_seed <- exists(".Random.seed", envir = genv, inherits = FALSE)
  if (had_seed) {
    old_seed <- get(".Random.seed", envir = genv, inherits = FALSE)
  } else {
    # Without .Random.seed the RNG kind lives only inside R; remember it so the
    # kind is restored too (RNGkind() creates .Random.seed; removed below).
    old_kind <- RNGkind()
  }
  on.exit({
    if (had_seed) {
      assign(".Random.seed", old_seed, envir = genv)
    } else {
      suppressWarnings(RNGkind(old_kind[1L], old_kind[2L], old_kind[3L]))
      if (exists(".Random.seed", envir = genv, inherits = FALSE)) rm(".Random.seed", envir = genv)
    }
  }, add = TRUE)
  # 10403 = Mersenne-Twister (3) + 100 * Inversion (4) + 10000 * Rejection (1).
  assign(".Random.seed", c(10403L, gen$state), envir = genv)
  u <- stats::runif(k)
  gen$state <- get(".Random.seed", envir = genv, inherits = FALSE)[-1L]
  # runif = fixup(y * 2^-32): exact, and y = 0 becomes 2^-33 / (1 - 2^-32), whose floor is 0.
  floor(u * TWO_32)
}

#' Look at the next k raw words without consuming them (fills the buffer).
#' @noRd
mt_peek <- function(gen, k) {
  need <- k - length(gen$buffer)
  if (need > 0) {
    gen$buffer <- c(gen$buffer, mt_generate(gen, max(need, MT_N)))
  }
  gen$buffer[seq_len(k)]
}

#' Consume the next k raw words.
#' @noRd
mt_take <- function(gen, k) {
  words <- mt_peek(gen, k)
  mt_drop(gen, k)
  words
}

#' Remove the first k buffered words (k = 0 keeps them all: x[-integer(0)] would not).
#' @noRd
mt_drop <- function(gen, k) {
  if (k > 0) gen$buffer <- gen$buffer[-seq_len(k)]
  invisible(gen)
}

#' Raw 32-bit outputs of numpy's MT19937
#'
#' The next \code{n} words of the stream, equal to numpy's
#' \code{RandomState(seed).randint(0, 2**32, size=n, dtype=np.uint32)} (which
#' returns the raw words unchanged) for a fresh generator.
#'
#' @param gen A generator from \code{numpy_random_state()}; advanced by n words.
#' @param n Number of words (non-negative integer, length 1).
#' @return Double vector of length n with values in 0..4294967295.
#' @export
#' @examples
#' numpy_uint32(numpy_random_state(0), 2) # 2357136044 2546248239
numpy_uint32 <- function(gen, n) {
  rng_check_gen(gen)
  n <- rng_check_count(n)
  mt_take(gen, n)
}

#' 53-bit uniform doubles from pairs of raw words (numpy's next_double).
#' @noRd
words_to_double <- function(words) {
  even <- 2L * seq_len(length(words) %/% 2L)
  a <- words[even - 1L]
  b <- words[even]
  # (a >> 5) * 2^26 + (b >> 6), over 2^53: every step is exact.
  (floor(a / 32) * 67108864 + floor(b / 64)) / 9007199254740992
}

#' Uniform doubles like numpy's RandomState.random_sample
#'
#' Each value uses two raw words a, b:
#' \code{((a >> 5) * 67108864 + (b >> 6)) / 9007199254740992}, i.e. 53 random
#' bits in [0, 1) (R's \code{runif} uses one word with 32 bits).
#'
#' @param gen A generator from \code{numpy_random_state()}; advanced by 2n words.
#' @param n Number of values (non-negative integer, length 1).
#' @return Double vector of length n in [0, 1).
#' @export
#' @examples
#' numpy_random_sample(numpy_random_state(1), 2) # 0.417022004702574 0.720324493442158
numpy_random_sample <- function(gen, n) {
  rng_check_gen(gen)
  n <- rng_check_count(n)
  words_to_double(mt_take(gen, 2 * n))
}

#' Standard normal draws like numpy's RandomState.randn / standard_normal
#'
#' numpy's legacy polar method: a cached value (from the previous call) is
#' returned first; otherwise pairs of uniforms give x1 = 2 u1 - 1,
#' x2 = 2 u2 - 1, r2 = x1^2 + x2^2, rejected unless 0 < r2 < 1;
#' f = sqrt(-2 log(r2) / r2); f * x2 is returned and f * x1 cached. The cache
#' lives in \code{gen}, so \code{numpy_randn(gen, 3)} then
#' \code{numpy_randn(gen, 2)} equals numpy's \code{randn(5)}. Vectorised.
#'
#' numpy fills \code{randn(rows, cols)} row by row; build the same matrix in
#' R with \code{matrix(numpy_randn(gen, rows * cols), rows, cols, byrow = TRUE)}.
#'
#' @param gen A generator from \code{numpy_random_state()}; advanced.
#' @param n Number of values (non-negative integer, length 1).
#' @return Double vector of length n.
#' @export
#' @examples
#' gen <- numpy_random_state(1)
#' numpy_randn(gen, 3) # 1.6243453636632417 -0.6117564136500754 -0.5281717522634557
numpy_randn <- function(gen, n) {
  rng_check_gen(gen)
  n <- rng_check_count(n)
  out <- numeric(n)
  filled <- 0
  if (n > 0 && gen$has_gauss) {
    out[1L] <- gen$gauss
    gen$has_gauss <- FALSE
    gen$gauss <- 0
    filled <- 1
  }
  pairs_needed <- ceiling((n - filled) / 2)
  res <- numeric(0)
  while (pairs_needed > 0) {
    # Acceptance rate is pi/4; ask for a little more than expected.
    tries <- ceiling(pairs_needed / 0.78 * 1.02) + 8
    words <- mt_peek(gen, 4 * tries)
    u <- words_to_double(words) # u1, u2, u1, u2, ...
    x1 <- 2.0 * u[2L * seq_len(tries) - 1L] - 1.0
    x2 <- 2.0 * u[2L * seq_len(tries)] - 1.0
    r2 <- x1 * x1 + x2 * x2
    ok <- which(r2 < 1.0 & r2 != 0.0)
    if (length(ok) > pairs_needed) ok <- ok[seq_len(pairs_needed)]
    # Consume the words of every try up to the last accepted one (or all tries).
    used <- if (length(ok) == pairs_needed) ok[length(ok)] else tries
    mt_drop(gen, 4 * used)
    r2 <- r2[ok]
    f <- sqrt(-2.0 * log(r2) / r2)
    # Output order: f * x2 (returned), then f * x1 (the cached value).
    res <- c(res, as.vector(rbind(f * x2[ok], f * x1[ok])))
    pairs_needed <- pairs_needed - length(ok)
  }
  m <- n - filled
  if (m > 0) {
    out[filled + seq_len(m)] <- res[seq_len(m)]
    if (length(res) > m) {
      gen$has_gauss <- TRUE
      gen$gauss <- res[m + 1L]
    }
  }
  out
}

#' Random permutation like numpy's RandomState.permutation(n)
#'
#' numpy's legacy Fisher-Yates shuffle of \code{0:(n-1)}: for i from n-1 down
#' to 1, j = random_interval(i) (next raw word AND mask, mask = i with all
#' lower bits set, redrawn while > i), then `a[i]` and `a[j]` are swapped.
#'
#' @param gen A generator from \code{numpy_random_state()}; advanced.
#' @param n Length of the permutation (non-negative integer, length 1).
#' @return Integer vector: a permutation of the 0-based values 0..n-1, exactly
#'   numpy's. Add 1 to use it as R indices.
#' @export
#' @examples
#' numpy_permutation(numpy_random_state(1), 5) + 1
numpy_permutation <- function(gen, n) {
  rng_check_gen(gen)
  n <- rng_check_count(n)
  a <- seq_len(n) - 1L
  if (n < 2) return(a)
  i <- n - 1
  # mask = next power of two above i, minus 1; AND with it = mod by the power.
  modulus <- 1
  while (modulus <= i) modulus <- modulus * 2
  j <- numeric(n - 1)
  k <- 0L
  while (i >= 1) {
    # Enough words for the remaining indices if none were rejected; refilled as needed.
    words <- mt_peek(gen, min(i, 65536))
    w <- 0L
    nw <- length(words)
    while (w < nw && i >= 1) {
      if (modulus / 2 > i) modulus <- modulus / 2
      w <- w + 1L
      v <- words[w] %% modulus
      if (v <= i) {
        k <- k + 1L
        j[k] <- v
        i <- i - 1
      }
    }
    mt_drop(gen, w)
  }
  # Swaps for i = n-1 .. 1 (1-based positions i + 1 and j + 1).
  for (t in seq_len(n - 1)) {
    p <- n - t + 1
    q <- j[t] + 1
    tmp <- a[p]
    a[p] <- a[q]
    a[q] <- tmp
  }
  a
}
