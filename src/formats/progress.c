#include "formats/progress.h"

#include <stdio.h>

#define BAR_WIDTH 30

void
progress_init(struct progress *p, bool is_enabled)
{
    if (!p)
        return;
    *p = (struct progress){.is_enabled = is_enabled};
}

static void
draw(struct progress *p)
{
    char bar[BAR_WIDTH + 1];
    size_t fill = p->total ? p->done * BAR_WIDTH / p->total : BAR_WIDTH;

    if (fill > BAR_WIDTH)
        fill = BAR_WIDTH;
    for (size_t i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r%-16s [%s] %6zu/%zu", p->label ? p->label : "", bar, p->done, p->total);
    fflush(stderr);
    p->drawn = p->done;
}

void
progress_start(struct progress *p, const char *label, size_t total)
{
    if (!p)
        return;
    progress_end(p);
    p->label = label;
    p->total = total;
    p->done = 0;
    p->is_active = true;
    if (p->is_enabled)
        draw(p);
}

void
progress_step(struct progress *p, size_t n)
{
    if (!p || !p->is_active)
        return;
    p->done += n;
    if (p->done > p->total)
        p->done = p->total;
    /* redraw after 1/200 of the way or at the end */
    if (p->is_enabled && (p->done == p->total || (p->done - p->drawn) * 200 >= p->total))
        draw(p);
}

void
progress_end(struct progress *p)
{
    if (!p || !p->is_active)
        return;
    if (p->is_enabled) {
        if (p->drawn != p->done)
            draw(p);
        fputc('\n', stderr);
        fflush(stderr);
    }
    p->is_active = false;
}
