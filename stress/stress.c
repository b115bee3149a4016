#include <stdio.h>
int cmd_stress(int argc, char **argv);
int cmd_stress(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "regionbench stress: not built yet\n"); return 2; }
