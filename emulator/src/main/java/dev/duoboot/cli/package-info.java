/**
 * The {@code duoboot} command line (picocli): each command reads its options into the same types
 * the API uses (scenario options through the {@code ScenarioBuilder}), runs the pipeline or a tool,
 * and prints through {@code report}. Exit codes: 0 as expected, 1 not, 2 bad input, 3 emulation
 * error, 70 internal error.
 */
package dev.duoboot.cli;
