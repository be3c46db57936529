/**
 * The {@code poros} command line and the composition root: each command is one class, and {@link
 * dev.poros.cli.Wiring} builds every stage by hand from the global options.
 */
package dev.poros.cli;
