/* amt/archiv: the Amt pages of the file plan (/amt/aktenplan: tree with the number of files,
 * CSV import, editing single entries — admins edit, clerks read), the Aussonderung
 * (/amt/aussonderung: due files, hand-over zip, receipt, deletion — office admins) and the
 * audit log (/amt/protokoll: the authority's chain, paged, with its verification — office
 * admins). The file page links the file export through the partial
 * templates/amt/archiv_akte_export.html (needs the file's "id"). */
#ifndef RATHAUS_AMT_ARCHIV_H
#define RATHAUS_AMT_ARCHIV_H

#include "http/router.h"

extern const struct route archiv_amt_routes[];

int amt_aktenplan(struct http_req *r, struct http_resp *w);
int amt_aktenplan_import(struct http_req *r, struct http_resp *w);
int amt_aktenplan_aendern(struct http_req *r, struct http_resp *w);
int amt_aussonderung(struct http_req *r, struct http_resp *w);
int amt_aussonderung_export(struct http_req *r, struct http_resp *w);
int amt_aussonderung_loeschen(struct http_req *r, struct http_resp *w);
int amt_aussonderung_quittung(struct http_req *r, struct http_resp *w);
int amt_protokoll(struct http_req *r, struct http_resp *w);

#endif
