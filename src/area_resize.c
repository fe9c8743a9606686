/* OpenCV's INTER_AREA downscaling of an 8-bit RGB image, straight from a
 * native raster (the fast path of R/data-resize.R; the readable statement of
 * the algorithm is resize_area_core there, and the Python twin calls OpenCV).
 *
 * Input: a native raster as jpeg::readJPEG(native = TRUE) and
 * png::readPNG(native = TRUE) return it: an integer (H, W) matrix whose
 * elements are stored row by row (pixel (y, x) at y * W + x), each one
 * packed R | G << 8 | B << 16 | A << 24 (alpha ignored).
 * Output: an integer (out_h, out_w, 3) array (R's column-major order),
 * values 0..255, equal to cv2.resize(img, (out_w, out_h),
 * interpolation = cv2.INTER_AREA) value for value; or NULL when an axis is
 * upscaled (R then runs the reference, which covers that case).
 *
 * Every float operation below is one of OpenCV's float32 operations, in the
 * same order; fused multiply-adds would round once instead of twice, so
 * contraction is switched off (x86-64's default code has no FMA anyway). */
#pragma STDC FP_CONTRACT OFF
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <R.h>
#include <Rinternals.h>

/* One weight of an axis: destination index di gets source index si with
 * weight alpha (float32); entries of one di are consecutive, in OpenCV's order. */
typedef struct {
  int di;
  int si;
  float alpha;
} area_entry;

/* OpenCV's computeResizeAreaTab (0-based; scale = 1 / (dsize / ssize) in
 * double, as cv::resize computes it). Returns the number of entries written
 * to tab (room for ssize + 2 * dsize entries is enough). */
static int area_tab(int ssize, int dsize, double scale, area_entry *tab) {
  int k = 0;
  for (int dx = 0; dx < dsize; dx++) {
    double fsx1 = dx * scale;
    double fsx2 = fsx1 + scale;
    double cell = fmin(scale, ssize - fsx1);
    int sx1 = (int) ceil(fsx1);
    int sx2 = (int) floor(fsx2);
    if (sx2 > ssize - 1) sx2 = ssize - 1;
    if (sx1 > sx2) sx1 = sx2;
    if (sx1 - fsx1 > 1e-3) {
      tab[k].di = dx; tab[k].si = sx1 - 1; tab[k].alpha = (float) ((sx1 - fsx1) / cell); k++;
    }
    for (int sx = sx1; sx < sx2; sx++) {
      tab[k].di = dx; tab[k].si = sx; tab[k].alpha = (float) (1.0 / cell); k++;
    }
    if (fsx2 - sx2 > 1e-3) {
      tab[k].di = dx; tab[k].si = sx2; tab[k].alpha = (float) (fmin(fmin(fsx2 - sx2, 1.0), cell) / cell); k++;
    }
  }
  return k;
}

/* saturate_cast<uchar>(float): round half to even (cvRound), then clamp */
static int sat_u8(float v) {
  long r = lrintf(v);
  return r < 0 ? 0 : (r > 255 ? 255 : (int) r);
}

/* Channel c (0 R, 1 G, 2 B) of a packed pixel */
#define CHANNEL(p, c) ((int) (((uint32_t) (p) >> (8 * (c))) & 0xFFu))

/* Integer factors sx, sy (resizeAreaFast_): block sums; 2x2 blocks
 * (a + b + c + d + 2) >> 2, others saturate((float) sum * (1.f / area)) in
 * float32. The sums are 64-bit: OpenCV's are 32-bit ints, which overflow
 * past (2^31 - 1) / 255 pixels a block (3000x3000 to 1x1 gives 0 for a white
 * image); below that both are the same (the Python twin sums exactly there too). */
static void area_fast(const int *src, int W, int sx, int sy, int out_h, int out_w, int *out) {
  size_t plane = (size_t) out_h * out_w;
  int area = sx * sy;
  float inv_area = 1.f / (float) area;
  int64_t *sum = (int64_t *) R_alloc((size_t) out_w * 3, sizeof(int64_t));
  for (int dy = 0; dy < out_h; dy++) {
    memset(sum, 0, (size_t) out_w * 3 * sizeof(int64_t));
    for (int y = dy * sy; y < (dy + 1) * sy; y++) {
      const int *row = src + (size_t) y * W;
      for (int x = 0; x < out_w * sx; x++) {
        uint32_t p = (uint32_t) row[x];
        int64_t *s = sum + 3 * (x / sx);
        s[0] += (int64_t) (p & 0xFFu);
        s[1] += (int64_t) ((p >> 8) & 0xFFu);
        s[2] += (int64_t) ((p >> 16) & 0xFFu);
      }
    }
    for (int dx = 0; dx < out_w; dx++) {
      for (int c = 0; c < 3; c++) {
        int64_t s = sum[3 * dx + c];
        int v = (sx == 2 && sy == 2) ? (int) ((s + 2) >> 2) : sat_u8((float) s * inv_area);
        out[dy + (size_t) dx * out_h + c * plane] = v;
      }
    }
  }
}

/* Other downscaling (ResizeArea_Invoker): for each (destination row, source
 * row) entry of the y axis in order, the source row's horizontal sums
 * buf[dx] = ((S[s1] * a1) + S[s2] * a2) + ... are formed, then
 * sum[dx] = beta1 * buf1 (first entry of the row) or sum[dx] + beta * buf;
 * each product and sum rounded to float32 */
static void area_general(const int *src, int H, int W, int out_h, int out_w, double scale_y,
                         double scale_x, int *out) {
  size_t plane = (size_t) out_h * out_w;
  area_entry *xtab = (area_entry *) R_alloc((size_t) W + 2 * (size_t) out_w + 2, sizeof(area_entry));
  area_entry *ytab = (area_entry *) R_alloc((size_t) H + 2 * (size_t) out_h + 2, sizeof(area_entry));
  int nx = area_tab(W, out_w, scale_x, xtab);
  int ny = area_tab(H, out_h, scale_y, ytab);
  float *pix = (float *) R_alloc((size_t) W * 3, sizeof(float));
  float *buf = (float *) R_alloc((size_t) out_w * 3, sizeof(float));
  float *sum = (float *) R_alloc((size_t) out_w * 3, sizeof(float));
  int unpacked = -1; /* the source row now in pix */
  for (int j = 0; j < ny; j++) {
    int dy = ytab[j].di;
    int sy = ytab[j].si;
    float beta = ytab[j].alpha;
    if (sy != unpacked) {
      const int *row = src + (size_t) sy * W;
      for (int x = 0; x < W; x++) {
        uint32_t p = (uint32_t) row[x];
        pix[3 * x] = (float) (p & 0xFFu);
        pix[3 * x + 1] = (float) ((p >> 8) & 0xFFu);
        pix[3 * x + 2] = (float) ((p >> 16) & 0xFFu);
      }
      unpacked = sy;
    }
    for (int k = 0; k < out_w * 3; k++) buf[k] = 0.f;
    for (int k = 0; k < nx; k++) {
      const float *s = pix + 3 * xtab[k].si;
      float *b = buf + 3 * xtab[k].di;
      float a = xtab[k].alpha;
      float t0 = s[0] * a, t1 = s[1] * a, t2 = s[2] * a;
      b[0] = b[0] + t0;
      b[1] = b[1] + t1;
      b[2] = b[2] + t2;
    }
    int first = j == 0 || ytab[j - 1].di != dy;
    for (int k = 0; k < out_w * 3; k++) {
      float t = beta * buf[k];
      sum[k] = first ? t : sum[k] + t;
    }
    int last = j == ny - 1 || ytab[j + 1].di != dy;
    if (last) {
      for (int dx = 0; dx < out_w; dx++) {
        for (int c = 0; c < 3; c++) out[dy + (size_t) dx * out_h + c * plane] = sat_u8(sum[3 * dx + c]);
      }
    }
  }
}

/* .Call entry: nr the native raster (integer (H, W) matrix, see the top of
 * this file), out_h and out_w the output size (integers >= 1) */
SEXP nn_area_resize(SEXP nr, SEXP out_h_, SEXP out_w_) {
  SEXP dim = getAttrib(nr, R_DimSymbol);
  if (TYPEOF(nr) != INTSXP || TYPEOF(dim) != INTSXP || LENGTH(dim) != 2) {
    error("nn_area_resize: nr must be a native raster (an integer matrix)");
  }
  int H = INTEGER(dim)[0], W = INTEGER(dim)[1];
  int out_h = asInteger(out_h_), out_w = asInteger(out_w_);
  if (H < 1 || W < 1 || out_h == NA_INTEGER || out_w == NA_INTEGER || out_h < 1 || out_w < 1) {
    error("nn_area_resize: sizes must be positive integers");
  }
  /* cv::resize: inv_scale = dsize / ssize, scale = 1 / inv_scale (in double) */
  double scale_x = 1.0 / ((double) out_w / W);
  double scale_y = 1.0 / ((double) out_h / H);
  int same = H == out_h && W == out_w;
  if (!same && (scale_x < 1 || scale_y < 1)) return R_NilValue; /* upscaling: R's reference */
  SEXP out = PROTECT(allocVector(INTSXP, (R_xlen_t) out_h * out_w * 3));
  SEXP odim = PROTECT(allocVector(INTSXP, 3));
  INTEGER(odim)[0] = out_h;
  INTEGER(odim)[1] = out_w;
  INTEGER(odim)[2] = 3;
  const int *src = INTEGER(nr);
  int *o = INTEGER(out);
  if (same) {
    size_t plane = (size_t) H * W;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int p = src[(size_t) y * W + x];
        for (int c = 0; c < 3; c++) o[y + (size_t) x * H + c * plane] = CHANNEL(p, c);
      }
    }
  } else {
    int isx = (int) lrint(scale_x), isy = (int) lrint(scale_y);
    if (fabs(scale_x - isx) < 2.220446049250313e-16 && fabs(scale_y - isy) < 2.220446049250313e-16) {
      area_fast(src, W, isx, isy, out_h, out_w, o);
    } else {
      area_general(src, H, W, out_h, out_w, scale_y, scale_x, o);
    }
  }
  setAttrib(out, R_DimSymbol, odim);
  UNPROTECT(2);
  return out;
}
