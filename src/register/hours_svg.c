/* hours_svg.c - the chart of `register hours`: a histogram of the
 * institutions' percent of the norm (folkeskoleloven § 14 b, stk. 1), with
 * the 85-115 % band that register spec § 9 counts as complete shaded.
 * Plain hand-written SVG 1.1, no library; see docs/hours.md. */
#include "hours.h"

#include "ungdb/date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define W 960
#define H 560
#define ML 80 /* plot margins */
#define MR 30
#define MT 110
#define MB 110
#define BIN 5 /* percent per bar */

static const char *const font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";

/* A "nice" tick step for a y axis up to `max` with about 5-8 ticks. */
static int y_step(int max)
{
    static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (max / steps[i] <= 7) return steps[i];
    return 10000;
}

static void thousands(char *buf, size_t n, size_t v)
{
    if (v >= 1000)
        snprintf(buf, n, "%zu,%03zu", v / 1000, v % 1000);
    else
        snprintf(buf, n, "%zu", v);
}

ungdb_rc hours_svg_write(const char *path, const hours_chart *c, ungdb_error *err)
{
    /* x range: 0 to at least 150 %, further in steps of 10 up to 250 %;
     * values beyond go into the last bar, labelled as such. */
    double vmax = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->pct[i] > vmax) vmax = c->pct[i];
    int xmax = 150;
    while (xmax < 250 && vmax >= xmax)
        xmax += 10;
    int nb = xmax / BIN;
    size_t counts[64] = {0};
    bool overflow = vmax >= xmax;
    for (size_t i = 0; i < c->n; i++) {
        int b = (int)floor(c->pct[i] / BIN);
        if (b < 0) b = 0;
        if (b >= nb) b = nb - 1;
        counts[b]++;
    }
    size_t cmax = 1;
    for (int b = 0; b < nb; b++)
        if (counts[b] > cmax) cmax = counts[b];
    int step = y_step((int)cmax);
    int ymax = (int)((cmax + (size_t)step - 1) / (size_t)step) * step;
    if (ymax < (int)cmax) ymax = (int)cmax;

    double pw = W - ML - MR, ph = H - MT - MB;
#define X(v) (ML + (v)*pw / xmax)
#define Y(v) (MT + ph - (v)*ph / ymax)

    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot write the chart");

    char from[11], to[11], nbuf[32];
    ungdb_date_format((ungdb_date){.day = c->from}, from);
    ungdb_date_format((ungdb_date){.day = c->to}, to);
    thousands(nbuf, sizeof nbuf, c->n);
    double share = c->n ? 100.0 * (double)c->in_band_n / (double)c->n : 0;

    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" %s>\n"
            "<title>Scheduled hours against the norm, school year %d/%02d</title>\n"
            "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
            W, H, W, H, font, c->school_year, (c->school_year + 1) % 100, W, H);
    fprintf(f,
            "<text x=\"%d\" y=\"34\" font-size=\"22\" font-weight=\"bold\" fill=\"#222\">"
            "Scheduled hours against the norm, school year %d/%02d</text>\n",
            ML - 40, c->school_year, (c->school_year + 1) % 100);
    fprintf(f,
            "<text x=\"%d\" y=\"62\" font-size=\"15\" fill=\"#222\">%zu of %s institutions "
            "(%.1f %%) lie within 85-115 %% of the norm; median %.1f %%</text>\n",
            ML - 40, c->in_band_n, nbuf, share, c->median);
    fprintf(f,
            "<text x=\"%d\" y=\"84\" font-size=\"13\" fill=\"#555\">Period %s to %s: %d of %d "
            "school days of the year; the norm is pro-rated to the days each pupil was "
            "enrolled.</text>\n",
            ML - 40, from, to, c->school_days, c->school_days_year);

    /* the band */
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#d8efd9\"/>\n"
            "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#2e7d32\" "
            "text-anchor=\"middle\">85-115 %%: complete</text>\n",
            X(HOURS_BAND_LO), MT, X(HOURS_BAND_HI) - X(HOURS_BAND_LO), ph,
            (X(HOURS_BAND_LO) + X(HOURS_BAND_HI)) / 2, MT - 6);

    /* grid and y axis */
    for (int v = 0; v <= ymax; v += step) {
        fprintf(f,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>\n"
                "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" fill=\"#444\" "
                "text-anchor=\"end\">%d</text>\n",
                ML, Y(v), W - MR, Y(v), ML - 8, Y(v) + 4, v);
    }
    /* bars */
    for (int b = 0; b < nb; b++) {
        if (!counts[b]) continue;
        int lo = b * BIN;
        const char *fill = lo >= HOURS_BAND_LO && lo < HOURS_BAND_HI ? "#2e7d32"
                           : lo < HOURS_BAND_LO                      ? "#d9822b"
                                                                     : "#7b5ea7";
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                "<title>%d-%d %%: %zu institutions</title></rect>\n",
                X(lo) + 1, Y((double)counts[b]), X(BIN) - X(0) - 2, Y(0) - Y((double)counts[b]),
                fill, lo, lo + BIN, counts[b]);
    }
    /* the norm and the median */
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" "
            "stroke-dasharray=\"5,4\"/>\n"
            "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#222\">100 %% = norm</text>\n",
            X(100), MT, X(100), Y(0), X(100) + 4, MT + 14);
    if (c->n)
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c62828\" "
                "stroke-width=\"2\"/>\n"
                "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#c62828\" "
                "text-anchor=\"end\">median %.1f %%</text>\n",
                X(c->median > xmax ? xmax : c->median), MT + 20,
                X(c->median > xmax ? xmax : c->median), Y(0),
                X(c->median > xmax ? xmax : c->median) - 4, MT + 32, c->median);

    /* x axis */
    fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>\n", ML, Y(0),
            W - MR, Y(0));
    for (int v = 0; v <= xmax; v += 10)
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#444\" "
                "text-anchor=\"middle\">%d%s</text>\n",
                X(v), Y(0), X(v), Y(0) + 5, X(v), Y(0) + 20, v, overflow && v == xmax ? "+" : "");
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#222\" text-anchor=\"middle\">"
            "percent of the norm (average pupil of the institution, grades 0-9)</text>\n",
            ML + pw / 2, Y(0) + 44);
    fprintf(f,
            "<text transform=\"translate(24,%.1f) rotate(-90)\" font-size=\"14\" fill=\"#222\" "
            "text-anchor=\"middle\">institutions</text>\n",
            MT + ph / 2);
    /* legend and source */
    int ly = H - 34;
    fprintf(f,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#d9822b\"/>"
            "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#444\">below 85 %%</text>\n"
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#2e7d32\"/>"
            "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#444\">85-115 %%</text>\n"
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#7b5ea7\"/>"
            "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#444\">above 115 %%</text>\n",
            ML, ly - 10, ML + 18, ly, ML + 130, ly - 10, ML + 148, ly, ML + 240, ly - 10, ML + 258,
            ly);
    fprintf(f,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#666\">Norm: folkeskoleloven "
            "§ 14 b, stk. 1 (grades 0-3: 1,200, 4-6: 1,320, 7-9: 1,400 hours a year); "
            "bars of %d %%. Made by ungdb register hours.</text>\n",
            ML, H - 12, BIN);
    fputs("</svg>\n", f);
#undef X
#undef Y
    bool ok = !ferror(f);
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return ungdb_error_set(err, UNGDB_EIO, path, 0, "", "cannot write the chart");
    }
    return UNGDB_OK;
}
