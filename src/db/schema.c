/* schema.c - the versioned migrations of the case-handling store.
 *
 * Migration N brings the schema from version N-1 to N. Each runs in its own
 * transaction together with the row that records it in schema_version, so a
 * crash leaves the schema at N-1 or N, never in between. Migrations are never
 * edited once landed: a change is a new migration. The SQL is kept to what
 * SQLite and PostgreSQL both accept (ON CONFLICT upserts, TEXT dates,
 * RETURNING), except where marked SQLITE ONLY (the PostgreSQL backend will
 * carry its own text for those: identity columns and trigger syntax).
 * docs/server.md documents every table. */
#include "db_internal.h"

/* Dates are TEXT 'YYYY-MM-DD'; lesson times local 'YYYY-MM-DDTHH:MM' (as in
 * the deliveries); timestamps UTC 'YYYY-MM-DDTHH:MM:SSZ'. Booleans are
 * INTEGER 0/1. */
static const char migration_1[] =
    /* institutions: code is the 6-digit institution number of the deliveries */
    "CREATE TABLE institutions ("
    " id INTEGER PRIMARY KEY," /* SQLITE ONLY: rowid alias; PostgreSQL: identity */
    " code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " kind TEXT NOT NULL DEFAULT 'grundskole'," /* grundskole, fgu, eud, gym, stu, other */
    " municipality TEXT"                        /* 4-digit municipality code */
    ");"
    /* persons: pupils, staff and guardians; user_id is the roster login id */
    "CREATE TABLE persons ("
    " id INTEGER PRIMARY KEY,"
    " user_id TEXT UNIQUE,"
    " cpr TEXT," /* 10 digits or NULL; never logged, never in a URL */
    " birth_date TEXT,"
    " given_name TEXT,"
    " family_name TEXT,"
    " municipality TEXT," /* municipality of residence (bopælskommune) */
    " resident_dk INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX persons_municipality ON persons(municipality);"
    /* spells of a person at an institution: role pupil (with grade) or a staff role */
    "CREATE TABLE enrolments ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " role TEXT NOT NULL,"
    " grade INTEGER NOT NULL DEFAULT -1," /* -1 for staff */
    " start_date TEXT NOT NULL,"
    " end_date TEXT,"
    " UNIQUE (person_id, institution_id, role, grade, start_date)"
    ");"
    "CREATE INDEX enrolments_institution ON enrolments(institution_id, role);"
    "CREATE TABLE guardians ("
    " guardian_id INTEGER NOT NULL REFERENCES persons(id),"
    " child_id INTEGER NOT NULL REFERENCES persons(id),"
    " PRIMARY KEY (guardian_id, child_id)"
    ");"
    "CREATE INDEX guardians_child ON guardians(child_id);"
    "CREATE TABLE groups ("
    " id INTEGER PRIMARY KEY,"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " code TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " start_date TEXT,"
    " end_date TEXT,"
    " UNIQUE (institution_id, code)"
    ");"
    "CREATE TABLE group_members ("
    " group_id INTEGER NOT NULL REFERENCES groups(id),"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " start_date TEXT NOT NULL,"
    " end_date TEXT,"
    " PRIMARY KEY (group_id, person_id, start_date)"
    ");"
    "CREATE INDEX group_members_person ON group_members(person_id);"
    "CREATE TABLE lessons ("
    " id INTEGER PRIMARY KEY,"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " code TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " subject TEXT,"
    " starts_at TEXT NOT NULL,"
    " ends_at TEXT NOT NULL,"
    " minutes INTEGER NOT NULL,"
    " UNIQUE (institution_id, code)"
    ");"
    "CREATE INDEX lessons_start ON lessons(institution_id, starts_at);"
    "CREATE TABLE lesson_groups ("
    " lesson_id INTEGER NOT NULL REFERENCES lessons(id),"
    " group_id INTEGER NOT NULL REFERENCES groups(id),"
    " PRIMARY KEY (lesson_id, group_id)"
    ");"
    "CREATE TABLE lesson_staff ("
    " lesson_id INTEGER NOT NULL REFERENCES lessons(id),"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " PRIMARY KEY (lesson_id, person_id)"
    ");"
    /* one row per pupil and lesson; a new registration replaces the old */
    "CREATE TABLE attendance ("
    " lesson_id INTEGER NOT NULL REFERENCES lessons(id),"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " present INTEGER NOT NULL,"
    " absent_minutes INTEGER NOT NULL,"
    " lawful INTEGER," /* NULL when present */
    " reason TEXT,"
    " registered_at TEXT NOT NULL,"
    " registered_by INTEGER NOT NULL,"
    " PRIMARY KEY (lesson_id, person_id)"
    ");"
    "CREATE INDEX attendance_person ON attendance(person_id);"
    "CREATE TABLE attendance_comments ("
    " id INTEGER PRIMARY KEY,"
    " lesson_id INTEGER NOT NULL REFERENCES lessons(id),"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " comment TEXT NOT NULL,"
    " reason TEXT,"
    " created_at TEXT NOT NULL,"
    " created_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX attendance_comments_key ON attendance_comments(lesson_id, person_id);"
    /* the users of the server and their scope */
    "CREATE TABLE users ("
    " id INTEGER PRIMARY KEY,"
    " username TEXT NOT NULL UNIQUE,"
    " pwhash TEXT NOT NULL," /* Argon2id, libsodium crypto_pwhash_str */
    " role TEXT NOT NULL,"   /* admin, staff, caseworker, pupil, guardian, researcher */
    " person_id INTEGER REFERENCES persons(id),"
    " municipality TEXT,"
    " created_at TEXT NOT NULL"
    ");"
    "CREATE TABLE user_institutions ("
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " PRIMARY KEY (user_id, institution_id)"
    ");"
    /* sessions: the id itself is never stored, only its SHA-256 */
    "CREATE TABLE sessions ("
    " id_hash TEXT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id),"
    " csrf TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " expires_at TEXT NOT NULL"
    ");"
    /* the audit log: append-only (triggers below) */
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY,"
    " at TEXT NOT NULL,"
    " user_id INTEGER," /* NULL for a failed login of an unknown user */
    " role TEXT,"
    " action TEXT NOT NULL," /* e.g. attendance.register, person.attendance.read */
    " object TEXT,"          /* e.g. lesson/123 */
    " subjects TEXT,"        /* comma-separated internal person ids whose data was touched */
    " ip TEXT,"
    " outcome TEXT NOT NULL" /* ok, denied, failed */
    ");"
    "CREATE INDEX audit_at ON audit(at);"
    /* SQLITE ONLY trigger syntax; PostgreSQL: a trigger function raising an exception */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    /* cases: notices given, assessments, reports, outbox, tasks */
    "CREATE TABLE notices ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " kind TEXT NOT NULL," /* concern_absence, warning, reprimand, other */
    " given_on TEXT NOT NULL,"
    " note TEXT,"
    " created_at TEXT NOT NULL,"
    " created_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX notices_person ON notices(person_id);"
    "CREATE TABLE assessments ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " assessed_on TEXT NOT NULL,"
    " at_risk INTEGER NOT NULL,"
    " grounds TEXT NOT NULL," /* the concrete assessment, free text */
    " created_at TEXT NOT NULL,"
    " created_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX assessments_person ON assessments(person_id);"
    "CREATE TABLE reports ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " institution_id INTEGER REFERENCES institutions(id),"
    " municipality TEXT,"         /* the pupil's municipality of residence when reported */
    " kind TEXT NOT NULL,"        /* risk, interruption */
    " reported_by TEXT NOT NULL," /* institution or municipality */
    " assessment_id INTEGER REFERENCES assessments(id),"
    " notice_id INTEGER REFERENCES notices(id),"
    " reported_on TEXT NOT NULL,"
    " contact TEXT," /* the caseworker's contact (municipality reports) */
    " created_at TEXT NOT NULL,"
    " created_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX reports_municipality ON reports(municipality, reported_on);"
    "CREATE INDEX reports_person ON reports(person_id);"
    "CREATE TABLE outbox ("
    " id INTEGER PRIMARY KEY,"
    " report_id INTEGER NOT NULL REFERENCES reports(id),"
    " payload TEXT NOT NULL," /* the JSON sent to the youth database */
    " created_at TEXT NOT NULL,"
    " collected_at TEXT"
    ");"
    "CREATE INDEX outbox_pending ON outbox(collected_at, id);"
    "CREATE TABLE tasks ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL," /* notify_guardians */
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " institution_id INTEGER REFERENCES institutions(id),"
    " report_id INTEGER REFERENCES reports(id),"
    " due_on TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'open'," /* open, done */
    " legal_basis TEXT NOT NULL,"
    " created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX tasks_institution ON tasks(institution_id, status);"
    /* deliveries loaded by `ungdb import` */
    "CREATE TABLE imports ("
    " id INTEGER PRIMARY KEY,"
    " deliveries TEXT NOT NULL,"
    " imported_at TEXT NOT NULL,"
    " summary TEXT NOT NULL"
    ");";

/* Version 2: what the rules engine needs beyond version 1 (docs/server.md,
 * "The case built for the rules engine"): the person's completed education
 * (vejledningsbekendtgørelsen § 31, stk. 2), an enrolment's planned end
 * (§ 31, stk. 4: a course of at least 6 weeks), when a guardians' task was
 * done (§ 36, stk. 3), an institution's dropout-risk criteria (§ 36), the
 * municipality's steps under the 15-17 duty order (§§ 7-10) and STU facts. */
static const char migration_2[] =
    /* NULL = not recorded (the rules then ask for a person's judgement) */
    "ALTER TABLE persons ADD COLUMN completed_youth_education INTEGER;"
    "ALTER TABLE persons ADD COLUMN completed_higher_education INTEGER;"
    "ALTER TABLE enrolments ADD COLUMN planned_end TEXT;"
    "ALTER TABLE tasks ADD COLUMN done_on TEXT;"
    "ALTER TABLE tasks ADD COLUMN done_by INTEGER;"
    /* the criteria file of docs/rules.md, as uploaded (checked by the engine) */
    "CREATE TABLE institution_criteria ("
    " institution_id INTEGER PRIMARY KEY REFERENCES institutions(id),"
    " text TEXT NOT NULL,"
    " uploaded_at TEXT NOT NULL,"
    " uploaded_by INTEGER NOT NULL"
    ");"
    /* the municipality's steps (duty order § 10 aware/contact/offer, § 8,
     * stk. 4 consequences, § 7 exemption, § 9 decision) */
    "CREATE TABLE duty_steps ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " municipality TEXT NOT NULL," /* the caseworker's municipality */
    " step_on TEXT NOT NULL,"
    " kind TEXT NOT NULL," /* aware, contact, offer, consequences, exemption, decision */
    " note TEXT,"
    " exempt_reason TEXT," /* exemption: illness, disability, social, other */
    " exempt_until TEXT,"
    " guardians_involved INTEGER,"
    " duty_met INTEGER," /* decision */
    " efforts_made INTEGER,"
    " alternatives_discussed INTEGER,"
    " created_at TEXT NOT NULL,"
    " created_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX duty_steps_person ON duty_steps(person_id);"
    "CREATE INDEX duty_steps_municipality ON duty_steps(municipality);"
    /* STU facts of a person: the `stu` object of the rules engine's case
     * form (docs/rules.md) as JSON, checked by the engine's parser */
    "CREATE TABLE stu_cases ("
    " person_id INTEGER PRIMARY KEY REFERENCES persons(id),"
    " municipality TEXT NOT NULL,"
    " facts TEXT NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " updated_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX stu_cases_municipality ON stu_cases(municipality);";

/* Version 3: the FGU course facts of an FGU enrolment (the draft FGU order,
 * FGU-bekendtgørelsen, udkast af 11. marts 2019: teaching weeks § 3,
 * combination courses § 5, practice agreements § 6 and Bilag 1, exam draws
 * § 8, stk. 6, the competence certificate §§ 10-11, sanctions § 15 and
 * Bilag 2, own payments § 20, complaints § 21): the `fgu` object of an
 * enrolment in the rules engine's case form (docs/rules.md) as JSON, checked
 * by the engine's parser. One row per pupil spell at an institution of kind
 * fgu; person and institution are kept for scope checks and lists. */
static const char migration_3[] = "CREATE TABLE fgu_facts ("
                                  " enrolment_id INTEGER PRIMARY KEY REFERENCES enrolments(id),"
                                  " person_id INTEGER NOT NULL REFERENCES persons(id),"
                                  " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
                                  " facts TEXT NOT NULL,"
                                  " updated_at TEXT NOT NULL,"
                                  " updated_by INTEGER NOT NULL"
                                  ");"
                                  "CREATE INDEX fgu_facts_person ON fgu_facts(person_id);";

/* Version 4: a covering index for the pupils of a lesson on its date (the
 * validation of every registration, db_lesson_pupils): the members of a
 * group with their spell's dates in the index itself, so the query reads no
 * table rows (docs/bench.md: 75,000 -> 38,000 instructions a registration
 * under callgrind). */
static const char migration_4[] = "CREATE INDEX group_members_spell ON group_members(group_id, "
                                  "start_date, end_date, person_id);";
/* Version 5: the facts the rules engine reads that versions 2-4 did not store
 * (docs/server.md, "The case built for the rules engine"): participation
 * events (vejledningsbekendtgørelsen § 36: active participation, the
 * criteria's `events` measures), an enrolment's interruption (VBK § 32,
 * nr. 3) and the pupil's announcement of leaving (§ 31; the guide's section
 * 1.2), and the employment and §§ 5-6 activities of the 15-17 duty order
 * (bekendtgørelse om pligt til uddannelse, beskæftigelse eller anden
 * aktivitet §§ 4-6). */
static const char migration_5[] =
    "CREATE TABLE participation_events ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES persons(id),"
    " institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    " event_on TEXT NOT NULL,"
    " kind TEXT NOT NULL," /* missing_hand_in, missing_participation, conduct, other */
    " note TEXT,"
    " created_at TEXT NOT NULL,"
    " created_by INTEGER NOT NULL"
    ");"
    "CREATE INDEX participation_events_person ON participation_events(person_id);"
    "CREATE INDEX participation_events_institution ON participation_events(institution_id, "
    "event_on);"
    /* the case form's enrolments[].interruption and .announcement */
    "ALTER TABLE enrolments ADD COLUMN interrupted_on TEXT;"
    "ALTER TABLE enrolments ADD COLUMN interruption_reason TEXT;" /* the engine's leave reasons */
    "ALTER TABLE enrolments ADD COLUMN interruption_note TEXT;"
    "ALTER TABLE enrolments ADD COLUMN announced_on TEXT;"
    "ALTER TABLE enrolments ADD COLUMN announced_kind TEXT;"
    /* the case form's `employment` and `activities` of a person, as JSON
     * arrays checked by the engine's parser (like stu_cases) */
    "CREATE TABLE duty_facts ("
    " person_id INTEGER PRIMARY KEY REFERENCES persons(id),"
    " municipality TEXT NOT NULL,"
    " employment TEXT NOT NULL,"
    " activities TEXT NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " updated_by INTEGER NOT NULL"
    ");";

const db_migration db_migrations[] = {
    {1, "case-handling store: people, institutions, schedule, attendance, users, audit, cases",
     migration_1},
    {2,
     "rules engine: completed education, planned ends, guardians told, criteria, duty steps, STU",
     migration_2},
    {3, "FGU course facts of an enrolment", migration_3},
    {4, "an index for the pupils of a lesson on its date", migration_4},
    {5,
     "rules engine: participation events, interruptions and announcements, employment and "
     "activities",
     migration_5},
};
const size_t db_nmigrations = sizeof db_migrations / sizeof db_migrations[0];
