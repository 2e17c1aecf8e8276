/* api_docs.c - documents printed as PDF with libharu (docs/web.md,
 * "Documents"): the FGU competence certificate of a pupil, and the STU
 * competence paper (below).
 *
 * The certificate holds what the store knows of the items of the draft FGU
 * order § 11 (FGU-bekendtgørelsen, udkast af 11. marts 2019): nr. 1 the
 * pupil's name and birth date (identification without the CPR number), nr. 2
 * the institution, nr. 3 that it concerns FGU, nr. 4 the period, nr. 5 the
 * teaching offers the pupil took part in (from the registered attendance:
 * hours present per offer), and from the enrolment's stored FGU course facts
 * (fgu_facts, api_fgu.c): nr. 9 the combination courses, nr. 10 the company
 * practice (the practice agreements), and the certificate's own facts: the
 * issue date, the institution's judgement that the course was completed
 * satisfactorily (§ 10, stk. 1: before issue) and how long the data are kept
 * (§ 10, stk. 4). A certificate not recorded as issued on or before today is
 * printed as a draft ("UDKAST"). The other items (exams and marks, final
 * marks, vocational training, the education certificate) are not held by
 * the server; the certificate says so, and completing it is the
 * institution's. */
#include "server_internal.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small page writer ---- */

typedef struct pdfw {
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font font, bold;
    float y;
    bool failed;
} pdfw;

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
    (void)e, (void)detail;
    ((pdfw *)data)->failed = true;
}

#define MARGIN 56.0f
#define PAGE_W 595.0f
#define PAGE_H 842.0f

static void new_page(pdfw *w)
{
    w->page = HPDF_AddPage(w->doc);
    HPDF_Page_SetSize(w->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    w->y = PAGE_H - MARGIN;
}

/* UTF-8 to WinAnsi (CP1252) for the standard fonts: Latin-1 as it is, the
 * en dash and the curly quotes mapped, anything else '?'. */
static void to_winansi(const char *s, char *out, size_t n)
{
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && k + 1 < n) {
        unsigned cp = *p;
        int len = 1;
        if (cp >= 0xF0 && p[1] && p[2] && p[3])
            cp = ((cp & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u),
            len = 4;
        else if (cp >= 0xE0 && p[1] && p[2])
            cp = ((cp & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u), len = 3;
        else if (cp >= 0xC0 && p[1])
            cp = ((cp & 31u) << 6) | (p[1] & 63u), len = 2;
        char c = '?';
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            c = (char)cp;
        else if (cp == 0x2013)
            c = (char)0x96;
        else if (cp == 0x2014)
            c = (char)0x97;
        else if (cp == 0x201C || cp == 0x201D)
            c = '"';
        out[k++] = c;
        p += len;
    }
    out[k] = 0;
}

/* A paragraph, wrapped at the page width; a new page when it is full. */
static void para(pdfw *w, bool bold, float size, float indent, const char *utf8)
{
    char text[2048];
    to_winansi(utf8, text, sizeof text);
    HPDF_Font f = bold ? w->bold : w->font;
    float width = PAGE_W - 2 * MARGIN - indent;
    const char *p = text;
    do {
        if (w->y < MARGIN + size) new_page(w);
        HPDF_Page_SetFontAndSize(w->page, f, size);
        HPDF_REAL used = 0;
        HPDF_UINT fit = HPDF_Page_MeasureText(w->page, p, width, HPDF_TRUE, &used);
        if (fit == 0) fit = (HPDF_UINT)strlen(p); /* one word wider than the line */
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)fit, p);
        HPDF_Page_BeginText(w->page);
        HPDF_Page_TextOut(w->page, MARGIN + indent, w->y - size, line);
        HPDF_Page_EndText(w->page);
        w->y -= size * 1.4f;
        p += fit;
        while (*p == ' ')
            p++;
    } while (*p);
}

static void gap(pdfw *w, float h)
{
    w->y -= h;
}

/* The finished document as bytes (malloc'ed), or NULL. */
static unsigned char *finish(pdfw *w, size_t *len)
{
    unsigned char *buf = NULL;
    if (!w->failed && HPDF_SaveToStream(w->doc) == HPDF_OK) {
        HPDF_UINT32 size = HPDF_GetStreamSize(w->doc);
        buf = size ? malloc(size) : NULL;
        if (buf && HPDF_ReadFromStream(w->doc, buf, &size) != HPDF_OK && size == 0) {
            free(buf);
            buf = NULL;
        }
        *len = size;
    }
    HPDF_Free(w->doc);
    return w->failed ? (free(buf), NULL) : buf;
}

static bool start(pdfw *w, const char *title)
{
    memset(w, 0, sizeof *w);
    w->doc = HPDF_New(on_error, w);
    if (!w->doc) return false;
    HPDF_SetCompressionMode(w->doc, HPDF_COMP_ALL);
    w->font = HPDF_GetFont(w->doc, "Helvetica", "WinAnsiEncoding");
    w->bold = HPDF_GetFont(w->doc, "Helvetica-Bold", "WinAnsiEncoding");
    char t[256];
    to_winansi(title, t, sizeof t);
    HPDF_SetInfoAttr(w->doc, HPDF_INFO_TITLE, t);
    HPDF_SetInfoAttr(w->doc, HPDF_INFO_CREATOR, "ungdb");
    new_page(w);
    return !w->failed;
}

/* ---- the FGU certificate ---- */

typedef struct offer {
    char title[128];
    int64_t minutes;
} offer;

void api_fgu_certificate(req *r)
{
    int64_t person = r->param[0];
    const char *q = http_query(r, "institution");
    char *end = NULL;
    long long inst = q ? strtoll(q, &end, 10) : 0;
    if (!q || !*q || *end || inst <= 0) {
        http_error(r, 422, "missing_field", "institution",
                   "institution (the FGU institution's id) is required");
        return;
    }
    db *d = db_pool_get(r->s->pool);
    db_person p;
    db_institution in;
    json_t *pj = NULL, *inj = NULL, *att = NULL, *facts = NULL;
    ungdb_error err;
    char today[11];
    http_local_today(today);
    if (!person_access(r, d, person, &p)) {
        /* answered: 404 */
    } else if (db_institution_get(d, inst, &in) != UNGDB_OK || strcmp(in.kind, "fgu") != 0) {
        http_error(r, 422, "not_fgu", "institution", "institution %lld is not an FGU institution",
                   inst);
    } else if (r->user.role == DB_ROLE_STAFF && !scope_institution(r, d, inst)) {
        http_error(r, 403, "forbidden", "institution", "you do not work for institution %lld",
                   inst);
    } else if (!db_person_pupil_at(d, person, inst)) {
        http_error(r, 422, "not_a_pupil", "institution",
                   "person %lld is not a pupil of institution %lld", (long long)person, inst);
    } else if (db_person_json(d, person, &pj, &err) || db_institution_json(d, inst, &inj, &err) ||
               db_person_attendance(d, person, "1900-01-01", today, &att, &err)) {
        http_error(r, 500, "internal", NULL, "cannot read the pupil's data");
    }
    /* § 11, nr. 4: the period, from the pupil's (latest) spell at the institution */
    const char *from = "", *to = NULL;
    int64_t spell = 0;
    size_t i;
    json_t *e;
    json_array_foreach(r->answered ? NULL : json_object_get(pj, "enrolments"), i, e)
    {
        if (json_integer_value(json_object_get(e, "institution")) != inst) continue;
        if (strcmp(json_string_value(json_object_get(e, "role")), "pupil") != 0) continue;
        from = json_string_value(json_object_get(e, "start_date"));
        to = json_string_value(json_object_get(e, "end_date"));
        spell = json_integer_value(json_object_get(e, "id"));
    }
    /* the spell's FGU course facts, if recorded (checked by the engine's
     * parser when stored) */
    if (!r->answered && spell) {
        char *text = NULL;
        ungdb_rc frc = db_fgu_get(d, spell, &text, NULL, &err);
        if (frc == UNGDB_OK)
            facts = json_loads(text, 0, NULL);
        else if (frc != UNGDB_EINPUT)
            http_error(r, 500, "internal", NULL, "cannot read the FGU course facts");
        free(text);
    }
    db_pool_put(r->s->pool, d);
    if (r->answered) goto done;
    json_t *cert = json_object_get(facts, "certificate");
    const char *issued = json_string_value(json_object_get(cert, "issued"));
    const char *judged = json_string_value(json_object_get(cert, "completion_judged"));
    const char *kept = json_string_value(json_object_get(cert, "retained_until"));
    bool is_issued = issued && strcmp(issued, today) <= 0;
    /* § 11, nr. 5: the offers taken part in, hours present per lesson title */
    offer *offers = NULL;
    size_t noffers = 0;
    json_t *row;
    json_array_foreach(att, i, row)
    {
        if (json_integer_value(json_object_get(row, "institution")) != inst) continue;
        int64_t present = json_integer_value(json_object_get(row, "minutes")) -
                          json_integer_value(json_object_get(row, "absent_minutes"));
        if (present <= 0) continue;
        const char *title = json_string_value(json_object_get(row, "title"));
        size_t k = 0;
        while (k < noffers && strcmp(offers[k].title, title ? title : "") != 0)
            k++;
        if (k == noffers) {
            offer *o = realloc(offers, (noffers + 1) * sizeof *o);
            if (!o) break;
            offers = o;
            snprintf(offers[noffers].title, sizeof offers[noffers].title, "%s", title ? title : "");
            offers[noffers++].minutes = 0;
        }
        offers[k].minutes += present;
    }

    pdfw w;
    char line[512];
    if (!start(&w, "Kompetencebevis, forberedende grunduddannelse (FGU)")) {
        free(offers);
        http_error(r, 500, "internal", NULL, "cannot start the PDF");
        goto done;
    }
    para(&w, true, 20, 0, is_issued ? "Kompetencebevis" : "Kompetencebevis - UDKAST");
    para(&w, false, 12, 0, "Forberedende grunduddannelse (FGU)");
    if (!is_issued)
        para(&w, false, 10, 0,
             "Ikke udstedt: beviset udstedes først, når institutionen har vurderet, at "
             "uddannelsesforløbet er gennemført tilfredsstillende (§ 10, stk. 1).");
    gap(&w, 12);
    snprintf(line, sizeof line, "Elev: %s %s, født %s",
             json_string_value(json_object_get(pj, "given_name")),
             json_string_value(json_object_get(pj, "family_name")),
             p.birth_date[0] ? p.birth_date : "(ukendt)");
    para(&w, false, 11, 0, line);
    snprintf(line, sizeof line, "Institution: %s (institutionsnummer %s)",
             json_string_value(json_object_get(inj, "name")), in.code);
    para(&w, false, 11, 0, line);
    para(&w, false, 11, 0,
         "Beviset vedrører forberedende grunduddannelse i medfør af lov om forberedende "
         "grunduddannelse.");
    snprintf(line, sizeof line, "Periode: %s til %s", from, to ? to : today);
    para(&w, false, 11, 0, line);
    gap(&w, 10);
    para(&w, true, 13, 0, "Undervisningstilbud, eleven har deltaget i");
    if (!noffers) para(&w, false, 11, 12, "Ingen registreret deltagelse.");
    for (size_t k = 0; k < noffers; k++) {
        snprintf(line, sizeof line, "%s: %lld timer og %lld minutter", offers[k].title,
                 (long long)(offers[k].minutes / 60), (long long)(offers[k].minutes % 60));
        para(&w, false, 11, 12, line);
    }
    free(offers);
    /* § 11, nr. 9 and 10 from the stored course facts */
    json_t *combs = json_object_get(facts, "combinations");
    json_t *practice = json_object_get(facts, "practice_agreements");
    if (facts) {
        gap(&w, 10);
        para(&w, true, 13, 0, "Kombinationsforløb (§ 11, nr. 9)");
        if (!json_array_size(combs)) para(&w, false, 11, 12, "Intet registreret.");
        json_array_foreach(combs, i, e)
        {
            snprintf(line, sizeof line, "Fra %s til %s",
                     json_string_value(json_object_get(e, "from")),
                     json_string_value(json_object_get(e, "to")));
            para(&w, false, 11, 12, line);
        }
        gap(&w, 6);
        para(&w, true, 13, 0, "Virksomhedspraktik (§ 11, nr. 10)");
        if (!json_array_size(practice)) para(&w, false, 11, 12, "Ingen registreret.");
        json_array_foreach(practice, i, e)
        {
            snprintf(line, sizeof line, "Praktik fra %s til %s",
                     json_string_value(json_object_get(e, "from")),
                     json_string_value(json_object_get(e, "to")));
            para(&w, false, 11, 12, line);
        }
    }
    gap(&w, 10);
    para(&w, true, 13, 0, "Ikke registreret i systemet");
    para(&w, false, 11, 12,
         facts ? "Prøver og bedømmelser, afsluttende standpunktskarakterer, erhvervstræning og "
                 "uddannelsesbevis (§ 11, nr. 6-8 og 11) udfyldes af institutionen, når de "
                 "foreligger."
               : "Prøver og bedømmelser, afsluttende standpunktskarakterer, erhvervstræning, "
                 "kombinationsforløb, virksomhedspraktik og uddannelsesbevis (§ 11, nr. 6-11) "
                 "udfyldes af institutionen, når de foreligger.");
    gap(&w, 10);
    if (judged) {
        snprintf(line, sizeof line,
                 "Institutionen vurderede %s, at uddannelsesforløbet er gennemført "
                 "tilfredsstillende (§ 10, stk. 1).",
                 judged);
        para(&w, false, 11, 0, line);
    }
    if (is_issued) {
        snprintf(line, sizeof line, "Udstedt %s.", issued);
        para(&w, false, 11, 0, line);
    }
    if (kept) {
        snprintf(line, sizeof line,
                 "Oplysningerne til beviset opbevares til og med %s (§ 10, stk. 4).", kept);
        para(&w, false, 11, 0, line);
    }
    gap(&w, 16);
    snprintf(line, sizeof line,
             "Udskrevet %s. Indhold efter FGU-bekendtgørelsen (udkast af 11. "
             "marts 2019) §§ 10-11.",
             today);
    para(&w, false, 9, 0, line);
    size_t len = 0;
    unsigned char *pdf = finish(&w, &len);
    if (!pdf) {
        http_error(r, 500, "internal", NULL, "cannot write the PDF");
        goto done;
    }
    r->out_bin = pdf;
    r->out_bin_len = len;
    r->content_type = "application/pdf";
    snprintf(r->disposition, sizeof r->disposition,
             "inline; filename=\"kompetencebevis-%lld-%s.pdf\"", (long long)person, today);
    /* The read is audited before the answer; the PDF in out_bin is what is
     * sent (send_answer prefers it to the placeholder JSON). */
    char object[64], subj[24];
    snprintf(object, sizeof object, "person/%lld/documents/fgu-certificate", (long long)person);
    snprintf(subj, sizeof subj, "%lld", (long long)person);
    audit_read_then_send(r, json_object(), "document.fgu_certificate", object, subj);
done:
    json_decref(pj);
    json_decref(inj);
    json_decref(att);
    json_decref(facts);
}

/* ---- the STU competence paper ---- */

/* Lov om ungdomsuddannelse for unge med særlige behov § 9, stk. 1: at the
 * end of the education the municipality issues a competence paper with the
 * competences gained and an assessment against the goals of the whole
 * education and of each part; stk. 2: when it is interrupted, one for the
 * parts completed. The paper holds what the store knows (the person, the
 * STU facts the caseworker recorded: decision, start, plans, the years with
 * teaching hours and practical days, interruptions, the end) and leaves the
 * competences and the assessment against the goals, which the store does not
 * hold, to the municipality. */
void api_stu_paper(req *r)
{
    int64_t person = r->param[0];
    db *d = db_pool_get(r->s->pool);
    db_person p;
    json_t *pj = NULL, *cd = NULL, *stu = NULL;
    ungdb_error err;
    char today[11];
    http_local_today(today);
    if (person_access(r, d, person, &p) &&
        (db_person_json(d, person, &pj, &err) || db_case_data(d, person, &cd, &err)))
        http_error(r, 500, "internal", NULL, "cannot read the person's data");
    db_pool_put(r->s->pool, d);
    if (r->answered) goto done;
    const char *facts = json_string_value(json_object_get(cd, "stu"));
    if (!facts || !(stu = json_loads(facts, 0, NULL))) {
        http_error(r, 422, "no_stu", NULL, "person %lld has no STU facts recorded",
                   (long long)person);
        goto done;
    }

    pdfw w;
    char line[512];
    if (!start(&w, "Kompetencepapir, ungdomsuddannelse for unge med særlige behov (STU)")) {
        http_error(r, 500, "internal", NULL, "cannot start the PDF");
        goto done;
    }
    const char *end = json_string_value(json_object_get(stu, "end"));
    const char *end_kind = json_string_value(json_object_get(stu, "end_kind"));
    bool interrupted = end_kind && strcmp(end_kind, "completed") != 0;
    para(&w, true, 20, 0, "Kompetencepapir");
    para(&w, false, 12, 0, "Ungdomsuddannelse for unge med særlige behov (STU)");
    gap(&w, 12);
    snprintf(line, sizeof line, "Navn: %s %s, født %s",
             json_string_value(json_object_get(pj, "given_name")),
             json_string_value(json_object_get(pj, "family_name")),
             p.birth_date[0] ? p.birth_date : "(ukendt)");
    para(&w, false, 11, 0, line);
    snprintf(line, sizeof line, "Udstedt af kommune %s", p.municipality[0] ? p.municipality : "?");
    para(&w, false, 11, 0, line);
    const char *startd = json_string_value(json_object_get(stu, "start"));
    snprintf(line, sizeof line, "Uddannelsen: fra %s til %s%s", startd ? startd : "(ukendt)",
             end ? end : "(ikke afsluttet)",
             interrupted ? " (afbrudt: papiret omfatter de gennemførte dele, § 9, stk. 2)" : "");
    para(&w, false, 11, 0, line);
    json_t *dec = json_object_get(stu, "decision");
    if (dec) {
        snprintf(line, sizeof line, "Visitation: %s",
                 json_string_value(json_object_get(dec, "date"))
                     ? json_string_value(json_object_get(dec, "date"))
                     : "(dato ukendt)");
        para(&w, false, 11, 0, line);
    }
    gap(&w, 10);
    para(&w, true, 13, 0, "Forløbet år for år");
    size_t i;
    json_t *y;
    double hours = 0, days = 0;
    json_array_foreach(json_object_get(stu, "years"), i, y)
    {
        double h = json_number_value(json_object_get(y, "teaching_hours"));
        double pd = json_number_value(json_object_get(y, "practical_days"));
        hours += h, days += pd;
        snprintf(line, sizeof line, "%s til %s: %.0f undervisningstimer, %.0f praktikdage",
                 json_string_value(json_object_get(y, "from")),
                 json_string_value(json_object_get(y, "to")), h, pd);
        para(&w, false, 11, 12, line);
    }
    if (!json_array_size(json_object_get(stu, "years")))
        para(&w, false, 11, 12, "Ingen år registreret.");
    else {
        snprintf(line, sizeof line, "I alt %.0f undervisningstimer og %.0f praktikdage.", hours,
                 days);
        para(&w, false, 11, 12, line);
    }
    json_t *pl;
    json_array_foreach(json_object_get(stu, "plans"), i, pl)
    {
        const char *kind = json_string_value(json_object_get(pl, "kind"));
        snprintf(line, sizeof line, "Uddannelsesplan (%s) af %s",
                 kind && !strcmp(kind, "initial")  ? "foreløbig"
                 : kind && !strcmp(kind, "final")  ? "endelig"
                 : kind && !strcmp(kind, "review") ? "revideret"
                                                   : "?",
                 json_string_value(json_object_get(pl, "date")));
        para(&w, false, 11, 12, line);
    }
    gap(&w, 10);
    para(&w, true, 13, 0, "Opnåede kompetencer og vurdering af målopfyldelsen");
    para(&w, false, 11, 12,
         "Kompetencerne og vurderingen i forhold til målene for uddannelsen som helhed og for "
         "de enkelte dele (§ 9, stk. 1) er ikke registreret i systemet og udfyldes af kommunen.");
    gap(&w, 16);
    snprintf(line, sizeof line,
             "Udskrevet %s. Indhold efter lov om ungdomsuddannelse for unge med særlige behov § 9.",
             today);
    para(&w, false, 9, 0, line);
    size_t len = 0;
    unsigned char *pdf = finish(&w, &len);
    if (!pdf) {
        http_error(r, 500, "internal", NULL, "cannot write the PDF");
        goto done;
    }
    r->out_bin = pdf;
    r->out_bin_len = len;
    r->content_type = "application/pdf";
    snprintf(r->disposition, sizeof r->disposition,
             "inline; filename=\"kompetencepapir-%lld-%s.pdf\"", (long long)person, today);
    char object[64], subj[24];
    snprintf(object, sizeof object, "person/%lld/documents/stu-competence-paper",
             (long long)person);
    snprintf(subj, sizeof subj, "%lld", (long long)person);
    audit_read_then_send(r, json_object(), "document.stu_competence_paper", object, subj);
done:
    json_decref(pj);
    json_decref(cd);
    json_decref(stu);
}
