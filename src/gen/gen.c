/* gen.c - a generator of realistic synthetic weekly deliveries in the format
 * of the register spec (docs/gen.md tells what is generated and why).
 *
 * Shape: one compact record per pupil and per staff member (20 bytes) is the
 * only state kept from week to week. Each week the state is advanced (moves,
 * new teachers, the school year's turn on 1 August), the pupils are bucketed
 * by institution, and the delivery is streamed institution by institution
 * into eight buffered files. Everything about the schedule (timetables,
 * titles, teachers, cancellations, reschedules) is a pure function of the
 * seed and the lesson's coordinates, so a lesson looks the same in every
 * delivery that carries it, unless a change decided before that delivery's
 * extraction says otherwise.
 *
 * Determinism: one xoshiro256** stream (seeded by splitmix64 from the seed)
 * drives the state; keyed splitmix64 hashes drive everything else. Never
 * rand(). */
#include "ungdb/gen.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- tuning */

#define GEN_WINDOW_BEFORE 7 /* schedule_from = Monday of the extraction week - 7 */
#define GEN_WINDOW_AFTER 13 /* schedule_to = Monday of the extraction week + 13 */
#define GEN_WINDOW_DAYS (GEN_WINDOW_BEFORE + GEN_WINDOW_AFTER + 1)
#define GEN_BUF (1u << 20) /* bytes buffered per output file */
#define GEN_MAX_SLOTS 9    /* 45-minute slots per day */
#define GEN_ELECTIVES 4

/* Per mille, per week. */
#define P_MOVE_SCHOOL 6   /* per 10,000 pupils: changes school */
#define P_MOVE_CLASS 6    /* per 10,000 pupils: changes class */
#define P_NEW_TEACHER 30  /* per 1,000 institutions: a teacher is replaced */
#define P_ROSTER_GONE 6   /* per 1,000 institutions: missing from the roster */
#define P_AUG_TURNOVER 80 /* per 1,000 staff: replaced at the new school year */
/* Per 1,000 lessons. */
#define P_CANCEL 15
#define P_RESCHEDULE 30
#define P_SUBSTITUTE 30

/* ------------------------------------------------------- calendar (local) */
/* Small static helpers; include/ungdb/date.h has the library's versions. */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)yoe + era * 400 + (*m <= 2);
}

static int weekday0(int32_t day) /* 0 = Monday ... 6 = Sunday */
{
    int w = (int)((day + 3) % 7);
    return w < 0 ? w + 7 : w;
}

/* The school year that `day` belongs to, named by the year of its 1 August. */
static int school_year(int32_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    return m >= 8 ? y : y - 1;
}

/* A day with lessons: ungdb_is_school_day (include/ungdb/date.h), the
 * typical municipal school calendar that `register hours` also uses. */
static bool school_day(int32_t day)
{
    return ungdb_is_school_day((ungdb_date){.day = day});
}

/* --------------------------------------------------------------- random */

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t hash4(uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
    return mix64(mix64(mix64(seed ^ mix64(a)) ^ b) ^ c);
}

typedef struct rng {
    uint64_t s[4];
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        seed += 0x9e3779b97f4a7c15ull;
        r->s[i] = mix64(seed);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---------------------------------------------------------------- names */

static const char *const boys[] = {
    "Noah",      "William",  "Oscar",     "Lucas",  "Carl",    "Victor", "Malthe",  "Alfred",
    "Oliver",    "Emil",     "Valdemar",  "Aksel",  "Magnus",  "Elias",  "August",  "Frederik",
    "Anton",     "Mads",     "Johan",     "Storm",  "Villads", "Theo",   "Arthur",  "Felix",
    "Christian", "Mikkel",   "Mathias",   "Søren",  "Bjørn",   "Jonas",  "Laurits", "Ahmad",
    "Ali",       "Mohammed", "Sebastian", "Rasmus", "Asger",   "Tobias", "Kasper",  "Nikolaj"};
static const char *const girls[] = {
    "Ida",   "Sofie",  "Freja",    "Emma",     "Alma",     "Ella",   "Clara",  "Anna",
    "Karla", "Agnes",  "Olivia",   "Josefine", "Luna",     "Asta",   "Lærke",  "Nora",
    "Ellen", "Frida",  "Mathilde", "Laura",    "Signe",    "Astrid", "Maja",   "Liva",
    "Vigga", "Esther", "Saga",     "Marie",    "Caroline", "Sara",   "Fatima", "Zainab",
    "Mille", "Sille",  "Rosa",     "Filippa",  "Victoria", "Selma",  "Åse",    "Bodil"};
static const char *const men[] = {"Jørgen", "Jens",  "Peter", "Lars",   "Michael", "Henrik",
                                  "Thomas", "Søren", "Niels", "Anders", "Morten",  "Jesper",
                                  "Martin", "Ole",   "Hans",  "Bent",   "Torben",  "Claus",
                                  "Kim",    "Brian", "Jan",   "Rasmus", "Kenneth", "Steffen",
                                  "Poul",   "Finn",  "Erik",  "Jacob",  "Bo",      "Per"};
static const char *const women[] = {
    "Anne",    "Kirsten", "Mette",     "Hanne", "Susanne", "Lene",   "Helle", "Marianne",
    "Camilla", "Louise",  "Pia",       "Trine", "Birgit",  "Inge",   "Karen", "Tina",
    "Maria",   "Rikke",   "Charlotte", "Lone",  "Åse",     "Dorthe", "Gitte", "Bente",
    "Malene",  "Julie",   "Stine",     "Sanne", "Jette",   "Lotte"};
static const char *const families[] = {
    "Nielsen",     "Jensen",    "Hansen",     "Pedersen",     "Andersen",    "Christensen",
    "Larsen",      "Sørensen",  "Rasmussen",  "Jørgensen",    "Petersen",    "Madsen",
    "Kristensen",  "Olsen",     "Thomsen",    "Christiansen", "Poulsen",     "Johansen",
    "Møller",      "Mortensen", "Knudsen",    "Jakobsen",     "Mikkelsen",   "Olesen",
    "Frederiksen", "Laursen",   "Henriksen",  "Lund",         "Holm",        "Schmidt",
    "Eriksen",     "Kjær",      "Østergaard", "Søndergaard",  "Vestergaard", "Nørgaard",
    "Lauridsen",   "Dahl",      "Bach",       "Kjærgaard",    "Ahmed",       "Hussein",
    "Ali",         "Yilmaz",    "Nguyen",     "Bækgaard",     "Skov",        "Friis",
    "Bøgh",        "Lindholm"};
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* -------------------------------------------------------------- subjects */

enum {
    S_DANSK,
    S_MAT,
    S_ENG,
    S_TYSK,
    S_FRANSK,
    S_KRI,
    S_HIS,
    S_SAM,
    S_NT,
    S_GEO,
    S_BIO,
    S_FK,
    S_IDR,
    S_MUS,
    S_BIL,
    S_HD,
    S_MAD,
    S_UU,
    S_KT,
    S_EMNE,
    S_LEKTIE,
    S_VALG,
    S_MOTION,
    S_N,
    S_NONE = 255
};

/* Title templates: %k is the class name, %g the grade. */
static const char *const titles[S_N][8] = {
    [S_DANSK] = {"Dansk", "Dansk %k", "DAN", "da", "dansk %g", "Dansk, %k", "DA %k", "Dansk"},
    [S_MAT] = {"Matematik", "MAT", "ma", "Matematik %k", "Mat %g", "matte", "MA %k", "Matematik"},
    [S_ENG] = {"Engelsk", "eng", "ENG %k", "Engelsk %g", "engelsk", "EN", "Engelsk", "Engelsk %k"},
    [S_TYSK] = {"Tysk", "tysk", "TY", "Tysk %k", "tysk %g", "Tysk", "TYS", "Tysk"},
    [S_FRANSK] = {"Fransk", "fransk", "FR", "Fransk %k", "Fransk", "fra", "Fransk", "Fransk"},
    [S_KRI] = {"Kristendom", "Kristendomskundskab", "KRI", "kr", "Kristendom %k", "Kristendom",
               "krist", "KR %g"},
    [S_HIS] = {"Historie", "HIS", "hi %k", "Historie %g", "historie", "Historie", "HI", "Historie"},
    [S_SAM] = {"Samfundsfag", "SAM", "samf", "Samfundsfag %k", "Samfundsfag", "sa", "SAM %g",
               "Samfundsfag"},
    [S_NT] = {"N/T %k", "Natur/teknologi", "N/T", "nat/tek", "NT", "Natur og teknologi", "N/T %g",
              "Natur/Teknologi"},
    [S_GEO] = {"Geografi", "GEO", "geo", "Geografi %k", "Geografi", "GE", "geo %g", "Geografi"},
    [S_BIO] = {"Biologi", "BIO", "bio", "Biologi %k", "Biologi", "BI", "bio %g", "Biologi"},
    [S_FK] = {"Fysik/kemi", "fys/kem", "FK", "Fysik/Kemi %k", "fysik-kemi", "Fysik/kemi", "FY",
              "fys/kemi %g"},
    [S_IDR] = {"Idræt", "Idræt drenge %g", "Idræt piger %g", "Idraet", "IDR", "idr %k", "Idræt %k",
               "Idræt"},
    [S_MUS] = {"Musik", "MU", "musik %k", "Musik", "Musik %g", "musik", "MUS", "Musik"},
    [S_BIL] = {"Billedkunst", "BIL", "Billedkunst %k", "billedkunst", "Billedkunst", "BK",
               "Billedkunst %g", "Billedkunst"},
    [S_HD] = {"Håndværk og design", "HD", "Håndværk & design", "H&D", "Haandvaerk og design",
              "Håndværk og design %k", "HDS", "Håndværk/design"},
    [S_MAD] = {"Madkundskab", "Hjemkundskab", "MAD", "madk.", "Madkundskab %k", "Madkundskab",
               "Hjemkundskab %g", "Mad"},
    [S_UU] = {"UUV", "Understøttende undervisning", "UU", "uuv %k", "Understøttende", "UUV %k",
              "Understottende undervisning", "UUV"},
    [S_KT] = {"Klassens tid", "KT", "Klassens time", "klassenstid", "Klassens tid %k",
              "Klassens tid", "KT %k", "Klassens Tid"},
    [S_EMNE] = {"Uddannelse og job", "Færdselslære", "Sundhed og seksualundervisning", "UEA",
                "Emneuge", "Uddannelse og job %g", "Færdsel", "Emne"},
    [S_LEKTIE] = {"Lektiecafé", "Lektiecafe", "Faglig fordybelse", "Lektiecafé", "Lektiehjælp",
                  "Lektiecafé", "lektiecafé", "Faglig fordybelse"},
    [S_VALG] = {"Valgfag: Drama", "Valgfag: Medier", "Valgfag - Programmering", "Filmkundskab",
                "Valgfag \"Håndbold\"", "Valgfag: Madkundskab", "Valgfag: Drama", "Valgfag"},
    [S_MOTION] = {"Motionsdag", "Motionsdag", "Skolernes motionsdag", "Trivselsdag",
                  "Motionsdag %k", "Idrætsdag", "Ekskursion", "Motionsdag"},
};

/* 45-minute slots per week per grade, in the order of the enum. */
static const uint8_t plan[10][S_UU + 1] = {
    /*  da ma en ty fr kr hi sa nt ge bi fk id mu bi hd md uu */
    {10, 5, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 2, 2, 2, 0, 0, 10},
    {10, 5, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 2, 2, 2, 0, 0, 10},
    {9, 5, 2, 0, 0, 1, 0, 0, 2, 0, 0, 0, 2, 2, 2, 0, 0, 9},
    {8, 5, 2, 0, 0, 1, 0, 0, 2, 0, 0, 0, 2, 2, 1, 1, 0, 10},
    {7, 5, 2, 0, 0, 1, 2, 0, 3, 0, 0, 0, 3, 2, 1, 2, 1, 10},
    {7, 5, 2, 1, 0, 1, 2, 0, 3, 0, 0, 0, 3, 1, 1, 2, 1, 10},
    {7, 5, 3, 2, 0, 1, 2, 0, 3, 0, 0, 0, 3, 1, 1, 2, 0, 9},
    {7, 5, 3, 3, 0, 1, 2, 0, 0, 2, 2, 2, 2, 0, 0, 0, 2, 6},
    {7, 5, 3, 3, 0, 0, 2, 0, 0, 2, 2, 3, 2, 0, 0, 0, 0, 7},
    {8, 5, 3, 3, 0, 1, 1, 2, 0, 1, 1, 3, 2, 0, 0, 0, 0, 6},
};

/* Start of each 45-minute slot, minutes after midnight. */
static const int slot_start[GEN_MAX_SLOTS] = {480, 525, 590, 635, 710, 755, 810, 855, 900};

static const char *const elective_names[GEN_ELECTIVES * 2] = {
    "Valgfag drama",    "Valgfag: Medier",       "Valgfag programmering", "Filmkundskab",
    "Valgfag håndbold", "Madkundskab (valgfag)", "Spansk, valgfag",       "Valgfag \"Musical\""};

/* ------------------------------------------------------------- state */

/* One person: 20 bytes, the whole kept state of a pupil or staff member. */
typedef struct person {
    uint32_t serial;     /* global person number: the user_id comes from it */
    int32_t birth;       /* day number */
    uint16_t cpr_serial; /* the last four digits */
    uint16_t inst;       /* institution index */
    uint16_t cohort;     /* pupils: the school year in which they began grade 0 */
    uint8_t letter;      /* pupils: class letter index */
    uint8_t given, family;
    uint8_t flags; /* PF_* */
} person;
_Static_assert(sizeof(person) == 20, "person is kept compact");

enum { PF_MALE = 1, PF_ALNUM = 2, PF_NODASH = 4 };

typedef struct inst {
    uint32_t number;
    uint8_t classes; /* per grade */
    uint8_t class_style, year_style, team_style;
    bool teams, fransk;
    uint16_t n_teach, n_ped, n_staff;
    uint8_t reg;           /* registration habit: REG_* */
    uint8_t drop_pct;      /* REG_PARTIAL: share of class lessons left out */
    uint8_t stage;         /* REG_STAGE: the stage left out: 0 grades 0-3, 1 grades 7-9 */
    uint32_t staff0;       /* first index in gen.staff */
    uint32_t first, count; /* this week's pupils: order[first .. first+count) */
} inst;

/* How completely a school registers its schedule in AULA (seed 001 § 5.1:
 * "some schools miss most activities, at others only some groups or some
 * particular activities are missing"). Shares of schools: */
enum {
    REG_COMPLETE, /* the timetable, less 0-8 % of the class lessons (85 %) */
    REG_PARTIAL,  /* leaves out 30-85 % of its class lessons (5 %) */
    REG_STAGE,    /* does not register one stage (grades 0-3 or 7-9) at all (5 %) */
    REG_EXTRA,    /* also registers the breaks and a morning reading band (5 %) */
};

enum { F_PERSONS, F_ROLES, F_GROUPS, F_MEMBERS, F_LESSONS, F_LGROUPS, F_LSTAFF, F_N };

static const char *const file_names[F_N] = {"persons.csv",     "roles.csv",   "groups.csv",
                                            "members.csv",     "lessons.csv", "lesson_groups.csv",
                                            "lesson_staff.csv"};
static const char *const file_headers[F_N] = {
    "user_id,cpr,given_name,family_name\n",    "user_id,institution,role,grade\n",
    "institution,group_id,name,type\n",        "user_id,institution,group_id\n",
    "institution,lesson_id,title,start,end\n", "institution,lesson_id,group_id\n",
    "institution,lesson_id,user_id\n"};

typedef struct wfile {
    int fd;
    size_t n;
    char *buf;
} wfile;

typedef struct fld {
    const char *p;
    size_t n;
} fld;

typedef struct gen {
    const ungdb_gen_opts *o;
    ungdb_error *err;
    uint64_t seed;
    rng r;
    int K, P;
    inst *insts;
    person *pupils; /* K * P */
    uint32_t npupils;
    person *staff;
    uint32_t nstaff;
    uint32_t *order;  /* pupils bucketed by institution */
    uint16_t *births; /* per (birth day, sex): numbers handed out */
    uint32_t next_serial;
    int sy; /* school year of the current state */
    /* The delivery being written. */
    int week;
    int32_t extracted, from, to;
    char path[1100]; /* a delivery directory (< 1024) and a file name */
    wfile f[F_N];
    bool failed;
    /* Error injection. */
    double err_rate;
    double err_log; /* log(1 - rate) */
    rng er;
    uint64_t skip[F_N];
    uint64_t injected;
    char ebuf[4][64];
    /* Day strings of the window. */
    char daystr[GEN_WINDOW_DAYS][11];
    char dayid[GEN_WINDOW_DAYS][8]; /* YYYYMMDD, no NUL */
    bool dayok[GEN_WINDOW_DAYS];
} gen;

#define BIRTH_BASE_YEAR 1940
#define BIRTH_DAYS (100 * 366)

/* ----------------------------------------------------------- formatting */

static char *put_uint(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_2(char *p, int v)
{
    *p++ = (char)('0' + v / 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

/* Lowercase ASCII letters of a name: æ -> ae, ø -> oe, å -> aa. */
static char *put_login_prefix(char *p, const char *name, int max)
{
    int n = 0;
    for (const unsigned char *s = (const unsigned char *)name; *s && n < max;) {
        if (s[0] == 0xc3 && s[1]) {
            const char *rep = NULL;
            switch (s[1]) {
            case 0xa6:
            case 0x86:
                rep = "ae";
                break;
            case 0xb8:
            case 0x98:
                rep = "oe";
                break;
            case 0xa5:
            case 0x85:
                rep = "aa";
                break;
            default:
                rep = "e";
                break;
            }
            for (; *rep && n < max; rep++, n++)
                *p++ = *rep;
            s += 2;
        } else {
            char c = (char)*s++;
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            if (c >= 'a' && c <= 'z') {
                *p++ = c;
                n++;
            }
        }
    }
    return p;
}

static const char *given_name(const person *x, bool adult)
{
    if (adult)
        return (x->flags & PF_MALE) ? men[x->given % NELEM(men)] : women[x->given % NELEM(women)];
    return (x->flags & PF_MALE) ? boys[x->given % NELEM(boys)] : girls[x->given % NELEM(girls)];
}

/* The roster login: "mads4821937" (letters of the given name and a 6-7
 * digit number) or 8 random-looking base-36 characters. Both are bijections
 * of the serial, and their lengths (9-11 and 8) keep the two kinds apart. */
static size_t format_user_id(char *out, const person *x, bool adult)
{
    char *p = out;
    if (x->flags & PF_ALNUM) {
        static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
        const uint64_t m = 2821109907456ull; /* 36^8 */
        uint64_t v = ((uint64_t)x->serial * 2654435761ull + 1234567891ull) % m;
        for (int i = 7; i >= 0; i--) {
            p[i] = digits[v % 36];
            v /= 36;
        }
        return 8;
    }
    p = put_login_prefix(p, given_name(x, adult), 4);
    if (p - out < 3) *p++ = 'x';
    uint64_t v = 100000 + ((uint64_t)x->serial * 7368787ull + 1234567ull) % 9900000ull;
    p = put_uint(p, v);
    return (size_t)(p - out);
}

static size_t format_cpr(char *out, const person *x)
{
    int y, m, d;
    civil_from_days(x->birth, &y, &m, &d);
    char *p = put_2(put_2(put_2(out, d), m), y % 100);
    if (!(x->flags & PF_NODASH)) *p++ = '-';
    p = put_2(put_2(p, x->cpr_serial / 100), x->cpr_serial % 100);
    return (size_t)(p - out);
}

static char *put_date_id(char *p, int32_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    return put_2(put_2(put_2(put_2(p, y / 100), y % 100), m), d);
}

static void format_date(char *out, int32_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    char *p = put_2(put_2(out, y / 100), y % 100);
    *p++ = '-';
    p = put_2(p, m);
    *p++ = '-';
    p = put_2(p, d);
    *p = '\0';
}

/* Class name in the institution's style: 4.a, 4A, 4a, 4.A or 4. a. */
static size_t class_name(char *out, const inst *in, int grade, int letter)
{
    char *p = put_uint(out, (uint64_t)grade);
    char lo = (char)('a' + letter), up = (char)('A' + letter);
    switch (in->class_style) {
    case 0:
        *p++ = '.';
        *p++ = lo;
        break;
    case 1:
        *p++ = up;
        break;
    case 2:
        *p++ = lo;
        break;
    case 3:
        *p++ = '.';
        *p++ = up;
        break;
    default:
        *p++ = '.';
        *p++ = ' ';
        *p++ = lo;
        break;
    }
    return (size_t)(p - out);
}

/* -------------------------------------------------------------- writing */

static void wflush(gen *g, wfile *w)
{
    size_t off = 0;
    while (off < w->n && !g->failed) {
        ssize_t k = write(w->fd, w->buf + off, w->n - off);
        if (k < 0) {
            if (errno == EINTR) continue;
            ungdb_error_set(g->err, UNGDB_EIO, g->path, 0, "", "write failed: %s", strerror(errno));
            g->failed = true;
        } else {
            off += (size_t)k;
        }
    }
    w->n = 0;
}

static char *wreserve(gen *g, int f, size_t need)
{
    wfile *w = &g->f[f];
    if (w->n + need > GEN_BUF) wflush(g, w);
    return w->buf + w->n;
}

static const uint8_t needs_quote[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

/* Error kinds, chosen per file (inject()). */
enum {
    E_NONE,
    E_DUP,   /* the row twice */
    E_QUOTE, /* a '"' inside an unquoted field of column `col` */
    E_VALUE, /* column `col` replaced by ebuf[0] */
    E_SWAP,  /* columns 3 and 4 swapped (lessons: end before start) */
};

static void write_row(gen *g, int f, fld *v, int nf, int kind, int col)
{
    size_t need = 2 * (size_t)nf + 8;
    for (int i = 0; i < nf; i++)
        need += 2 * v[i].n;
    if (need > GEN_BUF / 4) return; /* cannot happen with our values */
    char *p = wreserve(g, f, 2 * need), *start = p;
    for (int i = 0; i < nf; i++) {
        if (i) *p++ = ',';
        const char *s = v[i].p;
        size_t n = v[i].n;
        if (kind == E_QUOTE && i == col) {
            /* A quote inside an unquoted field: Nielsen" or x"y. */
            if (n == 0) {
                memcpy(p, "x\"y", 3);
                p += 3;
            } else {
                for (size_t j = 0; j < n; j++)
                    if (!needs_quote[(unsigned char)s[j]]) *p++ = s[j];
                *p++ = '"';
            }
            continue;
        }
        bool q = false;
        for (size_t j = 0; j < n; j++)
            if (needs_quote[(unsigned char)s[j]]) {
                q = true;
                break;
            }
        if (!q) {
            memcpy(p, s, n);
            p += n;
        } else {
            *p++ = '"';
            for (size_t j = 0; j < n; j++) {
                if (s[j] == '"') *p++ = '"';
                *p++ = s[j];
            }
            *p++ = '"';
        }
    }
    *p++ = '\n';
    size_t len = (size_t)(p - start);
    if (kind == E_DUP) {
        memcpy(p, start, len);
        len *= 2;
    }
    g->f[f].n += len;
}

/* ---------------------------------------------------- error injection */

static uint64_t err_skip(gen *g)
{
    if (g->err_rate >= 1.0) return 1;
    double u = rng_unit(&g->er);
    if (u <= 0) u = 0x1.0p-53;
    double k = floor(log(u) / g->err_log);
    if (k > 1e15) k = 1e15;
    return 1 + (uint64_t)k;
}

static fld mkfld(const char *s)
{
    return (fld){s, strlen(s)};
}

/* Picks an error for one row of file f (whose fields are v) and applies it
 * to v; returns the kind and sets *col. Errors of the kinds the register
 * spec names (§ 1, § 8): see docs/gen.md for the list. */
static int inject(gen *g, int f, fld *v, int *col)
{
    static const char *const bad_cpr[] = {"320115-4123", "3002124567", "12345",
                                          "0101AB-1234", "1313134123", "010116-12345"};
    static const char *const bad_inst[] = {"12345", "2801O1", "1234567", "", "28010a"};
    static const char *const bad_dt[] = {"2025-06-02 08:00",
                                         "2025-02-30T08:00",
                                         "2025-06-02T24:00",
                                         "02-06-2025 08:00",
                                         "2025-06-02T8:00",
                                         "2025-06-02T08:00:00",
                                         ""};
    char *e = g->ebuf[0];
    uint32_t r = rng_below(&g->er, 100);
    g->injected++;
    *col = 0;
    if (r < 12) return E_DUP;
    switch (f) {
    case F_PERSONS:
        if (r < 40) {
            *col = 1;
            v[1] = mkfld("");
            return E_VALUE;
        }
        if (r < 80) {
            *col = 1;
            v[1] = mkfld(bad_cpr[rng_below(&g->er, NELEM(bad_cpr))]);
            return E_VALUE;
        }
        if (r < 90) {
            v[0] = mkfld("");
            return E_VALUE;
        }
        *col = 3;
        return E_QUOTE;
    case F_ROLES:
        if (r < 45) {
            *col = 3;
            if (v[3].n) {
                static const char *const bad[] = {"11", "-1", "3a", " 5", "12"};
                if (rng_below(&g->er, 2) && v[3].n == 1) {
                    e[0] = '0';
                    e[1] = v[3].p[0];
                    v[3] = (fld){e, 2};
                } else {
                    v[3] = mkfld(bad[rng_below(&g->er, NELEM(bad))]);
                }
            } else {
                v[3] = mkfld(rng_below(&g->er, 2) ? "5" : "0");
            }
            return E_VALUE;
        }
        if (r < 65) {
            static const char *const bad[] = {"laerer", "Teacher", "elev", "vikar", "PUPIL", ""};
            *col = 2;
            v[2] = mkfld(bad[rng_below(&g->er, NELEM(bad))]);
            return E_VALUE;
        }
        if (r < 85) {
            *col = 1;
            v[1] = mkfld(bad_inst[rng_below(&g->er, NELEM(bad_inst))]);
            return E_VALUE;
        }
        return E_QUOTE;
    case F_GROUPS:
        if (r < 45) {
            static const char *const bad[] = {"klasse", "Main", "hold", "", "årgang"};
            *col = 3;
            v[3] = mkfld(bad[rng_below(&g->er, NELEM(bad))]);
            return E_VALUE;
        }
        if (r < 65) {
            v[0] = mkfld(bad_inst[rng_below(&g->er, NELEM(bad_inst))]);
            return E_VALUE;
        }
        if (r < 75) {
            *col = 1;
            v[1] = mkfld("");
            return E_VALUE;
        }
        *col = 2;
        return E_QUOTE;
    case F_MEMBERS:
        if (r < 45) {
            *col = 1;
            v[1] = mkfld(bad_inst[rng_below(&g->er, NELEM(bad_inst))]);
            return E_VALUE;
        }
        if (r < 70) {
            v[0] = mkfld("");
            return E_VALUE;
        }
        if (r < 80) {
            *col = 2;
            v[2] = mkfld("");
            return E_VALUE;
        }
        *col = 2;
        return E_QUOTE;
    case F_LESSONS:
        if (r < 50) {
            *col = 3 + (int)rng_below(&g->er, 2);
            v[*col] = mkfld(bad_dt[rng_below(&g->er, NELEM(bad_dt))]);
            return E_VALUE;
        }
        if (r < 70) return E_SWAP;
        if (r < 78) {
            v[0] = mkfld(bad_inst[rng_below(&g->er, NELEM(bad_inst))]);
            return E_VALUE;
        }
        if (r < 84) {
            *col = 1;
            v[1] = mkfld("");
            return E_VALUE;
        }
        *col = 2;
        return E_QUOTE;
    case F_LGROUPS:
        if (r < 60) {
            int n = snprintf(e, 64, "X%.*s", (int)(v[1].n > 40 ? 40 : v[1].n), v[1].p);
            *col = 1;
            v[1] = (fld){e, (size_t)n};
            return E_VALUE;
        }
        if (r < 80) {
            v[0] = mkfld(bad_inst[rng_below(&g->er, NELEM(bad_inst))]);
            return E_VALUE;
        }
        *col = 2;
        return E_QUOTE;
    default: /* F_LSTAFF */
        if (r < 50) {
            int n = snprintf(e, 64, "vikar%u", 1000 + rng_below(&g->er, 9000));
            *col = 2;
            v[2] = (fld){e, (size_t)n};
            return E_VALUE;
        }
        if (r < 75) {
            *col = 2;
            v[2] = mkfld("");
            return E_VALUE;
        }
        if (r < 90) {
            int n = snprintf(e, 64, "X%.*s", (int)(v[1].n > 40 ? 40 : v[1].n), v[1].p);
            *col = 1;
            v[1] = (fld){e, (size_t)n};
            return E_VALUE;
        }
        *col = 1;
        return E_QUOTE;
    }
}

static void emit(gen *g, int f, fld *v, int nf)
{
    int kind = E_NONE, col = 0;
    if (g->err_rate > 0 && --g->skip[f] == 0) {
        g->skip[f] = err_skip(g);
        kind = inject(g, f, v, &col);
        if (kind == E_SWAP) {
            fld t = v[3];
            v[3] = v[4];
            v[4] = t;
        }
    }
    write_row(g, f, v, nf, kind, col);
}

/* ------------------------------------------------------------ people */

static uint16_t cpr_alloc(gen *g, int32_t birth, bool male, bool pupil)
{
    int32_t idx = birth - days_from_civil(BIRTH_BASE_YEAR, 1, 1);
    if (idx < 0 || idx >= BIRTH_DAYS) idx = 0;
    uint16_t *c = &g->births[2 * idx + (male ? 1 : 0)];
    uint32_t n = (*c)++;
    /* Pupils (2000s, YY <= 36) get 7th digit 4-9; adults (1900s) 0-3. */
    uint32_t lo = pupil ? 4 : 0, nd = pupil ? 6 : 4, combos = nd * 500;
    uint32_t k = (n * 1237u + (uint32_t)idx * 7u) % combos;
    uint32_t d7 = lo + k % nd, rest = k / nd; /* 0..499 */
    uint32_t mid = rest / 5, last = 2 * (rest % 5) + (male ? 1 : 0);
    return (uint16_t)(d7 * 1000 + mid * 10 + last);
}

static void new_pupil(gen *g, person *x, int k, int cohort, int letter)
{
    inst *in = &g->insts[k];
    memset(x, 0, sizeof *x);
    x->serial = g->next_serial++;
    x->inst = (uint16_t)k;
    x->cohort = (uint16_t)cohort;
    x->letter = (uint8_t)letter;
    bool male = rng_below(&g->r, 2);
    x->flags = (uint8_t)((male ? PF_MALE : 0) | ((in->number % 3 == 0) ? PF_ALNUM : 0) |
                         ((in->number % 5 == 0) ? PF_NODASH : 0));
    x->given = (uint8_t)rng_below(&g->r, 40);
    x->family = (uint8_t)rng_below(&g->r, NELEM(families));
    /* Grade 0 starts in August of the year the child turns 6; a few start a year late. */
    int by = cohort - 6 - (rng_below(&g->r, 100) < 3 ? 1 : 0);
    int32_t d0 = days_from_civil(by, 1, 1), d1 = days_from_civil(by + 1, 1, 1);
    x->birth = d0 + (int32_t)rng_below(&g->r, (uint32_t)(d1 - d0));
    x->cpr_serial = cpr_alloc(g, x->birth, male, true);
}

static void new_staff(gen *g, person *x, int k)
{
    memset(x, 0, sizeof *x);
    x->serial = g->next_serial++;
    x->inst = (uint16_t)k;
    bool male = rng_below(&g->r, 100) < 35;
    x->flags = (uint8_t)((male ? PF_MALE : 0) | ((g->insts[k].number % 3 == 0) ? PF_ALNUM : 0));
    x->given = (uint8_t)rng_below(&g->r, 30);
    x->family = (uint8_t)rng_below(&g->r, NELEM(families));
    int by = 1958 + (int)rng_below(&g->r, 42);
    int32_t d0 = days_from_civil(by, 1, 1), d1 = days_from_civil(by + 1, 1, 1);
    x->birth = d0 + (int32_t)rng_below(&g->r, (uint32_t)(d1 - d0));
    x->cpr_serial = cpr_alloc(g, x->birth, male, false);
}

static const char *staff_role(const inst *in, int j)
{
    if (j < in->n_teach) return "teacher";
    j -= in->n_teach;
    if (j < in->n_ped) return "pedagogue";
    j -= in->n_ped;
    return j < 2 ? "leader" : j < 4 ? "admin" : "other";
}

/* ---------------------------------------------------------- set-up */

static ungdb_rc setup(gen *g)
{
    const ungdb_gen_opts *o = g->o;
    g->K = o->institutions;
    g->P = o->pupils_per_institution;
    g->seed = mix64(o->seed ^ 0x756e676462ull);
    rng_seed(&g->r, g->seed);
    g->insts = calloc((size_t)g->K, sizeof *g->insts);
    g->npupils = (uint32_t)g->K * (uint32_t)g->P;
    g->pupils = calloc(g->npupils, sizeof *g->pupils);
    g->order = calloc(g->npupils, sizeof *g->order);
    g->births = calloc(2 * BIRTH_DAYS, sizeof *g->births);
    if (!g->insts || !g->pupils || !g->order || !g->births) return UNGDB_ENOMEM;

    uint32_t nstaff = 0;
    for (int k = 0; k < g->K; k++) {
        inst *in = &g->insts[k];
        uint64_t h = hash4(g->seed, 1, (uint64_t)k, 0);
        in->number = 200001u + (uint32_t)(((uint64_t)k * 7919u + 4099u) % 99999u);
        int per_grade = (g->P + 9) / 10;
        int c = (per_grade + 25) / 26;
        in->classes = (uint8_t)(c < 1 ? 1 : c > 26 ? 26 : c);
        in->class_style = (uint8_t)(h % 5);
        in->year_style = (uint8_t)((h >> 8) % 3);
        in->team_style = (uint8_t)((h >> 16) % 3);
        in->teams = (h >> 24) % 3 != 0;
        in->fransk = (h >> 32) % 7 == 0;
        uint64_t hr = hash4(g->seed, 2, (uint64_t)k, 0);
        uint32_t r = (uint32_t)(hr % 100);
        in->reg = r < 85 ? REG_COMPLETE : r < 90 ? REG_PARTIAL : r < 95 ? REG_STAGE : REG_EXTRA;
        /* a complete school still misses up to 8 % here and there */
        in->drop_pct = (uint8_t)(in->reg == REG_PARTIAL ? 30 + (hr >> 8) % 56 : (hr >> 24) % 9);
        in->stage = (uint8_t)((hr >> 16) % 2);
        in->n_teach = (uint16_t)((g->P + 11) / 12 < 3 ? 3 : (g->P + 11) / 12);
        in->n_ped = (uint16_t)(g->P / 40 < 1 ? 1 : g->P / 40);
        in->n_staff = (uint16_t)(in->n_teach + in->n_ped + 5);
        in->staff0 = nstaff;
        nstaff += in->n_staff;
    }
    g->nstaff = nstaff;
    g->staff = calloc(nstaff, sizeof *g->staff);
    if (!g->staff) return UNGDB_ENOMEM;

    g->sy = school_year(g->extracted);
    uint32_t i = 0;
    for (int k = 0; k < g->K; k++) {
        for (int j = 0; j < g->P; j++) {
            int grade = j % 10, letter = (j / 10) % g->insts[k].classes;
            new_pupil(g, &g->pupils[i++], k, g->sy - grade, letter);
        }
        for (int j = 0; j < g->insts[k].n_staff; j++)
            new_staff(g, &g->staff[g->insts[k].staff0 + (uint32_t)j], k);
    }
    return UNGDB_OK;
}

/* Advances the state to the week of g->extracted. */
static void advance(gen *g)
{
    int sy = school_year(g->extracted);
    bool august = sy != g->sy;
    g->sy = sy;
    for (uint32_t i = 0; i < g->npupils; i++) {
        person *x = &g->pupils[i];
        inst *in = &g->insts[x->inst];
        if (august && sy - x->cohort > 9) {
            int letter = x->letter % in->classes;
            new_pupil(g, x, x->inst, sy, letter);
            continue;
        }
        uint32_t u = rng_below(&g->r, 10000);
        if (august && u < 100 && in->classes > 1) {
            x->letter = (uint8_t)rng_below(&g->r, in->classes);
        } else if (u < P_MOVE_SCHOOL && g->K > 1) {
            int to = (x->inst + 1 + (int)rng_below(&g->r, 5)) % g->K;
            x->inst = (uint16_t)to;
            x->letter = (uint8_t)rng_below(&g->r, g->insts[to].classes);
        } else if (u < P_MOVE_SCHOOL + P_MOVE_CLASS && in->classes > 1) {
            x->letter = (uint8_t)((x->letter + 1 + rng_below(&g->r, (uint32_t)in->classes - 1)) %
                                  in->classes);
        }
    }
    for (int k = 0; k < g->K; k++) {
        inst *in = &g->insts[k];
        person *st = &g->staff[in->staff0];
        if (august) {
            for (int j = 0; j < in->n_staff; j++)
                if (rng_below(&g->r, 1000) < P_AUG_TURNOVER) new_staff(g, &st[j], k);
        }
        if (rng_below(&g->r, 1000) < P_NEW_TEACHER)
            new_staff(g, &st[rng_below(&g->r, in->n_teach)], k);
        if (rng_below(&g->r, 1000) < P_NEW_TEACHER / 3)
            new_staff(g, &st[in->n_teach + rng_below(&g->r, in->n_ped)], k);
    }
}

static void bucket(gen *g)
{
    for (int k = 0; k < g->K; k++)
        g->insts[k].count = 0;
    for (uint32_t i = 0; i < g->npupils; i++)
        g->insts[g->pupils[i].inst].count++;
    uint32_t at = 0;
    for (int k = 0; k < g->K; k++) {
        g->insts[k].first = at;
        at += g->insts[k].count;
        g->insts[k].count = 0;
    }
    for (uint32_t i = 0; i < g->npupils; i++) {
        inst *in = &g->insts[g->pupils[i].inst];
        g->order[in->first + in->count++] = i;
    }
}

/* ------------------------------------------------------------- roster */

typedef struct ctx {
    char inst[8];
    size_t inst_n;
} ctx;

static void write_person(gen *g, const person *x, bool adult, char *uid, size_t uid_n)
{
    char cpr[16];
    size_t cn = format_cpr(cpr, x);
    fld v[4] = {{uid, uid_n},
                {cpr, cn},
                mkfld(given_name(x, adult)),
                mkfld(families[x->family % NELEM(families)])};
    emit(g, F_PERSONS, v, 4);
}

static size_t group_class_id(char *out, int cohort, int letter)
{
    char *p = out;
    *p++ = 'K';
    p = put_uint(p, (uint64_t)cohort);
    *p++ = (char)('A' + letter);
    return (size_t)(p - out);
}

static void write_roster(gen *g, int k, const ctx *c)
{
    inst *in = &g->insts[k];
    fld ins = {c->inst, c->inst_n};
    char id[32], name[64], uid[24];
    /* Groups. */
    for (int grade = 0; grade <= 9; grade++) {
        int cohort = g->sy - grade;
        char *p = id;
        *p++ = 'Y';
        p = put_uint(p, (uint64_t)cohort);
        size_t idn = (size_t)(p - id);
        int nn;
        switch (in->year_style) {
        case 0:
            nn = snprintf(name, sizeof name, "%d. årg.", grade);
            break;
        case 1:
            nn = snprintf(name, sizeof name, "%d. årgang", grade);
            break;
        default:
            nn = snprintf(name, sizeof name, "Årgang %d", grade);
            break;
        }
        fld v[4] = {ins, {id, idn}, {name, (size_t)nn}, mkfld("year")};
        emit(g, F_GROUPS, v, 4);
        for (int l = 0; l < in->classes; l++) {
            fld w[4] = {ins,
                        {id, group_class_id(id, cohort, l)},
                        {name, class_name(name, in, grade, l)},
                        mkfld("main")};
            emit(g, F_GROUPS, w, 4);
        }
        if (in->teams && grade >= 4) {
            for (int t = 1; t <= 2; t++) {
                p = id;
                *p++ = 'T';
                p = put_uint(p, (uint64_t)cohort);
                *p++ = 'M';
                *p++ = (char)('0' + t);
                switch (in->team_style) {
                case 0:
                    nn = snprintf(name, sizeof name, "Hold %d matematik", t);
                    break;
                case 1:
                    nn = snprintf(name, sizeof name, "Hold %d matematik %d", t, grade);
                    break;
                default:
                    nn = snprintf(name, sizeof name, "Mat hold %d, %d. årg.", t, grade);
                    break;
                }
                fld w[4] = {ins, {id, (size_t)(p - id)}, {name, (size_t)nn}, mkfld("team")};
                emit(g, F_GROUPS, w, 4);
            }
        }
    }
    for (int e = 0; e < GEN_ELECTIVES; e++) {
        int n = snprintf(id, sizeof id, "V%d", e + 1);
        const char *nm =
            elective_names[(e + (int)(in->number % 2) * GEN_ELECTIVES) % (2 * GEN_ELECTIVES)];
        fld w[4] = {ins, {id, (size_t)n}, mkfld(nm), mkfld("elective")};
        emit(g, F_GROUPS, w, 4);
    }
    {
        fld w[4] = {ins, mkfld("ER"), mkfld("Elevrådet"), mkfld("other")};
        emit(g, F_GROUPS, w, 4);
    }

    /* Pupils. */
    for (uint32_t j = 0; j < in->count; j++) {
        const person *x = &g->pupils[g->order[in->first + j]];
        int grade = g->sy - x->cohort;
        size_t un = format_user_id(uid, x, false);
        write_person(g, x, false, uid, un);
        char gr[4];
        gr[0] = (char)('0' + grade);
        fld r[4] = {{uid, un}, ins, mkfld("pupil"), {gr, 1}};
        emit(g, F_ROLES, r, 4);
        fld m[3] = {{uid, un}, ins, {id, group_class_id(id, x->cohort, x->letter % in->classes)}};
        emit(g, F_MEMBERS, m, 3);
        char *p = id;
        *p++ = 'Y';
        p = put_uint(p, x->cohort);
        m[2] = (fld){id, (size_t)(p - id)};
        emit(g, F_MEMBERS, m, 3);
        uint64_t h = mix64(x->serial ^ g->seed);
        if (in->teams && grade >= 4 && (h & 7) != 0) {
            p = id;
            *p++ = 'T';
            p = put_uint(p, x->cohort);
            *p++ = 'M';
            *p++ = (char)('1' + ((h >> 3) & 1));
            m[2] = (fld){id, (size_t)(p - id)};
            emit(g, F_MEMBERS, m, 3);
        }
        if (grade >= 7) {
            id[0] = 'V';
            id[1] = (char)('1' + (hash4(g->seed, x->serial, (uint64_t)g->sy, 7) % GEN_ELECTIVES));
            m[2] = (fld){id, 2};
            emit(g, F_MEMBERS, m, 3);
        }
        if (grade >= 4 && (h >> 8) % 12 == 0) {
            m[2] = mkfld("ER");
            emit(g, F_MEMBERS, m, 3);
        }
    }

    /* Staff. */
    const person *st = &g->staff[in->staff0];
    for (int j = 0; j < in->n_staff; j++) {
        size_t un = format_user_id(uid, &st[j], true);
        write_person(g, &st[j], true, uid, un);
        fld r[4] = {{uid, un}, ins, mkfld(staff_role(in, j)), {"", 0}};
        emit(g, F_ROLES, r, 4);
    }
    /* The class teacher (the Danish teacher) is a member of the class. */
    for (int grade = 0; grade <= 9; grade++) {
        int cohort = g->sy - grade;
        for (int l = 0; l < in->classes; l++) {
            uint64_t h = hash4(g->seed, (uint64_t)k, (uint64_t)(cohort * 32 + l),
                               (uint64_t)g->sy * 64 + S_DANSK);
            size_t un = format_user_id(uid, &st[h % in->n_teach], true);
            fld m[3] = {{uid, un}, ins, {id, group_class_id(id, cohort, l)}};
            emit(g, F_MEMBERS, m, 3);
        }
    }
}

/* ----------------------------------------------------------- schedule */

typedef struct timetable {
    int nslots;    /* the stride: GEN_MAX_SLOTS */
    int daylen[5]; /* slots on Monday ... Friday */
    uint8_t subj[5 * GEN_MAX_SLOTS];
    uint8_t len[5 * GEN_MAX_SLOTS]; /* 1, 2 (a 90-minute block) or 0 (taken by a block) */
} timetable;

static bool reserved(int grade, int day, int s)
{
    return grade >= 7 && day == 2 && s >= 6;
}

/* 45-minute slots on weekday d (0 = Monday): grades 0-3 seven (eight on
 * Tuesday and Thursday), 4-6 eight, 7-9 eight (nine on Monday, Tuesday and
 * Thursday). With 200 school days that is 92-100 % of the annual minimum
 * hours (register spec § 9) once the electives and the homework café are
 * counted. */
static int day_slots(int grade, int d)
{
    if (grade <= 3) return (d == 1 || d == 3) ? 8 : 7;
    if (grade <= 6) return 8;
    return (d == 0 || d == 1 || d == 3) ? 9 : 8;
}

/* A class's weekly timetable: the grade's hours in a shuffled order, with
 * three 90-minute blocks where the subject allows. */
static void build_timetable(gen *g, const inst *in, int k, int cohort, int letter, int grade,
                            int sy, timetable *t)
{
    t->nslots = GEN_MAX_SLOTS;
    int total = 5 * t->nslots, avail = grade >= 7 ? -2 : 0;
    for (int d = 0; d < 5; d++) {
        t->daylen[d] = day_slots(grade, d);
        avail += t->daylen[d];
    }
    uint8_t list[5 * GEN_MAX_SLOTS];
    int n = 0;
    for (int s = 0; s <= S_UU; s++) {
        int subj = (s == S_TYSK && in->fransk) ? S_FRANSK : s;
        for (int j = 0; j < plan[grade][s] && n < avail; j++)
            list[n++] = (uint8_t)subj;
    }
    while (n < avail)
        list[n++] = S_UU;
    rng r;
    rng_seed(&r, hash4(g->seed, (uint64_t)k, (uint64_t)(cohort * 32 + letter), (uint64_t)sy));
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(&r, (uint32_t)i + 1);
        uint8_t x = list[i];
        list[i] = list[j];
        list[j] = x;
    }
    int li = 0;
    for (int d = 0; d < 5; d++)
        for (int s = 0; s < t->nslots; s++) {
            int p = d * t->nslots + s;
            t->len[p] = 1;
            t->subj[p] = (s >= t->daylen[d] || reserved(grade, d, s)) ? S_NONE : list[li++];
        }
    /* The Friday before the weekend: one slot is Klassens tid. */
    t->subj[4 * t->nslots + t->daylen[4] - 1] = S_KT;
    for (int b = 0; b < 3; b++) {
        int d = (int)rng_below(&r, 5), pair = (int)rng_below(&r, (uint32_t)t->daylen[d] / 2);
        int p = d * t->nslots + 2 * pair;
        if (t->subj[p] == S_NONE || t->subj[p + 1] == S_NONE || t->len[p] != 1 ||
            t->len[p + 1] != 1 || t->subj[p] == S_KT)
            continue;
        for (int q = 0; q < total; q++) {
            if (q == p || q == p + 1 || t->len[q] != 1 || t->subj[q] != t->subj[p]) continue;
            if (q > 0 && t->len[q - 1] == 2) continue;
            t->subj[q] = t->subj[p + 1];
            t->subj[p + 1] = t->subj[p];
            t->len[p] = 2;
            t->len[p + 1] = 0;
            break;
        }
    }
}

/* Expands a title template into out; returns its length. A rare typo drops
 * or swaps an ASCII letter. */
static size_t make_title(char *out, const char *tmpl, const char *cls, size_t cls_n, int grade,
                         uint64_t h)
{
    char *p = out;
    for (const char *s = tmpl; *s; s++) {
        if (s[0] == '%' && s[1] == 'k') {
            memcpy(p, cls, cls_n);
            p += cls_n;
            s++;
        } else if (s[0] == '%' && s[1] == 'g') {
            p = put_uint(p, (uint64_t)grade);
            s++;
        } else {
            *p++ = *s;
        }
    }
    size_t n = (size_t)(p - out);
    if (h % 200 == 0 && n > 4) {
        size_t i = 1 + (h >> 8) % (n - 2);
        unsigned char a = (unsigned char)out[i], b = (unsigned char)out[i + 1];
        if (a < 0x80 && b < 0x80 && a != ' ' && b != ' ') {
            if ((h >> 16) & 1) {
                out[i] = (char)b;
                out[i + 1] = (char)a;
            } else {
                memmove(out + i, out + i + 1, n - i - 1);
                n--;
            }
        }
    }
    return n;
}

static size_t format_dt(char *out, const char *daystr, int minute)
{
    memcpy(out, daystr, 10);
    out[10] = 'T';
    put_2(out + 11, minute / 60);
    out[13] = ':';
    put_2(out + 14, minute % 60);
    return 16;
}

typedef struct lesson {
    char id[48];
    size_t id_n;
    char title[96];
    size_t title_n;
    int day;   /* index into the window */
    int start; /* minutes */
    int minutes;
} lesson;

static void write_lesson(gen *g, const ctx *c, const lesson *ls, const fld *groups, int ngroups,
                         const person *const *staff, int nstaff)
{
    fld ins = {c->inst, c->inst_n};
    char s[20], e[20];
    format_dt(s, g->daystr[ls->day], ls->start);
    format_dt(e, g->daystr[ls->day], ls->start + ls->minutes);
    fld v[5] = {ins, {ls->id, ls->id_n}, {ls->title, ls->title_n}, {s, 16}, {e, 16}};
    emit(g, F_LESSONS, v, 5);
    for (int i = 0; i < ngroups; i++) {
        fld w[3] = {ins, {ls->id, ls->id_n}, groups[i]};
        emit(g, F_LGROUPS, w, 3);
    }
    char uid[24];
    for (int i = 0; i < nstaff; i++) {
        fld w[3] = {ins, {ls->id, ls->id_n}, {uid, format_user_id(uid, staff[i], true)}};
        emit(g, F_LSTAFF, w, 3);
    }
}

/* Applies the changes decided before this delivery's extraction: returns
 * false when the lesson is cancelled; may move it within its week or give
 * it a substitute teacher (*substitute). */
static bool lesson_fate(gen *g, uint64_t h, lesson *ls, int nslots, bool *substitute)
{
    *substitute = false;
    int32_t date = g->from + ls->day;
    int32_t decided = date - 1 - (int32_t)((h >> 40) % 14);
    if (g->extracted < decided) return true;
    uint32_t ev = (uint32_t)((h >> 20) % 1000);
    if (ev < P_CANCEL) return false;
    if (ev < P_CANCEL + P_RESCHEDULE) {
        int monday = ls->day - weekday0(date);
        int nd = monday + (int)((h >> 12) % 5);
        if (nd >= 0 && nd < GEN_WINDOW_DAYS && g->dayok[nd]) ls->day = nd;
        int s = (int)((h >> 50) % (uint64_t)nslots);
        if (ls->minutes > 45 && s % 2) s--;
        ls->start = slot_start[s];
        return true;
    }
    if (ev < P_CANCEL + P_RESCHEDULE + P_SUBSTITUTE) *substitute = true;
    return true;
}

static void write_schedule(gen *g, int k, const ctx *c)
{
    const inst *in = &g->insts[k];
    const person *st = &g->staff[in->staff0];
    int sy = g->sy;
    for (int grade = 0; grade <= 9; grade++) {
        int cohort = sy - grade;
        if (in->reg == REG_STAGE && (in->stage ? grade >= 7 : grade <= 3)) continue;
        for (int l = 0; l < in->classes; l++) {
            timetable tt;
            build_timetable(g, in, k, cohort, l, grade, sy, &tt);
            char gid[16], tid[20], cls[16];
            size_t gid_n = group_class_id(gid, cohort, l);
            size_t cls_n = class_name(cls, in, grade, l);
            uint64_t ckey = (uint64_t)(cohort * 32 + l);
            for (int di = 0; di < GEN_WINDOW_DAYS; di++) {
                if (!g->dayok[di]) continue;
                int wd = weekday0(g->from + di);
                bool motion =
                    wd == 4 && hash4(g->seed, (uint64_t)k, (uint64_t)(g->from + di), 99) % 25 == 0;
                for (int s = 0; s < tt.daylen[wd]; s++) {
                    int p = wd * tt.nslots + s;
                    int subj = tt.subj[p];
                    if (subj == S_NONE || tt.len[p] == 0) continue;
                    lesson ls;
                    char *q = ls.id;
                    *q++ = 'L';
                    memcpy(q, g->dayid[di], 8);
                    q += 8;
                    memcpy(q, gid, gid_n);
                    q += gid_n;
                    if (motion) {
                        if (s) break;
                        subj = S_MOTION;
                        *q++ = 'M';
                    } else {
                        *q++ = (char)('0' + s);
                    }
                    ls.id_n = (size_t)(q - ls.id);
                    ls.day = di;
                    ls.start = slot_start[s];
                    ls.minutes = motion ? 275 : 45 * tt.len[p];
                    uint64_t h = hash4(g->seed, (uint64_t)k, ckey,
                                       (uint64_t)(g->from + di) * 16 + (uint64_t)s);
                    bool sub;
                    if (!lesson_fate(g, h, &ls, motion ? 1 : tt.daylen[wd], &sub)) continue;
                    if (in->reg != REG_EXTRA && (h >> 56) % 100 < in->drop_pct) continue;
                    uint64_t th =
                        hash4(g->seed, (uint64_t)k, ckey, (uint64_t)sy * 64 + (uint64_t)subj);
                    int variant = (int)(th % 8);
                    if ((h & 0xff) < 25) variant = (int)((h >> 8) % 8);
                    ls.title_n =
                        make_title(ls.title, titles[subj][variant], cls, cls_n, grade, h >> 4);
                    fld groups[2] = {{gid, gid_n}, {tid, 0}};
                    int ng = 1;
                    if (subj == S_MAT && in->teams && grade >= 4 && (th >> 8) % 2) {
                        char *tp = tid;
                        *tp++ = 'T';
                        tp = put_uint(tp, (uint64_t)cohort);
                        *tp++ = 'M';
                        *tp++ = (char)('1' + l % 2);
                        groups[1].n = (size_t)(tp - tid);
                        ng = 2;
                    }
                    const person *staff[2];
                    int ns = 1;
                    if (subj == S_UU && (th >> 12) % 5 < 2)
                        staff[0] = &st[in->n_teach + (th >> 16) % in->n_ped];
                    else
                        staff[0] = &st[(th >> 16) % in->n_teach];
                    if (sub) staff[0] = &st[(h >> 28) % in->n_teach];
                    if ((subj == S_IDR && (th >> 24) % 2) || (th >> 24) % 10 == 0 ||
                        subj == S_MOTION) {
                        const person *two =
                            &st[((th >> 16) + 1 + (th >> 32) % (in->n_teach - 1)) % in->n_teach];
                        if (two != staff[0]) staff[ns++] = two;
                    }
                    write_lesson(g, c, &ls, groups, ng, staff, ns);
                    if (motion) break;
                }
                if (in->reg == REG_EXTRA && !motion) {
                    /* the breaks after the 2nd and 4th slot and a reading
                     * band before the first and movement after the last,
                     * registered as activities */
                    static const struct {
                        int start, minutes;
                        const char *title;
                    } extra[4] = {{450, 30, "Læsebånd"},
                                  {570, 20, "Frikvarter"},
                                  {680, 30, "Spisepause"},
                                  {945, 30, "Bevægelse"}};
                    for (int x = 0; x < 4; x++) {
                        lesson ls;
                        char *q = ls.id;
                        *q++ = 'L';
                        memcpy(q, g->dayid[di], 8);
                        q += 8;
                        memcpy(q, gid, gid_n);
                        q += gid_n;
                        *q++ = 'B';
                        *q++ = (char)('1' + x);
                        ls.id_n = (size_t)(q - ls.id);
                        ls.day = di;
                        ls.start = extra[x].start;
                        ls.minutes = extra[x].minutes;
                        ls.title_n = strlen(extra[x].title);
                        memcpy(ls.title, extra[x].title, ls.title_n);
                        fld groups[1] = {{gid, gid_n}};
                        uint64_t th = hash4(g->seed, (uint64_t)k, ckey, (uint64_t)sy * 64 + 63);
                        const person *staff[1] = {&st[(th >> 16) % in->n_teach]};
                        write_lesson(g, c, &ls, groups, 1, staff, 1);
                    }
                }
            }
        }
    }
    /* Institution-wide lessons: electives (Wednesday 13:30-15:00) and the
     * homework café (Monday-Thursday 15:00-15:45). */
    for (int di = 0; di < GEN_WINDOW_DAYS; di++) {
        if (!g->dayok[di]) continue;
        int wd = weekday0(g->from + di);
        if (wd == 2) {
            for (int e = 0; e < GEN_ELECTIVES; e++) {
                lesson ls;
                char gid[4] = {'V', (char)('1' + e), 0, 0};
                char *q = ls.id;
                *q++ = 'L';
                q = put_date_id(q, g->from + di);
                *q++ = 'V';
                *q++ = (char)('1' + e);
                ls.id_n = (size_t)(q - ls.id);
                ls.day = di;
                ls.start = slot_start[6];
                ls.minutes = 90;
                uint64_t h =
                    hash4(g->seed, (uint64_t)k, 500 + (uint64_t)e, (uint64_t)(g->from + di));
                bool sub;
                if (!lesson_fate(g, h, &ls, 7, &sub)) continue;
                const char *nm = elective_names[(e + (int)(in->number % 2) * GEN_ELECTIVES) %
                                                (2 * GEN_ELECTIVES)];
                if ((h & 3) == 0) nm = titles[S_VALG][(h >> 2) % 8];
                ls.title_n = strlen(nm);
                memcpy(ls.title, nm, ls.title_n);
                fld groups[1] = {{gid, 2}};
                const person *staff[1] = {
                    &st[(hash4(g->seed, (uint64_t)k, 500 + (uint64_t)e, (uint64_t)g->sy) >> 3) %
                        in->n_teach]};
                if (sub) staff[0] = &st[(h >> 28) % in->n_teach];
                write_lesson(g, c, &ls, groups, 1, staff, 1);
            }
        }
        if (wd <= 3) {
            lesson ls;
            char *q = ls.id;
            *q++ = 'L';
            q = put_date_id(q, g->from + di);
            *q++ = 'L';
            *q++ = 'C';
            ls.id_n = (size_t)(q - ls.id);
            ls.day = di;
            ls.start = 900;
            ls.minutes = 45;
            uint64_t h = hash4(g->seed, (uint64_t)k, 600, (uint64_t)(g->from + di));
            bool sub;
            if (!lesson_fate(g, h, &ls, 1, &sub)) continue;
            ls.start = 900;
            const char *nm = titles[S_LEKTIE][hash4(g->seed, (uint64_t)k, 600, 0) % 8];
            ls.title_n = strlen(nm);
            memcpy(ls.title, nm, ls.title_n);
            char yid[4][12];
            fld groups[4];
            for (int y = 0; y < 4; y++) {
                char *p = yid[y];
                *p++ = 'Y';
                p = put_uint(p, (uint64_t)(g->sy - 3 - y));
                groups[y] = (fld){yid[y], (size_t)(p - yid[y])};
            }
            const person *staff[1] = {&st[in->n_teach + (h >> 30) % in->n_ped]};
            write_lesson(g, c, &ls, groups, 4, staff, 1);
        }
    }
}

/* ------------------------------------------------------------ delivery */

static ungdb_rc open_files(gen *g, const char *dir)
{
    for (int f = 0; f < F_N; f++) {
        snprintf(g->path, sizeof g->path, "%s/%s", dir, file_names[f]);
        g->f[f].fd = open(g->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (g->f[f].fd < 0)
            return ungdb_error_set(g->err, UNGDB_EIO, g->path, 0, "", "cannot create: %s",
                                   strerror(errno));
        g->f[f].n = 0;
        size_t n = strlen(file_headers[f]);
        memcpy(g->f[f].buf, file_headers[f], n);
        g->f[f].n = n;
    }
    return UNGDB_OK;
}

static ungdb_rc close_files(gen *g, const char *dir)
{
    ungdb_rc rc = UNGDB_OK;
    for (int f = 0; f < F_N; f++) {
        if (g->f[f].fd < 0) continue;
        snprintf(g->path, sizeof g->path, "%s/%s", dir, file_names[f]);
        wflush(g, &g->f[f]);
        if (close(g->f[f].fd) != 0 && !g->failed) {
            rc = ungdb_error_set(g->err, UNGDB_EIO, g->path, 0, "", "close failed: %s",
                                 strerror(errno));
            g->failed = true;
        }
        g->f[f].fd = -1;
    }
    return g->failed && rc == UNGDB_OK ? UNGDB_EIO : rc;
}

static ungdb_rc write_manifest(gen *g, const char *dir)
{
    char a[11], b[11], c[11], text[160];
    format_date(a, g->extracted);
    format_date(b, g->from);
    format_date(c, g->to);
    int n = snprintf(
        text, sizeof text,
        "{\"extracted\": \"%s\", \"schedule_from\": \"%s\", \"schedule_to\": \"%s\"}\n", a, b, c);
    snprintf(g->path, sizeof g->path, "%s/manifest.json", dir);
    FILE *fp = fopen(g->path, "w");
    if (!fp)
        return ungdb_error_set(g->err, UNGDB_EIO, g->path, 0, "", "cannot create: %s",
                               strerror(errno));
    size_t w = fwrite(text, 1, (size_t)n, fp);
    if (fclose(fp) != 0 || w != (size_t)n)
        return ungdb_error_set(g->err, UNGDB_EIO, g->path, 0, "", "write failed");
    return UNGDB_OK;
}

static ungdb_rc write_delivery(gen *g)
{
    char dir[1024], day[11];
    format_date(day, g->extracted);
    int dn = snprintf(dir, sizeof dir, "%s/%s", g->o->out_dir, day);
    if (dn < 0 || (size_t)dn >= sizeof dir)
        return ungdb_error_set(g->err, UNGDB_EUSAGE, g->o->out_dir, 0, "out_dir", "path too long");
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return ungdb_error_set(g->err, UNGDB_EIO, dir, 0, "", "cannot create directory: %s",
                               strerror(errno));
    int32_t monday = g->extracted - weekday0(g->extracted);
    g->from = monday - GEN_WINDOW_BEFORE;
    g->to = monday + GEN_WINDOW_AFTER;
    for (int i = 0; i < GEN_WINDOW_DAYS; i++) {
        format_date(g->daystr[i], g->from + i);
        put_date_id(g->dayid[i], g->from + i);
        g->dayok[i] = school_day(g->from + i) && school_year(g->from + i) == g->sy;
    }
    ungdb_rc rc = open_files(g, dir);
    if (rc == UNGDB_OK) {
        for (int k = 0; k < g->K && !g->failed; k++) {
            ctx c;
            c.inst_n = (size_t)(put_uint(c.inst, g->insts[k].number) - c.inst);
            uint64_t h = hash4(g->seed, (uint64_t)k, (uint64_t)g->week, 77);
            bool gone = g->week > 0 && h % 1000 < P_ROSTER_GONE;
            if (!gone) write_roster(g, k, &c);
            if (!gone || (h >> 20) % 2) write_schedule(g, k, &c);
        }
    }
    ungdb_rc rc2 = close_files(g, dir);
    if (rc == UNGDB_OK) rc = rc2;
    if (rc == UNGDB_OK) rc = write_manifest(g, dir);
    return rc;
}

ungdb_rc ungdb_gen(const ungdb_gen_opts *o, ungdb_error *err)
{
    ungdb_error_clear(err);
    if (!o || !o->out_dir || !o->out_dir[0])
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "out_dir",
                               "an output directory is needed");
    if (o->institutions < 1 || o->institutions > 60000)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "institutions", "must be 1-60000");
    if (o->pupils_per_institution < 1 || o->pupils_per_institution > 5000)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "pupils_per_institution",
                               "must be 1-5000");
    if (o->weeks < 1 || o->weeks > 1040)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "weeks", "must be 1-1040");
    if (!(o->error_rate >= 0 && o->error_rate <= 1))
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "error_rate", "must be 0-1");
    if ((uint64_t)o->institutions * (uint64_t)o->pupils_per_institution > 50000000ull)
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "pupils_per_institution",
                               "more than 50 million pupils");
    int32_t first = o->first_extracted.day ? o->first_extracted.day : days_from_civil(2025, 6, 2);
    if (first < days_from_civil(1995, 1, 1) || first > days_from_civil(2035, 12, 31))
        return ungdb_error_set(err, UNGDB_EUSAGE, "", 0, "first_extracted",
                               "must lie in 1995-2035 (pupils' CPR centuries)");
    if (mkdir(o->out_dir, 0755) != 0 && errno != EEXIST)
        return ungdb_error_set(err, UNGDB_EIO, o->out_dir, 0, "", "cannot create directory: %s",
                               strerror(errno));

    gen *g = calloc(1, sizeof *g);
    if (!g) return UNGDB_ENOMEM;
    g->o = o;
    g->err = err;
    g->extracted = first;
    for (int f = 0; f < F_N; f++)
        g->f[f].fd = -1;
    ungdb_rc rc = UNGDB_OK;
    for (int f = 0; f < F_N; f++) {
        g->f[f].buf = malloc(GEN_BUF);
        if (!g->f[f].buf) {
            rc = UNGDB_ENOMEM;
            goto out;
        }
    }
    rc = setup(g);
    if (rc != UNGDB_OK) goto out;
    g->err_rate = o->error_rate;
    if (g->err_rate > 0) {
        g->err_log = log1p(-g->err_rate);
        rng_seed(&g->er, mix64(g->seed ^ 0x6572726f72ull));
        for (int f = 0; f < F_N; f++)
            g->skip[f] = err_skip(g);
    }
    for (int w = 0; w < o->weeks; w++) {
        g->week = w;
        g->extracted = first + 7 * w;
        if (w > 0) advance(g);
        bucket(g);
        rc = write_delivery(g);
        if (rc != UNGDB_OK) goto out;
        if (o->progress) o->progress(o->progress_ctx, w + 1, o->weeks);
    }
out:
    if (rc == UNGDB_ENOMEM) ungdb_error_set(err, rc, "", 0, "", "out of memory");
    for (int f = 0; f < F_N; f++) {
        if (g->f[f].fd >= 0) close(g->f[f].fd);
        free(g->f[f].buf);
    }
    free(g->staff);
    free(g->births);
    free(g->order);
    free(g->pupils);
    free(g->insts);
    free(g);
    return rc;
}
