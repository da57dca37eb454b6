#include "err.h"

const char *
err_name(int e)
{
    switch (e) {
    case ERR_OK:
        return "ok";
    case ERR_NOMEM:
        return "out of memory";
    case ERR_INVALID:
        return "invalid input";
    case ERR_NOTFOUND:
        return "not found";
    case ERR_FORBIDDEN:
        return "forbidden";
    case ERR_UNAUTHORIZED:
        return "unauthorized";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_LIMIT:
        return "limit reached";
    case ERR_IO:
        return "i/o error";
    case ERR_DB:
        return "database error";
    case ERR_BUSY:
        return "busy";
    case ERR_SCHEMA:
        return "schema too new";
    }
    return "unknown error";
}
