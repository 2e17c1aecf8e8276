/* writer.c - group commit: one writer thread owns the one write connection.
 *
 * Request handlers queue their writes and wait (or get called back). The
 * writer takes everything queued (up to max_batch), opens one transaction,
 * runs each write inside its own SAVEPOINT (a failing write rolls back to its
 * savepoint and the others go on), commits once with synchronous=FULL, and
 * only then reports every write of the batch as done. So each write is
 * atomic on its own, nothing is acknowledged before it is durable, and one
 * fsync serves the whole batch: the more clients write at once, the larger
 * the batches and the cheaper each write. */
#include "db_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db_writer {
    db *d;
    db_writer_opts o;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    db_write *head, *tail;
    bool stopping;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_batch(db_writer *wr, db_write *batch, size_t n)
{
    double t0 = now_s();
    ungdb_error err;
    ungdb_error_clear(&err);
    ungdb_rc rc = db_begin(wr->d, &err);
    if (!rc) {
        for (db_write *w = batch; w; w = w->next) {
            ungdb_error_clear(&w->err);
            w->rc = db_savepoint(wr->d, &w->err);
            if (w->rc) continue;
            w->rc = w->fn(wr->d, w->arg, &w->err);
            if (w->rc)
                db_rollback_to(wr->d);
            else if ((w->rc = db_release(wr->d, &w->err)))
                db_rollback_to(wr->d);
        }
        rc = db_commit(wr->d, &err);
        if (rc) db_rollback(wr->d);
    }
    if (rc) {
        /* The transaction did not commit: nothing of the batch is stored. */
        for (db_write *w = batch; w; w = w->next)
            if (!w->rc) {
                w->rc = rc;
                w->err = err;
            }
    }
    if (wr->o.on_batch) wr->o.on_batch(wr->o.ctx, n, now_s() - t0);
    db_write *w = batch;
    while (w) {
        db_write *next = w->next; /* done() may free w */
        w->next = NULL;
        w->done(w);
        w = next;
    }
}

static void *writer_main(void *arg)
{
    db_writer *wr = arg;
    for (;;) {
        pthread_mutex_lock(&wr->mu);
        while (!wr->head && !wr->stopping)
            pthread_cond_wait(&wr->cv, &wr->mu);
        if (!wr->head) { /* stopping and drained */
            pthread_mutex_unlock(&wr->mu);
            return NULL;
        }
        db_write *batch = wr->head, *last = batch;
        size_t n = 1;
        while (last->next && n < wr->o.max_batch) {
            last = last->next;
            n++;
        }
        wr->head = last->next;
        if (!wr->head) wr->tail = NULL;
        last->next = NULL;
        pthread_mutex_unlock(&wr->mu);
        run_batch(wr, batch, n);
    }
}

ungdb_rc db_writer_start(db_writer **out, const char *path, const db_writer_opts *o,
                         ungdb_error *err)
{
    *out = NULL;
    db_writer *wr = calloc(1, sizeof *wr);
    if (!wr) return UNGDB_ENOMEM;
    if (o) wr->o = *o;
    if (!wr->o.max_batch) wr->o.max_batch = 4096;
    ungdb_rc rc = db_open(&wr->d, path, false, err);
    if (rc) {
        free(wr);
        return rc;
    }
    pthread_mutex_init(&wr->mu, NULL);
    pthread_cond_init(&wr->cv, NULL);
    if (pthread_create(&wr->thread, NULL, writer_main, wr)) {
        db_close(wr->d);
        free(wr);
        return ungdb_error_set(err, UNGDB_EIO, "", 0, "", "cannot start the writer thread");
    }
    *out = wr;
    return UNGDB_OK;
}

void db_writer_submit(db_writer *wr, db_write *w)
{
    w->next = NULL;
    pthread_mutex_lock(&wr->mu);
    if (wr->tail)
        wr->tail->next = w;
    else
        wr->head = w;
    wr->tail = w;
    pthread_cond_signal(&wr->cv);
    pthread_mutex_unlock(&wr->mu);
}

typedef struct sync_wait {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
} sync_wait;

static void sync_done(db_write *w)
{
    sync_wait *s = w->ctx;
    pthread_mutex_lock(&s->mu);
    s->done = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

ungdb_rc db_writer_run(db_writer *wr, db_write_fn fn, void *arg, ungdb_error *err)
{
    sync_wait s = {.done = false};
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    db_write w = {.fn = fn, .arg = arg, .done = sync_done, .ctx = &s};
    db_writer_submit(wr, &w);
    pthread_mutex_lock(&s.mu);
    while (!s.done)
        pthread_cond_wait(&s.cv, &s.mu);
    pthread_mutex_unlock(&s.mu);
    pthread_mutex_destroy(&s.mu);
    pthread_cond_destroy(&s.cv);
    if (err) *err = w.err;
    return w.rc;
}

void db_writer_stop(db_writer *wr)
{
    if (!wr) return;
    pthread_mutex_lock(&wr->mu);
    wr->stopping = true;
    pthread_cond_signal(&wr->cv);
    pthread_mutex_unlock(&wr->mu);
    pthread_join(wr->thread, NULL);
    pthread_mutex_destroy(&wr->mu);
    pthread_cond_destroy(&wr->cv);
    db_close(wr->d);
    free(wr);
}
