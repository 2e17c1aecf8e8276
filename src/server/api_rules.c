/* api_rules.c - the rules engine through the API: findings for a person on a
 * date, VBK § 31's in-scope check used by reports, and how findings are
 * shown (paragraph, facts and the engine's explanation, in Danish or
 * English). The rules themselves live in the engine (src/rules/); the case
 * is built in case_build.c. */
#include "server_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *query_lang(req *r)
{
    const char *l = http_query(r, "lang");
    if (!l || !strcmp(l, "da")) return "da";
    if (!strcmp(l, "en")) return "en";
    http_error(r, 422, "bad_value", "lang", "lang must be da or en");
    return NULL;
}

json_t *findings_json(const ungdb_findings *fl, const char *lang, ungdb_date on)
{
    bool da = !strcmp(lang, "da");
    json_t *a = json_array();
    for (size_t i = 0; i < ungdb_findings_count(fl); i++) {
        const ungdb_finding *f = ungdb_findings_get(fl, i);
        json_t *facts = json_object();
        for (size_t k = 0; k < f->nfacts; k++)
            json_object_set_new(facts, f->facts[k].name, json_string(f->facts[k].value));
        char due[11];
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "rule", f->rule->id,
            "family", f->rule->family, "reference", f->rule->reference, "draft", f->rule->draft,
            "summary", da ? f->rule->summary_da : f->rule->summary_en, "status",
            ungdb_finding_status_name(f->status), "status_text",
            da ? ungdb_finding_status_da(f->status) : ungdb_finding_status_name(f->status),
            "subject", f->subject ? f->subject : "", "facts", facts, "text",
            da ? f->text_da : f->text_en, "text_da", f->text_da, "text_en", f->text_en);
        if (ungdb_date_is_set(f->due)) {
            ungdb_date_format(f->due, due);
            json_object_set_new(o, "due", json_string(due));
            json_object_set_new(o, "days_left", json_integer(f->due.day - on.day));
        } else {
            json_object_set_new(o, "due", json_null());
            json_object_set_new(o, "days_left", json_null());
        }
        json_array_append_new(a, o);
    }
    return a;
}

/* The case id of the person's spell at institution `code` on `on`, from the
 * built case; NULL when none. */
static const char *spell_of(const case_built *b, const char *code, ungdb_date on)
{
    for (size_t i = 0; i < b->c->nenrolments; i++) {
        const ungdb_enrolment *e = &b->c->enrolments[i];
        if (code && (!e->institution || strcmp(e->institution, code))) continue;
        if (e->start.day > on.day) continue;
        if (ungdb_date_is_set(e->end) && e->end.day < on.day) continue;
        return e->id;
    }
    return NULL;
}

/* Does the finding's subject ("enrolments[i] (ID)") name the spell `id`? */
static bool about(const ungdb_finding *f, const char *id)
{
    if (!f->subject || !id) return false;
    const char *p = strrchr(f->subject, '(');
    size_t n = strlen(id);
    return p && !strncmp(p + 1, id, n) && p[1 + n] == ')';
}

ungdb_rc scope_check(db *d, int64_t person, int64_t institution, const char *on, const char *lang,
                     json_t **out, ungdb_error *err)
{
    *out = NULL;
    ungdb_date day;
    if (!ungdb_date_parse(on, strlen(on), &day))
        return ungdb_error_set(err, UNGDB_EINPUT, "", 0, "date", "not a date: %s", on);
    case_built b;
    ungdb_rc rc = case_build(d, person, on, &b, err);
    if (rc) return rc;
    char code[16] = "";
    if (institution) {
        db_institution in;
        if (db_institution_get(d, institution, &in) == UNGDB_OK)
            snprintf(code, sizeof code, "%s", in.code);
    }
    const char *spell = spell_of(&b, institution ? code : NULL, day);
    ungdb_findings *fl = ungdb_findings_new();
    /* vejledningsbekendtgørelsen § 31, stk. 2 og 4: the engine's rule ubd.scope */
    rc = fl ? ungdb_rules_eval(b.c, day, NULL, "ubd.scope", fl) : UNGDB_ENOMEM;
    if (!rc) {
        json_t *all = findings_json(fl, lang, day);
        json_t *pick = NULL;
        size_t i;
        json_t *f;
        json_array_foreach(all, i, f)
        {
            const ungdb_finding *g = ungdb_findings_get(fl, i);
            if (spell ? about(g, spell) : (!pick || g->status == UNGDB_FINDING_OK)) pick = f;
        }
        if (!pick && !spell) pick = json_array_get(all, 0);
        if (pick) {
            *out = json_incref(pick);
        } else {
            /* enrolled elsewhere on the date, but not at this institution */
            *out = json_pack(
                "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "rule", "ubd.scope", "reference",
                ungdb_rules_find("ubd.scope")->reference, "status", "not_applicable", "status_text",
                !strcmp(lang, "da") ? ungdb_finding_status_da(UNGDB_FINDING_NA) : "not_applicable",
                "text",
                !strcmp(lang, "da") ? "Eleven er ikke indskrevet på institutionen på datoen."
                                    : "The pupil is not enrolled at the institution on the date.",
                "text_da", "Eleven er ikke indskrevet på institutionen på datoen.", "text_en",
                "The pupil is not enrolled at the institution on the date.");
        }
        json_decref(all);
    }
    ungdb_findings_free(fl);
    case_built_free(&b);
    return rc;
}

/* Which rule families a role is shown: the institution's work is reporting
 * to the youth database (VBK § 36) and the FGU order; the 15-17 duty (duty
 * order §§ 8-10) and STU (STU-loven § 3) are the municipality's. */
static bool family_allowed(db_role role, const char *family)
{
    if (role == DB_ROLE_ADMIN) return true;
    if (role == DB_ROLE_STAFF) return !strcmp(family, "ubd") || !strcmp(family, "fgu");
    if (role == DB_ROLE_CASEWORKER)
        return !strcmp(family, "ubd") || !strcmp(family, "duty") || !strcmp(family, "stu");
    return false;
}

/* The criteria of the institution of the person's spell on the date, if one
 * is stored (for ubd.candidate). */
static bool criteria_for(db *d, const case_built *b, ungdb_date on, ungdb_criteria *cr,
                         json_t **which)
{
    for (size_t i = 0; i < b->c->nenrolments; i++) {
        const ungdb_enrolment *e = &b->c->enrolments[i];
        if (e->start.day > on.day || (ungdb_date_is_set(e->end) && e->end.day < on.day)) continue;
        int64_t inst = 0;
        if (!e->institution || db_find_institution(d, e->institution, &inst) != UNGDB_OK) continue;
        char *text = NULL, at[24] = "";
        ungdb_error err;
        if (db_criteria_get(d, inst, &text, at, &err) != UNGDB_OK) continue;
        char name[64];
        snprintf(name, sizeof name, "institution-%lld-criteria", (long long)inst);
        ungdb_rc rc = ungdb_criteria_parse(text, strlen(text), name, cr, &err);
        free(text);
        if (rc) continue;
        *which = json_pack("{s:I, s:s}", "institution", (json_int_t)inst, "uploaded_at", at);
        return true;
    }
    return false;
}

void api_findings(req *r)
{
    char today[11], on[11];
    http_local_today(today);
    const char *lang = query_lang(r);
    if (!lang || !query_date(r, "date", today, on)) return;
    const char *fam = http_query(r, "family");
    if (fam && strcmp(fam, "ubd") && strcmp(fam, "duty") && strcmp(fam, "fgu") &&
        strcmp(fam, "stu")) {
        http_error(r, 422, "bad_value", "family", "family must be ubd, duty, fgu or stu");
        return;
    }
    if (fam && !family_allowed(r->user.role, fam)) {
        http_error(r, 403, "forbidden", "family", "your role is not shown the %s rules", fam);
        return;
    }
    ungdb_date day;
    ungdb_date_parse(on, 10, &day);
    db *d = db_pool_get(r->s->pool);
    case_built b = {0};
    ungdb_findings *fl = NULL;
    json_t *crit = NULL;
    ungdb_error err;
    if (!person_access(r, d, r->param[0], NULL)) goto done;
    ungdb_rc rc = case_build(d, r->param[0], on, &b, &err);
    if (rc == UNGDB_ESTATE) {
        http_error(r, 409, "no_birth_date", "birth_date", "%s", err.message);
        goto done;
    }
    if (rc) {
        http_error(r, 500, "internal", NULL, "cannot build the person's case");
        goto done;
    }
    static ungdb_criteria cr_zero;
    ungdb_criteria *cr = malloc(sizeof *cr);
    if (!cr) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    *cr = cr_zero;
    bool have_cr = criteria_for(d, &b, day, cr, &crit);
    ungdb_rules_options opt = {.criteria = have_cr ? cr : NULL};
    fl = ungdb_findings_new();
    rc = fl ? ungdb_rules_eval(b.c, day, &opt, NULL, fl) : UNGDB_ENOMEM;
    free(cr);
    if (rc) {
        http_error(r, 500, "internal", NULL, "out of memory");
        goto done;
    }
    /* keep the families the role is shown (and the one asked for) */
    json_t *all = findings_json(fl, lang, day), *keep = json_array(), *families = json_array();
    int n[UNGDB_FINDING_STATUSES] = {0};
    size_t i;
    json_t *f;
    json_array_foreach(all, i, f)
    {
        const ungdb_finding *g = ungdb_findings_get(fl, i);
        if (!family_allowed(r->user.role, g->rule->family)) continue;
        if (fam && strcmp(fam, g->rule->family)) continue;
        json_array_append(keep, f);
        n[g->status]++;
    }
    json_decref(all);
    static const char *const fams[] = {"ubd", "duty", "fgu", "stu"};
    for (size_t k = 0; k < 4; k++)
        if (family_allowed(r->user.role, fams[k]) && (!fam || !strcmp(fam, fams[k])))
            json_array_append_new(families, json_string(fams[k]));
    json_t *sum = json_object();
    for (int s = 0; s < UNGDB_FINDING_STATUSES; s++)
        json_object_set_new(sum, ungdb_finding_status_name((ungdb_finding_status)s),
                            json_integer(n[s]));
    json_t *out = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:O}", "person",
                            (json_int_t)r->param[0], "date", on, "lang", lang, "families", families,
                            "criteria", crit ? crit : json_null(), "findings", keep, "summary", sum,
                            "case_notes", b.notes);
    crit = NULL;
    db_pool_put(r->s->pool, d);
    d = NULL;
    char object[48], subj[24];
    snprintf(object, sizeof object, "person/%lld/findings", (long long)r->param[0]);
    snprintf(subj, sizeof subj, "%lld", (long long)r->param[0]);
    audit_read_then_send(r, out, "person.findings.read", object, subj);
done:
    json_decref(crit);
    if (d) db_pool_put(r->s->pool, d);
    ungdb_findings_free(fl);
    case_built_free(&b);
}
