/* commands.h - the subcommands of the regionbench binary. */
#ifndef REGIONBENCH_SRC_COMMANDS_H
#define REGIONBENCH_SRC_COMMANDS_H

int cmd_bench(int argc, char **argv);
int cmd_stress(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_history(int argc, char **argv);

#endif
