/* findings.c - the findings of an evaluation: building them (for the rule
 * families), reading them (for callers) and the JSON form of docs/rules.md. */
#include "rules/rules_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FACTS_MAX 24

typedef struct finding_rec {
    ungdb_finding pub;
    char *text[2];
    size_t len[2];
    ungdb_fact facts[FACTS_MAX];
} finding_rec;

struct ungdb_findings {
    finding_rec **items;
    size_t n, cap;
};

static const char *const status_names[] = {
    "ok", "due", "overdue", "breach", "not_applicable", "needs_judgement"};
static const char *const status_da[] = {"opfyldt", "frist",         "overskredet",
                                        "brud",    "ikke relevant", "kræver vurdering"};
_Static_assert(sizeof status_names / sizeof status_names[0] == UNGDB_FINDING_STATUSES, "names");

const char *ungdb_finding_status_name(ungdb_finding_status s)
{
    return (unsigned)s < UNGDB_FINDING_STATUSES ? status_names[s] : "?";
}
const char *ungdb_finding_status_da(ungdb_finding_status s)
{
    return (unsigned)s < UNGDB_FINDING_STATUSES ? status_da[s] : "?";
}

ungdb_findings *ungdb_findings_new(void)
{
    return calloc(1, sizeof(ungdb_findings));
}

void ungdb_findings_free(ungdb_findings *fl)
{
    if (!fl) return;
    for (size_t i = 0; i < fl->n; i++) {
        finding_rec *r = fl->items[i];
        free(r->text[0]);
        free(r->text[1]);
        free((char *)r->pub.subject);
        for (size_t k = 0; k < r->pub.nfacts; k++)
            free((char *)r->facts[k].value);
        free(r);
    }
    free(fl->items);
    free(fl);
}

size_t ungdb_findings_count(const ungdb_findings *fl)
{
    return fl->n;
}

const ungdb_finding *ungdb_findings_get(const ungdb_findings *fl, size_t i)
{
    return i < fl->n ? &fl->items[i]->pub : NULL;
}

ungdb_finding *rules_finding(rules_ctx *ctx, const ungdb_rule_info *rule, ungdb_finding_status st,
                             ungdb_date due, const char *subject)
{
    ungdb_findings *fl = ctx->fl;
    if (ctx->oom) return NULL;
    if (fl->n == fl->cap) {
        size_t nc = fl->cap ? fl->cap * 2 : 32;
        finding_rec **ni = realloc(fl->items, nc * sizeof *ni);
        if (!ni) goto oom;
        fl->items = ni;
        fl->cap = nc;
    }
    finding_rec *r = calloc(1, sizeof *r);
    if (!r) goto oom;
    r->pub.subject = strdup(subject ? subject : "");
    r->text[0] = strdup("");
    r->text[1] = strdup("");
    if (!r->pub.subject || !r->text[0] || !r->text[1]) {
        free((char *)r->pub.subject);
        free(r->text[0]);
        free(r->text[1]);
        free(r);
        goto oom;
    }
    r->pub.rule = rule;
    r->pub.status = st;
    r->pub.due = due;
    r->pub.text_da = r->text[0];
    r->pub.text_en = r->text[1];
    r->pub.facts = r->facts;
    fl->items[fl->n++] = r;
    return &r->pub;
oom:
    ctx->oom = true;
    return NULL;
}

static finding_rec *rec_of(ungdb_finding *f)
{
    return (finding_rec *)(void *)f; /* pub is the first member */
}

void rules_say(rules_ctx *ctx, ungdb_finding *f, rules_lang lang, const char *fmt, ...)
{
    if (!f || ctx->oom) return;
    finding_rec *r = rec_of(f);
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0) return;
    char *nt = realloc(r->text[lang], r->len[lang] + (size_t)k + 1);
    if (!nt) {
        ctx->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(nt + r->len[lang], (size_t)k + 1, fmt, ap);
    va_end(ap);
    r->text[lang] = nt;
    r->len[lang] += (size_t)k;
    if (lang == LANG_DA)
        f->text_da = nt;
    else
        f->text_en = nt;
}

void rules_fact(rules_ctx *ctx, ungdb_finding *f, const char *name, const char *fmt, ...)
{
    if (!f || ctx->oom) return;
    finding_rec *r = rec_of(f);
    if (f->nfacts == FACTS_MAX) return; /* a rule's author keeps below the cap; see rules_int.h */
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *v = strdup(buf);
    if (!v) {
        ctx->oom = true;
        return;
    }
    r->facts[f->nfacts].name = name;
    r->facts[f->nfacts].value = v;
    f->nfacts++;
}

const char *rules_ds(rules_ctx *ctx, ungdb_date d)
{
    char *b = ctx->datebuf[ctx->dateidx++ % 16];
    if (!ungdb_date_is_set(d)) {
        b[0] = '-';
        b[1] = '\0';
    } else {
        ungdb_date_format(d, b);
    }
    return b;
}

char *ungdb_findings_json(const ungdb_findings *fl, const ungdb_case *c, ungdb_date on)
{
    char buf[16];
    json_t *root = json_object();
    if (!root) return NULL;
    ungdb_date_format(on, buf);
    json_object_set_new(root, "date", json_string(buf));
    if (c && c->id) json_object_set_new(root, "case", json_string(c->id));
    json_t *arr = json_array();
    json_object_set_new(root, "findings", arr);
    size_t counts[UNGDB_FINDING_STATUSES] = {0};
    for (size_t i = 0; i < fl->n; i++) {
        const ungdb_finding *f = &fl->items[i]->pub;
        counts[f->status]++;
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(f->rule->id));
        json_object_set_new(o, "family", json_string(f->rule->family));
        json_object_set_new(o, "reference", json_string(f->rule->reference));
        json_object_set_new(o, "draft", json_boolean(f->rule->draft));
        json_object_set_new(o, "status", json_string(ungdb_finding_status_name(f->status)));
        if (ungdb_date_is_set(f->due)) {
            ungdb_date_format(f->due, buf);
            json_object_set_new(o, "due", json_string(buf));
        } else {
            json_object_set_new(o, "due", json_null());
        }
        json_object_set_new(o, "subject", json_string(f->subject));
        json_t *facts = json_object();
        for (size_t k = 0; k < f->nfacts; k++)
            json_object_set_new(facts, f->facts[k].name, json_string(f->facts[k].value));
        json_object_set_new(o, "facts", facts);
        json_object_set_new(o, "text_da", json_string(f->text_da));
        json_object_set_new(o, "text_en", json_string(f->text_en));
        json_array_append_new(arr, o);
    }
    json_t *sum = json_object();
    for (int s = 0; s < UNGDB_FINDING_STATUSES; s++)
        json_object_set_new(sum, status_names[s], json_integer((json_int_t)counts[s]));
    json_object_set_new(root, "summary", sum);
    char *s = json_dumps(root, JSON_INDENT(2));
    json_decref(root);
    return s;
}

void rules_na(rules_ctx *ctx, const ungdb_rule_info *rule, const char *da, const char *en)
{
    ungdb_finding *f = rules_finding(ctx, rule, UNGDB_FINDING_NA, UNGDB_DATE_NONE, NULL);
    rules_say(ctx, f, LANG_DA, "%s", da);
    rules_say(ctx, f, LANG_EN, "%s", en);
}
