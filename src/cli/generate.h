/* cli/generate: `rathaus generate` — benchmark data at Baden-Württemberg scale
 * (bench_data/generate.h). Never part of `make run`: the demo data stays small. */
#ifndef RATHAUS_CLI_GENERATE_H
#define RATHAUS_CLI_GENERATE_H

/* argv[0] is "generate". Returns the exit status (0, 1 failure, 2 usage). */
int cmd_generate(int argc, char **argv);

#endif
