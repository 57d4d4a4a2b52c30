import { EXAMPLE_CONFIG } from "../config/example.ts";

export const CONFIG_HELP = `Usage: replayd config <command>

Commands:
  example    print an example config.toml: every setting, its default and the environment variable
             that overrides it (replayd config example > config.toml)
`;

/**
 * `replayd config example` prints the example configuration (embedded in the executable). Exit codes as
 * the CLI's: 0, or 2 for a wrong command line (the usage then goes to standard error).
 */
export function runConfigCommand(
  argv: string[],
  io: { out: (text: string) => void; err: (text: string) => void },
): number {
  const [sub] = argv;
  if (sub === "example") {
    io.out(EXAMPLE_CONFIG);
    return 0;
  }
  if (sub === "help" || sub === "--help" || sub === "-h") {
    io.out(CONFIG_HELP);
    return 0;
  }
  io.err(
    sub === undefined
      ? CONFIG_HELP
      : `replayd: config: unknown command "${sub}"; run replayd config --help\n`,
  );
  return 2;
}
