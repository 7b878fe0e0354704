/* index_meta.c: reads or sets one metadata entry of an index. Setting one ("rx:stemmer"
 * "porter") leaves it as an older or other build would have, so tests can check what rxindex
 * and rxsearch make of it; reading one ("rx:spelling") lets them compare two indexes. */
#include "rx_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    rx_xdb *db = NULL;
    rx_error err = {0};
    if (argc != 3 && argc != 4) {
        fputs("usage: index_meta INDEX KEY [VALUE]   (no VALUE: write the value to stdout)\n",
              stderr);
        return 2;
    }
    int rc = rx_xdb_open(&db, argv[1], &err);
    if (rc == RX_OK && argc == 4) {
        rc = rx_xdb_set_metadata(db, argv[2], argv[3], strlen(argv[3]), &err);
        if (rc == RX_OK)
            rc = rx_xdb_commit(db, &err);
    } else if (rc == RX_OK) {
        char *value = NULL;
        size_t len = 0;
        rc = rx_xdb_get_metadata(db, argv[2], &value, &len, &err);
        if (rc == RX_OK && fwrite(value, 1, len, stdout) != len)
            rc = RX_EIO;
        free(value);
    }
    rx_xdb_free(db);
    if (rc != RX_OK)
        fprintf(stderr, "index_meta: %s: %s\n", argv[1], err.msg);
    return rc == RX_OK ? 0 : 1;
}
