/* hours.h - private interface between hours.c (the computation of
 * `register hours`, register spec § 9) and hours_svg.c (its chart). */
#ifndef UNGDB_REGISTER_HOURS_H
#define UNGDB_REGISTER_HOURS_H

#include "ungdb/register.h"

/* The band of percent of the norm that Statistics Denmark counts as a
 * complete registration (register spec § 9). */
#define HOURS_BAND_LO 85
#define HOURS_BAND_HI 115

typedef struct hours_chart {
    int school_year;
    int32_t from, to;
    int school_days, school_days_year;
    const double *pct;   /* percent of the norm per judged institution */
    const bool *in_band; /* the exact band test of each */
    size_t n;
    size_t in_band_n;
    double median;
} hours_chart;

/* Writes the histogram of percent of the norm per institution as SVG to
 * `path` (via a temporary file and rename). UNGDB_EIO on failure. */
ungdb_rc hours_svg_write(const char *path, const hours_chart *c, ungdb_error *err);

#endif
