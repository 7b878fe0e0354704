/* hold_lock.c: holds an index's write lock until stdin closes, so tests can check what a
 * second indexer is told. Prints "locked" once it holds it. */
#include "rx_xapian.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    rx_xdb *db = NULL;
    rx_error err = {0};
    if (argc != 2 || rx_xdb_open(&db, argv[1], &err) != RX_OK) {
        fprintf(stderr, "hold_lock: %s\n", argc == 2 ? err.msg : "usage: hold_lock INDEX");
        return 2;
    }
    puts("locked");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    rx_xdb_free(db);
    return 0;
}
