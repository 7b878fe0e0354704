/* set_meta.c: sets one metadata entry of an index ("rx:stemmer" "porter"), as an older or
 * other build would have left it, so tests can check what rxindex and rxsearch make of it. */
#include "rx_xapian.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    rx_xdb *db = NULL;
    rx_error err = {0};
    if (argc != 4) {
        fputs("usage: set_meta INDEX KEY VALUE\n", stderr);
        return 2;
    }
    int rc = rx_xdb_open(&db, argv[1], &err);
    if (rc == RX_OK)
        rc = rx_xdb_set_metadata(db, argv[2], argv[3], strlen(argv[3]), &err);
    if (rc == RX_OK)
        rc = rx_xdb_commit(db, &err);
    rx_xdb_free(db);
    if (rc != RX_OK)
        fprintf(stderr, "set_meta: %s: %s\n", argv[1], err.msg);
    return rc == RX_OK ? 0 : 1;
}
