/* err: the error values every fallible function in rathaus returns.
 *
 * A fallible function returns int holding an enum err; results go through out-parameters that
 * are set only on success. RH_MUST_CHECK makes the compiler insist the value is looked at. */
#ifndef RATHAUS_UTIL_ERR_H
#define RATHAUS_UTIL_ERR_H

enum err {
    ERR_OK = 0,
    ERR_NOMEM,        /* an allocation failed */
    ERR_INVALID,      /* bad input from outside */
    ERR_NOTFOUND,     /* no such object (or not visible to the caller) */
    ERR_FORBIDDEN,    /* visible, but the caller may not do this */
    ERR_UNAUTHORIZED, /* no valid credentials */
    ERR_CONFLICT,     /* state does not allow it (duplicate, stale) */
    ERR_LIMIT,        /* a size or count limit was reached */
    ERR_IO,           /* file or socket I/O failed */
    ERR_DB,           /* the database failed */
    ERR_BUSY,         /* try again (lock, serialization failure) */
    ERR_SCHEMA,       /* database schema newer than this binary */
};

#define RH_MUST_CHECK __attribute__((warn_unused_result))
/* GCC ignores (void) casts on warn_unused_result; this is the sanctioned way to drop one. */
#define RH_IGNORE(x)                                                                               \
    do {                                                                                           \
        if (x) {                                                                                   \
        }                                                                                          \
    } while (0)

/* A short English name of `e` for logs; never NULL, cannot fail. */
const char *err_name(int e);

#endif
