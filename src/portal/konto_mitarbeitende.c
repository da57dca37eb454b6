/* portal/konto_mitarbeitende: the staff of an authority — list, invite, remove (see
 * portal/konto.h). */

#include <jansson.h>

#include "domain/konto.h"
#include "domain/mitarbeitende.h"
#include "portal/konto_intern.h"

/* ---- staff of an authority ------------------------------------------------------------ */

static int
mitarbeitende_seite(struct http_req *r, struct http_resp *w, struct seite *s, int64_t bid,
                    const struct feld_fehler *f, const char *hinweis, int status)
{
    struct mitarbeiter *m;
    size_t n;
    int rc = mitarbeitende_liste(s->c, r->arena, &s->auth.actor, bid, &m, &n);
    if (rc != ERR_OK)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "konto_id", (json_int_t)m[i].konto_id,
                              "email", m[i].email, "status", m[i].status, "rollen",
                              konto_rollen_json(m[i].rollen, m[i].n_rollen));
        if (!o || json_array_append_new(arr, o) != 0)
            break;
    }
    json_t *d = konto_seite_mit(konto_seite_form_data(f, NULL), "mitarbeitende", arr);
    d = konto_seite_mit(d, "behoerde_id", json_integer(bid));
    d = konto_seite_mit(d, "email_autocomplete", json_string("off"));
    if (hinweis)
        d = konto_seite_mit(d, "hinweis", json_string(hinweis));
    return konto_seite_zeigen(r, w, s, "konto/mitarbeitende", "Mitarbeitende", d, status);
}

static int
mitarbeitende_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int64_t bid;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &bid) != ERR_OK)
        return konto_seite_verweigert(r, w, s, ERR_NOTFOUND);
    int rc = mitarbeitende_seite(r, w, s, bid, NULL, NULL, 200);
    return rc == ERR_OK ? ERR_OK : konto_seite_verweigert(r, w, s, rc);
}

int
portal_konto_mitarbeitende(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ANGEMELDET, mitarbeitende_get);
}

static int
mitarbeitende_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int64_t bid, oe = 0, kid;
    int rc;
    const char *oe_text = konto_seite_feld(s, "oe_id");
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &bid) != ERR_OK) {
        rc = ERR_NOTFOUND;
    } else if (oe_text && *oe_text &&
               str_to_int64(str_from(oe_text), 1, INT64_MAX, &oe) != ERR_OK) {
        f = (struct feld_fehler){"oe_id", "Die Organisationseinheit ist eine Nummer."};
        rc = ERR_INVALID;
    } else {
        rc = mitarbeitende_einladen(s->c, r->arena, &s->u, &s->auth.actor, bid,
                                    konto_seite_feld(s, "email"), konto_seite_feld(s, "rolle"), oe,
                                    &kid, &f);
    }
    if (rc == ERR_INVALID)
        rc = mitarbeitende_seite(r, w, s, bid, &f, NULL, 400);
    else if (rc == ERR_OK)
        rc = mitarbeitende_seite(r, w, s, bid, NULL, "Die Einladung wurde verschickt.", 200);
    if (rc != ERR_OK)
        rc = konto_seite_verweigert(r, w, s, rc);
    return rc;
}

int
portal_konto_mitarbeitende_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ANGEMELDET, mitarbeitende_post);
}

static int
mitarbeitende_entfernen_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int64_t bid, kid;
    int rc;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &bid) != ERR_OK ||
        str_to_int64(str_from(http_param(r, "konto_id")), 1, INT64_MAX, &kid) != ERR_OK)
        rc = ERR_NOTFOUND;
    else
        rc = mitarbeitende_entfernen(s->c, &s->u, &s->auth.actor, bid, kid);
    if (rc == ERR_OK)
        rc = mitarbeitende_seite(r, w, s, bid, NULL, "Die Person wurde entfernt.", 200);
    if (rc != ERR_OK)
        rc = konto_seite_verweigert(r, w, s, rc);
    return rc;
}

int
portal_konto_mitarbeitende_entfernen_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ANGEMELDET, mitarbeitende_entfernen_post);
}
