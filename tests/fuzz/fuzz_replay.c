/*
 * fuzz_replay.c: a main() for one fuzz target without libFuzzer (after libgit2's
 * standalone_driver.c and libvips's StandaloneFuzzTargetMain.c). Runs the target over
 * every file named on the command line, and every regular file in every directory named,
 * in name order, so the saved corpus (crash inputs included) replays under meson test.
 * Each input runs in a child process, so one crash does not hide the inputs after it: the
 * run fails if any child fails, and each failure is named with its signal or status.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Defined by the targets that need setup; NULL in the others. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fprintf(stderr, "%s: out of memory\n", path);
            fclose(f);
            return -1;
        }
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        unsigned char *nb = realloc(buf, cap * 2);
        if (!nb)
            free(buf);
        buf = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        return -1;
    }
    /* An exactly sized copy, as libFuzzer passes it, so overreads are caught. */
    unsigned char *data = malloc(len ? len : 1);
    if (!data) {
        free(buf);
        return -1;
    }
    if (len)
        memcpy(data, buf, len);
    free(buf);
    printf("%s (%zu bytes)\n", path, len);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", path, strerror(errno));
        free(data);
        return -1;
    }
    if (pid == 0) {
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        exit(0); /* through exit(), so LeakSanitizer checks this input */
    }
    free(data);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "%s: waitpid: %s\n", path, strerror(errno));
            return -1;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFSIGNALED(status))
        printf("FAILED: %s: killed by signal %d (%s)\n", path, WTERMSIG(status),
               strsignal(WTERMSIG(status)));
    else
        printf("FAILED: %s: exit status %d\n", path, WEXITSTATUS(status));
    fflush(stdout);
    return -1;
}

static int only_files(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    unsigned ran = 0, failed = 0;
    for (int a = 1; a < argc; a++) {
        struct stat st;
        if (stat(argv[a], &st) != 0) {
            fprintf(stderr, "%s: %s\n", argv[a], strerror(errno));
            failed++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed += run_file(argv[a]) != 0;
            ran++;
            continue;
        }
        struct dirent **names = NULL;
        int n = scandir(argv[a], &names, only_files, alphasort);
        if (n < 0) {
            fprintf(stderr, "%s: %s\n", argv[a], strerror(errno));
            failed++;
            continue;
        }
        for (int i = 0; i < n; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[a], names[i]->d_name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                failed += run_file(path) != 0;
                ran++;
            }
            free(names[i]);
        }
        free(names);
    }
    printf("replayed %u inputs, %u failed\n", ran, failed);
    if (ran == 0) {
        fprintf(stderr, "no inputs found: is the corpus directory right?\n");
        return 1;
    }
    return failed ? 1 : 0;
}
