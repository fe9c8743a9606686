/* Registration of the package's compiled routines (R CMD INSTALL builds
 * them; R/data-native.R compiles the same files when R/ is sourced). */
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>

SEXP nn_area_resize(SEXP nr, SEXP out_h, SEXP out_w);

static const R_CallMethodDef call_methods[] = {
  {"nn_area_resize", (DL_FUNC) &nn_area_resize, 3},
  {NULL, NULL, 0}
};

void R_init_nnscratch(DllInfo *dll) {
  R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
}
