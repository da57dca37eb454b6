/* log: one line per event on stderr, with UTC time and level. Thread-safe (one write(2) per
 * line). Never pass personal data: log ids and error names. */
#ifndef RATHAUS_UTIL_LOG_H
#define RATHAUS_UTIL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silence info lines (tests, quiet commands). Call at startup only. */
void log_set_quiet(int quiet);

#endif
