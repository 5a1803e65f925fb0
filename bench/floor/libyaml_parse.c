/* The one-core floor: libyaml's event parser over every file named in argv, or one name per line on
 * stdin. Prints the files and events seen, and how many files are not valid YAML. Build:
 *   cc -O2 -o libyaml_parse libyaml_parse.c -lyaml */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

static long files, events, broken;

static void parse(const char *name) {
    FILE *f = fopen(name, "rb");
    if (!f) { perror(name); broken++; return; }
    yaml_parser_t parser; yaml_event_t event; int done = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) { broken++; break; }
        done = event.type == YAML_STREAM_END_EVENT;
        events++;
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    files++;
}

int main(int argc, char **argv) {
    char line[4096];
    for (int i = 1; i < argc; i++) parse(argv[i]);
    if (argc == 1)
        while (fgets(line, sizeof line, stdin)) { line[strcspn(line, "\n")] = 0; if (*line) parse(line); }
    printf("%ld files, %ld events, %ld not valid YAML\n", files, events, broken);
    return 0;
}
