#include <stdio.h>
int cmd_report(int argc, char **argv);
int cmd_report(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "regionbench report: not built yet\n"); return 2; }
